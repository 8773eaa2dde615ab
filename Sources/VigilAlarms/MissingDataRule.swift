/// The per-evaluation decision: from the classified evaluation range to OK / ALARM / INSUFFICIENT_DATA
/// or "retain the current state". A reconstruction that reproduces every row of the user guide's two
/// missing-data tables (3 of 3 and 2 of 3, all four treatments) and its "avoiding premature transitions
/// to alarm state" rule; see /work/shared/research/alarms.md §1.9–1.11 and
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
public enum MissingDataRule {
  /// What one evaluation concluded, with what it looked at (for state reasons).
  public struct Decision: Equatable, Sendable {
    /// The new state, or nil for "retain the current state" (`ignore`).
    public var state: AlarmState?
    /// Indices (into the range, oldest first) of the real datapoints that were evaluated.
    public var evaluated: [Int]
    /// How many missing slots were filled, and as what (`breaching`/`notBreaching` only).
    public var filled: Int
    public var fillClass: DatapointClass?
    /// Breaching datapoints among those evaluated, counting filled ones.
    public var breachingCount: Int
  }

  /// Evaluates the range `window` (oldest → newest; its length is the evaluation range R ≥ N).
  public static func decide(
    _ window: [DatapointClass], evaluationPeriods n: Int, datapointsToAlarm m: Int, treatment: TreatMissingData
  ) -> Decision {
    let real = window.indices.filter { window[$0] != .missing }
    if real.isEmpty {
      switch treatment {
      case .missing: return Decision(state: .insufficientData, evaluated: [], filled: 0, fillClass: nil, breachingCount: 0)
      case .ignore: return Decision(state: nil, evaluated: [], filled: 0, fillClass: nil, breachingCount: 0)
      case .breaching: return Decision(state: .alarm, evaluated: [], filled: n, fillClass: .breaching, breachingCount: n)
      case .notBreaching: return Decision(state: .ok, evaluated: [], filled: n, fillClass: .notBreaching, breachingCount: 0)
      }
    }
    if real.count >= n {
      // No gaps: the newest N slots. Gaps but enough real points: the newest N real points; the
      // treatment "is not needed and is ignored".
      let points = Array(real.suffix(n))
      let b = points.filter { window[$0] == .breaching }.count
      return Decision(state: b >= m ? .alarm : .ok, evaluated: points, filled: 0, fillClass: nil, breachingCount: b)
    }
    // Fewer real points than N: all real points plus (N - real) filled slots.
    let fill = n - real.count
    let b = real.filter { window[$0] == .breaching }.count
    switch treatment {
    case .breaching:
      return Decision(state: b + fill >= m ? .alarm : .ok, evaluated: real, filled: fill, fillClass: .breaching, breachingCount: b + fill)
    case .notBreaching:
      return Decision(state: b >= m ? .alarm : .ok, evaluated: real, filled: fill, fillClass: .notBreaching, breachingCount: b)
    case .missing, .ignore:
      if b >= m { return Decision(state: .alarm, evaluated: real, filled: 0, fillClass: nil, breachingCount: b) }
      if real.contains(where: { window[$0] == .notBreaching }) {
        return Decision(state: .ok, evaluated: real, filled: 0, fillClass: nil, breachingCount: b)
      }
      // Every real point breaches but fewer than M: ALARM once the oldest breaching point is at least
      // M datapoints old ("avoiding premature transitions"), otherwise wait.
      let age = window.count - real[0]
      if age >= m {
        return Decision(state: treatment == .missing ? .alarm : nil, evaluated: real, filled: 0, fillClass: nil, breachingCount: b)
      }
      return Decision(state: treatment == .missing ? .insufficientData : nil, evaluated: real, filled: 0, fillClass: nil, breachingCount: b)
    }
  }

  /// The same decision as `decide`, state only, without allocating (the per-minute hot path).
  /// Returns `.some(nil)` for "retain".
  @inline(__always)
  public static func decideState(
    _ window: UnsafeBufferPointer<DatapointClass>, evaluationPeriods n: Int, datapointsToAlarm m: Int, treatment: TreatMissingData
  ) -> AlarmState? {
    var realCount = 0, breaching = 0, anyGood = false, oldestReal = -1
    for i in 0..<window.count where window[i] != .missing {
      realCount += 1
      if oldestReal < 0 { oldestReal = i }
      if window[i] == .breaching { breaching += 1 } else { anyGood = true }
    }
    if realCount == 0 {
      switch treatment {
      case .missing: return .insufficientData
      case .ignore: return nil
      case .breaching: return .alarm
      case .notBreaching: return .ok
      }
    }
    if realCount >= n {
      var taken = 0, b = 0, i = window.count - 1
      while taken < n {
        if window[i] != .missing {
          taken += 1
          if window[i] == .breaching { b += 1 }
        }
        i -= 1
      }
      return b >= m ? .alarm : .ok
    }
    switch treatment {
    case .breaching: return breaching + (n - realCount) >= m ? .alarm : .ok
    case .notBreaching: return breaching >= m ? .alarm : .ok
    case .missing, .ignore:
      if breaching >= m { return .alarm }
      if anyGood { return .ok }
      if window.count - oldestReal >= m { return treatment == .missing ? .alarm : nil }
      return treatment == .missing ? .insufficientData : nil
    }
  }

  /// The evaluation range R used when none is given: N + max(⌊N/3⌋, 2). AWS does not document R
  /// (only N = 3 ⇒ R = 5 is published); this is LocalStack's heuristic, which matches that one point.
  public static func defaultEvaluationRange(evaluationPeriods n: Int) -> Int { n + max(n / 3, 2) }
}
