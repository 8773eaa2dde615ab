import VigilCore

/// Reads `aws cloudwatch get-metric-statistics` output as aggregated datapoints
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html).
///
/// The response holds only `Label` (the metric name) and `Datapoints`; which metric and period they are is in the
/// request. So the document must also carry the request's `Namespace` and `Period` (and its `Dimensions`; a
/// `MetricName` must equal the `Label`): the response and request merged into one object. Each statistic a datapoint carries (`SampleCount`, `Average`, `Sum`, `Minimum`,
/// `Maximum`, and each `ExtendedStatistics` entry) becomes its own series at that period. The unit is the request's
/// `Unit`, else the datapoints' own `Unit`.
enum GetMetricStatisticsReader {
  static let requestKeys = [
    "Namespace", "MetricName", "Dimensions", "StartTime", "EndTime", "Period", "Statistics", "ExtendedStatistics", "Unit",
  ]
  static let responseKeys = ["Label", "Datapoints"]
  static let datapointKeys = ["Timestamp", "SampleCount", "Average", "Sum", "Minimum", "Maximum", "Unit", "ExtendedStatistics"]

  static func read(_ root: JSONValue, context: PutMetricDataReader.Context, into store: inout MetricStore) throws(Diagnostic) {
    for (document, base) in MetricDataReader.documents(root) {
      guard let object = document.objectValue else { throw context.fail("expected a get-metric-statistics output object", base) }
      try MetricDataReader.checkKeys(object, known: responseKeys + requestKeys, what: "get-metric-statistics", at: base, context: context)
      let name = object["MetricName"]?.stringValue ?? object["Label"]?.stringValue
      guard let namespace = object["Namespace"]?.stringValue, !namespace.isEmpty, let name, !name.isEmpty,
        let periodValue = object["Period"]
      else {
        let label = object["Label"]?.stringValue.map { " (Label \"\($0)\")" } ?? ""
        throw context.fail(
          "get-metric-statistics output names only the metric\(label); add the request's \"Namespace\", \"Period\" and \"Dimensions\" beside \"Datapoints\" so Vigil knows which metric and period these datapoints are",
          object["Label"] != nil ? base + [.key("Label")] : base)
      }
      guard let period = GetMetricDataReader.wholeSeconds(periodValue) else {
        throw context.fail("\"Period\" must be a whole number of seconds (1, 5, 10, 20, 30 or a multiple of 60)", base + [.key("Period")])
      }
      if let label = object["Label"]?.stringValue, let metricName = object["MetricName"]?.stringValue, label != metricName {
        throw context.fail("\"Label\" \"\(label)\" is not the request's MetricName \"\(metricName)\"", base + [.key("Label")])
      }
      let dimensions = try MetricDataReader.dimensions(object["Dimensions"], at: base + [.key("Dimensions")], context: context)
      let identity = MetricIdentity(namespace: namespace, name: name, dimensions: dimensions)
      var requestUnit: String?
      if let u = object["Unit"] {
        guard let text = u.stringValue, PutMetricDataReader.units.contains(text) else {
          throw context.fail("unknown Unit", base + [.key("Unit")])
        }
        requestUnit = text
      }
      guard let points = object["Datapoints"]?.arrayValue else {
        throw context.fail("\"Datapoints\" must be an array of Datapoint", base + [.key("Datapoints")])
      }
      for (index, item) in points.enumerated() {
        let at = base + [.key("Datapoints"), .index(index)]
        guard let point = item.objectValue else { throw context.fail("expected a Datapoint object", at) }
        try MetricDataReader.checkKeys(point, known: datapointKeys, what: "Datapoint", at: at, context: context)
        guard let stamp = point["Timestamp"] else { throw context.fail("missing \"Timestamp\"", at) }
        guard let time = MetricDataReader.timestamp(stamp) else {
          throw context.fail("\"Timestamp\" is not an ISO-8601 time or epoch seconds within the years 0000 to 9999", at + [.key("Timestamp")])
        }
        var unit = requestUnit
        if let u = point["Unit"] {
          guard let text = u.stringValue, PutMetricDataReader.units.contains(text) else {
            throw context.fail("unknown Unit", at + [.key("Unit")])
          }
          if let requestUnit, requestUnit != text {
            throw context.fail("the datapoint's Unit \(text) is not the request's \(requestUnit)", at + [.key("Unit")])
          }
          unit = text
        }
        var statistics: [(Statistic, JSONValue, [JSONLocator.Step])] = []
        for (field, statistic) in [
          ("SampleCount", Statistic.sampleCount), ("Average", .average), ("Sum", .sum), ("Minimum", .minimum), ("Maximum", .maximum),
        ] {
          if let v = point[field] { statistics.append((statistic, v, at + [.key(field)])) }
        }
        if let extended = point["ExtendedStatistics"] {
          let eat = at + [.key("ExtendedStatistics")]
          guard let map = extended.objectValue else { throw context.fail("\"ExtendedStatistics\" must be an object", eat) }
          for (text, v) in map.sorted(by: { $0.key < $1.key }) {
            guard let statistic = Statistic.parse(text), statistic.isExtended else {
              throw context.fail("unknown extended statistic \"\(text)\"", eat + [.key(text)])
            }
            statistics.append((statistic, v, eat + [.key(text)]))
          }
        }
        guard !statistics.isEmpty else {
          throw context.fail("the datapoint holds no statistic (SampleCount, Average, Sum, Minimum, Maximum or ExtendedStatistics)", at)
        }
        for (statistic, v, path) in statistics {
          guard let value = MetricDataReader.number(v) else { throw context.fail("expected a number between -2^360 and 2^360", path) }
          let key = AggregatedSeries.Key(identity: identity, unit: unit, statistic: statistic, period: period)
          try MetricDataReader.add(key, timestamp: time, value: value, at: path, context: context, into: &store)
        }
      }
    }
  }
}
