import Foundation
import Testing
import VigilCore
import VigilMetrics
import VigilTestSupport

/// The AWS CLI's metric outputs as data (`Tests/Fixtures/aws-cli`, recorded from the CLI against moto; its README
/// gives each command), and the newer PutMetricData fields.
@Suite struct AWSOutputShapeTests {
  static let checkout = MetricIdentity(namespace: "Shop", name: "Latency", dimensions: ["Service": "checkout"])
  static let t0: EpochMillis = 1_796_025_600_000  // 2026-11-30T08:00:00Z

  static func read(fixture name: String) throws -> MetricStore {
    var store = MetricStore()
    let path = TestPaths.fixture("aws-cli/" + name).path
    try MetricDataReader.read(try String(contentsOfFile: path, encoding: .utf8), file: name, into: &store)
    return store
  }

  static func read(_ text: String) throws(Diagnostic) -> MetricStore {
    var store = MetricStore()
    try MetricDataReader.read(text, file: "m.json", into: &store)
    return store
  }

  /// The error `text` gives, as printed.
  static func error(_ text: String) -> String? {
    do {
      _ = try read(text)
      return nil
    } catch {
      return error.description
    }
  }

  @Test func getMetricDataWithItsQueriesIsTheQueriedMetric() throws {
    let store = try Self.read(fixture: "get-metric-data-with-queries.json")
    let key = AggregatedSeries.Key(identity: Self.checkout, unit: nil, statistic: .maximum, period: 60)
    #expect(Array(store.aggregated.keys) == [key])
    #expect(store.aggregated[key]?.values == [Self.t0: 120, Self.t0 + 60_000: 200])
    #expect(store.series.isEmpty)
  }

  @Test func getMetricDataLabelledByTheConventionNeedsNoQueries() throws {
    let store = try Self.read(fixture: "get-metric-data-vigil-label.json")
    let key = AggregatedSeries.Key(identity: Self.checkout, unit: "Milliseconds", statistic: .maximum, period: 60)
    #expect(Array(store.aggregated.keys) == [key])
    #expect(store.aggregated[key]?.values == [Self.t0: 120, Self.t0 + 60_000: 200])
  }

  @Test func getMetricDataWithoutQueriesOrConventionIsRefusedAtTheLabel() throws {
    let text = try String(contentsOfFile: TestPaths.fixture("aws-cli/get-metric-data.json").path, encoding: .utf8)
    #expect(
      Self.error(text)
        == """
        m.json:5:38: error: Label "Latency Maximum": expected ` Stat Periods` (and an optional Unit) after the metric; without "MetricDataQueries" in the file, each Label must name its metric as `Namespace MetricName{Dim=Value,…} Stat Periods` (e.g. `AWS/Lambda Duration{FunctionName=checkout} p99 300s`); save the request's MetricDataQueries in the file beside MetricDataResults, or set each query's Label so
                      "Label": "Latency Maximum",
                                               ^
        """)
  }

  @Test func getMetricStatisticsWithItsRequestGivesEachStatistic() throws {
    let store = try Self.read(fixture: "get-metric-statistics-with-request.json")
    func values(_ statistic: Statistic) -> [EpochMillis: Double]? {
      store.aggregated[AggregatedSeries.Key(identity: Self.checkout, unit: "Milliseconds", statistic: statistic, period: 60)]?.values
    }
    // moto stamps the datapoints 08:00:10 and 08:01:10 (its first sample's time, then a period on), as recorded.
    let first = Self.t0 + 10_000, second = Self.t0 + 70_000
    #expect(store.aggregated.count == 4)
    #expect(values(.sampleCount) == [first: 2, second: 1])
    #expect(values(.sum) == [first: 200, second: 200])
    #expect(values(.minimum) == [first: 80, second: 200])
    #expect(values(.maximum) == [first: 120, second: 200])
  }

  @Test func getMetricStatisticsAloneIsRefusedAtTheLabel() throws {
    let text = try String(contentsOfFile: TestPaths.fixture("aws-cli/get-metric-statistics.json").path, encoding: .utf8)
    #expect(
      Self.error(text)
        == """
        m.json:2:14: error: get-metric-statistics output names only the metric (Label "Latency"); add the request's "Namespace", "Period" and "Dimensions" beside "Datapoints" so Vigil knows which metric and period these datapoints are
              "Label": "Latency",
                       ^
        """)
  }

  /// ExtendedStatistics in the API reference's shape (moto returns none), with ISO timestamps (CLI v2's default).
  @Test func extendedStatisticsAreTheirOwnSeries() throws {
    let store = try Self.read(
      """
      {"Namespace": "Shop", "MetricName": "Latency", "Period": 300, "Label": "Latency",
       "Datapoints": [{"Timestamp": "2026-11-30T08:00:00Z", "ExtendedStatistics": {"p99": 180.5, "tm90": 101}, "Unit": "Milliseconds"}]}
      """)
    let id = MetricIdentity(namespace: "Shop", name: "Latency")
    #expect(store.aggregated[AggregatedSeries.Key(identity: id, unit: "Milliseconds", statistic: .percentile(99), period: 300)]?.values == [Self.t0: 180.5])
    #expect(store.aggregated.count == 2)
  }

  @Test(
    arguments: [
      (
        #"{"MetricDataResults": [{"Id": "m1", "Label": "Shop Latency Sum 60s", "Timestamps": [1796025600], "Values": [1, 2]}]}"#,
        "m.json:1:108: error: \"Values\" has 2 entries but \"Timestamps\" has 1"
      ),
      (
        #"{"MetricDataResults": [{"Id": "m1", "Label": "Shop Latency Sum 60s", "Timestamps": [], "Values": [], "StatusCode": "Forbidden"}]}"#,
        "m.json:1:116: error: result \"m1\" has StatusCode Forbidden: CloudWatch did not return its data"
      ),
      (
        #"{"MetricDataResults": [{"Id": "m1", "Label": "Shop Latency Sum 60s", "Timestamps": ["soon"], "Values": [1]}]}"#,
        "m.json:1:85: error: not an ISO-8601 time or epoch seconds within the years 0000 to 9999"
      ),
      (
        #"{"MetricDataQueries": [{"Id": "e1", "Expression": "m1 * 2"}], "MetricDataResults": [{"Id": "e1", "Timestamps": [], "Values": []}]}"#,
        "m.json:1:92: error: result \"e1\" comes from an expression, not a metric; only MetricStat results are data"
      ),
      (
        #"{"MetricDataQueries": [], "MetricDataResults": [{"Id": "m2", "Timestamps": [], "Values": []}]}"#,
        "m.json:1:56: error: result \"m2\" answers no query in \"MetricDataQueries\""
      ),
      (
        #"{"MetricDataResult": []}"#,
        "m.json:1:22: error: unknown PutMetricData field \"MetricDataResult\"; did you mean MetricDataResults?"
      ),
      (
        #"{"MetricDataResults": [], "NextTokn": "x"}"#,
        "m.json:1:39: error: unknown get-metric-data field \"NextTokn\"; did you mean NextToken?"
      ),
      (
        #"{"Namespace": "Shop", "MetricName": "Latency", "Period": 45, "Datapoints": []}"#,
        "m.json:1:58: error: \"Period\" must be a whole number of seconds (1, 5, 10, 20, 30 or a multiple of 60)"
      ),
      (
        #"{"MetricDataResults": [{"Id": "m1", "Label": "Shop Latency{Service=a} Sum 60", "Timestamps": [], "Values": []}]}"#,
        "m.json:1:75: error: Label \"Shop Latency{Service=a} Sum 60\": expected the period in seconds, such as 60s; without \"MetricDataQueries\" in the file, each Label must name its metric as `Namespace MetricName{Dim=Value,…} Stat Periods` (e.g. `AWS/Lambda Duration{FunctionName=checkout} p99 300s`); save the request's MetricDataQueries in the file beside MetricDataResults, or set each query's Label so"
      ),
    ])
  func malformedOutputsArePositioned(text: String, expected: String) {
    #expect(Self.error(text)?.split(separator: "\n").first.map(String.init) == expected)
  }

  @Test func aSecondDifferentValueForOneWindowIsRefused() {
    let page = #"{"MetricDataResults": [{"Id": "m1", "Label": "Shop Latency Sum 60s", "Timestamps": [1796025600], "Values": [VALUE]}]}"#
    let text = "[" + page.replacingOccurrences(of: "VALUE", with: "1") + ",\n" + page.replacingOccurrences(of: "VALUE", with: "2") + "]"
    #expect(
      Self.error(text)?.split(separator: "\n").first.map(String.init)
        == "m.json:2:109: error: Shop Latency Sum per 60 s at 2026-11-30T08:00:00Z was already read as 1.0; this file says 2.0")
    // The same value twice (overlapping pages) is one datapoint.
    #expect(throws: Never.self) { try Self.read("[" + page.replacingOccurrences(of: "VALUE", with: "1") + "," + page.replacingOccurrences(of: "VALUE", with: "1") + "]") }
  }

  @Test func labelsRoundTripWithEscapes() throws {
    let metric = MetricStat(
      identity: MetricIdentity(namespace: "My App", name: "p{99}", dimensions: ["Host=Name": "a,b", "Zone": "eu west\\1"]),
      statistic: .percentile(99.9), period: 300, unit: "Milliseconds")
    #expect(metric.label == #"My\ App p\{99\}{Host\=Name=a\,b,Zone=eu\ west\\1} p99.9 300s Milliseconds"#)
    #expect(try MetricStat.parse(label: metric.label).get() == metric)
    #expect(
      try MetricStat.parse(label: "AWS/Lambda Duration{FunctionName=checkout} TM(10%:90%) 60s").get()
        == MetricStat(
          identity: MetricIdentity(namespace: "AWS/Lambda", name: "Duration", dimensions: ["FunctionName": "checkout"]),
          statistic: Statistic.parse("TM(10%:90%)")!, period: 60))
  }

  @Test func entityMetricDataIsReadLikeMetricData() throws {
    let store = try Self.read(
      """
      {"Namespace": "Shop", "StrictEntityValidation": false,
       "EntityMetricData": [{"Entity": {"KeyAttributes": {"Type": "Service", "Name": "checkout", "Environment": "prod"},
                                        "Attributes": {"PlatformType": "AWS::Lambda"}},
                             "MetricData": [{"MetricName": "Latency", "Dimensions": [{"Name": "Service", "Value": "checkout"}],
                                             "Timestamp": "2026-11-30T08:00:10Z", "Value": 120, "Unit": "Milliseconds"}]}],
       "MetricData": [{"MetricName": "Latency", "Dimensions": [{"Name": "Service", "Value": "checkout"}],
                       "Timestamp": "2026-11-30T08:00:40Z", "Value": 80, "Unit": "Milliseconds"}]}
      """)
    let series = try #require(try store.lookup(Self.checkout, unit: "Milliseconds").get())
    #expect(series.count == 2)
    #expect(series.aggregate(.sum, from: Self.t0, to: Self.t0 + 60_000)?.value == 200)
  }

  @Test(
    arguments: [
      (
        #"{"Namespace": "Shop", "EntityMetricData": [{"MetricData": []}]}"#,
        "m.json:1:43: error: \"StrictEntityValidation\" is required with \"EntityMetricData\""
      ),
      (
        #"{"Namespace": "Shop", "StrictEntityValidation": "yes", "MetricData": []}"#,
        "m.json:1:49: error: \"StrictEntityValidation\" must be true or false"
      ),
      (
        #"{"Namespace": "Shop", "StrictEntityValidation": true, "EntityMetricData": [{"Entity": {"KeyAttributes": {"Typ": "Service"}}, "MetricData": []}]}"#,
        "m.json:1:113: error: unknown entity key attribute \"Typ\" (allowed: Type, ResourceType, Identifier, Name, Environment); did you mean Type?"
      ),
      (
        #"{"Namespace": "Shop", "StrictEntityValidation": true, "EntityMetricData": [{}, {}, {}]}"#,
        "m.json:1:84: error: at most 2 EntityMetricData objects per request"
      ),
    ])
  func malformedEntityDataIsPositioned(text: String, expected: String) {
    #expect(Self.error(text)?.split(separator: "\n").first.map(String.init) == expected)
  }
}
