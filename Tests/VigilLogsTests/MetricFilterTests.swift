import Testing
import VigilCore
import VigilMetrics

@testable import VigilLogs

let minute: EpochMillis = 60_000
let t0: EpochMillis = 1_772_445_600_000  // 2026-03-02T10:00:00Z

func filter(
  _ pattern: String, value: String = "1", defaultValue: Double? = nil, dimensions: [(name: String, value: String)] = [],
  unit: String? = nil
) throws -> MetricFilter {
  try MetricFilter(
    pattern: FilterPattern(pattern), metricName: "M", metricNamespace: "NS", metricValue: value, defaultValue: defaultValue,
    dimensions: dimensions, unit: unit)
}

@Suite struct MetricFilterTests {
  /// The documented worked example: 2 records per minute, value 1, default 0.
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html
  @Test func twoMatchesThenNoneWithDefaultZero() throws {
    var evaluator = try MetricFilterEvaluator(filters: [filter("Error", defaultValue: 0)])
    evaluator.ingest(LogEvent(timestamp: t0 + 1_000, message: "This message contains an Error"))
    evaluator.ingest(LogEvent(timestamp: t0 + 2_000, message: "This message also contains an Error"))
    evaluator.ingest(LogEvent(timestamp: t0 + minute + 1_000, message: "all good"))
    evaluator.ingest(LogEvent(timestamp: t0 + minute + 2_000, message: "still good"))
    // Minute 3: no events at all.
    evaluator.ingest(LogEvent(timestamp: t0 + 3 * minute, message: "Error again"))
    let series = evaluator.series(forFilter: 0)
    #expect(series.count == 1)
    let points = series[0].datapoints
    #expect(points.map(\.timestamp) == [t0, t0 + minute, t0 + 3 * minute])
    #expect(points.map { $0.value(.sum) } == [2, 0, 1])
    #expect(points.map { $0.value(.sampleCount) } == [2, 1, 1])
  }

  @Test func noEventsNoDatapoint() throws {
    let evaluator = try MetricFilterEvaluator(filters: [filter("Error", defaultValue: 0)])
    #expect(evaluator.series(forFilter: 0).map(\.datapoints) == [[]])
  }

  @Test func withoutDefaultNonMatchingMinutesHaveNoDatapoint() throws {
    var evaluator = try MetricFilterEvaluator(filters: [filter("Error")])
    evaluator.ingest(LogEvent(timestamp: t0, message: "fine"))
    evaluator.ingest(LogEvent(timestamp: t0 + minute, message: "Error"))
    #expect(evaluator.series(forFilter: 0)[0].datapoints == [MetricFilterDatapoint(timestamp: t0 + minute, values: [1])])
  }

  @Test func countingEverythingWithQuotedSpace() throws {
    var evaluator = try MetricFilterEvaluator(filters: [filter("\" \"", defaultValue: 0)])
    for message in ["Test event 1", "Test event 2", "This message also contains an Error"] {
      evaluator.ingest(LogEvent(timestamp: t0, message: message))
    }
    #expect(evaluator.series(forFilter: 0)[0].datapoints[0].value(.sum) == 3)
  }

  /// FindCountMetric / ExtractBytesExample events (S6).
  let apache = [
    "127.0.0.1 - - [24/Sep/2013:11:49:52 -0700] \"GET /index.html HTTP/1.1\" 404 287",
    "127.0.0.1 - - [24/Sep/2013:11:49:52 -0700] \"GET /index.html HTTP/1.1\" 404 287",
    "127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] \"GET /~test/ HTTP/1.1\" 200 3",
    "127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] \"GET /favicon.ico HTTP/1.1\" 404 308",
    "127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] \"GET /favicon.ico HTTP/1.1\" 404 308",
    "127.0.0.1 - - [24/Sep/2013:11:51:34 -0700] \"GET /~test/index.html HTTP/1.1\" 200 3",
  ]

  @Test func http4xxCountAndBytesTransferred() throws {
    var evaluator = try MetricFilterEvaluator(filters: [
      filter("[ip, id, user, timestamp, request, status_code=4*, size]", defaultValue: 0),
      filter("[ip, id, user, timestamp, request, status_code, size]", value: "$size", unit: "Bytes"),
      filter("[ip, id, user, timestamp, request, status_code, size]", value: "$7"),
    ])
    for line in apache { evaluator.ingest(LogEvent(timestamp: t0, message: line)) }
    #expect(evaluator.series(forFilter: 0)[0].datapoints[0].value(.sum) == 4)
    #expect(evaluator.series(forFilter: 1)[0].datapoints[0].values == [287, 287, 3, 308, 308, 3])
    #expect(evaluator.series(forFilter: 1)[0].datapoints[0].value(.sum) == 1196)
    #expect(evaluator.series(forFilter: 1)[0].unit == .bytes)
    #expect(evaluator.series(forFilter: 2)[0].datapoints[0].value(.sum) == 1196)
  }

  @Test func jsonValueAndPercentiles() throws {
    var evaluator = try MetricFilterEvaluator(filters: [filter("{ $.latency = * }", value: "$.latency", defaultValue: 0)])
    evaluator.ingest(LogEvent(timestamp: t0, message: #"{"latency": 50, "requestType": "GET"}"#))
    evaluator.ingest(LogEvent(timestamp: t0 + 1, message: #"{"latency": "fast"}"#))
    evaluator.ingest(LogEvent(timestamp: t0 + 2, message: #"{"latency": 150}"#))
    let point = evaluator.series(forFilter: 0)[0].datapoints[0]
    #expect(point.values == [50, 150])
    #expect(point.value(.percentile(50)) == 50)
    #expect(point.value(.maximum) == 150)
    #expect(point.value(.average) == 100)
    #expect(evaluator.unpublishedMatches == [1])
  }

  @Test func dimensionsSplitSeries() throws {
    var evaluator = try MetricFilterEvaluator(filters: [
      filter("{ $.eventType = \"*\" && $.sourceIPAddress != 123.123.* }", dimensions: [("EventType", "$.eventType")]),
      filter("[ip, server, username, timestamp, request, status_code, bytes > 1000]", dimensions: [("server", "$server")]),
    ])
    evaluator.ingest(LogEvent(timestamp: t0, message: eventJ1))
    evaluator.ingest(LogEvent(timestamp: t0, message: #"{"eventType":"Other","sourceIPAddress":"1.1.1.1"}"#))
    evaluator.ingest(LogEvent(timestamp: t0, message: #"{"eventType":"Other","sourceIPAddress":"1.1.1.2"}"#))
    evaluator.ingest(
      LogEvent(timestamp: t0, message: "127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534"))
    let json = evaluator.series(forFilter: 0)
    #expect(json.map(\.label) == ["M EventType=Other", "M EventType=UpdateTrail"])
    #expect(json.map { $0.datapoints[0].value(.sum) } == [2, 1])
    #expect(evaluator.series(forFilter: 1).map(\.label) == ["M server=Prod"])
  }

  @Test func getMetricDataShape() throws {
    var evaluator = try MetricFilterEvaluator(filters: [filter("Error", defaultValue: 0)])
    evaluator.ingest(LogEvent(timestamp: t0 + 5, message: "Error"))
    evaluator.ingest(LogEvent(timestamp: t0 + minute, message: "ok"))
    let response = MetricFilterEvaluator.getMetricDataResponse(evaluator.allSeries(), statistic: .sum)
    #expect(
      response.serialized(pretty: false)
        == #"{"Messages":[],"MetricDataResults":[{"Id":"m1","Label":"M","StatusCode":"Complete","Timestamps":["2026-03-02T10:01:00Z","2026-03-02T10:00:00Z"],"Values":[0,1]}]}"#
    )
  }

  @Test(
    arguments: [
      (
        "Error", "1", 0.0, [("k", "$.a")],
        "The specified filter pattern does not support dimensions (dimensions need a JSON or space-delimited pattern)"
      ),
      (
        "{ $.a = 1 }", "1", 0.0, [("k", "$.a")],
        "Invalid metric transformation: dimensions and default value are mutually exclusive properties"
      ),
      ("{ $.a = 1 }", "$size", nil, [], "metric value '$size' must be a JSON selector such as $.latency for a JSON pattern"),
      ("[a, b]", "$c", nil, [], "metric value '$c' is not a field of the pattern (fields: $a, $b)"),
      ("Error", "$.x", nil, [], "metric value '$.x' needs a JSON or space-delimited pattern"),
      ("Error", "one", nil, [], "metric value 'one' must be a number or a field reference ($.field, $name, $N)"),
      ("{ $.a = 1 }", "1", nil, [("a", "$.a"), ("b", "$.b"), ("c", "$.c"), ("d", "$.d")], "a metric filter can have at most 3 dimensions"),
    ] as [(String, String, Double?, [(String, String)], String)])
  func invalidTransformations(pattern: String, value: String, defaultValue: Double?, dimensions: [(String, String)], message: String) {
    #expect(throws: MetricFilterError(message)) {
      try filter(pattern, value: value, defaultValue: defaultValue, dimensions: dimensions.map { (name: $0.0, value: $0.1) })
    }
  }

  @Test func unitAndLimits() throws {
    #expect(throws: MetricFilterError("unknown unit 'Second'; did you mean Seconds?")) { try filter("x", unit: "Second") }
    let many = try (0..<101).map { _ in try filter("x") }
    #expect(throws: MetricFilterError("a log group can have at most 100 metric filters (101 given)")) {
      try MetricFilterEvaluator(filters: many)
    }
  }
}

@Suite struct MetricPeriodTests {
  /// A 5-minute period pools the per-minute values: each minute with events but no match adds one default.
  @Test func longerPeriodPoolsMinuteValues() throws {
    var evaluator = try MetricFilterEvaluator(filters: [filter("Error", defaultValue: 0)], period: 5 * minute)
    evaluator.ingest(LogEvent(timestamp: t0, message: "Error"))
    evaluator.ingest(LogEvent(timestamp: t0 + 10, message: "Error"))
    evaluator.ingest(LogEvent(timestamp: t0 + minute, message: "ok"))
    evaluator.ingest(LogEvent(timestamp: t0 + 2 * minute, message: "ok"))
    let point = evaluator.series(forFilter: 0)[0].datapoints
    #expect(point == [MetricFilterDatapoint(timestamp: t0, values: [1, 1, 0, 0])])
    #expect(point[0].value(.sampleCount) == 4)
  }

  @Test func periodMustBeWholeMinutes() {
    #expect(throws: MetricFilterError("metric filters publish one-minute data; the period must be a whole number of minutes")) {
      try MetricFilterEvaluator(filters: [], period: 30_000)
    }
  }
}

@Suite struct DocumentedMetricFilterExamples {
  /// Counting404Responses: `[ip, id, user, timestamp, request, status_code=404, size]`.
  @Test func apacheNotFoundErrorCount() throws {
    var evaluator = try MetricFilterEvaluator(filters: [filter("[ip, id, user, timestamp, request, status_code=404, size]")])
    evaluator.ingest(
      LogEvent(timestamp: t0, message: "127.0.0.1 - bob [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 404 2326"))
    evaluator.ingest(
      LogEvent(timestamp: t0, message: "127.0.0.1 - bob [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326"))
    #expect(evaluator.series(forFilter: 0)[0].datapoints == [MetricFilterDatapoint(timestamp: t0, values: [1])])
  }

  /// `aws logs test-metric-filter --filter-pattern ERROR --log-event-messages "[ERROR] 400 BAD REQUEST" ...`
  /// returns eventNumber 1 and 2 with empty extractedValues.
  @Test func testMetricFilterCLIExample() throws {
    let pattern = try FilterPattern("ERROR")
    let results = ["[ERROR] 400 BAD REQUEST", "[ERROR] 400 BAD REQUEST", "[INFO] 200 OK"].map { pattern.match($0) }
    #expect(results == [FilterPatternMatch(extractedValues: [:]), FilterPatternMatch(extractedValues: [:]), nil])
  }
}
