import VigilCore

/// All metric streams loaded into a preview, keyed by (namespace, name, dimensions, unit), the way
/// CloudWatch keeps them apart (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html).
public struct MetricStore: Sendable {
  public struct Key: Hashable, Sendable {
    public var identity: MetricIdentity
    public var unit: String
  }

  public private(set) var series: [Key: MetricSeries] = [:]

  public init() {}

  /// Adds `count` samples equal to `value`.
  public mutating func add(_ identity: MetricIdentity, unit: String = "None", timestamp: EpochMillis, value: Double, count: Double = 1) {
    let key = Key(identity: identity, unit: unit)
    series[key, default: MetricSeries(identity: identity, unit: unit)].append(timestamp: timestamp, value: value, count: count)
  }

  /// Adds a statistic set (`StatisticValues`).
  public mutating func addStatisticSet(
    _ identity: MetricIdentity, unit: String = "None", timestamp: EpochMillis, sampleCount: Double, sum: Double, minimum: Double,
    maximum: Double
  ) {
    let key = Key(identity: identity, unit: unit)
    series[key, default: MetricSeries(identity: identity, unit: unit)].appendStatisticSet(
      timestamp: timestamp, sampleCount: sampleCount, sum: sum, minimum: minimum, maximum: maximum)
  }

  /// Appends a batch of entries read from a file, keeping their order.
  mutating func append(batch: MetricSeries) {
    let key = Key(identity: batch.identity, unit: batch.unit)
    if series[key] == nil {
      series[key] = batch
    } else {
      series[key]!.append(contentsOf: batch)
    }
  }

  /// Adds per-period datapoints produced elsewhere (e.g. by metric filters over logs).
  public mutating func add(_ identity: MetricIdentity, unit: String = "None", datapoints: [MetricDatapoint]) {
    for point in datapoints { add(identity, unit: unit, timestamp: point.timestamp, value: point.value, count: point.sampleCount) }
  }

  /// Adds a whole series (e.g. from the compact notation).
  public mutating func add(_ newSeries: MetricSeries) {
    let key = Key(identity: newSeries.identity, unit: newSeries.unit)
    if var existing = series[key] {
      // Read once: on a series of single values these are derived arrays.
      let counts = newSeries.sampleCounts, sums = newSeries.sums, maximums = newSeries.maximums
      for i in 0..<newSeries.count {
        existing.appendStatisticSet(
          timestamp: newSeries.timestamps[i], sampleCount: counts[i], sum: sums[i], minimum: newSeries.minimums[i],
          maximum: maximums[i])
      }
      series[key] = existing
    } else {
      series[key] = newSeries
    }
  }

  /// Sorts every series by time; call once after loading.
  public mutating func finishLoading() {
    for key in series.keys { series[key]!.sortByTime() }
  }

  /// The stream an alarm reads. With a unit, only data published with that unit (none → the alarm sees no
  /// data). Without one, the single unit the metric has; several units are refused because CloudWatch says
  /// the behaviour "is not defined" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
  public func lookup(_ identity: MetricIdentity, unit: String?) -> Result<MetricSeries?, MetricLookupError> {
    if let unit { return .success(series[Key(identity: identity, unit: unit)]) }
    let matches = series.filter { $0.key.identity == identity }
    if matches.count > 1 {
      return .failure(MetricLookupError(identity: identity, units: matches.keys.map(\.unit).sorted()))
    }
    return .success(matches.first?.value)
  }

  /// The earliest and latest sample timestamps across all series.
  public var timeRange: ClosedRange<EpochMillis>? {
    var low: EpochMillis?, high: EpochMillis?
    for s in series.values where s.count > 0 {
      let first = s.timestamps.min()!, last = s.timestamps.max()!
      low = min(low ?? first, first)
      high = max(high ?? last, last)
    }
    guard let low, let high else { return nil }
    return low...high
  }
}

/// A metric published with several units, read by an alarm that names none.
public struct MetricLookupError: Error, Equatable, Sendable, CustomStringConvertible {
  public var identity: MetricIdentity
  public var units: [String]
  public var description: String {
    "metric \(identity) was published with several units (\(units.joined(separator: ", "))); CloudWatch leaves an alarm without a Unit undefined here, so set the alarm's Unit"
  }
}

/// One per-period datapoint from another source (metric filters over logs, Lambda REPORT lines):
/// `sampleCount` samples, all equal to `value`, at `timestamp`.
public struct MetricDatapoint: Equatable, Sendable {
  public var timestamp: EpochMillis
  public var value: Double
  public var sampleCount: Double
  public init(timestamp: EpochMillis, value: Double, sampleCount: Double = 1) {
    self.timestamp = timestamp
    self.value = value
    self.sampleCount = sampleCount
  }
}
