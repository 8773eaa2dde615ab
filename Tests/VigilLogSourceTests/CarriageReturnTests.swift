import Foundation
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilLogSource

/// Only `\n` (or `\r\n`) ends an event; a lone `\r` stays in the message, as CloudWatch keeps it, and is reported.
@Suite struct CarriageReturnTests {
  @Test func crlfEndsLinesAndABareCarriageReturnIsReported() throws {
    let path = write("2026-03-02T10:00:01Z a\r\n2026-03-02T10:00:02Z b\r2026-03-02T10:00:03Z c\n", "cr.log")
    var reader = LogFileReader(path: path)
    var messages: [String] = []
    try reader.forEachRecord { messages.append(String(decoding: $0.bytes, as: UTF8.self)) }
    #expect(messages == ["2026-03-02T10:00:01Z a", "2026-03-02T10:00:02Z b\r2026-03-02T10:00:03Z c"])
    #expect(
      reader.issues.first.map(\.description) == [
        "\(path):2: warning: line contains a carriage return (\\r) that does not end it; only \\n (or \\r\\n) ends an event, as in CloudWatch, so it is one event"
      ])
  }

  @Test func theQueryPathReportsItToo() throws {
    let path = write("2026-03-02T10:00:01Z a\n2026-03-02T10:00:02Z b\r2026-03-02T10:00:03Z c\n", "cr2.log")
    let source = LogFileSource(path: path)
    var count = 0
    let skipped = try source.forEachEvent(lines: nil, format: .text) { _, _ in count += 1 }
    #expect(count == 2)
    #expect(skipped.map(\.line) == [2])
    #expect(skipped.map(\.message) == [LogFileReader.bareCarriageReturnMessage])
  }

  @Test func crlfAloneIsSilent() throws {
    let path = write("2026-03-02T10:00:01Z a\r\n2026-03-02T10:00:02Z b\r\n", "crlf.log")
    var reader = LogFileReader(path: path)
    var count = 0
    try reader.forEachRecord { _ in count += 1 }
    #expect(count == 2)
    #expect(reader.issues.count == 0)
  }
}
