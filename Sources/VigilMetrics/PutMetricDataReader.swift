import VigilCore

/// Reads metric data in the `PutMetricData` input shape: one request object
/// `{"Namespace": "...", "MetricData": [MetricDatum, ...]}` or an array of them. Each datum has
/// `MetricName`, optional `Dimensions` `[{"Name","Value"}]`, `Timestamp` (ISO-8601 or epoch seconds),
/// `Unit`, and exactly one of `Value`, `Values` (+ optional `Counts`) or `StatisticValues`.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html
public enum PutMetricDataReader {
  /// The units PutMetricData accepts (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html).
  public static let units: Set<String> = [
    "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits",
    "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
    "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second",
    "Terabits/Second", "Count/Second", "None",
  ]

  /// Adds every datum in `text` to `store`; errors point at the offending JSON value.
  public static func read(_ text: String, file: String? = nil, into store: inout MetricStore) throws(Diagnostic) {
    let bytes = Array(text.utf8)
    // Valid files are read in one streaming pass; anything it does not accept is re-read below, where
    // every error is worded and positioned.
    if let batches = PutMetricDataStreamReader.read(bytes) {
      for batch in batches { store.append(batch: batch) }
      return
    }
    try readTree(bytes, file: file, into: &store)
  }

  /// Reads through a parsed `JSONValue` tree: slower, but every check has its own positioned error.
  static func readTree(_ bytes: [UInt8], file: String?, into store: inout MetricStore) throws(Diagnostic) {
    try readTree(JSONLocator.parse(bytes, file: file), context: Context(bytes: bytes, file: file), into: &store)
  }

  /// Reads an already parsed document.
  static func readTree(_ root: JSONValue, context: Context, into store: inout MetricStore) throws(Diagnostic) {
    func fail(_ message: String, _ path: [JSONLocator.Step], suggestion: String? = nil) -> Diagnostic {
      context.fail(message, path, suggestion: suggestion)
    }
    let requests: [(JSONValue, [JSONLocator.Step])]
    switch root {
    case .array(let items): requests = items.enumerated().map { ($0.element, [.index($0.offset)]) }
    case .object: requests = [(root, [])]
    default: throw fail("expected a PutMetricData request object {\"Namespace\", \"MetricData\"} or an array of them", [])
    }
    for (request, base) in requests {
      guard let object = request.objectValue else { throw fail("expected a PutMetricData request object", base) }
      for key in object.keys.sorted() where !requestKeys.contains(key) {
        throw fail(
          "unknown PutMetricData field \"\(key)\"", base + [.key(key)],
          suggestion: closestMatch(to: key, in: requestKeys + ["MetricDataResults", "Datapoints"]).map { "did you mean \($0)?" })
      }
      guard let namespace = object["Namespace"]?.stringValue, !namespace.isEmpty else {
        throw fail("missing \"Namespace\" (a non-empty string)", base)
      }
      if let strict = object["StrictEntityValidation"] {
        guard case .bool = strict else {
          throw fail("\"StrictEntityValidation\" must be true or false", base + [.key("StrictEntityValidation")])
        }
      }
      // Each datum lists its path, so errors point into `MetricData` or `EntityMetricData[i].MetricData`.
      var data: [(JSONValue, [JSONLocator.Step])] = []
      if let list = object["MetricData"] {
        guard let items = list.arrayValue else { throw fail("\"MetricData\" must be an array of MetricDatum", base + [.key("MetricData")]) }
        data += items.enumerated().map { ($0.element, base + [.key("MetricData"), .index($0.offset)]) }
      }
      if let entities = object["EntityMetricData"] {
        let at = base + [.key("EntityMetricData")]
        guard let list = entities.arrayValue else { throw fail("\"EntityMetricData\" must be an array of EntityMetricData", at) }
        guard list.count <= 2 else { throw fail("at most 2 EntityMetricData objects per request", at + [.index(2)]) }
        guard object["StrictEntityValidation"] != nil else {
          throw fail("\"StrictEntityValidation\" is required with \"EntityMetricData\"", at)
        }
        for (i, entry) in list.enumerated() {
          let entryAt = at + [.index(i)]
          try checkEntity(entry, at: entryAt, context: context)
          guard let items = entry["MetricData"]?.arrayValue else {
            throw fail("an EntityMetricData needs \"MetricData\" (an array of MetricDatum)", entryAt)
          }
          data += items.enumerated().map { ($0.element, entryAt + [.key("MetricData"), .index($0.offset)]) }
        }
      }
      guard object["MetricData"] != nil || object["EntityMetricData"] != nil else {
        throw fail("missing \"MetricData\" (an array of MetricDatum) or \"EntityMetricData\"", base)
      }
      guard data.count <= 1000 else {
        throw fail("at most 1000 metrics per request, MetricData and EntityMetricData together (found \(data.count))", base)
      }
      for (datum, at) in data {
        try readDatum(datum, namespace: namespace, at: at, context: context, into: &store)
      }
    }
  }

  /// The members of a PutMetricData request. `EntityMetricData` and `StrictEntityValidation` are valid for the CLI
  /// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html); an entity links the
  /// metrics to related telemetry and does not change which metric a datum belongs to, so Vigil checks its shape and
  /// reads its datums like any other.
  static let requestKeys = ["Namespace", "MetricData", "EntityMetricData", "StrictEntityValidation"]

  /// `{"Entity": {"KeyAttributes": {…}, "Attributes": {…}}, "MetricData": [...]}`: string maps, the key attributes
  /// among the five CloudWatch allows, at most 10 attributes
  /// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Entity.html).
  private static func checkEntity(_ entry: JSONValue, at: [JSONLocator.Step], context: Context) throws(Diagnostic) {
    guard let object = entry.objectValue else { throw context.fail("expected an EntityMetricData object", at) }
    for key in object.keys.sorted() where key != "Entity" && key != "MetricData" {
      throw context.fail(
        "unknown EntityMetricData field \"\(key)\"", at + [.key(key)],
        suggestion: closestMatch(to: key, in: ["Entity", "MetricData"]).map { "did you mean \($0)?" })
    }
    guard let entity = object["Entity"] else { return }
    guard let fields = entity.objectValue else { throw context.fail("\"Entity\" must be an object", at + [.key("Entity")]) }
    for key in fields.keys.sorted() where key != "KeyAttributes" && key != "Attributes" {
      throw context.fail(
        "unknown Entity field \"\(key)\"", at + [.key("Entity"), .key(key)],
        suggestion: closestMatch(to: key, in: ["KeyAttributes", "Attributes"]).map { "did you mean \($0)?" })
    }
    for name in ["KeyAttributes", "Attributes"] {
      guard let map = fields[name] else { continue }
      let mapAt = at + [.key("Entity"), .key(name)]
      guard let pairs = map.objectValue else { throw context.fail("\"\(name)\" must be an object of strings", mapAt) }
      for (key, value) in pairs.sorted(by: { $0.key < $1.key }) where value.stringValue == nil {
        throw context.fail("\"\(name)\" values must be strings", mapAt + [.key(key)])
      }
      if name == "Attributes", pairs.count > 10 { throw context.fail("at most 10 entity Attributes", mapAt) }
      if name == "KeyAttributes" {
        let allowed = ["Type", "ResourceType", "Identifier", "Name", "Environment"]
        for key in pairs.keys.sorted() where !allowed.contains(key) {
          throw context.fail(
            "unknown entity key attribute \"\(key)\" (allowed: \(allowed.joined(separator: ", ")))", mapAt + [.key(key)],
            suggestion: closestMatch(to: key, in: allowed).map { "did you mean \($0)?" })
        }
      }
    }
  }

  /// The text being read, for positioned errors.
  struct Context {
    let bytes: [UInt8]
    let file: String?
    func fail(_ message: String, _ path: [JSONLocator.Step], suggestion: String? = nil) -> Diagnostic {
      JSONLocator.diagnostic(message, bytes: bytes, offset: JSONLocator.offset(of: path, in: bytes), file: file, suggestion: suggestion)
    }
  }

  private static let datumKeys = [
    "MetricName", "Dimensions", "Timestamp", "Value", "Values", "Counts", "StatisticValues", "Unit", "StorageResolution",
  ]

  private static func readDatum(
    _ datum: JSONValue, namespace: String, at: [JSONLocator.Step], context: Context, into store: inout MetricStore
  ) throws(Diagnostic) {
    func fail(_ m: String, _ p: [JSONLocator.Step], suggestion: String? = nil) -> Diagnostic { context.fail(m, p, suggestion: suggestion) }
    guard let object = datum.objectValue else { throw fail("expected a MetricDatum object", at) }
    for key in object.keys.sorted() where !datumKeys.contains(key) {
      throw fail(
        "unknown MetricDatum field \"\(key)\"", at + [.key(key)],
        suggestion: closestMatch(to: key, in: datumKeys).map { "did you mean \($0)?" })
    }
    guard let name = object["MetricName"]?.stringValue, !name.isEmpty else { throw fail("missing \"MetricName\"", at) }
    var dimensions: [String: String] = [:]
    if let dims = object["Dimensions"] {
      guard let list = dims.arrayValue else {
        throw fail("\"Dimensions\" must be an array of {\"Name\",\"Value\"}", at + [.key("Dimensions")])
      }
      guard list.count <= 30 else { throw fail("at most 30 dimensions per metric", at + [.key("Dimensions")]) }
      for (i, dim) in list.enumerated() {
        guard let n = dim["Name"]?.stringValue, let v = dim["Value"]?.stringValue else {
          throw fail("a dimension needs string \"Name\" and \"Value\"", at + [.key("Dimensions"), .index(i)])
        }
        if dimensions[n] != nil { throw fail("dimension \"\(n)\" given twice", at + [.key("Dimensions"), .index(i)]) }
        dimensions[n] = v
      }
    }
    guard let stamp = object["Timestamp"] else {
      throw fail("missing \"Timestamp\" (a preview has no receive time to default to)", at)
    }
    let timestamp: EpochMillis
    switch stamp {
    case .string(let s):
      guard let t = TimeFormat.parse(s) else {
        throw fail("\"Timestamp\" is not an ISO-8601 time or epoch number", at + [.key("Timestamp")])
      }
      timestamp = t
    case .int(let seconds):
      let (millis, overflow) = EpochMillis(seconds).multipliedReportingOverflow(by: 1000)
      guard !overflow else { throw fail("\"Timestamp\" is out of range", at + [.key("Timestamp")]) }
      timestamp = millis
    case .double(let seconds):
      guard let millis = EpochMillis(exactly: (seconds * 1000).rounded()) else {
        throw fail("\"Timestamp\" is out of range", at + [.key("Timestamp")])
      }
      timestamp = millis
    default: throw fail("\"Timestamp\" must be a string or a number of epoch seconds", at + [.key("Timestamp")])
    }
    guard TimeFormat.supportedRange.contains(timestamp) else {
      throw fail("\"Timestamp\" is outside the years 0000 to 9999", at + [.key("Timestamp")])
    }
    let unit = object["Unit"]?.stringValue ?? "None"
    if object["Unit"] != nil, !units.contains(unit) {
      throw fail(
        "unknown Unit \"\(unit)\"", at + [.key("Unit")], suggestion: closestMatch(to: unit, in: units).map { "did you mean \($0)?" })
    }
    let identity = MetricIdentity(namespace: namespace, name: name, dimensions: dimensions)
    let kinds = ["Value", "Values", "StatisticValues"].filter { object[$0] != nil }
    guard kinds.count == 1 else {
      throw fail(
        kinds.isEmpty
          ? "a MetricDatum needs one of \"Value\", \"Values\" or \"StatisticValues\""
          : "\"\(kinds[0])\" and \"\(kinds[1])\" cannot be used together", at)
    }
    let limit = 0x1p360
    func number(_ v: JSONValue?, _ path: [JSONLocator.Step]) throws(Diagnostic) -> Double {
      guard let d = v?.doubleValue else { throw fail("expected a number", path) }
      guard abs(d) <= limit else { throw fail("values must lie between -2^360 and 2^360", path) }
      return d
    }
    switch kinds[0] {
    case "Value":
      store.add(identity, unit: unit, timestamp: timestamp, value: try number(object["Value"], at + [.key("Value")]))
    case "Values":
      guard let values = object["Values"]?.arrayValue else { throw fail("\"Values\" must be an array of numbers", at + [.key("Values")]) }
      guard values.count <= 150 else { throw fail("at most 150 values per MetricDatum", at + [.key("Values"), .index(150)]) }
      var counts: [JSONValue]? = nil
      if let c = object["Counts"] {
        guard let list = c.arrayValue, list.count == values.count else {
          throw fail("\"Counts\" must be an array as long as \"Values\" (\(values.count))", at + [.key("Counts")])
        }
        counts = list
      }
      for (i, v) in values.enumerated() {
        let value = try number(v, at + [.key("Values"), .index(i)])
        let count = try counts.map { list throws(Diagnostic) in try number(list[i], at + [.key("Counts"), .index(i)]) } ?? 1
        guard count >= 0 else { throw fail("counts cannot be negative", at + [.key("Counts"), .index(i)]) }
        if count > 0 { store.add(identity, unit: unit, timestamp: timestamp, value: value, count: count) }
      }
    default:
      let path = at + [.key("StatisticValues")]
      guard let set = object["StatisticValues"]?.objectValue else { throw fail("\"StatisticValues\" must be an object", path) }
      let n = try number(set["SampleCount"], path + [.key("SampleCount")])
      let sum = try number(set["Sum"], path + [.key("Sum")])
      let low = try number(set["Minimum"], path + [.key("Minimum")])
      let high = try number(set["Maximum"], path + [.key("Maximum")])
      guard n > 0 else { throw fail("SampleCount must be positive", path + [.key("SampleCount")]) }
      guard low <= high else { throw fail("Minimum is greater than Maximum", path + [.key("Minimum")]) }
      store.addStatisticSet(identity, unit: unit, timestamp: timestamp, sampleCount: n, sum: sum, minimum: low, maximum: high)
    }
  }
}
