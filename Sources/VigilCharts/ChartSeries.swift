import VigilCore

/// One sample of a chart series: a time and a value, or nil when the period had no data.
public struct ChartPoint: Equatable, Sendable {
  /// Start of the period the value belongs to.
  public var time: EpochMillis
  /// The value, or nil for "no data" (drawn as a gap, never as zero).
  public var value: Double?

  public init(time: EpochMillis, value: Double?) {
    self.time = time
    self.value = value
  }
}

/// A labelled time series to draw as one line of a chart.
public struct ChartSeries: Equatable, Sendable {
  /// Legend label, such as `p99 latency`.
  public var label: String
  /// Samples in time order; nil values break the line.
  public var points: [ChartPoint]
  /// Line colour as `#rrggbb`; nil picks the next colour of the palette.
  public var color: String?
  /// Unit shown next to the axis, such as `ms` or `Count`.
  public var unit: String?

  public init(label: String, points: [ChartPoint], color: String? = nil, unit: String? = nil) {
    self.label = label
    self.points = points
    self.color = color
    self.unit = unit
  }

  /// A series from `(time, value)` pairs.
  public init(label: String, values: [(EpochMillis, Double?)], color: String? = nil, unit: String? = nil) {
    self.init(label: label, points: values.map { ChartPoint(time: $0.0, value: $0.1) }, color: color, unit: unit)
  }

  /// The smallest and largest non-nil value, or nil when the series has no data.
  var valueRange: ClosedRange<Double>? {
    var low = Double.infinity
    var high = -Double.infinity
    for point in points {
      guard let value = point.value, value.isFinite else { continue }
      low = min(low, value)
      high = max(high, value)
    }
    return low <= high ? low...high : nil
  }
}

/// A horizontal line at an alarm threshold.
public struct ThresholdLine: Equatable, Sendable {
  public var value: Double
  /// Label such as `p99 > 800`.
  public var label: String

  public init(value: Double, label: String) {
    self.value = value
    self.label = label
  }
}

/// A time span during which an alarm was in ALARM, shaded on charts.
public struct AlarmSpan: Equatable, Sendable {
  public var from: EpochMillis
  /// End of the span (exclusive): the time the alarm left ALARM, or the end of the data.
  public var to: EpochMillis
  public var alarmName: String

  public init(from: EpochMillis, to: EpochMillis, alarmName: String) {
    self.from = from
    self.to = to
    self.alarmName = alarmName
  }
}

/// The history of one alarm's state, for an alarm status widget and its timeline strip.
public struct AlarmTimeline: Equatable, Sendable {
  /// The three CloudWatch alarm states.
  public enum State: String, Equatable, Sendable, CaseIterable {
    case ok = "OK"
    case alarm = "ALARM"
    case insufficientData = "INSUFFICIENT_DATA"
  }

  /// A state change: from `time` on, the alarm is in `state` until the next change.
  public struct Change: Equatable, Sendable {
    public var time: EpochMillis
    public var state: State

    public init(time: EpochMillis, state: State) {
      self.time = time
      self.state = state
    }
  }

  public var alarmName: String
  /// State changes in time order. Before the first change the state is INSUFFICIENT_DATA, as for a new alarm.
  public var changes: [Change]

  /// Changes are kept in time order (stable, so same-time changes keep their given order).
  public init(alarmName: String, changes: [Change]) {
    self.alarmName = alarmName
    self.changes = changes.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
  }

  /// The state after the last change.
  public var currentState: State { changes.last?.state ?? .insufficientData }

  /// The state at `time`.
  public func state(at time: EpochMillis) -> State {
    var state = State.insufficientData
    for change in changes {
      if change.time > time { break }
      state = change.state
    }
    return state
  }

  /// Consecutive periods of one state inside `window`, covering it without gaps.
  public func periods(in window: ClosedRange<EpochMillis>) -> [(from: EpochMillis, to: EpochMillis, state: State)] {
    var result: [(from: EpochMillis, to: EpochMillis, state: State)] = []
    var start = window.lowerBound
    var state = self.state(at: window.lowerBound)
    for change in changes where change.time > window.lowerBound && change.time < window.upperBound {
      if change.state == state { continue }
      result.append((start, change.time, state))
      start = change.time
      state = change.state
    }
    result.append((start, window.upperBound, state))
    return result
  }

  /// The ALARM periods inside `window`, as spans to shade on charts.
  public func alarmSpans(in window: ClosedRange<EpochMillis>) -> [AlarmSpan] {
    periods(in: window).filter { $0.state == .alarm }.map { AlarmSpan(from: $0.from, to: $0.to, alarmName: alarmName) }
  }
}
