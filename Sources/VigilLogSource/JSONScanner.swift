#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The kind of JSON value that starts at a byte.
public enum JSONKind: Equatable, Sendable {
  case string, number, `true`, `false`, null, object, array, invalid
}

/// The one lazy JSON scanner of log reading: allocation-free navigation of one JSON text held in bytes, which
/// finds only the members a filter pattern, a query or a timestamp rule names and skips the rest. Filter
/// patterns look members up (`member`, `forEachMember`, `forEachElement`), Insights and timestamps scan many
/// dotted paths at once (`JSONFieldScanner`, built on these primitives), and `isValidDocument` checks a whole
/// text. Malformed input never traps: lookups return nil.
///
/// The primitives take a `Strictness` where the callers need different answers for malformed input; on
/// well-formed JSON both answers are the same.
@frozen public struct JSONScanner {
  public let bytes: UnsafeBufferPointer<UInt8>

  /// How much of the JSON grammar a primitive checks.
  public enum Strictness: Sendable {
    /// Find the end fast and keep what can be read: a string ends at the first quote not escaped by an odd run
    /// of backslashes, a container where its brackets balance (inner strings skipped), any other value at the
    /// next `,` `}` `]` or whitespace, whatever its bytes (Insights shows `12abc` as the string "12abc"). A bad
    /// escape is kept as its characters.
    case lenient
    /// RFC 8259 (https://www.rfc-editor.org/rfc/rfc8259): strings without control characters or bad escapes,
    /// the number grammar, the exact literals, nesting below `maximumDepth`. A violation makes the answer nil.
    case strict
  }

  /// Containers nested deeper than this are not strict JSON here: the strict check recurses once per level.
  /// (The lenient skip counts brackets without recursing, so nesting costs it no stack at all.)
  public static let maximumDepth = 512

  @inlinable public init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  @inlinable public var count: Int { bytes.count }

  // MARK: Primitives

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

  /// The kind of the value at `i`, by its first byte; `true`, `false` and `null` must be spelt out.
  @inlinable @inline(__always) public func kind(at i: Int) -> JSONKind {
    guard i >= 0, i < bytes.count else { return .invalid }
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
    guard i + n <= bytes.count, let base = bytes.baseAddress else { return false }
    return memcmp(base + i, word.utf8Start, n) == 0
  }

  /// Index just past the closing quote of the string whose opening quote is at `i`, or nil when it does not end
  /// (or, when strict, holds a control character or a bad escape).
  @inlinable @inline(__always) public func stringEnd(_ i: Int, _ strictness: Strictness = .lenient) -> Int? {
    guard i >= 0 else { return nil }
    return strictness == .strict ? strictStringEnd(i) : lenientStringEnd(i)
  }

  /// The lenient string end: `memchr` to each quote, then count the backslashes before it.
  @inlinable @inline(__always) func lenientStringEnd(_ i: Int) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    var j = i + 1
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

  /// The strict string end: escapes are read left to right, so they are checked on the way.
  @usableFromInline func strictStringEnd(_ i: Int) -> Int? {
    var j = i + 1
    while j < bytes.count {
      let c = bytes[j]
      if c == 0x22 { return j + 1 }
      if c < 0x20 { return nil }
      if c == 0x5C {
        guard j + 1 < bytes.count else { return nil }
        switch bytes[j + 1] {
        case 0x22, 0x5C, 0x2F, UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
          j += 2
        case UInt8(ascii: "u"):
          guard hex4(j + 2, bytes.count) != nil else { return nil }
          j += 6
        default: return nil
        }
        continue
      }
      j += 1
    }
    return nil
  }

  /// Whether `bytes[start..<end]` (string content) holds a backslash, so it must be unescaped to be read.
  @inlinable @inline(__always) public func containsEscape(_ start: Int, _ end: Int) -> Bool {
    guard let base = bytes.baseAddress, start >= 0, start < end, end <= bytes.count else { return false }
    return memchr(base + start, 0x5C, end - start) != nil
  }

  /// Index just past the value starting at `i`, or nil when it is malformed (see `Strictness`).
  @inlinable public func valueEnd(_ i: Int, _ strictness: Strictness = .lenient) -> Int? {
    strictness == .strict ? strictValueEnd(i, depth: 0) : lenientValueEnd(i)
  }

  /// The lenient value end, on its own so member lookup and the field scan call it without the branch.
  @inlinable @inline(__always) func lenientValueEnd(_ i: Int) -> Int? {
    guard i >= 0, i < bytes.count else { return nil }
    let c = bytes[i]
    if c == 0x22 { return lenientStringEnd(i) }
    if c == 0x7B || c == 0x5B {
      // Count brackets, jumping over strings: no recursion, so any nesting is skipped in constant stack.
      var depth = 0
      var j = i
      while j < bytes.count {
        let d = bytes[j]
        if d == 0x22 {
          guard let e = lenientStringEnd(j) else { return nil }
          j = e
          continue
        }
        if d == 0x7B || d == 0x5B {
          depth += 1
        } else if d == 0x7D || d == 0x5D {
          depth -= 1
          if depth == 0 { return j + 1 }
        }
        j += 1
      }
      return nil
    }
    // Any other value runs to the next delimiter: `,` `}` `]` or whitespace. Digits and letters are above `,`
    // (0x2C), so most bytes take the first test only.
    var j = i
    while j < bytes.count {
      let d = bytes[j]
      if d > 0x2C {
        if d == 0x7D || d == 0x5D { break }
      } else if d == 0x2C || d == 0x20 || d == 0x09 || d == 0x0A || d == 0x0D {
        break
      }
      j += 1
    }
    return j > i ? j : nil
  }

  @usableFromInline func strictValueEnd(_ i: Int, depth: Int) -> Int? {
    guard depth < Self.maximumDepth, i >= 0, i < bytes.count else { return nil }
    switch bytes[i] {
    case 0x7B:
      var j = skipWhitespace(i + 1)
      if j < bytes.count, bytes[j] == 0x7D { return j + 1 }
      while true {
        guard j < bytes.count, bytes[j] == 0x22, let keyEnd = strictStringEnd(j) else { return nil }
        j = skipWhitespace(keyEnd)
        guard j < bytes.count, bytes[j] == 0x3A, let end = strictValueEnd(skipWhitespace(j + 1), depth: depth + 1) else {
          return nil
        }
        j = skipWhitespace(end)
        guard j < bytes.count else { return nil }
        if bytes[j] == 0x7D { return j + 1 }
        guard bytes[j] == 0x2C else { return nil }
        j = skipWhitespace(j + 1)
      }
    case 0x5B:
      var j = skipWhitespace(i + 1)
      if j < bytes.count, bytes[j] == 0x5D { return j + 1 }
      while true {
        guard let end = strictValueEnd(j, depth: depth + 1) else { return nil }
        j = skipWhitespace(end)
        guard j < bytes.count else { return nil }
        if bytes[j] == 0x5D { return j + 1 }
        guard bytes[j] == 0x2C else { return nil }
        j = skipWhitespace(j + 1)
      }
    case 0x22: return strictStringEnd(i)
    case UInt8(ascii: "t"): return matchesWord(i, "true") ? i + 4 : nil
    case UInt8(ascii: "f"): return matchesWord(i, "false") ? i + 5 : nil
    case UInt8(ascii: "n"): return matchesWord(i, "null") ? i + 4 : nil
    default: return strictNumberEnd(i)
    }
  }

  /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
  @usableFromInline func strictNumberEnd(_ i: Int) -> Int? {
    var j = i
    func digits() -> Bool {
      let s = j
      while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39 { j += 1 }
      return j > s
    }
    if j < bytes.count, bytes[j] == 0x2D { j += 1 }
    guard j < bytes.count else { return nil }
    if bytes[j] == 0x30 {
      j += 1
    } else {
      guard bytes[j] >= 0x31, bytes[j] <= 0x39 else { return nil }
      _ = digits()
    }
    if j < bytes.count, bytes[j] == 0x2E {
      j += 1
      guard digits() else { return nil }
    }
    if j < bytes.count, bytes[j] == 0x65 || bytes[j] == 0x45 {
      j += 1
      if j < bytes.count, bytes[j] == 0x2B || bytes[j] == 0x2D { j += 1 }
      guard digits() else { return nil }
    }
    return j
  }

  /// Whether the whole text is one strict JSON value (RFC 8259), surrounded only by whitespace.
  @inlinable public func isValidDocument() -> Bool {
    guard let end = strictValueEnd(skipWhitespace(0), depth: 0) else { return false }
    return skipWhitespace(end) == bytes.count
  }

  /// The four hex digits at `bytes[at..<at + 4]` (all before `end`) as a number.
  @inlinable func hex4(_ at: Int, _ end: Int) -> UInt32? {
    guard at >= 0, at + 4 <= end, end <= bytes.count else { return nil }
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

  /// Decodes JSON string content `bytes[start..<end]` (escapes, `\uXXXX` with surrogate pairs) into UTF-8 bytes.
  /// A lone surrogate becomes U+FFFD. A bad escape makes a strict decode nil; a lenient one keeps it: `\x` is
  /// `x`, a `\u` without four hex digits is dropped, a final lone backslash stays.
  @inlinable public func unescape(_ start: Int, _ end: Int, _ strictness: Strictness) -> [UInt8]? {
    guard start >= 0, start <= end, end <= bytes.count else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(end - start)
    var j = start
    while j < end {
      let c = bytes[j]
      if c != 0x5C {
        out.append(c)
        j += 1
        continue
      }
      guard j + 1 < end else {
        if strictness == .strict { return nil }
        out.append(c)
        j += 1
        continue
      }
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
        guard var scalar = hex4(j, end) else {
          if strictness == .strict { return nil }
          continue
        }
        j += 4
        if scalar >= 0xD800 && scalar < 0xDC00, j + 6 <= end, bytes[j] == 0x5C, bytes[j + 1] == UInt8(ascii: "u"),
          let low = hex4(j + 2, end), low >= 0xDC00 && low < 0xE000
        {
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          j += 6
        }
        UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { out.append($0) }
      default:
        if strictness == .strict { return nil }
        out.append(e)
      }
    }
    return out
  }

  /// Parses the number at `i` without allocating (`NumberParser`: finite numbers only).
  @inlinable public func number(_ i: Int) -> Double? {
    guard kind(at: i) == .number, let end = lenientValueEnd(i) else { return nil }
    return NumberParser.parse(bytes, i, end)
  }

  // MARK: Member lookup (filter patterns, metric filter values)

  /// Calls `body(keyStart, keyEnd, valueStart)` for each member of the object at `i` (key range excludes
  /// quotes) until it returns true. Returns whether `body` returned true.
  @inlinable public func forEachMember(_ i: Int, _ body: (Int, Int, Int) -> Bool) -> Bool {
    guard kind(at: i) == .object else { return false }
    var j = skipWhitespace(i + 1)
    if j < bytes.count, bytes[j] == 0x7D { return false }
    while j < bytes.count {
      guard bytes[j] == 0x22, let keyEnd = lenientStringEnd(j) else { return false }
      var v = skipWhitespace(keyEnd)
      guard v < bytes.count, bytes[v] == 0x3A else { return false }
      v = skipWhitespace(v + 1)
      if body(j + 1, keyEnd - 1, v) { return true }
      guard let e = lenientValueEnd(v) else { return false }
      j = skipWhitespace(e)
      guard j < bytes.count, bytes[j] == 0x2C else { return false }  // `}` or garbage: no more members
      j = skipWhitespace(j + 1)
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
      guard let e = lenientValueEnd(j) else { return false }
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
    // The range comes from `forEachMember`; this runs once per key skipped, so it does no more checks than needed.
    let n = end - start
    if n == key.count, let base = bytes.baseAddress {
      let same = key.withUnsafeBufferPointer { k in memcmp(base + start, k.baseAddress ?? base, n) == 0 }
      if same { return true }
    }
    // Escaped keys are rare; compare their decoded form.
    guard containsEscape(start, end) else { return false }
    return unescape(start, end, .strict) == key
  }

  /// The decoded bytes of the string value at `i` (nil when it is not a string or has a bad escape).
  @inlinable public func decodedString(_ i: Int) -> [UInt8]? {
    guard kind(at: i) == .string, let e = lenientStringEnd(i) else { return nil }
    return unescape(i + 1, e - 1, .strict)
  }

  /// Raw bytes of a scalar value's text: string content without quotes (undecoded), or the number/literal token.
  @inlinable public func rawRange(_ i: Int) -> Range<Int>? {
    switch kind(at: i) {
    case .string:
      guard let e = lenientStringEnd(i) else { return nil }
      return (i + 1)..<(e - 1)
    case .number, .true, .false, .null:
      guard let e = lenientValueEnd(i) else { return nil }
      return i..<e
    default: return nil
    }
  }
}
