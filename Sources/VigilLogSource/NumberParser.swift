#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one decimal number parser of log reading, filter patterns, metric filters and Logs Insights: `42`, `-1.5`,
/// `.5`, `1e3`, `+7`. Only finite numbers are numbers: `1e999` overflows to infinity and is rejected (nil), as
/// are `inf` and `nan`, so no engine compares, sums or converts an infinity read from a log.
public enum NumberParser {
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
    // power of ten is correctly rounded. The integer and fraction digits are read in two tight loops (a byte
    // minus `0` above 9 is not a digit), which is most of the time of a `stats` over a numeric field.
    var mantissa: UInt64 = 0
    var digits = 0
    while i < n {
      let d = b[i] &- 0x30
      if d > 9 { break }
      if digits == 19 { return slow(b) }
      mantissa = mantissa &* 10 &+ UInt64(d)
      digits &+= 1
      i &+= 1
    }
    var fractionDigits = 0
    if i < n, b[i] == UInt8(ascii: ".") {
      i &+= 1
      while i < n {
        let d = b[i] &- 0x30
        if d > 9 { break }
        if digits == 19 { return slow(b) }
        mantissa = mantissa &* 10 &+ UInt64(d)
        digits &+= 1
        fractionDigits &+= 1
        i &+= 1
      }
    }
    if i < n {
      // An exponent goes to `strtod` (when digits came before it); any other byte is not a number.
      let c = b[i]
      return (c == UInt8(ascii: "e") || c == UInt8(ascii: "E")) && digits > 0 ? slow(b) : nil
    }
    guard digits > 0 else { return nil }
    guard mantissa < (1 << 53), fractionDigits <= 22 else { return slow(b) }
    var value = Double(mantissa)
    if fractionDigits > 0 { value /= exactPowerOfTen(fractionDigits) }
    return negative ? -value : value
  }

  /// 10^n for n in 1...22, each exactly representable as a `Double`; literals rather than a static table, whose
  /// lazy initialisation was checked on every call.
  @usableFromInline @inline(__always) static func exactPowerOfTen(_ n: Int) -> Double {
    switch n {
    case 1: return 1e1
    case 2: return 1e2
    case 3: return 1e3
    case 4: return 1e4
    case 5: return 1e5
    case 6: return 1e6
    case 7: return 1e7
    case 8: return 1e8
    case 9: return 1e9
    case 10: return 1e10
    case 11: return 1e11
    case 12: return 1e12
    case 13: return 1e13
    case 14: return 1e14
    case 15: return 1e15
    case 16: return 1e16
    case 17: return 1e17
    case 18: return 1e18
    case 19: return 1e19
    case 20: return 1e20
    case 21: return 1e21
    case 22: return 1e22
    default: return 1
    }
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
