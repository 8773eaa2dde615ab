import VigilCore

/// Reads `aws cloudwatch get-metric-data` output as aggregated datapoints
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html).
///
/// A result carries only its `Id` and `Label`; which metric, statistic and period it is comes from the query. So a
/// document either carries the request's `MetricDataQueries` beside the response (results are tied to queries by
/// `Id`; each must be a `MetricStat` query — an expression's result is not a metric), or every result's `Label`
/// follows the `MetricStat.label` convention (`Namespace Name{Dim=Value} Stat Periods [Unit]`). Results with
/// `StatusCode` `Complete` or `PartialData` (more behind `NextToken`: save each page) are read; `InternalError` and
/// `Forbidden` results are refused, since their values are not the metric's.
enum GetMetricDataReader {
  static let requestKeys = ["MetricDataQueries", "StartTime", "EndTime", "ScanBy", "MaxDatapoints", "LabelOptions"]
  static let responseKeys = ["MetricDataResults", "Messages", "NextToken"]
  static let resultKeys = ["Id", "Label", "Timestamps", "Values", "StatusCode", "Messages"]

  /// What a result is data of.
  struct Target {
    var identity: MetricIdentity
    var statistic: Statistic
    var period: Int
    var unit: String?
  }

  static func read(_ root: JSONValue, context: PutMetricDataReader.Context, into store: inout MetricStore) throws(Diagnostic) {
    for (document, base) in MetricDataReader.documents(root) {
      guard let object = document.objectValue else { throw context.fail("expected a get-metric-data output object", base) }
      try MetricDataReader.checkKeys(object, known: responseKeys + requestKeys, what: "get-metric-data", at: base, context: context)
      var targets: [String: Target?]?
      if let queries = object["MetricDataQueries"] {
        targets = try readQueries(queries, at: base + [.key("MetricDataQueries")], context: context)
      }
      guard let results = object["MetricDataResults"]?.arrayValue else {
        throw context.fail("missing \"MetricDataResults\" (an array of MetricDataResult)", base)
      }
      var seen: Set<String> = []
      for (index, item) in results.enumerated() {
        let at = base + [.key("MetricDataResults"), .index(index)]
        guard let result = item.objectValue else { throw context.fail("expected a MetricDataResult object", at) }
        try MetricDataReader.checkKeys(result, known: resultKeys, what: "MetricDataResult", at: at, context: context)
        guard let id = result["Id"]?.stringValue, !id.isEmpty else { throw context.fail("missing \"Id\"", at) }
        let status = result["StatusCode"]?.stringValue ?? "Complete"
        guard status == "Complete" || status == "PartialData" else {
          throw context.fail(
            status == "InternalError" || status == "Forbidden"
              ? "result \"\(id)\" has StatusCode \(status): CloudWatch did not return its data"
              : "unknown StatusCode \"\(status)\" (Complete, InternalError, PartialData or Forbidden)",
            at + [.key("StatusCode")])
        }
        let target: Target
        if let targets {
          guard let entry = targets[id] else {
            throw context.fail(
              "result \"\(id)\" answers no query in \"MetricDataQueries\"", at + [.key("Id")],
              suggestion: closestMatch(to: id, in: targets.keys).map { "did you mean \($0)?" })
          }
          guard let metric = entry else {
            throw context.fail("result \"\(id)\" comes from an expression, not a metric; only MetricStat results are data", at + [.key("Id")])
          }
          target = metric
        } else {
          guard let label = result["Label"]?.stringValue else {
            throw context.fail("missing \"Label\"; without \"MetricDataQueries\" the Label names the metric", at)
          }
          switch MetricStat.parse(label: label) {
          case .success(let parsed):
            target = Target(identity: parsed.identity, statistic: parsed.statistic, period: parsed.period, unit: parsed.unit)
          case .failure(let error):
            // Inside the JSON string: its opening quote + 1 + the offset (exact when the label has no escapes).
            let labelAt = at + [.key("Label")]
            let offset = JSONLocator.offset(of: labelAt, in: context.bytes) + 1
              + String(String.UnicodeScalarView(label.unicodeScalars.prefix(error.offset))).utf8.count
            throw JSONLocator.diagnostic(
              "Label \"\(label)\": \(error.message); without \"MetricDataQueries\" in the file, each Label must name its metric as `Namespace MetricName{Dim=Value,…} Stat Periods` (e.g. `AWS/Lambda Duration{FunctionName=checkout} p99 300s`)",
              bytes: context.bytes, offset: offset, file: context.file,
              suggestion: "save the request's MetricDataQueries in the file beside MetricDataResults, or set each query's Label so")
          }
        }
        guard seen.insert(id).inserted || targets == nil else {
          throw context.fail("result Id \"\(id)\" appears twice", at + [.key("Id")])
        }
        guard let stamps = result["Timestamps"]?.arrayValue else { throw context.fail("missing \"Timestamps\" (an array)", at) }
        guard let values = result["Values"]?.arrayValue else { throw context.fail("missing \"Values\" (an array)", at) }
        guard stamps.count == values.count else {
          throw context.fail("\"Values\" has \(values.count) entries but \"Timestamps\" has \(stamps.count)", at + [.key("Values")])
        }
        let key = AggregatedSeries.Key(identity: target.identity, unit: target.unit, statistic: target.statistic, period: target.period)
        for i in 0..<stamps.count {
          guard let time = MetricDataReader.timestamp(stamps[i]) else {
            throw context.fail("not an ISO-8601 time or epoch seconds within the years 0000 to 9999", at + [.key("Timestamps"), .index(i)])
          }
          guard let value = MetricDataReader.number(values[i]) else {
            throw context.fail("expected a number between -2^360 and 2^360", at + [.key("Values"), .index(i)])
          }
          try MetricDataReader.add(key, timestamp: time, value: value, at: at + [.key("Values"), .index(i)], context: context, into: &store)
        }
      }
    }
  }

  /// Id → what the query fetches (nil for an expression).
  static func readQueries(_ value: JSONValue, at: [JSONLocator.Step], context: PutMetricDataReader.Context) throws(Diagnostic)
    -> [String: Target?]
  {
    guard let list = value.arrayValue else { throw context.fail("\"MetricDataQueries\" must be an array of MetricDataQuery", at) }
    var targets: [String: Target?] = [:]
    for (index, item) in list.enumerated() {
      let qat = at + [.index(index)]
      guard let query = item.objectValue else { throw context.fail("expected a MetricDataQuery object", qat) }
      try MetricDataReader.checkKeys(
        query, known: ["Id", "MetricStat", "Expression", "Label", "ReturnData", "Period", "AccountId"], what: "MetricDataQuery", at: qat,
        context: context)
      guard let id = query["Id"]?.stringValue, !id.isEmpty else { throw context.fail("a query needs an \"Id\"", qat) }
      guard targets[id] == nil else { throw context.fail("duplicate query Id \"\(id)\"", qat + [.key("Id")]) }
      guard (query["MetricStat"] == nil) != (query["Expression"] == nil) else {
        throw context.fail("a query needs exactly one of \"MetricStat\" and \"Expression\"", qat)
      }
      guard let stat = query["MetricStat"] else {
        targets[id] = .some(nil)
        continue
      }
      let sat = qat + [.key("MetricStat")]
      guard let fields = stat.objectValue else { throw context.fail("\"MetricStat\" must be an object", sat) }
      try MetricDataReader.checkKeys(fields, known: ["Metric", "Period", "Stat", "Unit"], what: "MetricStat", at: sat, context: context)
      guard let metric = fields["Metric"]?.objectValue else { throw context.fail("missing \"Metric\"", sat) }
      let mat = sat + [.key("Metric")]
      try MetricDataReader.checkKeys(metric, known: ["Namespace", "MetricName", "Dimensions"], what: "Metric", at: mat, context: context)
      guard let namespace = metric["Namespace"]?.stringValue, !namespace.isEmpty else { throw context.fail("missing \"Namespace\"", mat) }
      guard let name = metric["MetricName"]?.stringValue, !name.isEmpty else { throw context.fail("missing \"MetricName\"", mat) }
      let dimensions = try MetricDataReader.dimensions(metric["Dimensions"], at: mat + [.key("Dimensions")], context: context)
      guard let period = fields["Period"].flatMap(wholeSeconds), period > 0 else {
        throw context.fail("\"Period\" must be a whole number of seconds (1, 5, 10, 20, 30 or a multiple of 60)", sat + [.key("Period")])
      }
      guard let statText = fields["Stat"]?.stringValue else { throw context.fail("missing \"Stat\"", sat) }
      guard let statistic = Statistic.parse(statText) else { throw context.fail("unknown statistic \"\(statText)\"", sat + [.key("Stat")]) }
      var unit: String?
      if let u = fields["Unit"] {
        guard let text = u.stringValue, PutMetricDataReader.units.contains(text) else {
          throw context.fail("unknown Unit", sat + [.key("Unit")])
        }
        unit = text
      }
      targets[id] = Target(identity: MetricIdentity(namespace: namespace, name: name, dimensions: dimensions), statistic: statistic, period: period, unit: unit)
    }
    return targets
  }

  /// A period: a whole number of seconds, 1, 5, 10, 20, 30 or a multiple of 60
  /// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricStat.html).
  static func wholeSeconds(_ value: JSONValue) -> Int? {
    guard let d = value.doubleValue, let n = Int(exactly: d), [1, 5, 10, 20, 30].contains(n) || (n > 0 && n % 60 == 0), n <= Int(Int32.max)
    else { return nil }
    return n
  }
}
