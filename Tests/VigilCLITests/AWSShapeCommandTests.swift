import Foundation
import Testing
import VigilTestSupport

/// The AWS CLI's output shapes through `vigil` (fixtures recorded from the CLI against moto: Tests/Fixtures/aws-cli).
@Suite struct AWSShapeCommandTests {
  static func fixture(_ name: String) -> String { "Tests/Fixtures/aws-cli/" + name }

  /// TestMetricFilter numbers events from 0 (every example of the API reference); the table keeps line numbers.
  @Test func testPatternNumbersEventsFromZeroInJSON() throws {
    let json = try VigilBinary.run(["test-pattern", "ERROR", Self.fixture("filter-log-events-query-events.json"), "--format", "json"])
    #expect(json.status == 0)
    #expect(
      json.stdout == """
        {"matches":[
        {"eventMessage":"ERROR payment declined","eventNumber":0,"extractedValues":{}},
        {"eventMessage":"ERROR timeout after 3000 ms","eventNumber":2,"extractedValues":{}}
        ]}

        """)
    let table = try VigilBinary.run(["test-pattern", "ERROR", Self.fixture("filter-log-events-query-events.json")])
    #expect(
      table.stdout == """
        #1  filter-log-events-query-events.json:1  ERROR payment declined
        #3  filter-log-events-query-events.json:3  ERROR timeout after 3000 ms
        2 matching events

        """)
  }

  @Test func emptyBracketsMatchEveryEvent() throws {
    let count = try VigilBinary.run(["test-pattern", "[]", Self.fixture("filter-log-events-query-events.json"), "--count"])
    #expect(count.status == 0)
    #expect(count.stdout == "3\n")
  }

  @Test func queryRowsCarryPointerAndNamedLogGroup() throws {
    let result = try VigilBinary.run([
      "query", "fields @log, @message | filter @message like /ERROR/", Self.fixture("filter-log-events-query-events.json"), "--log-group",
      "/aws/lambda/checkout", "--format", "json",
    ])
    #expect(result.status == 0)
    let response = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let rows = try #require(response["results"] as? [[[String: String]]])
    #expect(
      rows == [
        [
          ["field": "@log", "value": "/aws/lambda/checkout"], ["field": "@message", "value": "ERROR timeout after 3000 ms"],
          ["field": "@ptr", "value": "/aws/lambda/checkout:s1:3"],
        ],
        [
          ["field": "@log", "value": "/aws/lambda/checkout"], ["field": "@message", "value": "ERROR payment declined"],
          ["field": "@ptr", "value": "/aws/lambda/checkout:s1:1"],
        ],
      ])
    // Aggregated rows have no pointer; the table never shows one.
    let stats = try VigilBinary.run(["query", "stats count(*) as n", Self.fixture("filter-log-events-query-events.json"), "--format", "json"])
    #expect(!stats.stdout.contains("@ptr"))
    let table = try VigilBinary.run(["query", "fields @message", Self.fixture("filter-log-events-query-events.json")])
    #expect(!table.stdout.contains("@ptr"))
  }

  @Test func sourceSelectsTheNamedFiles() throws {
    let log = Self.fixture("filter-log-events-query-events.json"), other = Self.fixture("filter-log-events.json")
    let result = try VigilBinary.run([
      "query", "SOURCE '/aws/lambda/checkout' | stats count(*) as n by @log", log, other, "--log-group", "/aws/lambda/checkout",
      "--log-group", "/aws/lambda/other",
    ])
    #expect(result.status == 0)
    #expect(
      result.stdout == """
        @log                  n
        --------------------  -
        /aws/lambda/checkout  3
        1 row; 3 records matched, 3 scanned, 56 bytes

        """)
    let unknown = try VigilBinary.run(["query", "SOURCE '/aws/lambda/checkot' | stats count(*)", log, "--log-group", "/aws/lambda/checkout"])
    #expect(unknown.status == 2)
    #expect(
      unknown.stderr == """
        1:8: error: SOURCE '/aws/lambda/checkot' is not a log group here (log groups with logs: /aws/lambda/checkout); did you mean '/aws/lambda/checkout'?
          SOURCE '/aws/lambda/checkot' | stats count(*)
                 ^

        """)
    let counts = try VigilBinary.run(["query", "fields @message", log, log, log, "--log-group", "a", "--log-group", "b"])
    #expect(counts.status == 2)
    #expect(
      counts.stderr
        == "error: --log-group was given 2 times for 3 files: give it once (every file is that log group) or once per file, in order\n")
  }

  @Test func previewAlarmReadsGetMetricDataAndDescribeAlarmsOutput() throws {
    let result = try VigilBinary.run([
      "preview-alarm", Self.fixture("describe-alarms-metrics-empty.json"), "--data", Self.fixture("get-metric-data-with-queries.json"),
    ])
    #expect(result.status == 0)
    #expect(
      result.stdout == """
        Alarm preview 2026-11-30T08:00:00Z .. 2026-11-30T08:02:00Z, one column = 1m (A = ALARM, . = OK, ? = INSUFFICIENT_DATA)
        checkout-latency  ?.  ALARM

        Transitions:
          2026-11-30T08:01:00Z  checkout-latency  INSUFFICIENT_DATA -> OK  Threshold Crossed: 1 out of the last 1 datapoints [120.0 (30/11/26 08:00:00)] was not greater than the threshold (150.0) (minimum 1 datapoint for ALARM -> OK transition).
          2026-11-30T08:02:00Z  checkout-latency  OK -> ALARM  Threshold Crossed: 1 out of the last 1 datapoints [200.0 (30/11/26 08:01:00)] was greater than the threshold (150.0) (minimum 1 datapoint for OK -> ALARM transition).

        Notifications (alarm, action, count):
          (none)

        """)
    let labelled = try VigilBinary.run([
      "preview-alarm", Self.fixture("describe-alarms-metrics-empty.json"), "--data", Self.fixture("get-metric-data-vigil-label.json"),
    ])
    #expect(labelled.stdout == result.stdout)
    // moto's get-metric-statistics stamps datapoints with their first sample's time, not the minute: refused by name.
    let statistics = try VigilBinary.run([
      "preview-alarm", Self.fixture("describe-alarms-metrics-empty.json"), "--data", Self.fixture("get-metric-statistics-with-request.json"),
    ])
    #expect(statistics.status == 2)
    #expect(
      statistics.stderr
        == "vigil: error: alarm checkout-latency: Shop Latency{Service=checkout} Maximum per 60 s (Milliseconds) has a datapoint at 2026-11-30T08:00:10Z, which is not on a 60-second boundary where the alarm's windows start\n"
    )
  }
}
