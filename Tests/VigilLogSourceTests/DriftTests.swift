import Foundation
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilLogSource

/// The read paths of filter patterns (`LogFileReader`) and Insights (`LogFileSource`) once disagreed; these pin
/// them to one behaviour (issue 11).
@Suite struct ReadPathDriftTests {
  /// Events and warnings through both readers, as "line: message" strings.
  func bothReaders(_ path: String) throws -> (reader: [String], source: [String]) {
    var reader = LogFileReader(path: path)
    var fromReader = try reader.readEvents().map { "\($0.source?.line ?? 0): \($0.timestamp)" }
    fromReader += reader.issues.first.map { "\($0.location.line): \($0.message)" }
    let source = LogFileSource(path: path)
    var fromSource: [String] = []
    var offsets: [Int] = []
    let skipped = try source.forEachEvent(lines: nil, format: try source.layout().format) { event, offset in
      offsets.append(offset)
      fromSource.append("\(event.timestamp)")
    }
    let lines = try source.lineNumbers(ofOffsets: offsets)
    fromSource = zip(lines, fromSource).map { "\($0): \($1)" }
    fromSource += try zip(source.lineNumbers(ofOffsets: skipped.map(\.offset)), skipped).map { "\($0): \($1.message)" }
    return (fromReader, fromSource)
  }

  /// `{"ts": 1e30}` once trapped in `LogFileReader`'s epoch conversion (`load FILE into SERVICE` crashed) while
  /// Insights skipped the line: both skip it with the same warning.
  @Test func epochOutOfRangeIsSkippedByBothReaders() throws {
    let path = write(
      #"{"ts": 1e30, "a": 1}"# + "\n" + #"{"ts": 1772446503, "a": 2}"# + "\n" + #"{"time": "-9.3e18"}"# + "\n", "huge-epoch.jsonl")
    let expected = [
      "2: 1772446503000",
      "1: no timestamp, time, @timestamp or ts field with an ISO-8601 or epoch time; skipped",
      "3: no timestamp, time, @timestamp or ts field with an ISO-8601 or epoch time; skipped",
    ]
    let (reader, source) = try bothReaders(path)
    #expect(reader == expected)
    #expect(source == expected)
  }

  /// An exported event whose timestamp does not fit epoch milliseconds is skipped, not a trap.
  @Test func exportedTimestampOutOfRangeIsSkipped() throws {
    let path = write(
      #"{"events":[{"timestamp":1e30,"message":"a"},{"timestamp":1772446800000,"message":"b","ingestionTime":1e300}]}"#,
      "huge-export.json")
    var reader = LogFileReader(path: path)
    let events = try reader.readEvents()
    #expect(events.map(\.message) == ["b"])
    #expect(events.map(\.ingestionTime) == [1_772_446_800_000])
    #expect(reader.issues.first.map(\.message) == [#"event 1 has no numeric "timestamp"; skipped"#])
  }

  /// A line over CloudWatch's 1 MB limit is dropped from a fixed buffer and reported the same way by both
  /// readers (Insights once doubled its buffer to hold it whole).
  @Test func overlongLineIsSkippedByBothReaders() throws {
    let long = "2026-03-02T10:00:00Z " + String(repeating: "x", count: 3 * ByteLineReader.cloudWatchMaxMessageBytes)
    let path = write("2026-03-02T10:00:01Z a\n" + long + "\n2026-03-02T10:00:02Z b\n", "overlong.log")
    let expected = ["1: 1772445601000", "3: 1772445602000", "2: line is longer than CloudWatch's 1 MB event limit; skipped"]
    let (reader, source) = try bothReaders(path)
    #expect(reader == expected)
    #expect(source == expected)
  }
}

@Suite struct NumberParserTests {
  @Test(arguments: [
    ("42", 42.0), ("-1.5", -1.5), (".5", 0.5), ("1.", 1.0), ("+7", 7.0), ("1e3", 1000.0), ("2.5E-1", 0.25),
    ("123456789012345678901", 123456789012345678901.0), ("0.1", 0.1), ("1e-400", 0.0),
  ])
  func numbers(text: String, value: Double) {
    #expect(NumberParser.parse(text) == value)
  }

  /// Non-finite values are not numbers: once rejected by Insights' parser and read as `inf` by filter patterns'.
  @Test(arguments: ["1e999", "-1e999", "inf", "-inf", "nan", "NaN", "Infinity", "", "-", ".", "e5", "1e", "1e+", "0x10", "1.2.3", " 1"])
  func notNumbers(text: String) {
    #expect(NumberParser.parse(text) == nil)
  }
}

/// Gzip is inflated in process (zlib) with what `gzip -dc` gave: every member, and an error for bad data.
@Suite struct GzipReadingTests {
  func lines(_ path: String) throws -> [String] {
    var out: [String] = []
    try ByteLineReader(path: path).forEachLine { line, number in out.append("\(number):" + String(decoding: line, as: UTF8.self)) }
    return out
  }

  @Test func multiMemberFilesAreReadWhole() throws {
    let a = try Data(contentsOf: URL(fileURLWithPath: try gzip(write("one\ntwo\n", "member-a.log"))))
    let b = try Data(contentsOf: URL(fileURLWithPath: try gzip(write("three\n", "member-b.log"))))
    let both = write(Array(a + b), "members.log.gz")
    #expect(try lines(both) == ["1:one", "2:two", "3:three"])
  }

  @Test func truncatedGzipIsAnErrorNamingTheFile() throws {
    let whole = try Data(contentsOf: URL(fileURLWithPath: try gzip(write(String(repeating: "line\n", count: 1000), "whole.log"))))
    let path = write(Array(whole.dropLast(12)), "truncated.log.gz")
    #expect(throws: LogReadError(path: path, message: "the gzip data is truncated (unexpected end of file)")) { try lines(path) }
  }

  @Test func garbageAfterTheLastMemberIsAnError() throws {
    let whole = try Data(contentsOf: URL(fileURLWithPath: try gzip(write("ok\n", "garbage.log"))))
    let path = write(Array(whole) + Array("not gzip".utf8), "garbage.log.gz")
    #expect(throws: LogReadError.self) { try lines(path) }
  }
}
