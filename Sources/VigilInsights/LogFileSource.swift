import Foundation
import VigilCore

#if canImport(Glibc)
  import Glibc
#endif

/// A minimal streaming reader of local log files for `vigil query` and the benchmark: one event per line,
/// read with `read(2)` into a reused 1 MiB buffer and split with `memchr`. The timestamp is the `timestamp`
/// field of a JSON line (ISO-8601 text or epoch milliseconds), else an ISO-8601 prefix of the line; lines without
/// either get the previous event's time. The log group is the file name without extensions.
/// (The full readers — `filter-log-events` JSON, Lambda text, `.gz` — live in VigilLogs.)
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

  /// A file that cannot be read.
  public struct ReadError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
  }

  /// Calls `body` for each line as an event. The message bytes are only valid during the call.
  public func forEachEvent(_ body: (RawLogEvent) -> Void) throws(ReadError) {
    try forEachEvent(lines: nil) { event, _ in body(event) }
  }

  /// The file size in bytes.
  public func size() throws(ReadError) -> Int {
    var info = stat()
    guard stat(path, &info) == 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
    return Int(info.st_size)
  }

  /// Calls `body` for each line that starts inside `lines` (a byte range of the file; nil for all), with the
  /// line's byte offset. Splitting a file into ranges gives every line to exactly one range.
  public func forEachEvent(lines: Range<Int>?, _ body: (RawLogEvent, Int) -> Void) throws(ReadError) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    let rangeStart = lines?.lowerBound ?? 0
    let rangeEnd = lines?.upperBound ?? Int.max
    // A line that starts before the range belongs to the previous range: begin one byte early and skip to
    // the first newline.
    var skipFirstLine = rangeStart > 0
    var bufferOffset = skipFirstLine ? rangeStart - 1 : 0
    if bufferOffset > 0, lseek(fd, off_t(bufferOffset), SEEK_SET) < 0 {
      throw ReadError(path: path, reason: String(cString: strerror(errno)))
    }
    var finished = false
    let timestampScanner = JSONFieldScanner(paths: ["timestamp"])
    let fastPrefix: [UInt8] = Array(#"{"timestamp":""#.utf8)
    var slots: [JSONSlot] = []
    var capacity = 1 << 20
    var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    defer { buffer.deallocate() }
    var filled = 0
    var lastTimestamp: EpochMillis = 0
    var atEOF = false
    let group = logGroup
    let stream = logStream

    func emit(_ start: UnsafeMutablePointer<UInt8>, _ count: Int, offset: Int) {
      var n = count
      if n > 0, start[n - 1] == 0x0D { n -= 1 }
      if n == 0 { return }
      let line = UnsafeBufferPointer(start: UnsafePointer(start), count: n)
      var timestamp: EpochMillis?
      if n > 14, memcmp(line.baseAddress!, fastPrefix, 14) == 0,
        let (t, used) = LogFileSource.parseISO8601(UnsafeBufferPointer(rebasing: line[14...])),
        14 + used < n, line[14 + used] == UInt8(ascii: "\"")
      {
        // `{"timestamp":"...` first, the common shape: no need to scan the object.
        timestamp = t
      } else if line[0] == UInt8(ascii: "{") {
        timestampScanner.scan(line, into: &slots)
        let slot = slots[0]
        if slot.kind == .string {
          let text = UnsafeBufferPointer(rebasing: line[slot.start..<slot.end])
          if let (t, used) = LogFileSource.parseISO8601(text), used == text.count { timestamp = t }
        } else if slot.kind == .number, let d = NumberParsing.parse(UnsafeBufferPointer(rebasing: line[slot.start..<slot.end])) {
          timestamp = Int64(exactly: d.rounded(.down))
        }
      } else if let (t, _) = LogFileSource.parseISO8601(line) {
        timestamp = t
      }
      if let timestamp { lastTimestamp = timestamp }
      body(RawLogEvent(timestamp: lastTimestamp, message: line, logStream: stream, logGroup: group), offset)
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
        throw ReadError(path: path, reason: String(cString: strerror(errno)))
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
