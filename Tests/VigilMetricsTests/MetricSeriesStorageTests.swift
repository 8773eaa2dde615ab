import Testing
import VigilCore
import VigilMetrics

/// A series of single values keeps only timestamps and values; a statistic set appended later, a merge or a sort gives
/// the answers and per-entry fields an entry-by-entry series always gave.
@Suite struct MetricSeriesStorageTests {
  static let identity = MetricIdentity(namespace: "P", name: "Latency")

  @Test func singleValuesThenASetKeepEveryFieldAndAnswer() {
    var series = MetricSeries(identity: Self.identity)
    series.append(timestamp: 120_000, value: 0.3)
    series.append(timestamp: 60_000, value: -0.0)
    series.append(timestamp: 60_000, value: 0.1)
    #expect(series.sums.map(\.bitPattern) == [0.3, -0.0, 0.1].map(\.bitPattern))
    #expect(series.sampleCounts == [1, 1, 1])
    #expect(series.rawEquivalent == [true, true, true])
    series.appendStatisticSet(timestamp: 60_000, sampleCount: 4, sum: 10, minimum: 1, maximum: 4)
    series.sortByTime()
    #expect(series.timestamps == [60_000, 60_000, 60_000, 120_000])
    #expect(series.minimums.map(\.bitPattern) == [-0.0, 0.1, 1, 0.3].map(\.bitPattern))
    #expect(series.maximums == [0, 0.1, 4, 0.3])
    #expect(series.sums == [0, 0.1, 10, 0.3])
    #expect(series.sampleCounts == [1, 1, 4, 1])
    #expect(series.rawEquivalent == [true, true, false, true])
    #expect(series.aggregate(.sum, from: 60_000, to: 120_000) == PeriodValue(value: -0.0 + 0.1 + 10, sampleCount: 6))
    #expect(series.aggregate(.maximum, from: 0, to: 180_000) == PeriodValue(value: 4, sampleCount: 7))
    // A set that does not hold its values: no percentile, as CloudWatch gives none over statistic sets.
    #expect(series.aggregate(.percentile(99), from: 60_000, to: 120_000) == nil)
    #expect(series.aggregate(.percentile(99), from: 120_000, to: 180_000) == PeriodValue(value: 0.3, sampleCount: 1))
  }

  @Test func aSingleValuesSeriesMergesIntoAStore() {
    var store = MetricStore()
    store.add(Self.identity, timestamp: 0, value: 2)
    var more = MetricSeries(identity: Self.identity)
    more.append(timestamp: 0, value: 5, count: 3)
    more.append(timestamp: 60_000, value: 7)
    store.add(more)
    store.finishLoading()
    guard case .success(let merged?) = store.lookup(Self.identity, unit: nil) else {
      Issue.record("no series")
      return
    }
    #expect(merged.sampleCounts == [1, 3, 1])
    #expect(merged.aggregate(.average, from: 0, to: 60_000) == PeriodValue(value: 17.0 / 4, sampleCount: 4))
    #expect(merged.aggregate(.percentile(50), from: 0, to: 120_000) == PeriodValue(value: 5, sampleCount: 5))
  }
}
