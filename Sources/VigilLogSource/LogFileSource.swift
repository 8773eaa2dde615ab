import Foundation
import VigilCore

#if canImport(Glibc)
  import Glibc
#endif

/// A local log file as a query input: one log group named after the file (without extensions), one log stream
/// named after the file.
///
/// Events follow the same reading rules as `LogFileReader` (the same line splitter and `LogTimestamps`), so
/// filter patterns and queries see the same events: blank lines and lines over CloudWatch's 1 MB limit are not
/// events; lines without a time are skipped and reported. Gzip files and `aws logs filter-log-events` exports are
/// read whole by `LogFileReader`; plain JSON-lines and text files can be split into byte ranges for workers.
/// Pipes and FIFOs are read once, whole, by one worker (`LogInput`).
public struct LogFileSource: Sendable {
  public var path: String { input.path }
  /// The input the format probe and every worker share (a pipe is opened once, by its one reader).
  public let input: LogInput
  public var logGroup: String
  public var logStream: String

  public init(path: String, logGroup: String? = nil, logStream: String? = nil) {
    input = LogInput(path: path)
    let base = (path as NSString).lastPathComponent
    self.logGroup = logGroup ?? String(base.split(separator: ".").first ?? Substring(base))
    self.logStream = logStream ?? base
  }

  /// The file's layout as `LogFileReader` detects it; gzip files, pipes and FIFOs count as not splittable.
  public func layout() throws -> (format: LogFileFormat, splittable: Bool) {
    let format = try input.format()
    let splittable = try input.isSplittable()
    return (format, format != .cloudWatchEvents && splittable)
  }

  /// The file size in bytes (0 for a pipe or FIFO).
  public func size() throws(LogReadError) -> Int { try input.size() }

  /// A skipped line (or one with a warning, such as a bare `\r`), by byte offset (turned into a line number once
  /// the read is over, unless already known).
  public struct SkippedLine: Sendable {
    public var offset: Int
    public var message: String
    /// The line number, known when the read started at the beginning of the file.
    public var line: Int?
  }

  /// Calls `body` for every event of the file (any layout). The message bytes are only valid during the call.
  public func forEachEvent(_ body: (RawLogEvent) -> Void) throws {
    let (format, splittable) = try layout()
    if splittable {
      _ = try forEachEvent(lines: nil, format: format) { event, _ in body(event) }
    } else {
      _ = try forEachEventWithReader { event, _ in body(event) }
    }
  }

  /// Reads with `LogFileReader` (gzip, CloudWatch exports); `order` is the line or event number.
  public func forEachEventWithReader(_ body: (RawLogEvent, _ order: Int) -> Void) throws -> LogReadIssues {
    var reader = LogFileReader(input: input, options: LogReadOptions(logGroup: logGroup, logStream: logStream))
    let group = logGroup
    let stream = logStream
    try reader.forEachRecord { record in
      body(
        RawLogEvent(
          timestamp: record.timestamp, ingestionTime: record.ingestionTime, message: record.bytes,
          logStream: record.logStream ?? stream, logGroup: group), record.line)
    }
    return reader.issues
  }

  /// Calls `body` for each event whose line starts inside `lines` (a byte range of the file; nil for all), with
  /// the line's byte offset. Splitting a file into ranges gives every line to exactly one range.
  /// Returns the lines skipped for having no time or being too long.
  public func forEachEvent(lines: Range<Int>?, format: LogFileFormat, _ body: (RawLogEvent, _ offset: Int) -> Void)
    throws -> [SkippedLine]
  {
    let group = logGroup
    let stream = logStream
    return try forEachMessage(lines: lines, format: format) { timestamp, message, offset in
      body(RawLogEvent(timestamp: timestamp, message: message, logStream: stream, logGroup: group), offset)
    }
  }

  /// `forEachEvent(lines:format:_:)` without the event value: every event of a file has this source's
  /// `logGroup` and `logStream`, and its ingestion time is its time, so `body` gets only what changes per line.
  /// The hot path of queries (issue 17): handing two `String`s along with every line cost a retain and a release
  /// of each per event (about 5% of a `stats` query's time, measured with perf).
  public func forEachMessage(
    lines: Range<Int>?, format: LogFileFormat,
    _ body: (_ timestamp: EpochMillis, _ message: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Void
  ) throws -> [SkippedLine] {
    var skipped: [SkippedLine] = []
    var jsonTime = JSONTimestampReader()
    // Reading from the start, the reader's line count is the line number: no second pass (or open) needed.
    let fromStart = (lines?.lowerBound ?? 0) == 0
    try ByteLineReader(input: input).forEachLine(
      startingIn: lines,
      onOverlong: { number, offset in
        skipped.append(SkippedLine(offset: offset, message: LogFileReader.overlongMessage, line: fromStart ? number : nil))
      },
      onBareCarriageReturn: { number, offset in
        skipped.append(SkippedLine(offset: offset, message: LogFileReader.bareCarriageReturnMessage, line: fromStart ? number : nil))
      }
    ) { line, number, offset in
      if line.isEmpty { return }
      let timestamp: EpochMillis
      if format == .jsonLines {
        switch jsonTime.timestamp(line) {
        case .success(let time): timestamp = time
        case .failure(let reason):
          skipped.append(SkippedLine(offset: offset, message: reason.message, line: fromStart ? number : nil))
          return
        }
      } else {
        guard let time = LogTimestamps.leadingTime(line) else {
          skipped.append(
            SkippedLine(offset: offset, message: LogTimestamps.noLeadingTimeMessage, line: fromStart ? number : nil))
          return
        }
        timestamp = time
      }
      body(timestamp, line, offset)
    }
    return skipped
  }

  /// 1-based line numbers of byte offsets (sorted ascending), counted in one pass over a plain file.
  public func lineNumbers(ofOffsets offsets: [Int]) throws(LogReadError) -> [Int] {
    guard !offsets.isEmpty else { return [] }
    let source = try input.makeSource()
    var result: [Int] = []
    var line = 1
    var position = 0
    let size = 1 << 20
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
    defer { buffer.deallocate() }
    while result.count < offsets.count {
      let got = try source.read(into: buffer, count: size)
      if got <= 0 { break }
      var i = 0
      while let nl = memchr(buffer + i, 0x0A, got - i) {
        let at = buffer.distance(to: nl.assumingMemoryBound(to: UInt8.self))
        // Offsets up to this newline are on the current line.
        while result.count < offsets.count, offsets[result.count] <= position + at { result.append(line) }
        line += 1
        i = at + 1
        if i >= got { break }
      }
      position += got
    }
    while result.count < offsets.count { result.append(line) }
    return result
  }
}
