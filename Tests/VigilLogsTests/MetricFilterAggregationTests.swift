import Testing
import VigilCore
import VigilMetrics

@testable import VigilLogs

/// Given a basic statistic, the evaluator keeps per-minute statistic sets instead of every value (flat memory over
/// large files), with the answers the raw values give; pNN, and sums pooled over minutes of non-integer values,
/// still keep every value.
@Suite struct MetricFilterAggregationTests {
  /// Latencies whose sum depends on the order it is added in (0.1 + 0.2 + 0.3 is not 0.3 + 0.2 + 0.1 in binary).
  func ingestLatencies(into evaluator: inout MetricFilterEvaluator) {
    let values = [0.1, 0.2, 0.3, 7.25, 1e16, 1.5, 0.7, 3.3]
    for (k, v) in values.enumerated() {
      evaluator.ingest(LogEvent(timestamp: t0 + EpochMillis(k % 3) * minute + EpochMillis(k) * 1_000, message: "latency \(v)"))
    }
  }

  @Test(arguments: [Statistic.sum, .average, .sampleCount, .minimum, .maximum])
  func basicStatisticsKeepOnlyStatisticSetsPerMinute(statistic: Statistic) throws {
    let latency = try filter("[label, ms]", value: "$ms")
    var kept = try MetricFilterEvaluator(filters: [latency])
    var sets = try MetricFilterEvaluator(filters: [latency], statistic: statistic)
    ingestLatencies(into: &kept)
    ingestLatencies(into: &sets)
    let keptPoints = kept.series(forFilter: 0)[0].datapoints
    let setPoints = sets.series(forFilter: 0)[0].datapoints
    #expect(keptPoints.map(\.values.count) == [3, 3, 2])
    #expect(setPoints.map(\.values.count) == [0, 0, 0])
    #expect(setPoints.map { $0.value(statistic) } == keptPoints.map { $0.value(statistic) })
    #expect(setPoints.map(\.sampleCount) == [3, 3, 2])
  }

  @Test func longerPeriodsPoolSetsOnlyForIntegerValues() throws {
    // A count (constant 1, default 0) pools exactly over five minutes; a latency sum would not, so it keeps values.
    let count = try filter("latency", defaultValue: 0)
    let latency = try filter("[label, ms]", value: "$ms")
    var evaluator = try MetricFilterEvaluator(filters: [count, latency], period: 5 * minute, statistic: .sum)
    ingestLatencies(into: &evaluator)
    let counts = evaluator.series(forFilter: 0)[0].datapoints
    let sums = evaluator.series(forFilter: 1)[0].datapoints
    #expect(counts.map(\.values) == [[]])
    #expect(counts.map { $0.value(.sum) } == [8])
    #expect(sums.map(\.values.count) == [8])
    // Minute by minute, then event order within a minute: what the raw values always summed to.
    #expect(sums.map { $0.value(.sum) } == [[0.1, 7.25, 0.7, 0.2, 1e16, 3.3, 0.3, 1.5].reduce(0, +)])
  }

  @Test func extendedStatisticsKeepEveryValue() throws {
    var evaluator = try MetricFilterEvaluator(filters: [try filter("[label, ms]", value: "$ms")], statistic: .percentile(99))
    ingestLatencies(into: &evaluator)
    #expect(evaluator.series(forFilter: 0)[0].datapoints.map(\.values.count) == [3, 3, 2])
  }
}
