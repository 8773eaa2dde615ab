import Foundation

/// Milliseconds since the Unix epoch, the unit CloudWatch uses for log event and metric timestamps.
public typealias EpochMillis = Int64

/// Parsing and formatting of the time notations Vigil accepts: ISO-8601 (with or without fraction and
/// zone; no zone means UTC), epoch seconds or milliseconds, and durations such as `30s`, `5m`, `1h`, `1d`.
public enum TimeFormat {
  /// Parses an ISO-8601 timestamp from bytes like `2026-03-02T10:15:30.123Z`, `2026-03-02 10:15:30,123+01:00`.
  /// Returns the timestamp and how many bytes it used, or nil.
  public static func parseISO8601<C: RandomAccessCollection>(_ bytes: C) -> (EpochMillis, Int)?
  where C.Element == UInt8, C.Index == Int {
    var i = bytes.startIndex
    let end = bytes.endIndex
    func digits(_ count: Int) -> Int? {
      guard end - i >= count else { return nil }
      var value = 0
      for k in 0..<count {
        let b = bytes[i + k]
        guard b >= 48 && b <= 57 else { return nil }
        value = value * 10 + Int(b - 48)
      }
      i += count
      return value
    }
    func expect(_ byte: UInt8) -> Bool {
      guard i < end, bytes[i] == byte else { return false }
      i += 1
      return true
    }
    guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2) else { return nil }
    guard i < end, bytes[i] == 84 || bytes[i] == 32 || bytes[i] == 116 else { return nil }  // T, space, t
    i += 1
    guard let hour = digits(2), expect(58), let minute = digits(2), expect(58), let second = digits(2) else {
      return nil
    }
    guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
    var millis = 0
    if i < end, bytes[i] == 46 || bytes[i] == 44 {  // . or ,
      i += 1
      var scale = 100
      var any = false
      while i < end, bytes[i] >= 48, bytes[i] <= 57 {
        millis += Int(bytes[i] - 48) * scale
        scale /= 10
        i += 1
        any = true
      }
      guard any else { return nil }
    }
    var offsetSeconds = 0
    if i < end {
      let b = bytes[i]
      if b == 90 || b == 122 {  // Z
        i += 1
      } else if b == 43 || b == 45 {  // + -
        let sign = b == 43 ? 1 : -1
        let save = i
        i += 1
        if let oh = digits(2) {
          _ = expect(58)
          let om = digits(2) ?? 0
          // RFC 3339's time-numoffset: hours 00-23, minutes 00-59 (https://www.rfc-editor.org/rfc/rfc3339#section-5.6).
          guard oh <= 23, om <= 59 else { return nil }
          offsetSeconds = sign * (oh * 3600 + om * 60)
        } else {
          i = save
        }
      }
    }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
    return (seconds * 1000 + Int64(millis), i - bytes.startIndex)
  }

  /// The times Vigil works with: years 0000 to 9999, the years ISO-8601 writes with four digits. Readers refuse
  /// timestamps outside it, so adding periods and look-backs to any timestamp cannot overflow.
  public static let supportedRange: ClosedRange<EpochMillis> = -62_167_219_200_000...253_402_300_799_999

  /// Parses a whole string as a time: ISO-8601, or an integer of epoch seconds (≤ 11 digits) or milliseconds.
  public static func parse(_ text: String) -> EpochMillis? {
    let bytes = Array(text.utf8)
    if let (millis, used) = parseISO8601(bytes), used == bytes.count { return millis }
    if !bytes.isEmpty, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int64(text) {
      return bytes.count <= 11 ? n * 1000 : n
    }
    if bytes.count == 10, let (millis, _) = parseISO8601(bytes + Array("T00:00:00Z".utf8)) { return millis }
    return nil
  }

  /// Why `parse` refuses a text: the 0-based scalar offset to point at and the reason, or nil when it is a time.
  /// A UTC offset beyond ±23:59 is named at its sign; anything else points at the start.
  public static func rejection(of text: String) -> (offset: Int, reason: String)? {
    guard parse(text) == nil else { return nil }
    let bytes = Array(text.utf8)
    // The zone of `YYYY-MM-DDTHH:MM:SS[.fff]±HH[:MM]`: the last sign after the time of day.
    if bytes.count > 19, bytes.allSatisfy({ $0 < 0x80 }),
      let sign = bytes[19...].lastIndex(where: { $0 == 43 || $0 == 45 }),
      parseISO8601(Array(bytes[..<sign]) + Array("Z".utf8)) != nil
    {
      return (sign, "UTC offset \(String(decoding: bytes[sign...], as: UTF8.self)) is out of range: hours 00-23, minutes 00-59")
    }
    return (0, "not an ISO-8601 time (such as 2026-03-02T10:15:00Z) or epoch seconds")
  }

  /// `YYYY-MM-DD HH:MM:SS.mmm` in UTC, the way Logs Insights prints `@timestamp`.
  public static func insights(_ millis: EpochMillis) -> String {
    let c = civil(millis)
    return
      "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2)) \(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)).\(pad(c.millisecond, 3))"
  }

  /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, or without the fraction when it is zero and `fraction` is false.
  public static func iso8601(_ millis: EpochMillis, fraction: Bool = true) -> String {
    let c = civil(millis)
    // Years 0000-9999 (every time Vigil reads): fixed-width digits into one small string, as the padded
    // interpolation below writes them; previews write one per history item and reason datapoint.
    if (0...9999).contains(c.year) {
      let withFraction = fraction || c.millisecond != 0
      return String(unsafeUninitializedCapacity: 24) { out in
        var n = 0
        func digits(_ value: Int, _ width: Int) {
          var v = value
          for i in stride(from: width - 1, through: 0, by: -1) {
            out[n + i] = UInt8(48 + v % 10)
            v /= 10
          }
          n += width
        }
        func byte(_ b: Unicode.Scalar) {
          out[n] = UInt8(ascii: b)
          n += 1
        }
        digits(c.year, 4); byte("-"); digits(c.month, 2); byte("-"); digits(c.day, 2); byte("T")
        digits(c.hour, 2); byte(":"); digits(c.minute, 2); byte(":"); digits(c.second, 2)
        if withFraction { byte("."); digits(c.millisecond, 3) }
        byte("Z")
        return n
      }
    }
    let base = "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))"
    if !fraction && c.millisecond == 0 { return base + "Z" }
    return base + ".\(pad(c.millisecond, 3))Z"
  }

  /// Parses a duration such as `30s`, `1m`, `5min`, `2h`, `1d`, `500ms`, or a bare number of seconds.
  /// Nil when the text is not a duration, or when it is longer than `maximumDuration` (an 18-digit `--period`
  /// would otherwise overflow the milliseconds, and later the arithmetic on them).
  public static func parseDuration(_ text: String) -> EpochMillis? {
    let units: [(String, EpochMillis)] = [
      ("ms", 1), ("s", 1000), ("sec", 1000), ("m", 60_000), ("min", 60_000), ("h", 3_600_000), ("hr", 3_600_000),
      ("d", 86_400_000), ("w", 604_800_000),
    ]
    let digits = text.prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty, let n = EpochMillis(digits) else { return nil }
    let unit = text.dropFirst(digits.count)
    let factor: EpochMillis
    if unit.isEmpty {
      factor = 1000
    } else {
      guard let f = units.first(where: { $0.0 == unit })?.1 else { return nil }
      factor = f
    }
    let (millis, overflow) = n.multipliedReportingOverflow(by: factor)
    guard !overflow, millis <= maximumDuration else { return nil }
    return millis
  }

  /// The longest duration `parseDuration` accepts: 100 years of 366 days, in milliseconds. Far above any
  /// CloudWatch period or wait, and small enough that adding one to any timestamp Vigil reads cannot overflow.
  public static let maximumDuration: EpochMillis = 100 * 366 * 86_400_000

  /// `1m`, `5m`, `1h`, `30s`: the shortest exact form of a duration.
  public static func formatDuration(_ millis: EpochMillis) -> String {
    if millis % 86_400_000 == 0 { return "\(millis / 86_400_000)d" }
    if millis % 3_600_000 == 0 { return "\(millis / 3_600_000)h" }
    if millis % 60_000 == 0 { return "\(millis / 60_000)m" }
    if millis % 1000 == 0 { return "\(millis / 1000)s" }
    return "\(millis)ms"
  }

  public struct Civil: Equatable, Sendable {
    public var year, month, day, hour, minute, second, millisecond: Int
  }

  public static func civil(_ millis: EpochMillis) -> Civil {
    let ms = Int(((millis % 1000) + 1000) % 1000)
    // Floor division without `millis - ms`, which overflows near Int64.min (`fromMillis(-9223372036854775807)`).
    let (quotient, remainder) = millis.quotientAndRemainder(dividingBy: 1000)
    var seconds = remainder < 0 ? quotient - 1 : quotient
    var days = seconds / 86400
    seconds -= days * 86400
    if seconds < 0 {
      seconds += 86400
      days -= 1
    }
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    return Civil(
      year: Int(y), month: Int(m), day: Int(d), hour: Int(seconds / 3600), minute: Int(seconds % 3600 / 60),
      second: Int(seconds % 60), millisecond: ms)
  }

  public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  private static func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }
}
