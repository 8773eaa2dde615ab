import VigilCore
import VigilLogSource
import VigilMetrics

/// One period of a metric: its statistic set and, when a statistic needs them, the raw values published in it
/// (so every statistic, pNN included, can be computed).
public struct MetricFilterDatapoint: Equatable, Sendable {
  /// Start of the period, epoch milliseconds.
  public var timestamp: EpochMillis
  /// The published values, in event order; empty when the evaluator keeps only statistic sets (see
  /// `MetricFilterEvaluator.init(filters:period:statistic:)`).
  public var values: [Double]
  /// How many values were published.
  public var sampleCount: Double
  /// Their sum, added in event order (minute by minute), as `Statistic.compute` adds.
  public var sum: Double
  public var minimum: Double
  public var maximum: Double

  /// A period with these values (at least one).
  public init(timestamp: EpochMillis, values: [Double]) {
    self.timestamp = timestamp
    self.values = values
    var set = MinuteValues()
    for value in values { set.add(value, keeping: false) }
    (sampleCount, sum, minimum, maximum) = (set.count, set.sum, set.minimum, set.maximum)
  }

  init(timestamp: EpochMillis, pooled: MinuteValues) {
    self.timestamp = timestamp
    values = pooled.values
    (sampleCount, sum, minimum, maximum) = (pooled.count, pooled.sum, pooled.minimum, pooled.maximum)
  }

  /// The statistic over the period's values (nil when CloudWatch would show none, e.g. pNN of negative values,
  /// or when only the statistic set was kept and the statistic is an extended one).
  public func value(_ statistic: Statistic) -> Double? {
    if !values.isEmpty || sampleCount == 0 { return statistic.compute(values) }
    switch statistic {
    case .sampleCount: return sampleCount
    case .sum: return sum
    case .average: return sum / sampleCount
    case .minimum: return minimum
    case .maximum: return maximum
    default: return nil
    }
  }
}

/// The values published in one minute (or pooled over a period): a statistic set, plus every value when kept.
struct MinuteValues: Sendable {
  var values: [Double] = []
  var count: Double = 0
  var sum: Double = 0
  var minimum: Double = 0
  var maximum: Double = 0

  mutating func add(_ value: Double, keeping: Bool) {
    if keeping { values.append(value) }
    // `<` and `>` keep the first of equal extremes, as `Array.min()` and `max()` do.
    if count == 0 || value < minimum { minimum = value }
    if count == 0 || value > maximum { maximum = value }
    count += 1
    sum += value
  }

  /// Appends a later minute: its values after these, its sum added to this one.
  mutating func pool(_ other: MinuteValues) {
    guard other.count > 0 else { return }
    // Adopting the first minute's buffer instead of copying it keeps one copy of a one-minute period's values.
    if values.isEmpty { values = other.values } else { values += other.values }
    if count == 0 || other.minimum < minimum { minimum = other.minimum }
    if count == 0 || other.maximum > maximum { maximum = other.maximum }
    count += other.count
    sum += other.sum
  }
}

/// The datapoints of one metric (one metric filter, one combination of dimension values).
public struct MetricFilterSeries: Equatable, Sendable {
  public var metricName: String
  public var metricNamespace: String
  public var dimensions: [(name: String, value: String)]
  public var unit: MetricUnit
  /// Oldest first.
  public var datapoints: [MetricFilterDatapoint]

  public static func == (a: MetricFilterSeries, b: MetricFilterSeries) -> Bool {
    a.metricName == b.metricName && a.metricNamespace == b.metricNamespace && a.unit == b.unit && a.datapoints == b.datapoints
      && a.dimensions.map(\.name) == b.dimensions.map(\.name) && a.dimensions.map(\.value) == b.dimensions.map(\.value)
  }

  /// `MetricName` or `MetricName Dim=value,…`: the label used in GetMetricData output.
  public var label: String {
    dimensions.isEmpty ? metricName : metricName + " " + dimensions.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
  }

  /// One `MetricDataResults` entry of a GetMetricData response: timestamps newest first, StatusCode Complete.
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataResult.html
  public func metricDataResult(id: String, statistic: Statistic) -> JSONValue {
    var timestamps: [JSONValue] = []
    var values: [JSONValue] = []
    for point in datapoints.reversed() {
      guard let v = point.value(statistic) else { continue }
      timestamps.append(.string(TimeFormat.iso8601(point.timestamp, fraction: false)))
      values.append(.double(v))
    }
    return .object([
      "Id": .string(id), "Label": .string(label), "Timestamps": .array(timestamps), "Values": .array(values),
      "StatusCode": "Complete",
    ])
  }
}

/// Runs metric filters over log events and aggregates matches per period, as CloudWatch publishes them.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html
///
/// - each match publishes the metric value at the event's timestamp, truncated to the minute
///   ("CloudWatch aggregates and reports metric values every minute");
/// - the default value is published for a minute in which events were ingested but none matched
///   ("when logs are ingested but no matching logs are found"); a minute without events has no datapoint;
/// - a longer period pools the raw values of its minutes, so Sum, SampleCount and pNN stay exact;
/// - a match whose value field is missing or not a number publishes nothing (a local decision: AWS does
///   not document it) and is counted in `unpublishedMatches`; so is a match missing a dimension field.
public struct MetricFilterEvaluator {
  /// "The maximum number of metric filters that can be associated with a log group is 100."
  public static let maximumFiltersPerLogGroup = 100

  public let filters: [MetricFilter]
  public let period: EpochMillis
  /// Minutes in which at least one event was ingested.
  public private(set) var ingestedMinutes: Set<EpochMillis> = []
  /// Matches per filter that published nothing (missing/non-numeric value or dimension).
  public private(set) var unpublishedMatches: [Int]
  /// Events each filter's pattern matched, published or not (so "matched 7141, none had the field" can be said).
  public private(set) var matchedEvents: [Int]
  /// Per filter: dimension values → minute → values.
  private var values: [[[String]: [EpochMillis: MinuteValues]]]
  /// Per filter: whether every value is kept, or only each minute's statistic set (flat memory on large files).
  private let keepsValues: [Bool]

  /// Filters evaluated for `statistic` over `period`; nil keeps every value so that any statistic can be asked.
  /// A basic statistic (Sum, SampleCount, Average, Minimum, Maximum) needs only each minute's count, sum, minimum and
  /// maximum, with answers identical to the raw values' when a period is one minute (the sum is added in the same
  /// order), or when the published values are integers (a constant like `1` and an integer default), whose sums are
  /// exact in any order. Otherwise, and for pNN, TM, WM, PR, TC and TS, every value is kept.
  public init(filters: [MetricFilter], period: EpochMillis = 60_000, statistic: Statistic? = nil) throws(MetricFilterError) {
    try self.init(
      filters: filters, period: period, keepingValues: filters.map { Self.keepsValues(of: $0, period: period, statistic: statistic) })
  }

  /// Filters evaluated over `period` that keep every value of the filters `keepingValues` marks and only each minute's
  /// statistic set (count, sum added in event order, minimum, maximum) of the others: what a session's metric store
  /// asks when only some of its consumers need a distribution. A filter without a mark keeps its values.
  public init(filters: [MetricFilter], period: EpochMillis = 60_000, keepingValues: [Bool]) throws(MetricFilterError) {
    guard filters.count <= MetricFilterEvaluator.maximumFiltersPerLogGroup else {
      throw MetricFilterError("a log group can have at most 100 metric filters (\(filters.count) given)")
    }
    guard period > 0, period % 60_000 == 0 else {
      throw MetricFilterError("metric filters publish one-minute data; the period must be a whole number of minutes")
    }
    let regexFilters = filters.filter { $0.pattern.containsRegex }.count
    guard regexFilters <= 5 else {
      throw MetricFilterError("a log group can have at most 5 filter patterns containing regular expressions (\(regexFilters) given)")
    }
    self.filters = filters
    self.period = period
    self.values = Array(repeating: [:], count: filters.count)
    self.keepsValues = filters.indices.map { $0 < keepingValues.count ? keepingValues[$0] : true }
    self.unpublishedMatches = Array(repeating: 0, count: filters.count)
    self.matchedEvents = Array(repeating: 0, count: filters.count)
  }

  private static func keepsValues(of filter: MetricFilter, period: EpochMillis, statistic: Statistic?) -> Bool {
    guard let statistic, !statistic.isExtended else { return true }
    if period == 60_000 { return false }
    func isSmallInteger(_ v: Double) -> Bool { v == v.rounded() && abs(v) <= Double(1 << 20) }
    guard case .constant(let value) = filter.metricValue, isSmallInteger(value) else { return true }
    if let defaultValue = filter.defaultValue, !isSmallInteger(defaultValue) { return true }
    return false
  }

  /// Offers one event (message bytes and timestamp) to every filter.
  public mutating func ingest(bytes: UnsafeBufferPointer<UInt8>, timestamp: EpochMillis) {
    let start = floor(timestamp, 60_000)
    ingestedMinutes.insert(start)
    for (index, filter) in filters.enumerated() {
      guard let result = filter.evaluate(bytes: bytes) else { continue }
      matchedEvents[index] += 1
      guard let value = result.value, let dims = result.dimensions else {
        unpublishedMatches[index] += 1
        continue
      }
      values[index][dims, default: [:]][start, default: MinuteValues()].add(value, keeping: keepsValues[index])
    }
  }

  public mutating func ingest(_ event: LogEvent) {
    var message = event.message
    message.withUTF8 { ingest(bytes: $0, timestamp: event.timestamp) }
  }

  /// Streams files (any supported format) through the filters; returns the read issues of each file.
  public mutating func ingest(files: [String], options: LogReadOptions = LogReadOptions()) throws -> [LogReadIssue] {
    var issues: [LogReadIssue] = []
    for path in files {
      var reader = LogFileReader(path: path, options: options)
      try reader.forEachRecord { record in ingest(bytes: record.bytes, timestamp: record.timestamp) }
      issues += reader.issues.first
    }
    return issues
  }

  private func floor(_ t: EpochMillis, _ unit: EpochMillis) -> EpochMillis {
    let r = t % unit
    return r >= 0 ? t - r : t - r - unit
  }

  /// The series of filter `index`: one per combination of dimension values, sorted by label.
  public func series(forFilter index: Int) -> [MetricFilterSeries] {
    let filter = filters[index]
    var result: [MetricFilterSeries] = []
    var perDimensions = values[index]
    if filter.dimensions.isEmpty, let defaultValue = filter.defaultValue {
      var minutes = perDimensions[[], default: [:]]
      for start in ingestedMinutes where minutes[start] == nil {
        var published = MinuteValues()
        published.add(defaultValue, keeping: keepsValues[index])
        minutes[start] = published
      }
      perDimensions[[]] = minutes
    }
    // A metric without dimensions always has its one series, empty when nothing was published.
    if filter.dimensions.isEmpty && perDimensions.isEmpty { perDimensions[[]] = [:] }
    for (dims, minutes) in perDimensions {
      var periods: [EpochMillis: MinuteValues] = [:]
      for (minute, published) in minutes.sorted(by: { $0.key < $1.key }) {
        periods[floor(minute, period), default: MinuteValues()].pool(published)
      }
      let points = periods.sorted { $0.key < $1.key }.map { MetricFilterDatapoint(timestamp: $0.key, pooled: $0.value) }
      result.append(
        MetricFilterSeries(
          metricName: filter.metricName, metricNamespace: filter.metricNamespace,
          dimensions: zip(filter.dimensions, dims).map { (name: $0.0.name, value: $0.1) }, unit: filter.unit,
          datapoints: points))
    }
    return result.sorted { $0.label < $1.label }
  }

  /// All series of all filters, in filter order.
  public func allSeries() -> [MetricFilterSeries] { filters.indices.flatMap { series(forFilter: $0) } }

  /// A GetMetricData response over the series, ids `m1`, `m2`, ….
  public static func getMetricDataResponse(_ series: [MetricFilterSeries], statistic: Statistic) -> JSONValue {
    .object([
      "MetricDataResults": .array(series.enumerated().map { $0.element.metricDataResult(id: "m\($0.offset + 1)", statistic: statistic) }),
      "Messages": .array([]),
    ])
  }
}
