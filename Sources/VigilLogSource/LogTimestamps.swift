import VigilCore

/// The one set of rules that gives a log line its `@timestamp`, for filter patterns, metric filters and Insights:
/// - text lines start with an ISO-8601 time followed by the end, a space or a tab (as Lambda and the ECS awslogs
///   driver write them);
/// - JSON lines take the first of `timestamp`, `time`, `@timestamp`, `ts` (or one named field) present at the
///   top level, as an ISO-8601 string, or as epoch seconds (below 1e11) or milliseconds, number or numeric string;
/// - an epoch time outside what `Int64` milliseconds hold is no time (the line is skipped and reported), never a trap.
public enum LogTimestamps {
  /// The JSON fields tried in order when no field is named.
  public static let defaultJSONFields = ["timestamp", "time", "@timestamp", "ts"]

  /// The warning for a text line without a leading time.
  public static let noLeadingTimeMessage = "line does not start with an ISO-8601 timestamp; skipped"
  /// The warning for a line that is not a JSON object in a JSON-lines file.
  public static let notJSONObjectMessage = "not a JSON object; skipped"

  /// The warning for a JSON object without a usable time in `fields` (nil: the default fields).
  public static func noJSONTimeMessage(field: String?) -> String {
    "no \(field.map { "'\($0)'" } ?? "timestamp, time, @timestamp or ts") field with an ISO-8601 or epoch time; skipped"
  }

  /// Epoch seconds (below 1e11, fractions allowed) or milliseconds; nil when the milliseconds do not fit `Int64`.
  public static func epoch(_ n: Double) -> EpochMillis? {
    let millis = abs(n) < 1e11 ? (n * 1000).rounded() : n.rounded()
    return Int64(exactly: millis)
  }

  /// An ISO-8601 time at the start of a text line, followed by the end, a space or a tab.
  public static func leadingTime(_ line: UnsafeBufferPointer<UInt8>) -> EpochMillis? {
    leadingTimeAndLength(line)?.time
  }

  /// `leadingTime` and how many bytes the time takes.
  public static func leadingTimeAndLength(_ line: UnsafeBufferPointer<UInt8>) -> (time: EpochMillis, length: Int)? {
    guard line.count >= 19, line[0] >= 0x30, line[0] <= 0x39, let (t, used) = parseISO8601(line) else { return nil }
    if used < line.count, line[used] != 0x20, line[used] != 0x09 { return nil }
    return (t, used)
  }

  /// `TimeFormat.parseISO8601` specialised for byte buffers: the generic one is not inlinable across modules, and
  /// parsing a timestamp per line is on the hot path. Same grammar: `YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|±HH[:MM]]`.
  public static func parseISO8601(_ b: UnsafeBufferPointer<UInt8>) -> (EpochMillis, Int)? {
    var cache = ISO8601MinuteCache()
    return parseISO8601(b, cache: &cache)
  }

  /// The last date-and-minute prefix (`YYYY-MM-DDTHH:MM`, 16 bytes) that `parseISO8601(_:cache:)` read and its
  /// seconds since the epoch: consecutive log lines mostly share it, so its digits, ranges and day number are
  /// worked out once per minute of log instead of once per line (issue 17).
  public struct ISO8601MinuteCache: Sendable {
    var head: UInt64 = 0
    var tail: UInt64 = 0
    var seconds: Int64 = 0
    var valid = false
    public init() {}
    init(head: UInt64, tail: UInt64, seconds: Int64, valid: Bool) {
      self.head = head
      self.tail = tail
      self.seconds = seconds
      self.valid = valid
    }
  }

  /// `parseISO8601(_:)`, reusing the date and minute of the previous call when its 16 bytes are the same.
  @inline(__always)
  public static func parseISO8601(_ b: UnsafeBufferPointer<UInt8>, cache: inout ISO8601MinuteCache) -> (EpochMillis, Int)? {
    let n = b.count
    guard n >= 19, let raw = b.baseAddress.map(UnsafeRawPointer.init) else { return nil }
    @inline(__always) func d(_ i: Int) -> Int? {
      let c = b[i] &- 0x30
      return c <= 9 ? Int(c) : nil
    }
    let head = raw.loadUnaligned(as: UInt64.self)
    let tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    let minuteStart: Int64
    if cache.valid, head == cache.head, tail == cache.tail {
      minuteStart = cache.seconds
    } else {
      guard let y0 = d(0), let y1 = d(1), let y2 = d(2), let y3 = d(3), b[4] == 0x2D, let m0 = d(5), let m1 = d(6),
        b[7] == 0x2D, let d0 = d(8), let d1 = d(9), b[10] == 0x54 || b[10] == 0x20 || b[10] == 0x74,
        let h0 = d(11), let h1 = d(12), b[13] == 0x3A, let i0 = d(14), let i1 = d(15)
      else { return nil }
      let year = y0 * 1000 + y1 * 100 + y2 * 10 + y3
      let month = m0 * 10 + m1
      let day = d0 * 10 + d1
      let hour = h0 * 10 + h1
      let minute = i0 * 10 + i1
      guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60 else { return nil }
      let days = TimeFormat.daysFromCivil(year: year, month: month, day: day)
      minuteStart = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60)
      cache = ISO8601MinuteCache(head: head, tail: tail, seconds: minuteStart, valid: true)
    }
    guard b[16] == 0x3A, let s0 = d(17), let s1 = d(18) else { return nil }
    let secondOfMinute = s0 * 10 + s1
    guard secondOfMinute < 61 else { return nil }
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
    let seconds = minuteStart + Int64(secondOfMinute) - Int64(offset)
    return (seconds * 1000 + Int64(millis), i)
  }
}

/// Reads the time of JSON lines with one multi-path scan per line (one reader per thread: it reuses its slots).
public struct JSONTimestampReader {
  private let scanner: JSONFieldScanner
  private var slots: [JSONSlot] = []
  private var minuteCache = LogTimestamps.ISO8601MinuteCache()
  /// `{"timestamp":"` starts most lines when the default fields are used: the time is read without a scan.
  private let fastPrefix: Bool
  /// The warning for an object without a time.
  public let noTimeMessage: String

  /// Reads `field`, or the default fields in order when nil.
  public init(field: String? = nil) {
    scanner = JSONFieldScanner(paths: field.map { [$0] } ?? LogTimestamps.defaultJSONFields)
    fastPrefix = field == nil
    noTimeMessage = LogTimestamps.noJSONTimeMessage(field: field)
  }

  /// `{"timestamp":"` (14 bytes) as two overlapping little-endian words, bytes 0..<8 and 6..<14, compared with
  /// two loads per line instead of a `memcmp` call and a static array's lazy initialisation check.
  private let prefixWords: (UInt64, UInt64) = {
    let bytes = Array(#"{"timestamp":""#.utf8)
    func word(_ from: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[from + $1]) << (8 * UInt64($1)) } }
    return (word(0), word(6))
  }()

  /// Whether `line` (more than 14 bytes) starts with `{"timestamp":"`.
  @inline(__always) private func hasPrefix(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    guard line.count > 14, let base = line.baseAddress else { return false }
    let raw = UnsafeRawPointer(base)
    return raw.loadUnaligned(as: UInt64.self).littleEndian == prefixWords.0
      && raw.loadUnaligned(fromByteOffset: 6, as: UInt64.self).littleEndian == prefixWords.1
  }

  /// The line's time, or the warning that skips it.
  public mutating func timestamp(_ line: UnsafeBufferPointer<UInt8>) -> Result<EpochMillis, SkipReason> {
    let n = line.count
    if fastPrefix, hasPrefix(line),
      let (t, used) = LogTimestamps.parseISO8601(UnsafeBufferPointer(rebasing: line[14...]), cache: &minuteCache),
      14 + used < n,
      line[14 + used] == UInt8(ascii: "\"")
    {
      return .success(t)
    }
    var i = 0
    while i < n, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
    guard i < n, line[i] == UInt8(ascii: "{") else { return .failure(SkipReason(message: LogTimestamps.notJSONObjectMessage)) }
    scanner.scan(line, into: &slots)
    for slot in slots where slot.kind != .missing {
      let raw = UnsafeBufferPointer(rebasing: line[slot.start..<slot.end])
      var time: EpochMillis?
      switch slot.kind {
      case .string:
        if !slot.escaped, let (t, used) = LogTimestamps.parseISO8601(raw), used == raw.count {
          time = t
        } else {
          time = NumberParser.parse(raw).flatMap(LogTimestamps.epoch)
        }
      case .number: time = NumberParser.parse(raw).flatMap(LogTimestamps.epoch)
      default: time = nil
      }
      return time.map { .success($0) } ?? .failure(SkipReason(message: noTimeMessage))
    }
    return .failure(SkipReason(message: noTimeMessage))
  }
}

/// Why a line is not an event: the warning printed for it.
public struct SkipReason: Error, Equatable, Sendable {
  public var message: String
  public init(message: String) { self.message = message }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
