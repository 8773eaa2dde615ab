#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The kind of JSON value that starts at a byte.
public enum JSONKind: Equatable, Sendable {
  case string, number, `true`, `false`, null, object, array, invalid
}

/// Lazy, allocation-free navigation of one JSON text held in bytes: finds only the members a pattern or
/// reader names and skips the rest (strings are skipped with `memchr`). Malformed input never traps;
/// lookups return nil and `isValidDocument` says whether the whole text is strict JSON.
@frozen public struct JSONBytes {
  public let bytes: UnsafeBufferPointer<UInt8>

  @inlinable public init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  @inlinable public var count: Int { bytes.count }

  @inlinable @inline(__always) public func skipWhitespace(_ i: Int) -> Int {
    var i = i
    while i < bytes.count {
      let c = bytes[i]
      if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
    }
    return i
  }

  /// The first value of the document (after whitespace), or nil when the text is empty.
  @inlinable public var rootStart: Int? {
    let i = skipWhitespace(0)
    return i < bytes.count ? i : nil
  }

  @inlinable @inline(__always) public func kind(at i: Int) -> JSONKind {
    guard i < bytes.count else { return .invalid }
    switch bytes[i] {
    case UInt8(ascii: "\""): return .string
    case UInt8(ascii: "{"): return .object
    case UInt8(ascii: "["): return .array
    case UInt8(ascii: "t"): return matchesWord(i, "true") ? .true : .invalid
    case UInt8(ascii: "f"): return matchesWord(i, "false") ? .false : .invalid
    case UInt8(ascii: "n"): return matchesWord(i, "null") ? .null : .invalid
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
    default: return .invalid
    }
  }

  @inlinable func matchesWord(_ i: Int, _ word: StaticString) -> Bool {
    let n = word.utf8CodeUnitCount
    guard i + n <= bytes.count else { return false }
    return memcmp(bytes.baseAddress! + i, word.utf8Start, n) == 0
  }

  /// Index just past the closing quote of the string starting at `i` (which holds `"`).
  @inlinable @inline(__always) public func stringEnd(_ i: Int) -> Int? {
    var j = i + 1
    let base = bytes.baseAddress!
    while j < bytes.count {
      guard let hit = memchr(base + j, 0x22, bytes.count - j) else { return nil }
      let q = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
      // A quote preceded by an odd number of backslashes is escaped.
      var backslashes = 0
      var k = q - 1
      while k > i, bytes[k] == 0x5C {
        backslashes += 1
        k -= 1
      }
      if backslashes & 1 == 0 { return q + 1 }
      j = q + 1
    }
    return nil
  }

  /// Index just past the number starting at `i`.
  @inlinable @inline(__always) public func numberEnd(_ i: Int) -> Int {
    var j = i
    while j < bytes.count {
      let c = bytes[j]
      if (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2B || c == 0x2E || c == 0x65 || c == 0x45 { j += 1 } else { break }
    }
    return j
  }

  /// Index just past the value starting at `i`, or nil when it is malformed.
  @inlinable public func valueEnd(_ i: Int) -> Int? {
    switch kind(at: i) {
    case .string: return stringEnd(i)
    case .number: return numberEnd(i)
    case .true, .null: return i + 4
    case .false: return i + 5
    case .invalid: return nil
    case .object, .array:
      // Skip nested containers by depth, jumping over strings.
      var depth = 0
      var j = i
      while j < bytes.count {
        let c = bytes[j]
        if c == 0x22 {
          guard let e = stringEnd(j) else { return nil }
          j = e
          continue
        }
        if c == 0x7B || c == 0x5B {
          depth += 1
        } else if c == 0x7D || c == 0x5D {
          depth -= 1
          if depth == 0 { return j + 1 }
        }
        j += 1
      }
      return nil
    }
  }

  /// Calls `body(keyStart, keyEnd, valueStart)` for each member of the object at `i` (key range excludes
  /// quotes) until it returns true. Returns whether `body` returned true.
  @inlinable public func forEachMember(_ i: Int, _ body: (Int, Int, Int) -> Bool) -> Bool {
    guard kind(at: i) == .object else { return false }
    var j = skipWhitespace(i + 1)
    if j < bytes.count, bytes[j] == 0x7D { return false }
    while j < bytes.count {
      guard bytes[j] == 0x22, let keyEnd = stringEnd(j) else { return false }
      var v = skipWhitespace(keyEnd)
      guard v < bytes.count, bytes[v] == 0x3A else { return false }
      v = skipWhitespace(v + 1)
      if body(j + 1, keyEnd - 1, v) { return true }
      guard let e = valueEnd(v) else { return false }
      j = skipWhitespace(e)
      guard j < bytes.count else { return false }
      if bytes[j] == 0x2C {
        j = skipWhitespace(j + 1)
      } else {
        return false  // `}` or garbage: either way no more members
      }
    }
    return false
  }

  /// Calls `body(index, valueStart)` for each element of the array at `i` until it returns true.
  @inlinable public func forEachElement(_ i: Int, _ body: (Int, Int) -> Bool) -> Bool {
    guard kind(at: i) == .array else { return false }
    var j = skipWhitespace(i + 1)
    if j < bytes.count, bytes[j] == 0x5D { return false }
    var index = 0
    while j < bytes.count {
      if body(index, j) { return true }
      guard let e = valueEnd(j) else { return false }
      j = skipWhitespace(e)
      guard j < bytes.count, bytes[j] == 0x2C else { return false }
      j = skipWhitespace(j + 1)
      index += 1
    }
    return false
  }

  /// The value start of member `key` of the object at `i` (first occurrence).
  @inlinable public func member(_ i: Int, key: [UInt8]) -> Int? {
    var found: Int?
    _ = forEachMember(i) { ks, ke, v in
      if keyEquals(ks, ke, key) {
        found = v
        return true
      }
      return false
    }
    return found
  }

  /// Whether the raw key bytes (between quotes) decode to `key`.
  @inlinable @inline(__always) public func keyEquals(_ start: Int, _ end: Int, _ key: [UInt8]) -> Bool {
    let n = end - start
    if n == key.count {
      let same = key.withUnsafeBufferPointer { memcmp(bytes.baseAddress! + start, $0.baseAddress!, n) == 0 }
      if same { return true }
    }
    // Escaped keys are rare; compare their decoded form.
    guard memchr(bytes.baseAddress! + start, 0x5C, n) != nil else { return false }
    return decodeStringContent(start, end) == key
  }

  /// The decoded bytes of the string value at `i`.
  @inlinable public func decodedString(_ i: Int) -> [UInt8]? {
    guard kind(at: i) == .string, let e = stringEnd(i) else { return nil }
    return decodeStringContent(i + 1, e - 1)
  }

  /// Raw bytes of a scalar value's text: string content without quotes (undecoded), or the number/literal token.
  @inlinable public func rawRange(_ i: Int) -> Range<Int>? {
    switch kind(at: i) {
    case .string:
      guard let e = stringEnd(i) else { return nil }
      return (i + 1)..<(e - 1)
    case .number, .true, .false, .null:
      guard let e = valueEnd(i) else { return nil }
      return i..<e
    default: return nil
    }
  }

  /// Decodes JSON string content (escapes, `\uXXXX` with surrogate pairs) into UTF-8 bytes.
  @inlinable public func decodeStringContent(_ start: Int, _ end: Int) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(end - start)
    var j = start
    func hex4(_ at: Int) -> UInt32? {
      guard at + 4 <= end else { return nil }
      var v: UInt32 = 0
      for k in at..<(at + 4) {
        let c = bytes[k]
        let d: UInt32
        switch c {
        case 0x30...0x39: d = UInt32(c - 0x30)
        case 0x41...0x46: d = UInt32(c - 0x41 + 10)
        case 0x61...0x66: d = UInt32(c - 0x61 + 10)
        default: return nil
        }
        v = v << 4 | d
      }
      return v
    }
    while j < end {
      let c = bytes[j]
      if c != 0x5C {
        out.append(c)
        j += 1
        continue
      }
      guard j + 1 < end else { return nil }
      let e = bytes[j + 1]
      j += 2
      switch e {
      case 0x22, 0x5C, 0x2F: out.append(e)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        guard var scalar = hex4(j) else { return nil }
        j += 4
        if scalar >= 0xD800 && scalar < 0xDC00, j + 6 <= end, bytes[j] == 0x5C, bytes[j + 1] == UInt8(ascii: "u"),
          let low = hex4(j + 2), low >= 0xDC00 && low < 0xE000
        {
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          j += 6
        }
        let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        out.append(contentsOf: Array(String(Character(u)).utf8))
      default: return nil
      }
    }
    return out
  }

  /// Parses the number at `i` (JSON grammar) without allocating.
  @inlinable public func number(_ i: Int) -> Double? {
    guard kind(at: i) == .number else { return nil }
    return NumberParser.parse(bytes, i, numberEnd(i))
  }

  /// Whether the whole text is one strict JSON value (RFC 8259), surrounded only by whitespace.
  public func isValidDocument() -> Bool {
    var validator = JSONValidator(bytes: bytes)
    return validator.validate()
  }
}

/// Strict structural validation of a JSON text (used only after a pattern matched, so cost is rare).
struct JSONValidator {
  let bytes: UnsafeBufferPointer<UInt8>
  var i = 0

  init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  mutating func validate() -> Bool {
    skip()
    guard value(depth: 0) else { return false }
    skip()
    return i == bytes.count
  }

  private mutating func skip() {
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
  }

  private mutating func value(depth: Int) -> Bool {
    guard depth < 512, i < bytes.count else { return false }
    switch bytes[i] {
    case 0x7B:
      i += 1
      skip()
      if i < bytes.count, bytes[i] == 0x7D {
        i += 1
        return true
      }
      while true {
        guard i < bytes.count, bytes[i] == 0x22, string() else { return false }
        skip()
        guard i < bytes.count, bytes[i] == 0x3A else { return false }
        i += 1
        skip()
        guard value(depth: depth + 1) else { return false }
        skip()
        guard i < bytes.count else { return false }
        if bytes[i] == 0x2C {
          i += 1
          skip()
        } else if bytes[i] == 0x7D {
          i += 1
          return true
        } else {
          return false
        }
      }
    case 0x5B:
      i += 1
      skip()
      if i < bytes.count, bytes[i] == 0x5D {
        i += 1
        return true
      }
      while true {
        guard value(depth: depth + 1) else { return false }
        skip()
        guard i < bytes.count else { return false }
        if bytes[i] == 0x2C {
          i += 1
          skip()
        } else if bytes[i] == 0x5D {
          i += 1
          return true
        } else {
          return false
        }
      }
    case 0x22: return string()
    case UInt8(ascii: "t"): return word("true")
    case UInt8(ascii: "f"): return word("false")
    case UInt8(ascii: "n"): return word("null")
    default: return number()
    }
  }

  private mutating func word(_ w: String) -> Bool {
    for c in w.utf8 {
      guard i < bytes.count, bytes[i] == c else { return false }
      i += 1
    }
    return true
  }

  private mutating func string() -> Bool {
    i += 1
    while i < bytes.count {
      let c = bytes[i]
      if c == 0x22 {
        i += 1
        return true
      }
      if c < 0x20 { return false }
      if c == 0x5C {
        guard i + 1 < bytes.count else { return false }
        let e = bytes[i + 1]
        if e == UInt8(ascii: "u") {
          guard i + 6 <= bytes.count else { return false }
          for k in (i + 2)..<(i + 6) where !isHex(bytes[k]) { return false }
          i += 6
          continue
        }
        guard [0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74].contains(e) else { return false }
        i += 2
        continue
      }
      i += 1
    }
    return false
  }

  private func isHex(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) }

  private mutating func number() -> Bool {
    let start = i
    if i < bytes.count, bytes[i] == 0x2D { i += 1 }
    guard i < bytes.count else { return false }
    if bytes[i] == 0x30 {
      i += 1
    } else if bytes[i] >= 0x31 && bytes[i] <= 0x39 {
      while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
    } else {
      return false
    }
    if i < bytes.count, bytes[i] == 0x2E {
      i += 1
      let s = i
      while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
      guard i > s else { return false }
    }
    if i < bytes.count, bytes[i] == 0x65 || bytes[i] == 0x45 {
      i += 1
      if i < bytes.count, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
      let s = i
      while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
      guard i > s else { return false }
    }
    return i > start
  }
}
