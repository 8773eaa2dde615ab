import Foundation
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilLogSource

func write(_ bytes: [UInt8], _ name: String) -> String {
  let url = TestPaths.temporaryDirectory().appendingPathComponent(name)
  FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
  return url.path
}

func write(_ text: String, _ name: String) -> String { write(Array(text.utf8), name) }

func gzip(_ path: String) throws -> String { try TestFiles.gzip(path) }

@Suite struct ByteLineReaderTests {
  func lines(_ path: String, maxLineBytes: Int = ByteLineReader.cloudWatchMaxMessageBytes, chunk: Int = 1 << 20) throws
    -> (lines: [String], overlong: [Int])
  {
    var out: [String] = []
    var overlong: [Int] = []
    try ByteLineReader(path: path, maxLineBytes: maxLineBytes, chunkBytes: chunk).forEachLine(onOverlong: { overlong.append($0) }) {
      out.append("\($1):" + String(decoding: $0, as: UTF8.self))
    }
    return (out, overlong)
  }

  @Test func splitsLinesAcrossSmallChunks() throws {
    let path = write("alpha\nbeta\r\n\ngamma", "a.log")
    let result = try lines(path, maxLineBytes: 8, chunk: 3)
    #expect(result.lines == ["1:alpha", "2:beta", "3:", "4:gamma"])
    #expect(result.overlong == [])
  }

  @Test func overlongLinesAreReportedAndSkipped() throws {
    let path = write("ok\n" + String(repeating: "x", count: 40) + "\nfine\n" + String(repeating: "y", count: 30), "b.log")
    let result = try lines(path, maxLineBytes: 10, chunk: 4)
    #expect(result.lines == ["1:ok", "3:fine"])
    #expect(result.overlong == [2, 4])
  }

  @Test func gzipIsReadTransparently() throws {
    let path = write("one\ntwo\n", "c.log")
    let gz = try gzip(path)
    #expect(ByteLineReader.isGzip(path: gz))
    #expect(try lines(gz).lines == ["1:one", "2:two"])
  }

  @Test func corruptGzipIsAnErrorNotATruncatedFile() throws {
    let path = write([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03], "d.log.gz")
    #expect(throws: LogReadError.self) { try lines(path) }
  }

  @Test func missingFileIsAnError() {
    #expect(throws: LogReadError.self) { try lines("/nonexistent/vigil.log") }
  }
}

@Suite struct LogFileReaderTests {
  @Test func jsonLinesWithTimestampFieldsAndBadLines() throws {
    let text = """
      {"timestamp":"2026-03-02T10:15:03.120Z","level":"INFO","message":"a"}
      {"time":1772446503,"level":"INFO"}

      {"ts":1772446503120,"level":"WARN"}
      {"@timestamp":"2026-03-02T10:15:03Z","level":"ERROR"}
      {"level":"ERROR"}
      not json at all
      """
    let path = write(text, "app.jsonl")
    var reader = LogFileReader(path: path, options: LogReadOptions(logGroup: "/ecs/payment-api-dev"))
    #expect(try reader.detectFormat() == .jsonLines)
    let events = try reader.readEvents()
    #expect(events.map(\.timestamp) == [1_772_446_503_120, 1_772_446_503_000, 1_772_446_503_120, 1_772_446_503_000])
    #expect(events.map { $0.source?.line } == [1, 2, 4, 5])
    #expect(events[0].logGroup == "/ecs/payment-api-dev")
    #expect(events[0].logStream == "app.jsonl")
    #expect(events[0].message == #"{"timestamp":"2026-03-02T10:15:03.120Z","level":"INFO","message":"a"}"#)
    #expect(reader.issues.first.map(\.location.line) == [6, 7])
    #expect(reader.issues.first[0].message == "no timestamp, time, @timestamp or ts field with an ISO-8601 or epoch time; skipped")
    #expect(reader.issues.first[1].message == "not a JSON object; skipped")
  }

  @Test func namedTimestampField() throws {
    let path = write(#"{"when":"2026-03-02T09:00:00Z","timestamp":"1999-01-01T00:00:00Z"}"#, "named.jsonl")
    var reader = LogFileReader(path: path, options: LogReadOptions(timestampField: "when"))
    #expect(try reader.readEvents().map(\.timestamp) == [1_772_442_000_000])
  }

  @Test func lambdaTextLinesAndPlatformFields() throws {
    let text = """
      2026-03-02T10:20:01.000Z START RequestId: 3f1c Version: $LATEST
      2026-03-02T10:20:01.005Z\t3f1c\tERROR\tcard declined
      2026-03-02T10:20:01.300Z END RequestId: 3f1c
      2026-03-02T10:20:01.300Z REPORT RequestId: 3f1c\tDuration: 295.12 ms\tBilled Duration: 296 ms\tMemory Size: 512 MB\tMax Memory Used: 87 MB\tInit Duration: 412.50 ms\t
          at continuation (no timestamp)
      """
    let path = write(text, "lambda.log")
    var reader = LogFileReader(path: path)
    #expect(try reader.detectFormat() == .text)
    let events = try reader.readEvents()
    #expect(events.count == 4)
    #expect(events[1].timestamp == 1_772_446_801_005)
    #expect(
      reader.issues.first == [
        LogReadIssue(location: SourceLocation(file: path, line: 5), message: "line does not start with an ISO-8601 timestamp; skipped")
      ])
    let report = try #require(LambdaPlatformLine.parse(events[3].message))
    #expect(report.kind == .report)
    #expect(report.requestId == "3f1c")
    #expect(report.duration == 295.12)
    #expect(report.billedDuration == 296)
    #expect(report.memorySize == 512)
    #expect(report.maxMemoryUsed == 87)
    #expect(report.initDuration == 412.5)
    #expect(
      report.fields.map(\.name) == [
        "@type", "@requestId", "@duration", "@billedDuration", "@memorySize", "@maxMemoryUsed", "@initDuration",
      ])
    #expect(LambdaPlatformLine.parse(events[0].message)?.kind == .start)
    #expect(LambdaPlatformLine.parse(events[2].message) == LambdaPlatformLine(kind: .end, requestId: "3f1c"))
    #expect(LambdaPlatformLine.parse(events[1].message) == nil)
    #expect(LambdaPlatformLine.parse("REPORT RequestId: ab\tDuration: 1.5 ms")?.duration == 1.5)
  }

  @Test func filterLogEventsOutput() throws {
    let text = """
      {
          "events": [
              {
                  "logStreamName": "ecs/payment-api/abc",
                  "timestamp": 1772446800000,
                  "message": "{\\"level\\":\\"ERROR\\",\\"status\\":502}",
                  "ingestionTime": 1772446800500,
                  "eventId": "1"
              },
              {"logStreamName": "s2", "timestamp": 1772446801000, "message": "plain"},
              {"logStreamName": "s3", "message": "no time"}
          ],
          "searchedLogStreams": []
      }
      """
    let path = write(text, "export.json")
    var reader = LogFileReader(path: path, options: LogReadOptions(logGroup: "/ecs/payment-api-dev"))
    #expect(try reader.detectFormat() == .cloudWatchEvents)
    let events = try reader.readEvents()
    #expect(events.map(\.message) == [#"{"level":"ERROR","status":502}"#, "plain"])
    #expect(events.map(\.logStream) == ["ecs/payment-api/abc", "s2"])
    #expect(events.map(\.ingestionTime) == [1_772_446_800_500, 1_772_446_801_000])
    #expect(reader.issues.first.map(\.message) == [#"event 3 has no numeric "timestamp"; skipped"#])
  }

  @Test func invalidUTF8IsReplacedAndReported() throws {
    let path = write(Array("2026-03-02T10:00:00Z bad ".utf8) + [0xFF, 0xFE] + Array(" end\n".utf8), "bad.log")
    var reader = LogFileReader(path: path)
    let events = try reader.readEvents()
    #expect(events.map(\.message) == ["2026-03-02T10:00:00Z bad \u{FFFD}\u{FFFD} end"])
    #expect(reader.issues.first.map(\.message) == ["invalid UTF-8 replaced with U+FFFD"])
    // The byte path still sees the raw bytes (VigilLogsTests matches a filter pattern around them).
    var messages: [[UInt8]] = []
    try reader.forEachMessage { bytes, _ in messages.append(Array(bytes)) }
    #expect(messages == [Array("2026-03-02T10:00:00Z bad ".utf8) + [0xFF, 0xFE] + Array(" end".utf8)])
  }

  @Test func gzipJSONLines() throws {
    let path = write(#"{"timestamp":"2026-03-02T10:00:00Z","level":"ERROR"}"# + "\n", "gz.jsonl")
    var reader = LogFileReader(path: try gzip(path))
    #expect(try reader.detectFormat() == .jsonLines)
    #expect(try reader.readEvents().map(\.timestamp) == [1_772_445_600_000])
  }
}

@Suite struct CandidateScanTests {
  /// The memmem candidate path must deliver exactly the lines the line-by-line path keeps.
  @Test(arguments: [5, 16, 64, 1 << 20])
  func candidateLinesEqualFilteredLines(chunk: Int) throws {
    var rng = SplitMix(seed: UInt64(chunk))
    var text = ""
    for i in 0..<400 {
      let words = ["INFO", "ERROR", "ok", "payment", "ERR", "OR", "\\u0045RROR"]
      let n = Int(rng.next() % 6)
      text += (0..<n).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ")
      if i % 97 == 0 { text += String(repeating: "x", count: 40) + "ERROR" }  // over-long with maxLineBytes 30
      text += i % 50 == 0 ? "\r\n" : "\n"
    }
    let path = write(text, "candidates.log")
    let reader = ByteLineReader(path: path, maxLineBytes: 30, chunkBytes: chunk)
    for unless: UInt8? in [nil, 0x5C] {
      var expected: [String] = []
      try reader.forEachLine { line, _ in
        if ByteSearch.contains(line, Array("ERROR".utf8)) || (unless != nil && line.contains(0x5C)) {
          expected.append(String(decoding: line, as: UTF8.self))
        }
      }
      var got: [String] = []
      try reader.forEachLine(containing: Array("ERROR".utf8), orAllLinesOfChunksWith: unless) { line in
        got.append(String(decoding: line, as: UTF8.self))
      }
      // Chunks with a backslash deliver all their lines; the pattern decides, so compare the ERROR/backslash subset.
      let filtered = got.filter { $0.contains("ERROR") || (unless != nil && $0.contains("\\")) }
      #expect(filtered == expected)
      #expect(!expected.isEmpty)
    }
  }
}

/// A tiny deterministic generator for test data.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
