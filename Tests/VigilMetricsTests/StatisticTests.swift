import Testing
import VigilMetrics

@Suite struct StatisticTests {
  @Test(arguments: [
    "SampleCount", "Sum", "Average", "Minimum", "Maximum", "p99", "p99.9", "tm90", "IQM", "TM(10%:90%)", "TM(150:1000)", "PR(:300)", "wm99",
    "TC(:500)", "TS(10%:)",
  ])
  func roundTrips(text: String) throws {
    let statistic = try #require(Statistic.parse(text))
    #expect(statistic.description == text)
  }

  @Test(arguments: ["sum", "P", "p101", "tm(10%:90%)", "TM(10%:90)", "PR(:)", "TM(90%:10%)", "PR90", "Avg"])
  func rejects(text: String) {
    #expect(Statistic.parse(text) == nil)
  }

  @Test func computesBasicsAndPercentiles() {
    let values: [Double] = (1...100).map(Double.init)
    #expect(Statistic.sampleCount.compute(values) == 100)
    #expect(Statistic.sum.compute(values) == 5050)
    #expect(Statistic.average.compute(values) == 50.5)
    #expect(Statistic.parse("p99")!.compute(values) == 99)
    #expect(Statistic.parse("p50")!.compute(values) == 50)
    #expect(Statistic.parse("p99")!.compute([5]) == 5)
    #expect(Statistic.parse("tm90")!.compute(values) == 45.5)
    #expect(Statistic.parse("TM(150:1000)")!.compute([100, 150, 200, 1000, 2000]) == 600)
    #expect(Statistic.parse("PR(:300)")!.compute([100, 200, 300, 400]) == 75)
    #expect(Statistic.parse("TC(:300)")!.compute([100, 200, 300, 400]) == 3)
    #expect(Statistic.parse("WM(:75%)")!.compute([1, 2, 3, 100]) == 2.25)
  }

  @Test func extendedStatisticsNeedNonNegativeValues() {
    #expect(Statistic.parse("p90")!.compute([1, -1]) == nil)
    #expect(Statistic.sum.compute([1, -1]) == 0)
    #expect(Statistic.sum.compute([]) == nil)
  }
}
