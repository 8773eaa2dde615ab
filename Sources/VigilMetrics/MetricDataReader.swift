import VigilCore

/// Reads a metric data file in any shape Vigil accepts as data, telling them apart by their top-level fields:
/// - PutMetricData input (`Namespace`, `MetricData` / `EntityMetricData`): samples and statistic sets;
/// - `aws cloudwatch get-metric-data` output (`MetricDataResults`), with the `MetricDataQueries` it answered or with
///   labels in the `MetricStat.label` convention — which is what `vigil metrics --format json` writes;
/// - `aws cloudwatch get-metric-statistics` output (`Label`, `Datapoints`) beside its request's `Namespace`, `Period`
///   and `Dimensions`.
/// A file may hold one document or an array of them (pages). Errors point into the file.
public enum MetricDataReader {
  /// Adds the file's data to `store`.
  public static func read(_ text: String, file: String? = nil, into store: inout MetricStore) throws(Diagnostic) {
    try read(utf8: Array(text.utf8), file: file, into: &store)
  }

  /// Adds the data of a file's bytes to `store`, as `read(_:file:into:)` does with the same text; the caller has
  /// checked that they are UTF-8. A month of one-minute data is over 100 MB, which need not be copied into a `String`.
  public static func read(utf8 bytes: [UInt8], file: String? = nil, into store: inout MetricStore) throws(Diagnostic) {
    // The common case, PutMetricData input, is read in one streaming pass.
    if let batches = PutMetricDataStreamReader.read(bytes) {
      for batch in batches { store.append(batch: batch) }
      return
    }
    let root = try JSONLocator.parse(bytes, file: file)
    let context = PutMetricDataReader.Context(bytes: bytes, file: file)
    let first: JSONValue? = root.arrayValue != nil ? root.arrayValue?.first : root
    guard let object = first?.objectValue else {
      try PutMetricDataReader.readTree(root, context: context, into: &store)
      return
    }
    if object["MetricDataResults"] != nil || object["MetricDataQueries"] != nil {
      try GetMetricDataReader.read(root, context: context, into: &store)
    } else if object["Datapoints"] != nil {
      try GetMetricStatisticsReader.read(root, context: context, into: &store)
    } else {
      try PutMetricDataReader.readTree(root, context: context, into: &store)
    }
  }

  /// The documents of a file: the root object, or each element of a root array, with its path.
  static func documents(_ root: JSONValue) -> [(JSONValue, [JSONLocator.Step])] {
    if let items = root.arrayValue { return items.enumerated().map { ($0.element, [.index($0.offset)]) } }
    return [(root, [])]
  }

  /// A timestamp as the CLI prints it: ISO-8601 text (CLI v2, or `cli_timestamp_format = iso8601`) or epoch seconds
  /// (CLI v1's default); nil when it is neither or lies outside the years 0000 to 9999.
  static func timestamp(_ value: JSONValue) -> EpochMillis? {
    let millis: EpochMillis?
    switch value {
    case .string(let s): millis = TimeFormat.parse(s)
    case .int(let seconds):
      let (m, overflow) = EpochMillis(seconds).multipliedReportingOverflow(by: 1000)
      millis = overflow ? nil : m
    case .double(let seconds): millis = EpochMillis(exactly: (seconds * 1000).rounded())
    default: millis = nil
    }
    guard let millis, TimeFormat.supportedRange.contains(millis) else { return nil }
    return millis
  }

  /// A number within the ±2^360 CloudWatch accepts.
  static func number(_ value: JSONValue?) -> Double? {
    guard let d = value?.doubleValue, abs(d) <= 0x1p360 else { return nil }
    return d
  }

  /// `[{"Name","Value"}]` dimensions, checked as PutMetricData checks them.
  static func dimensions(_ value: JSONValue?, at: [JSONLocator.Step], context: PutMetricDataReader.Context) throws(Diagnostic)
    -> [String: String]
  {
    guard let value else { return [:] }
    guard let list = value.arrayValue else { throw context.fail("\"Dimensions\" must be an array of {\"Name\",\"Value\"}", at) }
    guard list.count <= 30 else { throw context.fail("at most 30 dimensions per metric", at) }
    var out: [String: String] = [:]
    for (i, dim) in list.enumerated() {
      guard let n = dim["Name"]?.stringValue, let v = dim["Value"]?.stringValue else {
        throw context.fail("a dimension needs string \"Name\" and \"Value\"", at + [.index(i)])
      }
      if out[n] != nil { throw context.fail("dimension \"\(n)\" given twice", at + [.index(i)]) }
      out[n] = v
    }
    return out
  }

  /// Refuses fields outside `known`, suggesting the closest.
  static func checkKeys(_ object: [String: JSONValue], known: [String], what: String, at: [JSONLocator.Step], context: PutMetricDataReader.Context)
    throws(Diagnostic)
  {
    for key in object.keys.sorted() where !known.contains(key) {
      throw context.fail(
        "unknown \(what) field \"\(key)\"", at + [.key(key)], suggestion: closestMatch(to: key, in: known).map { "did you mean \($0)?" })
    }
  }

  /// Adds a datapoint, refusing a second, different value for the same window.
  static func add(
    _ key: AggregatedSeries.Key, timestamp: EpochMillis, value: Double, at: [JSONLocator.Step], context: PutMetricDataReader.Context,
    into store: inout MetricStore
  ) throws(Diagnostic) {
    if let earlier = store.addAggregated(key, timestamp: timestamp, value: value) {
      throw context.fail(
        "\(key.description) at \(TimeFormat.iso8601(timestamp, fraction: false)) was already read as \(earlier); this file says \(value)", at)
    }
  }
}
