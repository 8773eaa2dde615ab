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
