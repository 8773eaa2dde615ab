import Foundation
import Testing
import VigilCore
import VigilLogs
import VigilMetrics
import VigilTestSupport

@testable import VigilSession

/// The shell's `metrics`, `vigil metrics SESSION` and `vigil metrics --filter` all go through `PublishedMetrics`,
/// so the same logs give the same numbers whichever surface shows them.
@Suite struct PublishedMetricsTests {
  /// payment-api's errors (`{ $.level = "ERROR" }`, value 1, default 0) per 5 minutes from 09:00: Sum.
  static let errorsPer5m: [Double] = [0, 4, 1, 1, 1, 3, 3, 5, 4, 1, 4, 1, 2, 1, 2, 5, 182, 82, 2, 4, 1, 1, 4, 2]
  /// payment-api's `$.latency_ms` per 5 minutes from 09:00: p99.
  static let latencyP99Per5m: [Double] = [
    283, 324, 300, 291, 249, 301, 295, 278, 311, 264, 268, 265, 272, 277, 306, 1820, 2050, 1943, 271, 265, 290, 267, 272, 265,
  ]
  static let session = TestPaths.sample("incident.vigil").path
  static let logs = TestPaths.sample("logs/payment-api.jsonl.gz").path

  static func time(_ text: String) throws -> EpochMillis { try #require(TimeFormat.parse(text)) }

  /// The values of a GetMetricData response's result `id`, oldest first.
  static func values(_ json: String, id: String) throws -> [Double] {
    let response = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let results = try #require(response["MetricDataResults"] as? [[String: Any]])
    let result = try #require(results.first { $0["Id"] as? String == id })
    return try #require(result["Values"] as? [Double]).reversed()
  }

  @Test func theShellAndTheSubcommandShowTheSameNumbers() throws {
    let interpreter = try SessionReplay(file: Self.session).interpreter
    let filters = interpreter.stack.metricFilters.filter { $0.service == "payment-api" }
    // No statistic: Sum for the counts, p99 for the latency, as the shell picks them.
    let metrics = try PublishedMetrics(interpreter, filters: filters, period: 300_000, statistic: nil)
    let errors = try #require(metrics.filters.first { $0.name == "api-errors" }?.series.first)
    let latency = try #require(metrics.filters.first { $0.name == "api-latency" }?.series.first)
    #expect(errors.datapoints.map(\.value) == Self.errorsPer5m)
    #expect(latency.datapoints.map(\.value) == Self.latencyP99Per5m)
    #expect(latency.values.first?.time == (try Self.time("2026-03-02T09:00:00Z")))

    let shell = try #require(interpreter.execute("metrics payment-api --period 5m").first)
    #expect(shell.status == .ok)
    #expect(shell.output == metrics.render(.sparklines))
    #expect(shell.output.contains("api-latency → Payments/payment-api LatencyMs p99 per 5m: 24 datapoint(s), min 249, max 2050"))

    for (stat, id, expected) in [("Sum", "m1", Self.errorsPer5m), ("p99", "m2", Self.latencyP99Per5m)] {
      let all = try PublishedMetrics(
        interpreter, filters: interpreter.stack.metricFilters, period: 300_000, statistic: PublishedMetrics.NamedStatistic(stat))
      let json = try VigilBinary.run(["metrics", Self.session, "--period", "5m", "--stat", stat, "--format", "json"])
      #expect(json.status == 0)
      #expect(json.stdout == all.render(.json))
      #expect(try Self.values(json.stdout, id: id) == expected)
      let table = try VigilBinary.run(["metrics", Self.session, "--period", "5m", "--stat", stat])
      #expect(table.status == 0)
      #expect(table.stdout == all.render(.table))
    }
  }

  /// `vigil metrics --filter` prints what the operation renders, and the same filter as the session's `api-errors`
  /// gives the session's numbers.
  @Test(arguments: [PublishedMetrics.Format.table, .json])
  func theFilterOptionGoesThroughTheOperation(format: PublishedMetrics.Format) throws {
    let filter = try VigilLogs.MetricFilter(
      pattern: try FilterPattern(#"{ $.level = "ERROR" }"#), metricName: "ErrorCount", metricNamespace: "Payments/payment-api",
      metricValue: "1", defaultValue: 0, unit: "Count")
    let metrics = try PublishedMetrics(filter, files: [Self.logs], period: 300_000, statistic: PublishedMetrics.NamedStatistic(.sum))
    #expect(metrics.series.map(\.label) == ["ErrorCount"])
    #expect(metrics.series.first?.datapoints.map(\.value) == Self.errorsPer5m)
    let binary = try VigilBinary.run([
      "metrics", "--filter", #"{ $.level = "ERROR" }"#, "--metric", "ErrorCount", "--namespace", "Payments/payment-api",
      "--default", "0", "--unit", "Count", "--period", "5m", "--format", format.rawValue, Self.logs,
    ])
    #expect(binary.status == 0)
    #expect(binary.stdout == metrics.render(format))
    #expect(binary.stderr == "")
  }

  /// A period whose values have no statistic (p99 of negative values) shows no row, and only a series without any
  /// datapoint says so; matches without a value are counted and reported as `vigil metrics` reports them.
  @Test func periodsWithoutAStatisticAndMatchesWithoutAValue() throws {
    let directory = TestPaths.temporaryDirectory()
    let path = directory.appendingPathComponent("v.jsonl").path
    try """
      {"timestamp": "2026-03-02T09:00:10Z", "level": "INFO", "v": -5}
      {"timestamp": "2026-03-02T09:01:10Z", "level": "INFO", "v": 7}
      {"timestamp": "2026-03-02T09:02:10Z", "level": "INFO"}
      """.write(toFile: path, atomically: true, encoding: .utf8)
    let filter = try VigilLogs.MetricFilter(
      pattern: try FilterPattern("{ $.level = * }"), metricName: "V", metricNamespace: "Test", metricValue: "$.v")
    let p99 = try PublishedMetrics(filter, files: [path], period: 60_000, statistic: PublishedMetrics.NamedStatistic(.percentile(99)))
    #expect(
      p99.render(.table) == """
        V  (Test, p99, 1m, unit None)
          TIMESTAMP              VALUE
          2026-03-02T09:01:00Z   7

        """)
    #expect(p99.series.first?.values.map { $0.value } == [nil, 7])
    #expect(p99.unpublishedMatches == 1)
    let warning = "warning: 1 matching events had no numeric value for $.v or lacked a dimension field; they published nothing"
    #expect(p99.warnings(value: "$.v") == [warning])
    let binary = try VigilBinary.run(["metrics", "--filter", "{ $.level = * }", "--metric", "V", "--namespace", "Test", "--value", "$.v", "--stat", "p99", path])
    #expect(binary.status == 0)
    #expect(binary.stdout == p99.render(.table))
    #expect(binary.stderr == warning + "\n")

    let none = try VigilLogs.MetricFilter(
      pattern: try FilterPattern("{ $.level = \"ERROR\" }"), metricName: "E", metricNamespace: "Test", metricValue: "1")
    let empty = try PublishedMetrics(none, files: [path], period: 60_000, statistic: PublishedMetrics.NamedStatistic(.sum))
    #expect(empty.render(.table) == "E  (Test, Sum, 1m, unit None)\n  TIMESTAMP              VALUE\n  (no datapoints)\n")
  }

  /// A `--filter` period is kept as one statistic set (basic statistics) or one entry per distinct value (extended
  /// ones), not one entry per value, and still gives exactly what the raw values give, event-order sum included.
  @Test(arguments: ["Sum", "Average", "SampleCount", "Minimum", "Maximum", "p50", "p90", "TM(10%:90%)", "IQM", "PR(:0.25)"])
  func aPeriodIsKeptCompactAndExact(stat: String) throws {
    let statistic = try #require(Statistic.parse(stat))
    // In event order these add up to 0.8999999999999999; sorted first they would add up to 0.9000000000000001.
    let values = [0.3, 0.2, 0.1, 0.1, 0.2]
    var samples = MetricSeries(identity: MetricIdentity(namespace: "Test", name: "V"))
    PublishedMetrics.append(values, at: 60_000, to: &samples, for: statistic)
    #expect(samples.count == (statistic.isExtended ? 3 : 1))
    #expect(samples.periodValues(statistic, period: 60_000).map { $0.1 } == [statistic.compute(values)])
    #expect(statistic != .sum || samples.periodValues(statistic, period: 60_000).first?.1 == 0.8999999999999999)
  }
}
