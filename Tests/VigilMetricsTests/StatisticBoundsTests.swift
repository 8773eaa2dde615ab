import Testing
import VigilMetrics

/// Statistic bounds CloudWatch could never store (issue 12, item 4: `--stat 'PR(1e400:)'`).
@Suite struct StatisticBoundsTests {
  @Test(arguments: ["PR(1e400:)", "TM(:inf)", "TS(nan:)", "PR(1e109:)", "TC(-1e109:)", "WM(:1e300)"])
  func nonFiniteOrOutOfRangeBoundsAreNotStatistics(text: String) {
    #expect(Statistic.parse(text) == nil)
  }

  /// The largest bound CloudWatch stores still parses, and its spelling no longer goes through `Int(_:)`.
  @Test func largeFiniteBoundsSpellWithoutTrapping() {
    #expect(Statistic.parse("PR(1e100:)")?.description == "PR(1e+100:)")
    #expect(Statistic.parse("TM(150:1000)")?.description == "TM(150:1000)")
    #expect(Statistic.parse("PR(:-0.0)")?.description == "PR(:0)")
  }
}

/// Statistic sets whose SampleCount stands for more samples than can be expanded (issue 12, item 4:
/// `Int(1e100)` trapped; 1e12 asked for 8 TB).
@Suite struct HugeSampleCountTests {
  static func series(_ sets: [(value: Double, count: Double)]) -> MetricSeries {
    var series = MetricSeries(identity: MetricIdentity(namespace: "P", name: "Latency"))
    for (i, set) in sets.enumerated() {
      series.appendStatisticSet(
        timestamp: 60_000 * Int64(i), sampleCount: set.count, sum: set.value * set.count, minimum: set.value, maximum: set.value)
    }
    return series
  }

  func value(_ statistic: String, _ sets: [(value: Double, count: Double)]) -> Double? {
    var scratch: [Double] = []
    let series = Self.series(sets)
    return series.aggregate(Statistic.parse(statistic)!, indices: 0..<series.count, scratch: &scratch)?.value
  }

  @Test func hugeCountsAreWeightedNotExpanded() {
    #expect(value("p99", [(7, 1e100)]) == 7)
    let sets: [(value: Double, count: Double)] = [(5, 1e12), (1, 3e12)]
    #expect(value("p50", sets) == 1)
    #expect(value("p80", sets) == 5)
    #expect(value("TC(:2)", sets) == 3e12)
    #expect(value("TS(1:)", sets) == 5e12)
    #expect(value("PR(:2)", sets) == 75)
    #expect(value("TM(:75%)", sets) == 1)
    #expect(value("WM(:75%)", sets) == 1)
    #expect(value("SampleCount", sets) == 4e12)
  }

  /// Beyond the expansion limit, the weighted answers equal the expanded ones (counts and sums scaled).
  @Test(arguments: ["p50", "p90", "TM(10%:90%)", "TS(:3)", "TC(1:)", "PR(:2)", "WM(20%:80%)", "IQM"])
  func weightedMatchesExpanded(statistic: String) throws {
    let small: [(value: Double, count: Double)] = [(3, 4), (1, 2), (2, 4)]
    let large = small.map { ($0.value, $0.count * 2_000_000) }
    let scale: Double = statistic.hasPrefix("TS") || statistic.hasPrefix("TC") ? 2_000_000 : 1
    #expect(try #require(value(statistic, small)) * scale == value(statistic, large))
  }
}
