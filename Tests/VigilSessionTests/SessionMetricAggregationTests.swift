import Foundation
import Testing
import VigilAlarms
import VigilCore
import VigilMetrics
import VigilTestSupport

@testable import VigilSession

/// A session's metric store keeps one statistic set per metric, unit and minute, and every value only for metrics a
/// consumer reads with a distribution (or sums over minutes of fractions): memory stays flat on large loads, and every
/// answer is the one the values give.
@Suite struct SessionMetricAggregationTests {
  static let minute: EpochMillis = 60_000
  static let start: EpochMillis = 1_772_442_000_000  // 2026-03-02T09:00:00Z
  /// Latencies per minute (minute 3 has an event without one); fractions whose sums depend on the order they are added.
  static let latencies: [[Double]] = [[0.1, 0.2, 0.3], [7.25, 1.5], [0.7, 3.3, 12], [], [2.5], [9.1, 0.4]]
  static let errorsPerMinute = [1, 0, 2, 0, 0, 1]

  /// Writes the log and returns an interpreter that defined the filters and loaded it.
  static func session(_ extra: String = "") throws -> Interpreter {
    let directory = TestPaths.temporaryDirectory()
    var lines: [String] = []
    for (m, values) in latencies.enumerated() {
      let base = start + EpochMillis(m) * minute
      for (k, v) in values.enumerated() {
        lines.append(#"{"timestamp":\#(base + EpochMillis(k) * 1000),"level":"INFO","latency_ms":\#(v)}"#)
      }
      for k in 0..<errorsPerMinute[m] { lines.append(#"{"timestamp":\#(base + 30_000 + EpochMillis(k)),"level":"ERROR"}"#) }
      if values.isEmpty && errorsPerMinute[m] == 0 { lines.append(#"{"timestamp":\#(base),"level":"INFO"}"#) }
    }
    try (lines.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("app.jsonl"), atomically: true, encoding: .utf8)
    let interpreter = Interpreter(baseDirectory: directory)
    let outcomes = interpreter.execute(
      """
      stack shop --suffix dev
      service api --lambda
      metric-filter latency on api --pattern '{ $.latency_ms = * }' --namespace Shop/api --metric LatencyMs --value '$.latency_ms' --unit Milliseconds
      metric-filter errors on api --pattern '{ $.level = "ERROR" }' --namespace Shop/api --metric ErrorCount --value 1 --default 0 --unit Count
      alarm slow --metric Shop/api/LatencyMs --stat Maximum --period 1m --when '> 5' --datapoints 1/1
      load app.jsonl into api
      \(extra)
      """)
    #expect(outcomes.allSatisfy { $0.status == .ok }, "\(outcomes.map(\.output))")
    return interpreter
  }

  static func series(_ store: MetricStore, _ name: String) throws -> MetricSeries {
    guard case .success(let series?) = store.lookup(MetricIdentity(namespace: "Shop/api", name: name), unit: nil) else {
      throw SeriesMissing()
    }
    return series
  }
  struct SeriesMissing: Error {}

  static func values(_ series: MetricSeries, _ statistic: Statistic, period: EpochMillis) -> [Double?] {
    series.periodValues(statistic, period: period, from: start, to: start + 6 * minute).map(\.1)
  }

  @Test func theStoreKeepsOneSetPerMinuteAndGivesTheValuesAnswers() throws {
    let interpreter = try Self.session()
    let aggregated = try interpreter.metricStore(for: MetricDemand())
    let everyValue = try interpreter.metricStore()
    let latency = try Self.series(aggregated, "LatencyMs"), rawLatency = try Self.series(everyValue, "LatencyMs")
    let errors = try Self.series(aggregated, "ErrorCount"), rawErrors = try Self.series(everyValue, "ErrorCount")
    // One entry per minute with data, where the values take one entry each.
    #expect(latency.count == 5)
    #expect(rawLatency.count == 11)
    #expect(errors.count == 6)
    #expect(rawErrors.count == 7)
    for statistic in [Statistic.sampleCount, .sum, .average, .minimum, .maximum] {
      #expect(Self.values(latency, statistic, period: Self.minute) == Self.values(rawLatency, statistic, period: Self.minute))
      #expect(Self.values(errors, statistic, period: Self.minute) == Self.values(rawErrors, statistic, period: Self.minute))
      // Whole numbers add exactly in any order, so counts keep sets even for five-minute sums.
      #expect(Self.values(errors, statistic, period: 5 * Self.minute) == Self.values(rawErrors, statistic, period: 5 * Self.minute))
    }
    #expect(Self.values(latency, .sum, period: Self.minute) == [0.1 + 0.2 + 0.3, 8.75, 0.7 + 3.3 + 12, nil, 2.5, 9.5])
    #expect(Self.values(errors, .sum, period: 5 * Self.minute) == [3, 1])
    #expect(Self.values(latency, .maximum, period: 5 * Self.minute) == [12, 9.1])
    #expect(Self.values(latency, .sampleCount, period: 5 * Self.minute) == [9, 2])
  }

  @Test func sumsOverMinutesOfFractionsAndDistributionsKeepEveryValue() throws {
    let interpreter = try Self.session()
    var demand = MetricDemand()
    demand.add(namespace: "Shop/api", name: "LatencyMs", statistic: .average, period: 5 * Self.minute)
    let latency = try Self.series(try interpreter.metricStore(for: demand), "LatencyMs")
    #expect(latency.count == 11)
    // Added in event order: what the values always summed to (the minute sums added would round differently).
    let firstFive = Self.latencies.prefix(5).flatMap { $0 }
    #expect(Self.values(latency, .sum, period: 5 * Self.minute) == [firstFive.reduce(0, +), 9.5])
    #expect(Self.values(latency, .average, period: 5 * Self.minute) == [firstFive.reduce(0, +) / 9, 4.75])
    #expect(try Self.series(try interpreter.metricStore(for: MetricDemand()), "ErrorCount").count == 6)
  }

  /// `metrics` and the Maximum alarm need only sets; a p99 alarm added afterwards gets the store derived again from
  /// the loaded file, with the values' exact percentiles.
  @Test func aPercentileAlarmAddedAfterTheLoadGetsTheExactAnswer() throws {
    let interpreter = try Self.session()
    let before = interpreter.execute("metrics --stat Maximum --period 1m\npreview alarm slow")
    #expect(before.map(\.status) == [.ok, .ok])
    #expect(try Self.series(try interpreter.metricStore(for: MetricDemand()), "LatencyMs").count == 5)
    #expect(interpreter.execute("alarm tail --metric Shop/api/LatencyMs --stat p99 --period 1m --when '> 5' --datapoints 1/1").first?.status == .ok)
    let store = try interpreter.metricStore(for: MetricDemand())
    let latency = try Self.series(store, "LatencyMs")
    #expect(latency.count == 11)
    #expect(Self.values(latency, .percentile(99), period: Self.minute) == [0.3, 7.25, 12, nil, 2.5, 9.1])
    #expect(Self.values(latency, .percentile(50), period: 5 * Self.minute) == [1.5, 0.4])
    // The same timeline as a session that had the alarm before it loaded anything.
    let late = try interpreter.evaluateAlarms()
    let early = try Self.session(
      "alarm tail --metric Shop/api/LatencyMs --stat p99 --period 1m --when '> 5' --datapoints 1/1"
    ).evaluateAlarms()
    let changes = try #require(late.timelines["tail"]).changes.map { "\(($0.0 - Self.start) / Self.minute) \($0.1.rawValue)" }
    #expect(changes == (try #require(early.timelines["tail"])).changes.map { "\(($0.0 - Self.start) / Self.minute) \($0.1.rawValue)" })
    // Each tick reads the minute before it: 0.3 OK at 1, 7.25 ALARM at 2, 12 at 3, minute 3 missing keeps ALARM at 4
    // (the newest real datapoint breaches), 2.5 OK at 5, 9.1 ALARM at 6.
    #expect(changes == ["0 INSUFFICIENT_DATA", "1 OK", "2 ALARM", "5 OK", "6 ALARM"])
  }
}
