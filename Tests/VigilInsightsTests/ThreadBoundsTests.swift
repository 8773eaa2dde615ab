import Foundation
import Testing
import VigilLogSource
import VigilTestSupport

@testable import VigilInsights

/// `--threads` far above what a file can use: the file is split into at most one range per byte and
/// `InsightsEngine.maximumRanges` ranges, never a range past its end (a trap) or an array of 2^63 workers.
@Suite struct ThreadBoundsTests {
  @Test(arguments: [2, 100_000, Int.max])
  func hugeThreadCountsGiveTheSameAnswer(threads: Int) throws {
    let url = TestPaths.temporaryDirectory().appendingPathComponent("small.log")
    let text = (0..<40).map { "2026-03-02T10:00:\(String(format: "%02d", $0)).000Z request \($0)" }.joined(separator: "\n")
    try text.write(to: url, atomically: true, encoding: .utf8)
    let result = try InsightsEngine.run(
      query: try QueryParser.parse("stats count(*) as n"), files: [LogFileSource(path: url.path)], threads: threads,
      minimumChunkBytes: 1)
    #expect(result.rows.map { $0.map(\.description) } == [["40"]])
  }
}
