import VigilCore

/// A field value in a query: absent (null), text, a number, a timestamp or a Boolean.
public enum InsightsValue: Hashable, Sendable, CustomStringConvertible {
  case null
  case string(String)
  case number(Double)
  /// Epoch milliseconds; shown as `YYYY-MM-DD HH:MM:SS.mmm` UTC like `@timestamp` and `bin()`.
  case timestamp(EpochMillis)
  case bool(Bool)

  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  /// The number this value stands for: numbers, numeric text (`"200"`), timestamps (epoch ms), Booleans as 1/0.
  public var numberValue: Double? {
    switch self {
    case .number(let d): return d
    case .timestamp(let t): return Double(t)
    case .bool(let b): return b ? 1 : 0
    case .string(let s): return InsightsValue.parseNumber(s)
    case .null: return nil
    }
  }

  /// The text of the value as results show it.
  public var description: String {
    switch self {
    case .null: return ""
    case .string(let s): return s
    case .number(let d): return InsightsValue.format(d)
    case .timestamp(let t): return TimeFormat.insights(t)
    // Insights shows Boolean results of expressions as 1/0, like isempty() and strcontains().
    case .bool(let b): return b ? "1" : "0"
    }
  }

  /// Text for string functions: nil for null.
  var stringValue: String? { isNull ? nil : description }

  /// Integers without a fraction (`42`), other numbers in the shortest form that reads back exactly (`142.5`).
  public static func format(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
    if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
    return "\(d)"
  }

  /// Parses a whole string as a decimal number (`42`, `-1.5`, `1e3`); nil for anything else.
  static func parseNumber(_ s: String) -> Double? {
    var s = s
    return s.withUTF8 { NumberParsing.parse($0) }
  }
}

/// Byte-level number parsing for JSON values and numeric text.
enum NumberParsing {
  private static let powersOfTen: [Double] = (0...22).map { pow10($0) }
  private static func pow10(_ n: Int) -> Double {
    var r = 1.0
    for _ in 0..<n { r *= 10 }
    return r
  }

  /// Parses the whole buffer as a decimal number. Uses the exact fast path (mantissa < 2^53, ≤ 22 fraction
  /// digits) and falls back to `Double(String)` otherwise.
  static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
    let n = b.count
    guard n > 0 else { return nil }
    var i = 0
    var negative = false
    if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") {
      negative = b[0] == UInt8(ascii: "-")
      i = 1
    }
    var mantissa: UInt64 = 0
    var digits = 0
    var fractionDigits = 0
    var sawDot = false
    while i < n {
      let c = b[i]
      if c >= 0x30 && c <= 0x39 {
        if digits < 19 {
          mantissa = mantissa &* 10 &+ UInt64(c &- 0x30)
        } else {
          return slow(b)
        }
        digits += 1
        if sawDot { fractionDigits += 1 }
      } else if c == UInt8(ascii: "."), !sawDot {
        sawDot = true
      } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
        return digits > 0 ? slow(b) : nil
      } else {
        return nil
      }
      i += 1
    }
    guard digits > 0 else { return nil }
    guard mantissa < (1 << 53), fractionDigits <= 22 else { return slow(b) }
    var value = Double(mantissa)
    if fractionDigits > 0 { value /= powersOfTen[fractionDigits] }
    return negative ? -value : value
  }

  private static func slow(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
    let text = String(decoding: b, as: UTF8.self)
    guard let d = Double(text), d.isFinite else { return nil }
    return d
  }
}
