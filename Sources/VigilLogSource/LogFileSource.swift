import Foundation
import VigilCore
import VigilLogs

#if canImport(Glibc)
  import Glibc
#endif

/// A local log file as a query input: one log group named after the file (without extensions), one log stream
/// named after the file.
///
/// Events follow the reading rules of VigilLogs' `LogFileReader`, so filter patterns and queries see the same
/// events: blank lines and lines over CloudWatch's 1 MB limit are not events; JSON lines take `@timestamp` from
/// the first of `timestamp`, `time`, `@timestamp`, `ts` (ISO-8601, or epoch seconds/milliseconds); text lines
/// from a leading ISO-8601 time; lines without a time are skipped and reported. Gzip files and
/// `aws logs filter-log-events` exports are read by `LogFileReader` itself. Plain JSON-lines and text files are
/// read here, with `read(2)` into a reused buffer and `memchr`, and can be split into byte ranges for workers.
public struct LogFileSource: Sendable {
  public var path: String
  public var logGroup: String
  public var logStream: String

  public init(path: String, logGroup: String? = nil, logStream: String? = nil) {
    self.path = path
    let base = (path as NSString).lastPathComponent
    self.logGroup = logGroup ?? String(base.split(separator: ".").first ?? Substring(base))
    self.logStream = logStream ?? base
  }

  /// The file's layout as VigilLogs detects it; gzip files count as not splittable.
  public func layout() throws -> (format: LogFileFormat, splittable: Bool) {
    let format = try LogFileReader(path: path).detectFormat()
    return (format, format != .cloudWatchEvents && !ByteLineReader.isGzip(path: path))
  }

  /// The file size in bytes.
  public func size() throws(LogReadError) -> Int {
    var info = stat()
    guard stat(path, &info) == 0 else { throw LogReadError(path: path, message: String(cString: strerror(errno))) }
    return Int(info.st_size)
  }

  /// A skipped line, by byte offset (turned into a line number once the read is over).
  public struct SkippedLine: Sendable {
    public var offset: Int
    public var message: String
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

  /// Reads with VigilLogs' `LogFileReader` (gzip, CloudWatch exports); `order` is the line or event number.
  public func forEachEventWithReader(_ body: (RawLogEvent, _ order: Int) -> Void) throws -> LogReadIssues {
    var reader = LogFileReader(path: path, options: LogReadOptions(logGroup: logGroup, logStream: logStream))
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
    throws(LogReadError) -> [SkippedLine]
  {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw LogReadError(path: path, message: String(cString: strerror(errno))) }
    defer { close(fd) }
    let rangeStart = lines?.lowerBound ?? 0
    let rangeEnd = lines?.upperBound ?? Int.max
    // A line that starts before the range belongs to the previous range: begin one byte early and skip to
    // the first newline.
    var skipFirstLine = rangeStart > 0
    var bufferOffset = skipFirstLine ? rangeStart - 1 : 0
    if bufferOffset > 0, lseek(fd, off_t(bufferOffset), SEEK_SET) < 0 {
      throw LogReadError(path: path, message: String(cString: strerror(errno)))
    }
    var finished = false
    let timestampScanner = JSONFieldScanner(paths: LogFileSource.timestampFields)
    let fastPrefix: [UInt8] = Array(#"{"timestamp":""#.utf8)
    var slots: [JSONSlot] = []
    var skipped: [SkippedLine] = []
    var capacity = 1 << 20
    var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    defer { buffer.deallocate() }
    var filled = 0
    var atEOF = false
    let group = logGroup
    let stream = logStream
    let maxLine = ByteLineReader.cloudWatchMaxMessageBytes

    func emit(_ start: UnsafeMutablePointer<UInt8>, _ count: Int, offset: Int) {
      var n = count
      if n > 0, start[n - 1] == 0x0D { n -= 1 }
      if n == 0 { return }
      if n > maxLine {
        skipped.append(SkippedLine(offset: offset, message: "line is longer than CloudWatch's 1 MB event limit; skipped"))
        return
      }
      let line = UnsafeBufferPointer(start: UnsafePointer(start), count: n)
      var timestamp: EpochMillis?
      switch format {
      case .jsonLines:
        if n > 14, memcmp(line.baseAddress!, fastPrefix, 14) == 0,
          let (t, used) = LogFileSource.parseISO8601(UnsafeBufferPointer(rebasing: line[14...])),
          14 + used < n, line[14 + used] == UInt8(ascii: "\"")
        {
          // `{"timestamp":"...` first, the common shape: no need to scan the object.
          timestamp = t
        } else {
          timestamp = LogFileSource.jsonTimestamp(line, scanner: timestampScanner, slots: &slots)
          if timestamp == nil {
            var i = 0
            while i < n, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
            let isObject = i < n && line[i] == UInt8(ascii: "{")
            skipped.append(
              SkippedLine(
                offset: offset,
                message: isObject
                  ? "no timestamp, time, @timestamp or ts field with an ISO-8601 or epoch time; skipped"
                  : "not a JSON object; skipped"))
            return
          }
        }
      default:
        timestamp = LogFileSource.leadingTimestamp(line)
        if timestamp == nil {
          skipped.append(SkippedLine(offset: offset, message: "line does not start with an ISO-8601 timestamp; skipped"))
          return
        }
      }
      body(RawLogEvent(timestamp: timestamp!, message: line, logStream: stream, logGroup: group), offset)
    }

    while !atEOF && !finished {
      if filled == capacity {
        // A line longer than the buffer: grow it.
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        bigger.update(from: buffer, count: filled)
        buffer.deallocate()
        buffer = bigger
        capacity *= 2
      }
      let got = read(fd, buffer + filled, capacity - filled)
      if got < 0 {
        if errno == EINTR { continue }
        throw LogReadError(path: path, message: String(cString: strerror(errno)))
      }
      if got == 0 { atEOF = true }
      filled += got
      var start = 0
      while start < filled {
        guard let nl = memchr(buffer + start, 0x0A, filled - start) else { break }
        let end = buffer.distance(to: nl.assumingMemoryBound(to: UInt8.self))
        if skipFirstLine {
          skipFirstLine = false
        } else {
          if bufferOffset + start >= rangeEnd {
            finished = true
            break
          }
          emit(buffer + start, end - start, offset: bufferOffset + start)
        }
        start = end + 1
      }
      if atEOF && start < filled && !finished && !skipFirstLine && bufferOffset + start < rangeEnd {
        emit(buffer + start, filled - start, offset: bufferOffset + start)
        start = filled
      }
      if start > 0 {
        let rest = filled - start
        if rest > 0 { memmove(buffer, buffer + start, rest) }
        filled = rest
        bufferOffset += start
      }
    }
    return skipped
  }

  /// 1-based line numbers of byte offsets (sorted ascending), counted in one pass over the file.
  public func lineNumbers(ofOffsets offsets: [Int]) throws(LogReadError) -> [Int] {
    guard !offsets.isEmpty else { return [] }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw LogReadError(path: path, message: String(cString: strerror(errno))) }
    defer { close(fd) }
    var result: [Int] = []
    var line = 1
    var position = 0
    let size = 1 << 20
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
    defer { buffer.deallocate() }
    while result.count < offsets.count {
      let got = read(fd, buffer, size)
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

  static let timestampFields = ["timestamp", "time", "@timestamp", "ts"]

  /// The first of `timestamp`, `time`, `@timestamp`, `ts` present at the top level decides, as VigilLogs reads it.
  static func jsonTimestamp(_ line: UnsafeBufferPointer<UInt8>, scanner: JSONFieldScanner, slots: inout [JSONSlot])
    -> EpochMillis?
  {
    scanner.scan(line, into: &slots)
    for slot in slots where slot.kind != .missing {
      let raw = UnsafeBufferPointer(rebasing: line[slot.start..<slot.end])
      switch slot.kind {
      case .string:
        if !slot.escaped, let (t, used) = parseISO8601(raw), used == raw.count { return t }
        return NumberParsing.parse(raw).flatMap(epoch)
      case .number:
        return NumberParsing.parse(raw).flatMap(epoch)
      default:
        return nil
      }
    }
    return nil
  }

  /// Epoch seconds (below 1e11) or milliseconds.
  static func epoch(_ n: Double) -> EpochMillis? {
    let millis = abs(n) < 1e11 ? (n * 1000).rounded() : n.rounded()
    return Int64(exactly: millis)
  }

  /// An ISO-8601 time at the start of a text line, followed by the end, a space or a tab.
  static func leadingTimestamp(_ line: UnsafeBufferPointer<UInt8>) -> EpochMillis? {
    guard line.count >= 19, line[0] >= 0x30, line[0] <= 0x39, let (t, used) = parseISO8601(line) else { return nil }
    if used < line.count, line[used] != 0x20, line[used] != 0x09 { return nil }
    return t
  }
}

extension LogFileSource {
  /// `TimeFormat.parseISO8601` specialised for byte buffers: the generic one is not inlinable across modules, and
  /// parsing a timestamp per line is on the hot path. Same grammar: `YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|±HH[:MM]]`.
  static func parseISO8601(_ b: UnsafeBufferPointer<UInt8>) -> (EpochMillis, Int)? {
    let n = b.count
    guard n >= 19 else { return nil }
    @inline(__always) func d(_ i: Int) -> Int? {
      let c = b[i] &- 0x30
      return c <= 9 ? Int(c) : nil
    }
    guard let y0 = d(0), let y1 = d(1), let y2 = d(2), let y3 = d(3), b[4] == 0x2D, let m0 = d(5), let m1 = d(6),
      b[7] == 0x2D, let d0 = d(8), let d1 = d(9), b[10] == 0x54 || b[10] == 0x20 || b[10] == 0x74,
      let h0 = d(11), let h1 = d(12), b[13] == 0x3A, let i0 = d(14), let i1 = d(15), b[16] == 0x3A,
      let s0 = d(17), let s1 = d(18)
    else { return nil }
    let year = y0 * 1000 + y1 * 100 + y2 * 10 + y3
    let month = m0 * 10 + m1
    let day = d0 * 10 + d1
    let hour = h0 * 10 + h1
    let minute = i0 * 10 + i1
    let second = s0 * 10 + s1
    guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
    var i = 19
    var millis = 0
    if i < n, b[i] == 0x2E || b[i] == 0x2C {
      i += 1
      var scale = 100
      let start = i
      while i < n, let digit = d(i) {
        millis += digit * scale
        scale /= 10
        i += 1
      }
      guard i > start else { return nil }
    }
    var offset = 0
    if i < n {
      if b[i] == 0x5A || b[i] == 0x7A {
        i += 1
      } else if (b[i] == 0x2B || b[i] == 0x2D), i + 2 < n, let a = d(i + 1), let c = d(i + 2) {
        let sign = b[i] == 0x2B ? 1 : -1
        i += 3
        if i < n, b[i] == 0x3A { i += 1 }
        var om = 0
        if i + 1 < n, let e = d(i), let f = d(i + 1) {
          om = e * 10 + f
          i += 2
        }
        offset = sign * ((a * 10 + c) * 3600 + om * 60)
      }
    }
    let days = TimeFormat.daysFromCivil(year: year, month: month, day: day)
    let seconds = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
    return (seconds * 1000 + Int64(millis), i)
  }
}
