import Foundation
import Testing
import VigilTestSupport

@testable import VigilLogSource

#if canImport(Glibc)
  import Glibc
#endif

/// Pipes and FIFOs: opened once, probed from the bytes the reader then sees, never split, never a silent hang.
@Suite(.serialized) struct LogInputTests {
  static let jsonLines = """
    {"timestamp":"2026-03-02T10:00:01Z","level":"INFO"}
    {"timestamp":"2026-03-02T10:00:02Z","level":"ERROR"}

    """

  func makeFIFO(_ name: String) -> String {
    let path = TestPaths.temporaryDirectory().appendingPathComponent(name).path
    #expect(mkfifo(path, 0o600) == 0)
    return path
  }

  /// Writes `bytes` into the FIFO from another thread (opening it blocks until the reader opens it).
  func feed(_ path: String, _ bytes: [UInt8]) -> Thread {
    let thread = Thread {
      let fd = open(path, O_WRONLY)
      guard fd >= 0 else { return }
      _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      close(fd)
    }
    thread.start()
    return thread
  }

  @Test func aFIFOIsProbedAndReadThroughOneOpen() throws {
    let fifo = makeFIFO("live.jsonl")
    _ = feed(fifo, Array(Self.jsonLines.utf8))
    var reader = LogFileReader(path: fifo)
    #expect(try reader.detectFormat() == .jsonLines)
    var times: [Int64] = []
    try reader.forEachRecord { times.append($0.timestamp) }
    #expect(times == [1_772_445_601_000, 1_772_445_602_000])
  }

  @Test func aGzipStreamThroughAFIFOIsDecompressed() throws {
    let plain = TestPaths.temporaryDirectory().appendingPathComponent("app.jsonl")
    try Self.jsonLines.write(to: plain, atomically: true, encoding: .utf8)
    let gz = try TestFiles.gzip(plain.path)
    let fifo = makeFIFO("live")
    _ = feed(fifo, [UInt8](try Data(contentsOf: URL(fileURLWithPath: gz))))
    let source = LogFileSource(path: fifo)
    #expect(try source.layout().format == .jsonLines)
    #expect(try source.layout().splittable == false)
    var messages: [String] = []
    try source.forEachEvent { messages.append(String(decoding: $0.message, as: UTF8.self)) }
    #expect(messages == Self.jsonLines.split(separator: "\n").map(String.init))
  }

  @Test func aPipeCanBeReadOnlyOnceAndSaysSo() throws {
    let fifo = makeFIFO("once.log")
    _ = feed(fifo, Array("2026-03-02T10:00:01Z one\n".utf8))
    let input = LogInput(path: fifo)
    var lines: [String] = []
    try ByteLineReader(input: input).forEachLine { line, _ in lines.append(String(decoding: line, as: UTF8.self)) }
    #expect(lines == ["2026-03-02T10:00:01Z one"])
    #expect(throws: LogReadError(path: fifo, message: "is a pipe or FIFO: it can be read only once, from the start (save it to a file to read it again)")) {
      try ByteLineReader(input: input).forEachLine { _, _ in }
    }
  }

  @Test func aFIFOWithoutAWriterIsAnErrorNotAHang() throws {
    let fifo = makeFIFO("nobody.log")
    let started = Date()
    #expect(throws: LogReadError(path: fifo, message: "is a FIFO and no writer opened it within 1 s")) {
      try LogInput(path: fifo, fifoWaitSeconds: 0.3).format()
    }
    #expect(Date().timeIntervalSince(started) < 5)
  }

  @Test func aWriterThatSendsNothingIsAnEmptyFile() throws {
    let fifo = makeFIFO("empty.log")
    let thread = feed(fifo, [])
    var reader = LogFileReader(path: fifo)
    var count = 0
    try reader.forEachRecord { _ in count += 1 }
    #expect(count == 0)
    while thread.isExecuting { usleep(1000) }
  }

  /// The format probe decides from the first bytes as the old line-based probe did.
  @Test(arguments: [
    ("{\"a\":1}\n", LogFileFormat.jsonLines),
    ("  \n\t\r\n  {\"a\":1}\n", .jsonLines),
    ("{\n  \"events\" : [\n", .cloudWatchEvents),
    ("{\"nextForwardToken\": \"x\", \"events\": []}", .cloudWatchEvents),
    ("2026-03-02T10:00:00Z {\"a\":1}\n", .text),
    (" \r {\n", .text),
    ("", .text),
  ])
  func formatProbe(head: String, format: LogFileFormat) {
    #expect(LogFileReader.format(ofHead: Array(head.utf8), complete: true) == format)
  }
}
