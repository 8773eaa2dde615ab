import VigilCore

/// All metric streams loaded into a preview, keyed by (namespace, name, dimensions, unit), the way
/// CloudWatch keeps them apart (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html).
public struct MetricStore: Sendable {
  public struct Key: Hashable, Sendable {
    public var identity: MetricIdentity
    public var unit: String
  }

  public private(set) var series: [Key: MetricSeries] = [:]
  /// Datapoints CloudWatch already aggregated (GetMetricData / GetMetricStatistics output), by metric, unit,
  /// statistic and period.
  public private(set) var aggregated: [AggregatedSeries.Key: AggregatedSeries] = [:]

  public init() {}

  /// Adds one aggregated datapoint; returns the different value already held for that window, if any.
  public mutating func addAggregated(_ key: AggregatedSeries.Key, timestamp: EpochMillis, value: Double) -> Double? {
    aggregated[key, default: AggregatedSeries(key: key)].add(timestamp: timestamp, value: value)
  }

  /// The aggregated series an alarm on `identity` with `statistic`, `period` (seconds) and `unit` reads: nil when
  /// the store holds no aggregated data for the metric (its samples, if any, are read instead). Aggregated values
  /// cannot be re-aggregated, so data of the metric at another statistic or period, data in another unit, and
  /// samples of the same metric beside them are refused by name rather than read as missing data.
  public func lookupAggregated(_ identity: MetricIdentity, unit: String?, statistic: Statistic, period: Int)
    -> Result<AggregatedSeries?, AggregatedLookupError>
  {
    let held = aggregated.values.filter { $0.key.identity == identity }
    guard !held.isEmpty else { return .success(nil) }
    let available = held.map(\.key.description).sorted()
    if series.keys.contains(where: { $0.identity == identity }) {
      return .failure(
        AggregatedLookupError(
          "metric \(identity) has both published samples and CloudWatch's aggregated datapoints (\(available.joined(separator: "; "))); load one or the other"))
    }
    let matching = held.filter { $0.key.statistic == statistic && $0.key.period == period }
    guard !matching.isEmpty else {
      return .failure(
        AggregatedLookupError(
          "the data holds metric \(identity) only as \(available.joined(separator: "; ")), which cannot be re-aggregated to \(statistic) per \(period) s; fetch the alarm's own statistic and period"))
    }
    if let unit {
      guard let exact = matching.first(where: { $0.key.unit == unit }) else {
        return .failure(
          AggregatedLookupError(
            "the alarm reads metric \(identity) in \(unit), but the data's \(statistic) per \(period) s is \(matching.map { $0.key.unit ?? "for any unit" }.sorted().joined(separator: ", ")); fetch it with Unit \(unit)"))
      }
      return .success(exact)
    }
    guard matching.count == 1 else {
      return .failure(
        AggregatedLookupError(
          "metric \(identity) has \(statistic) per \(period) s in several units (\(matching.map { $0.key.unit ?? "any" }.sorted().joined(separator: ", "))); CloudWatch leaves an alarm without a Unit undefined here, so set the alarm's Unit"))
    }
    return .success(matching[0])
  }

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
    for a in aggregated.values {
      guard let first = a.values.keys.min(), let last = a.values.keys.max() else { continue }
      low = min(low ?? first, first)
      high = max(high ?? last, last)
    }
    guard let low, let high else { return nil }
    return low...high
  }
}

/// Aggregated datapoints that cannot answer what an alarm asks (see `MetricStore.lookupAggregated`).
public struct AggregatedLookupError: Error, Equatable, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
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
