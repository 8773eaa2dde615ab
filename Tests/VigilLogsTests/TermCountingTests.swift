import Foundation
import Testing
import VigilCore
import VigilLogSource
import VigilTestSupport

@testable import VigilLogs

/// The counting path of term, phrase, `?` and `-` patterns (`test-pattern --count`): rare-byte search, candidate
/// lines, byte ranges counted by several threads, gzip decompressed ahead. Its counts must be the general
/// matcher's, line for line (issue 17).
@Suite struct TermCountingTests {
  /// The general matcher: every message through `FilterPattern.matches`.
  func slowCount(_ path: String, _ pattern: FilterPattern) throws -> Int {
    var reader = LogFileReader(path: path)
    var count = 0
    try reader.forEachMessage { bytes, _ in if pattern.matches(bytes: bytes) { count += 1 } }
    return count
  }

  /// Counts of the current implementation on the samples, exact (measured with the release build before the
  /// fast path, `vigil test-pattern P FILE --count`).
  @Test(arguments: [
    ("payment-api.jsonl.gz", "ERROR", 316), ("payment-api.jsonl.gz", "error", 100),
    ("payment-api.jsonl.gz", "?declined ?timeout", 212), ("payment-api.jsonl.gz", "?ERROR ?WARN", 664),
    ("payment-api.jsonl.gz", "\"status\\\":500\"", 100), ("payment-api.jsonl.gz", "ERROR -timeout", 316),
    ("payment-authorizer.log", "ERROR", 46), ("payment-authorizer.log", "error", 46),
    ("fraud-scorer.jsonl", "review", 15), ("payment-authorizer-json-format.jsonl", "ERROR", 3),
    ("payment-authorizer-json-format.jsonl", "error", 6), ("payment-api-errors.filter-log-events.json", "ERROR", 264),
  ])
  func exactCountsOnSamples(file: String, text: String, expected: Int) throws {
    let path = TestPaths.sample("logs/\(file)").path
    let pattern = try FilterPattern(text)
    for threads in [1, 2, 3] {
      var reader = LogFileReader(path: path)
      #expect(try reader.countMatches(pattern, threads: threads, parallelAbove: 0) == expected, "\(file) \(text) threads \(threads)")
    }
    #expect(try slowCount(path, pattern) == expected)
  }

  /// A deterministic mix of what makes term matching subtle: case, terms inside words, phrases, CRLF and bare
  /// `\r`, blank lines, non-ASCII, JSON escapes, lines over CloudWatch's 1 MB limit, a last line without `\n`.
  static func variedLog() throws -> String {
    var rng: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ n: Int) -> Int {
      rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((rng >> 33) % UInt64(n))
    }
    let words = [
      "ERROR", "Error", "error", "ERRORS", "xERROR", "timeout", "time out", "card expired", "card  expired", "WARN", "INFO", "é",
      "Ümlaut", "\\\"ERROR\\\"", "E", "R", "EERROR", "declined", "{\"level\":\"ERROR\"}", "status 500", "-", "?", "ERR", "OR",
    ]
    var text = ""
    for i in 0..<4000 {
      if i % 1000 == 500 { text += String(repeating: "ERROR ", count: 180_000) + "\n" }  // over 1 MB: not an event
      switch next(40) {
      case 0: text += "\n"
      case 1: text += "ERROR at the end\r\n"
      case 2: text += "bare\rERROR carriage return\n"
      default:
        var line = ""
        for _ in 0..<(1 + next(12)) { line += words[next(words.count)] + (next(3) == 0 ? "" : " ") }
        text += line + "\n"
      }
    }
    text += "ERROR with no newline"
    let url = TestPaths.temporaryDirectory().appendingPathComponent("varied.log")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  @Test func fastPathEqualsTheGeneralMatcherOnAVariedLog() throws {
    let path = try Self.variedLog()
    let gz = try TestFiles.gzip(path)
    let patterns = [
      "ERROR", "Error", "\"card expired\"", "\"time out\"", "ERROR -timeout", "ERROR WARN", "ERROR -\"card expired\"", "?ERROR ?WARN",
      "?declined ?timeout ?é", "é", "Ümlaut", "E", "OR", "\"ERROR\\\"\"", "\"\\\"ERROR\"", "-ERROR", "?Ümlaut ?R", "\"status 500\"",
      "\"bare\rERROR\"",
    ]
    for text in patterns {
      let pattern = try FilterPattern(text)
      let expected = try slowCount(path, pattern)
      for threads in [1, 2, 3, 7] {
        var reader = LogFileReader(path: path)
        #expect(try reader.countMatches(pattern, threads: threads, parallelAbove: 0) == expected, "\(text) threads \(threads)")
      }
      var zipped = LogFileReader(path: gz)
      #expect(try zipped.countMatches(pattern) == expected, "\(text) gzip")
    }
    // Pinned, so the comparison above cannot pass by both sides going wrong alike.
    var reader = LogFileReader(path: path)
    #expect(try reader.countMatches(try FilterPattern("ERROR"), threads: 2, parallelAbove: 0) == 3022)  // the release build before the fast path; grep -c says 3026 (4 lines over 1 MB)
  }

  /// Ranges split anywhere (inside a line, on a newline, on a line's first byte) count every line exactly once.
  @Test func byteRangesCountEachLineOnce() throws {
    let url = TestPaths.temporaryDirectory().appendingPathComponent("ranges.log")
    let text = "ERROR a\nERROR bb\n\nx\nERROR ccc\r\nERROR"
    try text.write(to: url, atomically: true, encoding: .utf8)
    let size = text.utf8.count
    for cut in 0...size {
      var total = 0
      for range in [0..<cut, cut..<size] {
        try ByteLineReader(path: url.path).forEachLine(containing: Array("ERROR".utf8), startingIn: range) { _ in total += 1 }
      }
      #expect(total == 4, "cut at \(cut)")
    }
  }

  /// The rare-byte search finds what `memmem` finds, also when its rare byte turns out common and it falls back.
  @Test func finderAgreesWithMemmem() {
    var rng: UInt64 = 42
    for round in 0..<300 {
      rng = rng &* 6_364_136_223_846_793_005 &+ 1
      let alphabet: [UInt8] = round % 3 == 0 ? [0x61, 0x62] : Array("abcE R\n".utf8)
      let haystack = (0..<(round * 37 % 20000 + 1)).map { i in alphabet[(Int(truncatingIfNeeded: rng >> 20) &+ i &* i) % alphabet.count] }
      let needle = Array(haystack.suffix(1 + round % 6))
      let sample = haystack.prefix(100)
      haystack.withUnsafeBufferPointer { h in
        sample.withUnsafeBufferPointer { s in
          var finder = ByteSearch.Finder(needle: needle, sample: s)
          var at = 0
          while at < h.count {
            let mine = finder.find(h.baseAddress! + at, h.count - at).map { $0 - h.baseAddress! }
            let reference = needle.withUnsafeBufferPointer { n in ByteSearch.find(h.baseAddress! + at, h.count - at, n.baseAddress!, n.count) }
              .map { $0 - h.baseAddress! }
            #expect(mine == reference, "round \(round) at \(at)")
            guard let m = mine else { break }
            at = m + 1
          }
        }
      }
    }
    // Mostly false hits: "ab" in "aaaa…ab" chooses `a` or `b` by the sample; with `a` it falls back to memmem.
    let hay = [UInt8](repeating: 0x61, count: 100_000) + [0x62]
    hay.withUnsafeBufferPointer { h in
      var finder = ByteSearch.Finder(needle: [0x61, 0x62], sample: UnsafeBufferPointer(rebasing: h[0..<0]))
      #expect(finder.find(h.baseAddress!, h.count).map { $0 - h.baseAddress! } == 99_999)
    }
  }

  /// A gzip file with a damaged end still says so while decompressing ahead on another thread.
  @Test func truncatedGzipIsStillAnErrorWhenCounting() throws {
    let path = try Self.variedLog()
    let gz = try TestFiles.gzip(path)
    let whole = try Data(contentsOf: URL(fileURLWithPath: gz))
    let cut = TestPaths.temporaryDirectory().appendingPathComponent("cut.log.gz")
    try whole.dropLast(12).write(to: cut)
    var reader = LogFileReader(path: cut.path)
    #expect(throws: LogReadError(path: cut.path, message: "the gzip data is truncated (unexpected end of file)")) {
      try reader.countMatches(try FilterPattern("ERROR"))
    }
  }
}
