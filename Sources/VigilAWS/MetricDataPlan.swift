import VigilCore
import VigilMetrics

/// One GetMetricData call: a time window (epoch milliseconds, start inclusive, end exclusive) and the indices of
/// the requests it carries.
public struct MetricDataCall: Equatable, Sendable {
  public var start: EpochMillis
  public var end: EpochMillis
  public var requests: [Int]

  public init(start: EpochMillis, end: EpochMillis, requests: [Int]) {
    self.start = start
    self.end = end
    self.requests = requests
  }
}

/// Splits requests into GetMetricData calls within the API's limits: at most 500 queries and 100,800 datapoints
/// per call. A request whose range alone holds more datapoints is split into consecutive time windows; requests
/// sharing a window are packed into as few calls as the limits allow.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
public enum MetricDataPlan {
  public static let maximumQueriesPerCall = 500
  public static let maximumDatapointsPerCall = 100_800

  /// The windows of one request: `from` rounded down and `until` rounded up to the request's period (CloudWatch
  /// answers fastest for aligned times, and periods then start where the alarm evaluator expects them).
  public static func windows(period: Int, from: EpochMillis, until: EpochMillis) -> [(EpochMillis, EpochMillis)] {
    let step = EpochMillis(max(1, period)) * 1000
    let start = floorDiv(from, step) * step
    let end = max(start + step, -floorDiv(-until, step) * step)
    let span = EpochMillis(maximumDatapointsPerCall) * step
    var windows: [(EpochMillis, EpochMillis)] = []
    var t = start
    while t < end {
      windows.append((t, min(end, t + span)))
      t += span
    }
    return windows
  }

  /// The offsets at which a request is pulled, in milliseconds before its aligned window: one per evaluation step
  /// within the period (a minute for periods of a minute or more, 10 s below), so 0 alone when the period is one
  /// step or less, and 0, 60 s, …, 240 s for a 5-minute period.
  ///
  /// CloudWatch evaluates an alarm every step over the period ending then, so a replay needs the statistic of the
  /// window starting at every step. GetMetricData returns one datapoint per period counted from StartTime, so each
  /// offset of the window start is one more call with StartTime moved back a step; the replay then reads the value
  /// CloudWatch computed for every window, never an approximation (`MetricAlarmEvaluator.grid` refuses a series
  /// that lacks an offset).
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation
  public static func offsets(period: Int) -> [EpochMillis] {
    let step = period < 60 ? 10 : 60
    guard period > step, period % step == 0 else { return [0] }
    return (0..<period / step).map { EpochMillis($0 * step) * 1000 }
  }

  /// The calls that fetch every request over [from, until), at every one-minute offset of its period (`offsets`).
  public static func calls(for requests: [MetricStat], from: EpochMillis, until: EpochMillis) -> [MetricDataCall] {
    // Group (request, window) pairs by window, windows in order of first appearance.
    var groups: [(start: EpochMillis, end: EpochMillis, items: [(index: Int, points: Int)])] = []
    let all = requests.reduce(into: Set<EpochMillis>()) { $0.formUnion(offsets(period: $1.period)) }.sorted()
    for offset in all {
      for (index, request) in requests.enumerated() where offsets(period: request.period).contains(offset) {
        for (aligned, alignedEnd) in windows(period: request.period, from: from, until: until) {
          let (start, end) = (aligned - offset, alignedEnd - offset)
          let points = Int((end - start) / (EpochMillis(max(1, request.period)) * 1000))
          if let g = groups.firstIndex(where: { $0.start == start && $0.end == end }) {
            groups[g].items.append((index, points))
          } else {
            groups.append((start, end, [(index, points)]))
          }
        }
      }
    }
    var calls: [MetricDataCall] = []
    for group in groups {
      var current: [Int] = []
      var points = 0
      for item in group.items {
        if !current.isEmpty, current.count == maximumQueriesPerCall || points + item.points > maximumDatapointsPerCall {
          calls.append(MetricDataCall(start: group.start, end: group.end, requests: current))
          current = []
          points = 0
        }
        current.append(item.index)
        points += item.points
      }
      if !current.isEmpty { calls.append(MetricDataCall(start: group.start, end: group.end, requests: current)) }
    }
    return calls
  }

  private static func floorDiv(_ a: EpochMillis, _ b: EpochMillis) -> EpochMillis {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }
}
