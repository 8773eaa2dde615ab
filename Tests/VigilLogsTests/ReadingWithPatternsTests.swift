import Foundation
import Testing
import VigilCore
import VigilLogSource
import VigilTestSupport

@testable import VigilLogs

/// Filter patterns over what `LogFileReader` delivers.
@Suite struct ReadingWithPatternsTests {
  @Test func countMatchesAgreesWithTheLinePath() throws {
    let path = TestPaths.sample("logs/fraud-scorer.jsonl").path
    for text in [
      "review", "{ $.decision = \"review\" && $.score > 0.5 }", "{ $.decision = \"review\" }", "%rev.ew%", "?review ?decline",
      "score -review",
    ] {
      let pattern = try FilterPattern(text)
      var reader = LogFileReader(path: path)
      var slow = 0
      try reader.forEachMessage { bytes, _ in if pattern.matches(bytes: bytes) { slow += 1 } }
      #expect(try reader.countMatches(pattern) == slow, "\(text)")
      #expect(slow > 0)
    }
  }

  @Test func invalidUTF8IsMatchedAsBytes() throws {
    let url = TestPaths.temporaryDirectory().appendingPathComponent("bad.log")
    FileManager.default.createFile(
      atPath: url.path, contents: Data(Array("2026-03-02T10:00:00Z bad ".utf8) + [0xFF, 0xFE] + Array(" end\n".utf8)))
    var reader = LogFileReader(path: url.path)
    var matched = 0
    let pattern = try FilterPattern("bad end")
    try reader.forEachMessage { bytes, _ in if pattern.matches(bytes: bytes) { matched += 1 } }
    #expect(matched == 1)
  }
}

/// A number that overflows to infinity is not a number (filter patterns once compared it as `inf`).
@Suite struct NonFiniteNumberTests {
  @Test(arguments: [
    (#"{"latency": 1e999}"#, false), (#"{"latency": 1e99}"#, true), (#"{"latency": "1e999"}"#, false),
  ])
  func jsonComparison(message: String, matches: Bool) throws {
    var text = message
    let pattern = try FilterPattern("{ $.latency > 5 }")
    #expect(text.withUTF8 { pattern.matches(bytes: $0) } == matches)
  }

  @Test func spaceDelimitedComparison() throws {
    var text = "GET 1e999"
    let pattern = try FilterPattern("[method, latency > 5]")
    #expect(text.withUTF8 { pattern.matches(bytes: $0) } == false)
  }
}
