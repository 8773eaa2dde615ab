import Foundation
import Testing
import VigilCore
import VigilLogSource
import VigilTestSupport

@testable import VigilInsights

/// `pct` values past a run's memory budget go to a temporary file and come back at the end (issue 17: a stats
/// query over a 4 GB file peaks under 100 MB). The answer must not change: these tests pin spilled answers to the
/// in-memory ones, and the selection that replaced sorting to a sort.
@Suite struct PercentileSpillTests {
  /// The value at every rank, weighted or not, with many repeats, is the value a sort puts there.
  @Test func selectionGivesTheValueASortGives() {
    var generator = FastPathTests.Generator(state: 5)
    for size in [1, 2, 3, 10, 100, 1000] {
      for spread in [1, 3, 50, 100_000] {
        let values = (0..<size).map { _ in Double(generator.next(spread)) / 4 - 2 }
        let counts = values.map { _ in 1 + generator.next(3) }
        let expanded = zip(values, counts).flatMap { Array(repeating: $0, count: $1) }.sorted()
        for rank in Set([1, 2, expanded.count / 2, expanded.count - 1, expanded.count].filter { $0 >= 1 }) {
          var plain = values
          #expect(WeightedSelection.value(atRank: rank, in: &plain) == values.sorted()[min(rank, size) - 1])
          var weighted = zip(values, counts).map { CountedValue(value: $0, count: $1) }
          #expect(WeightedSelection.value(atRank: rank, in: &weighted) == expanded[rank - 1], "size \(size) spread \(spread)")
        }
      }
    }
  }

  static let queries = [
    "stats count(*) as n, avg(latency_ms) as mean, pct(latency_ms, 99) as p99 by service, bin(1m)",
    // Few groups of many values: values fold into tables before they spill.
    "stats pct(latency_ms, 50) as p50, pct(latency_ms, 0) as p0, pct(amount, 100) as top by route",
    // Few distinct values, and a group (no service) where most values are missing.
    "stats pct(status, 90) as p90, count(*) as n by service",
  ]

  /// Whatever the budget (a spill per few values, or none) and however the file is split, the rows are those of
  /// one in-memory pass; and a small budget does spill.
  @Test(arguments: queries)
  func spilledAnswersAreTheInMemoryAnswers(query: String) throws {
    let url = try FastPathTests.writeEdgeCaseFile(lines: 6000)
    let file = [LogFileSource(path: url.path)]
    let expected = try InsightsEngine.run(query, files: file, threads: 1)
    var spillsByBudget: [Int] = []
    for budget in [1, 512, 20_000] {
      let options = QueryOptions(percentileBytesInMemory: budget)
      for threads in [1, 2, 7] {
        let result = try InsightsEngine.run(query, files: file, options: options, threads: threads, minimumChunkBytes: 1)
        // Percentiles and counts are exact; only averages may differ in the last digits (added in another order).
        FastPathTests.expectSameRows(result, expected, "\(query) budget \(budget) threads \(threads)")
        #expect(result.textRows == expected.textRows || result.columns.contains("mean"))
      }
      // One run over the file with this budget: how many times it spilled.
      let run = try QueryRun(query, options: options)
      try file[0].forEachEvent { run.consume($0) }
      spillsByBudget.append(run.statsStage?.takeUnretainedValue().spillCount ?? -1)
      #expect(run.finish().rows == expected.rows)
    }
    // Every budget spills here, a smaller one more often.
    #expect(spillsByBudget[2] >= 1 && spillsByBudget[1] > spillsByBudget[2] && spillsByBudget[0] > 20, "\(spillsByBudget)")
  }

  /// The spill file is unlinked as soon as it is made: nothing is left in the folder, even while it is in use.
  @Test func theSpillFileLeavesNothingBehind() throws {
    let folder = TestPaths.temporaryDirectory().appendingPathComponent("spill")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let spill = try #require(PercentileSpill(folder: folder.path))
    var table = ValueCounts()
    table.add(2.5, times: 3)
    let written = spill.write { partition, writer in
      if partition == 3 {
        writer.values(7, [1.5, -4])
        writer.counted(9, table)
      }
    }
    #expect(written)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    var values: [String] = []
    #expect(spill.read(partition: 3, values: { values.append("\($0): \($1.map { Double(bitPattern: $0) })") },
                       counted: { values.append("\($0): \($1) ×\($2)") }))
    #expect(values == ["7: [1.5, -4.0]", "9: 2.5 ×3"])
    #expect(spill.read(partition: 4, values: { _, _ in values.append("?") }, counted: { _, _, _ in values.append("?") }))
    #expect(values.count == 2)
  }

  /// Without a usable folder nothing spills, and the answer is the same (only the memory bound is lost).
  @Test func noFolderKeepsTheValuesInMemory() throws {
    let url = try FastPathTests.writeEdgeCaseFile(lines: 2000)
    let file = [LogFileSource(path: url.path)]
    let query = Self.queries[0]
    let expected = try InsightsEngine.run(query, files: file, threads: 1)
    let missing = TestPaths.temporaryDirectory().appendingPathComponent("no-such-folder").path
    let options = QueryOptions(percentileBytesInMemory: 1, temporaryFolder: missing)
    let run = try QueryRun(query, options: options)
    try file[0].forEachEvent { run.consume($0) }
    #expect(run.statsStage?.takeUnretainedValue().spillCount == 0)
    #expect(run.finish().rows == expected.rows)
  }
}
