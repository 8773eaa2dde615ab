import VigilCore

/// A composite alarm's action suppression: while the suppressor is in ALARM no actions run; after the
/// composite changes state it waits up to `wait` for the suppressor to go to ALARM; after the suppressor
/// leaves ALARM it keeps suppressing for `extension`. When a wait or extension period runs out, the
/// composite takes the actions of its **current** state.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html#Composite_Alarm_Suppression
///
/// Modelled exactly as the six worked examples there; one undocumented edge is decided here: actions
/// run at expiry only if the composite changed state since actions last ran (a pending change).
public struct ActionSuppression: Equatable, Sendable {
  public var wait: EpochMillis
  public var `extension`: EpochMillis
  /// "WaitPeriod", "ExtensionPeriod" or "Alarm" while something holds actions back.
  public private(set) var suppressedBy: String?
  private var timerEnds: EpochMillis?
  /// The state before the first change not yet acted on.
  private var pendingFrom: AlarmState?

  public init(wait: EpochMillis, extension: EpochMillis) {
    self.wait = wait
    self.extension = `extension`
  }

  /// The composite changed state at `t`.
  public mutating func compositeChanged(at t: EpochMillis, from old: AlarmState, suppressorInAlarm: Bool) {
    if pendingFrom == nil { pendingFrom = old }
    if suppressorInAlarm {
      suppressedBy = "Alarm"
      timerEnds = nil
    } else {
      // A new WaitPeriod replaces any running wait or extension period (examples 3 and 6).
      suppressedBy = "WaitPeriod"
      timerEnds = t + wait
    }
  }

  /// The suppressor went to ALARM: running periods are discarded (example 2).
  public mutating func suppressorEnteredAlarm() {
    suppressedBy = "Alarm"
    timerEnds = nil
  }

  /// The suppressor left ALARM at `t`: an ExtensionPeriod starts (example 5).
  public mutating func suppressorLeftAlarm(at t: EpochMillis) {
    suppressedBy = "ExtensionPeriod"
    timerEnds = t + `extension`
  }

  /// At `t`, ends a period that has run out; returns (state before the pending change, period) when
  /// the composite should now take the actions of its current state.
  public mutating func expire(at t: EpochMillis) -> (AlarmState, String)? {
    guard let ends = timerEnds, t >= ends, let by = suppressedBy else { return nil }
    timerEnds = nil
    suppressedBy = nil
    defer { pendingFrom = nil }
    return pendingFrom.map { ($0, by) }
  }
}
