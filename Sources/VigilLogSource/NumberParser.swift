#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one decimal number parser of log reading, filter patterns, metric filters and Logs Insights: `42`, `-1.5`,
/// `.5`, `1e3`, `+7`. Only finite numbers are numbers: `1e999` overflows to infinity and is rejected (nil), as
/// are `inf` and `nan`, so no engine compares, sums or converts an infinity read from a log.
public enum NumberParser {
  @usableFromInline static let powersOfTen: [Double] = (0...22).map { n in (0..<n).reduce(1.0) { r, _ in r * 10 } }

  /// Parses the whole buffer as a number; nil for anything else (empty, other characters, not finite).
  @inlinable public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
    let n = b.count
    guard n > 0 else { return nil }
    var i = 0
    var negative = false
    if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") {
      negative = b[0] == UInt8(ascii: "-")
      i = 1
    }
    // Fast path: a mantissa below 2^53 and at most 22 fraction digits is exact, and one division by an exact
    // power of ten is correctly rounded.
    var mantissa: UInt64 = 0
    var digits = 0
    var fractionDigits = 0
    var sawDot = false
    while i < n {
      let c = b[i]
      if c >= 0x30 && c <= 0x39 {
        if digits == 19 { return slow(b) }
        mantissa = mantissa &* 10 &+ UInt64(c &- 0x30)
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

  /// Parses `bytes[start..<end]` as a number.
  @inlinable public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
    guard start >= 0, end <= bytes.count, start < end else { return nil }
    return parse(UnsafeBufferPointer(rebasing: bytes[start..<end]))
  }

  /// Parses a whole string as a number.
  public static func parse(_ text: String) -> Double? {
    var text = text
    return text.withUTF8 { parse($0) }
  }

  /// Exponents and long mantissas: check the grammar (`[+-]digits[.digits][(e|E)[+-]digits]`, digits on at
  /// least one side of the dot), then let `strtod` round correctly; overflow to infinity is not a number.
  @usableFromInline static func slow(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
    let end = b.count
    var j = 0
    if b[j] == 0x2D || b[j] == 0x2B { j += 1 }
    let intStart = j
    while j < end, b[j] >= 0x30, b[j] <= 0x39 { j += 1 }
    var sawDigits = j > intStart
    if j < end, b[j] == 0x2E {
      j += 1
      let fracStart = j
      while j < end, b[j] >= 0x30, b[j] <= 0x39 { j += 1 }
      sawDigits = sawDigits || j > fracStart
    }
    guard sawDigits else { return nil }
    if j < end, b[j] == 0x65 || b[j] == 0x45 {
      j += 1
      if j < end, b[j] == 0x2B || b[j] == 0x2D { j += 1 }
      let expStart = j
      while j < end, b[j] >= 0x30, b[j] <= 0x39 { j += 1 }
      guard j > expStart else { return nil }
    }
    guard j == end else { return nil }
    let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: end + 1) { tmp -> Double in
      for k in 0..<end { tmp[k] = CChar(bitPattern: b[k]) }
      tmp[end] = 0
      return strtod(tmp.baseAddress!, nil)
    }
    return value.isFinite ? value : nil
  }
}
