import Foundation
import Testing
import VigilCore
import VigilLogSource
import VigilTestSupport

@testable import VigilInsights

/// The per-line read path of queries over files (issue 17): a file's names are given once, each line brings only
/// its time, bytes and offset; the scanner and group table work on raw bytes.
@Suite("Per-line read path")
struct PerLineReadTests {
  /// `forEachMessage` sees what `forEachEvent` sees: the same times, bytes, offsets and skipped lines.
  @Test func forEachMessageMatchesForEachEvent() throws {
    let url = TestPaths.temporaryDirectory().appendingPathComponent("app-1.jsonl")
    let text = """
      {"timestamp":"2026-03-02T10:00:00.000Z","n":1}
      {"time":1772445601000,"n":2}
      {"n":3}

      not json
      {"timestamp":"2026-03-02T10:00:02.500Z","n":4}
      """
    try text.write(to: url, atomically: true, encoding: .utf8)
    let source = LogFileSource(path: url.path)
    var events: [String] = []
    let skippedEvents = try source.forEachEvent(lines: nil, format: .jsonLines) { event, offset in
      events.append("\(event.timestamp) \(event.ingestionTime) \(offset) \(String(decoding: event.message, as: UTF8.self))")
    }
    var messages: [String] = []
    let skippedMessages = try source.forEachMessage(lines: nil, format: .jsonLines) { timestamp, message, offset in
      messages.append("\(timestamp) \(timestamp) \(offset) \(String(decoding: message, as: UTF8.self))")
    }
    #expect(
      messages == [
        #"1772445600000 1772445600000 0 {"timestamp":"2026-03-02T10:00:00.000Z","n":1}"#,
        #"1772445601000 1772445601000 47 {"time":1772445601000,"n":2}"#,
        #"1772445602500 1772445602500 94 {"timestamp":"2026-03-02T10:00:02.500Z","n":4}"#,
      ])
    #expect(events == messages)
    #expect(skippedMessages.map(\.offset) == [76, 85])
    #expect(skippedEvents.map(\.offset) == skippedMessages.map(\.offset))
    #expect(skippedEvents.map(\.message) == skippedMessages.map(\.message))
  }

  /// Each file's `@log` and `@logStream` reach its events when the engine splits files across workers and
  /// passes the names once per file.
  @Test(arguments: [1, 2])
  func namesComeOncePerFile(threads: Int) throws {
    let directory = TestPaths.temporaryDirectory()
    var files: [LogFileSource] = []
    for (name, count) in [("orders.jsonl", 3), ("billing.jsonl", 2)] {
      let url = directory.appendingPathComponent(name)
      let lines = (0..<count).map { #"{"timestamp":"2026-03-02T10:00:0\#($0).000Z","k":"v"}"# }
      try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
      files.append(LogFileSource(path: url.path))
    }
    let result = try InsightsEngine.run(
      "stats count(*) as n by @log, @logStream", files: files, threads: threads, minimumChunkBytes: 1)
    #expect(
      result.rows.map { $0.map(\.description) } == [["billing", "billing.jsonl", "2"], ["orders", "orders.jsonl", "3"]])
  }

  /// `setSource` names the events fed after it; the event form of `consume` still names each event itself.
  @Test func setSourceNamesLaterEvents() throws {
    let run = try QueryRun("stats count(*) as n by @log, @logStream")
    var message = #"{"a":1}"#
    message.withUTF8 { bytes in
      run.setSource(logGroup: "g1", logStream: "s1")
      run.consume(bytes, timestamp: 1, ingestionTime: 1, order: 1)
      run.consume(bytes, timestamp: 2, ingestionTime: 2, order: 2)
      run.consume(RawLogEvent(timestamp: 3, message: bytes, logStream: "s2", logGroup: "g2"), order: 3)
      run.consume(bytes, timestamp: 4, ingestionTime: 4, order: 4)
    }
    #expect(run.finish().rows.map { $0.map(\.description) } == [["g1", "s1", "2"], ["g2", "s2", "2"]])
  }

  /// A string's end is found when a backslash and a quote share an eight-byte word, in either order and at every
  /// position in the word, and the scan goes on to the next field.
  @Test(arguments: 0..<10)
  func escapesNextToTheClosingQuote(prefix: Int) throws {
    let a = String(repeating: "a", count: prefix)
    let cases: [(raw: String, decoded: String)] = [
      (a + #"\"b"#, a + "\"b"),
      (a + #"\\"#, a + "\\"),
      (a + #"\\\""#, a + "\\\""),
      (a + #"b\nc"#, a + "b\nc"),
    ]
    for (raw, decoded) in cases {
      let scanner = JSONFieldScanner(paths: ["s", "z"])
      var slots: [JSONSlot] = []
      var message = #"{"s":"\#(raw)","z":17}"#
      let values = message.withUTF8 { bytes in
        scanner.scan(bytes, into: &slots)
        return slots.map { JSONFieldScanner.value(of: $0, in: bytes) }
      }
      #expect(values == [.string(decoded), .number(17)], "raw: \(raw)")
    }
  }

  /// Group keys that differ only in their last byte, at every length around the eight-byte steps of the key copy
  /// and comparison, are different groups.
  @Test func groupKeysDifferingInTheLastByte() throws {
    var events: [(String, String)] = []
    for length in 0..<20 {
      for last in ["a", "b"] {
        events.append(("2026-03-02T10:00:00.000Z", #"{"k":"\#(String(repeating: "x", count: length) + last)"}"#))
      }
    }
    events.append(("2026-03-02T10:00:01.000Z", #"{"k":"xxxxxxxxxxb"}"#))
    let result = try runQuery("stats count(*) as n by k", events)
    #expect(result.rows.count == 40)
    let counts = Dictionary(uniqueKeysWithValues: result.rows.map { ($0[0].description, $0[1].description) })
    #expect(counts["xxxxxxxxxxb"] == "2")
    #expect(counts["xxxxxxxxxxa"] == "1")
    #expect(counts["a"] == "1")
    #expect(counts[String(repeating: "x", count: 19) + "b"] == "1")
  }
}
