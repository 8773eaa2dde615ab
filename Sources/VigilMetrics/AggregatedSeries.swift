import VigilCore

/// Datapoints CloudWatch already aggregated: one statistic over one period per timestamp, as GetMetricData and
/// GetMetricStatistics return them. Unlike a `MetricSeries` (samples and statistic sets, re-aggregated for any
/// statistic and period), these values answer only the statistic and period they were computed for: a p99 over
/// 5 minutes cannot be turned into a p99 over 10 minutes, nor into an average.
///
/// Each value stands for the window `[timestamp, timestamp + period)`
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataResult.html).
public struct AggregatedSeries: Sendable, Equatable {
  /// What a series is: one metric, unit, statistic and period.
  public struct Key: Hashable, Sendable {
    public var identity: MetricIdentity
    /// The unit the query asked for (or the datapoints carry); nil when the query named none, which CloudWatch
    /// answers with the metric's data in any unit.
    public var unit: String?
    public var statistic: Statistic
    /// Seconds.
    public var period: Int

    public init(identity: MetricIdentity, unit: String?, statistic: Statistic, period: Int) {
      self.identity = identity
      self.unit = unit
      self.statistic = statistic
      self.period = period
    }

    /// `Namespace Name{…} p99 per 300 s`, for messages.
    public var description: String {
      "\(identity) \(statistic) per \(period) s" + (unit.map { " (\($0))" } ?? "")
    }
  }

  public var key: Key
  /// Window start (epoch milliseconds) → the statistic's value over the window.
  public private(set) var values: [EpochMillis: Double] = [:]

  public init(key: Key) { self.key = key }

  /// Adds a datapoint; returns the value already held for `timestamp` when it differs (the caller reports it).
  public mutating func add(timestamp: EpochMillis, value: Double) -> Double? {
    if let existing = values[timestamp], existing.bitPattern != value.bitPattern { return existing }
    values[timestamp] = value
    return nil
  }

  /// The window starts, oldest first.
  public var timestamps: [EpochMillis] { values.keys.sorted() }
}
