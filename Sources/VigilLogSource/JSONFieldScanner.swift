/// Where one JSON value sits in a message: its kind and byte range (string contents without quotes).
public struct JSONSlot: Sendable {
  public enum Kind: UInt8, Sendable { case missing, string, number, bool, null, object, array }
  public var kind: Kind = .missing
  public var start = 0
  public var end = 0
  /// The string contains backslash escapes and must be decoded.
  public var escaped = false

  public init() {}
}

/// Finds the values of a few dotted field paths (`latency_ms`, `customer.tier`, `items.0.id`) in one pass over
/// a JSON object's bytes, skipping everything else without building it. This is the hot path of queries over
/// JSON logs: Logs Insights flattens JSON into dotted names
/// ([discovered fields](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html)),
/// and a query names only a few of them. A key that itself contains dots (`"a.b": 1`) matches too.
///
/// The scan is `JSONScanner`'s lenient reading: a string ends at the first quote not escaped by an odd run of
/// backslashes, a scalar runs to the next delimiter whatever its bytes (so `12abc` is found, and shown as a
/// string), a bad escape keeps its characters. Malformed structure ends the scan; fields found before that point
/// are kept, the rest stay missing.
///
/// Speed (issue 17): the scan works on raw pointers, finds string ends eight bytes at a time (a quote or a
/// backslash in a word, SWAR), turns most unwanted keys away by their length alone (`keyLengths`), and stops as
/// soon as every wanted path has its value.
public final class JSONFieldScanner {
  public let paths: [[UInt8]]
  /// The paths as raw pointers and lengths (freed in deinit), so matching a key needs no array access.
  private let rawPaths: UnsafeMutablePointer<(UnsafeMutablePointer<UInt8>, Int)>
  private let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 24)
  /// Bit `L` (or 63 for `L` ≥ 63) is set when a top-level key of `L` bytes can match a path: the path's length,
  /// or the length of a prefix of it that ends before a `.`.
  private let keyLengths: UInt64

  /// At most 64 paths (one bit each in the matching masks); `QueryPlanner` refuses more.
  public static let maximumPaths = 64

  public init(paths: [String]) {
    self.paths = paths.prefix(Self.maximumPaths).map { Array($0.utf8) }
    rawPaths = UnsafeMutablePointer.allocate(capacity: max(self.paths.count, 1))
    var lengths: UInt64 = 0
    for (k, path) in self.paths.enumerated() {
      let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(path.count, 1))
      p.initialize(from: path, count: path.count)
      (rawPaths + k).initialize(to: (p, path.count))
      lengths |= 1 << UInt64(min(path.count, 63))
      for (i, byte) in path.enumerated() where byte == UInt8(ascii: ".") { lengths |= 1 << UInt64(min(i, 63)) }
    }
    keyLengths = lengths
  }

  deinit {
    for k in 0..<paths.count { rawPaths[k].0.deallocate() }
    rawPaths.deallocate()
    scratch.deallocate()
  }

  /// Scans `bytes` (a whole message); looks for the first `{` if the message does not start with one, as Insights
  /// discovers the first JSON fragment of a Lambda log line. `slots` gets one entry per path.
  public func scan(_ bytes: UnsafeBufferPointer<UInt8>, into slots: inout [JSONSlot]) {
    if slots.count != paths.count { slots = Array(repeating: JSONSlot(), count: paths.count) }
    slots.withUnsafeMutableBufferPointer { scan(bytes, into: $0) }
  }

  /// `scan(_:into:)` into a buffer of `paths.count` slots.
  public func scan(_ bytes: UnsafeBufferPointer<UInt8>, into slots: UnsafeMutableBufferPointer<JSONSlot>) {
    guard let out = slots.baseAddress else { return }
    for k in 0..<slots.count { out[k].kind = .missing }
    guard !paths.isEmpty, slots.count >= paths.count, let base = bytes.baseAddress else { return }
    var i = 0
    let n = bytes.count
    while i < n, base[i] == 0x20 || base[i] == 0x09 { i += 1 }
    if i >= n { return }
    if base[i] != UInt8(ascii: "{") {
      guard let p = memchr(base + i, Int32(UInt8(ascii: "{")), n - i) else { return }
      i = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }
    var state = State(
      base: base, n: n, paths: rawPaths, slots: out, remaining: paths.count, scratch: scratch, keyLengths: keyLengths)
    let all: UInt64 = paths.count == 64 ? ~0 : (1 << UInt64(paths.count)) - 1
    _ = state.object(at: i, candidates: all, offset: 0)
  }

  /// Decodes a string slot's content, leniently (`JSONScanner.Strictness.lenient`); invalid UTF-8 is repaired.
  public static func unescape(_ b: UnsafeBufferPointer<UInt8>) -> String {
    String(decoding: JSONScanner(b).unescape(0, b.count, .lenient) ?? [], as: UTF8.self)
  }

  /// One scan. Instead of building the dotted path of each key, it keeps the set of wanted paths that the
  /// parent path is a prefix of (`candidates`, a bit mask) and where the next segment starts in them (`offset`).
  struct State {
    let base: UnsafePointer<UInt8>
    let n: Int
    let paths: UnsafeMutablePointer<(UnsafeMutablePointer<UInt8>, Int)>
    let slots: UnsafeMutablePointer<JSONSlot>
    var remaining: Int
    let scratch: UnsafeMutablePointer<UInt8>
    let keyLengths: UInt64

    @inline(__always) func skipWhitespace(_ i: Int) -> Int {
      var i = i
      while i < n {
        let c = base[i]
        if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
      }
      return i
    }

    /// Index just past the closing quote of the string whose opening quote is at `i`, and whether the string
    /// holds a backslash; nil when it is not closed. A backslash takes the next byte with it, which is the
    /// lenient rule (a quote after an odd run of backslashes is escaped). Eight bytes at a time: the lowest byte
    /// flagged by the zero-byte test of `word ^ quotes` or `word ^ backslashes` is the first quote or backslash.
    @inline(__always) func stringEnd(_ i: Int) -> (end: Int, escaped: Bool)? {
      var j = i + 1
      var escaped = false
      let ones: UInt64 = 0x0101_0101_0101_0101
      let highs: UInt64 = 0x8080_8080_8080_8080
      while j + 8 <= n {
        let w = UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self).littleEndian
        let q = w ^ (ones &* 0x22)
        let b = w ^ (ones &* 0x5C)
        let quoteHits = (q &- ones) & ~q & highs
        let backslashHits = (b &- ones) & ~b & highs
        if quoteHits | backslashHits == 0 {
          j += 8
          continue
        }
        // The lowest flag of each mask is exact (a borrow only flags bytes above a real hit), so comparing the
        // two positions says which comes first without reading the byte again (a load on the critical path).
        let quoteAt = quoteHits.trailingZeroBitCount
        if quoteAt < backslashHits.trailingZeroBitCount { return (j + (quoteAt >> 3) + 1, escaped) }
        j += backslashHits.trailingZeroBitCount >> 3
        escaped = true
        j += 2
      }
      while j < n {
        let c = base[j]
        if c == 0x22 { return (j + 1, escaped) }
        if c == 0x5C {
          escaped = true
          j += 2
        } else {
          j += 1
        }
      }
      return nil
    }

    /// `valueEnd`, and for a string whether it holds a backslash (which `stringEnd` finds on its way, so
    /// recording the value needs no second search).
    @inline(__always) func valueSpan(_ i: Int) -> (end: Int, escaped: Bool)? {
      guard i < n else { return nil }
      if base[i] == 0x22 { return stringEnd(i) }
      guard let end = valueEnd(i) else { return nil }
      return (end, false)
    }

    /// Index just past the value starting at `i` (`JSONScanner.lenientValueEnd`), or nil when it is malformed.
    @inline(__always) func valueEnd(_ i: Int) -> Int? {
      guard i < n else { return nil }
      let c = base[i]
      if c == 0x22 { return stringEnd(i)?.end }
      if c == 0x7B || c == 0x5B {
        // Count brackets, jumping over strings: no recursion, so any nesting is skipped in constant stack.
        var depth = 0
        var j = i
        while j < n {
          let d = base[j]
          if d == 0x22 {
            guard let e = stringEnd(j) else { return nil }
            j = e.end
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
      let j = scalarEnd(i)
      return j > i ? j : nil
    }

    /// Index of the first delimiter at or after `i` (`,` `}` `]` or whitespace): where a number, `true`, `false`,
    /// `null` or any other bare word starting at `i` ends. Digits and letters are above `,` (0x2C), so most bytes
    /// take the first test only.
    @inline(__always) func scalarEnd(_ i: Int) -> Int {
      var j = i
      while j < n {
        let d = base[j]
        if d > 0x2C {
          if d == 0x7D || d == 0x5D { break }
        } else if d == 0x2C || d == 0x20 || d == 0x09 || d == 0x0A || d == 0x0D {
          break
        }
        j += 1
      }
      return j
    }

    /// Which candidate paths continue with `key` at `offset`: the one it completes (if its slot is still empty)
    /// and the mask of those that go deeper.
    @inline(__always) func match(_ key: UnsafePointer<UInt8>, _ count: Int, candidates: UInt64, offset: Int)
      -> (Int, UInt64)
    {
      var leaf = -1
      var below: UInt64 = 0
      var mask = candidates
      while mask != 0 {
        let index = mask.trailingZeroBitCount
        mask &= mask - 1
        let (path, length) = paths[index]
        guard length - offset >= count else { continue }
        let p = path + offset
        var k = 0
        while k < count, p[k] == key[k] { k += 1 }
        guard k == count else { continue }
        if length - offset == count {
          if slots[index].kind == .missing { leaf = index }
        } else if p[count] == UInt8(ascii: ".") {
          below |= 1 << UInt64(index)
        }
      }
      return (leaf, below)
    }

    /// Matches a key whose raw bytes hold escapes by its decoded text (rare); also returns the decoded length.
    func matchEscaped(_ start: Int, _ end: Int, candidates: UInt64, offset: Int) -> (Int, UInt64, Int) {
      let decoded = JSONFieldScanner.unescape(UnsafeBufferPointer(start: base + start, count: end - start))
      var key = Array(decoded.utf8)
      let count = key.count
      let (leaf, below) = key.withUnsafeMutableBufferPointer { k -> (Int, UInt64) in
        // An empty key has nothing to compare; `match` reads no byte of it.
        var none: UInt8 = 0
        guard let p = k.baseAddress else { return match(&none, 0, candidates: candidates, offset: offset) }
        return match(p, count, candidates: candidates, offset: offset)
      }
      return (leaf, below, count)
    }

    /// Fills slot `index` with the value at `i..<end`; `escaped`: a string value holds a backslash.
    @inline(__always) mutating func record(_ index: Int, valueAt i: Int, end: Int, escaped: Bool) {
      var slot = JSONSlot()
      slot.start = i
      slot.end = end
      switch base[i] {
      case UInt8(ascii: "\""):
        slot.kind = .string
        slot.start = i + 1
        slot.end = end - 1
        slot.escaped = escaped
      case UInt8(ascii: "{"): slot.kind = .object
      case UInt8(ascii: "["): slot.kind = .array
      case UInt8(ascii: "t"), UInt8(ascii: "f"): slot.kind = .bool
      case UInt8(ascii: "n"): slot.kind = .null
      // Any other bare word counts as a number; `value(of:)` shows it as text when it does not parse.
      default: slot.kind = .number
      }
      slots[index] = slot
      remaining -= 1
    }

    /// Handles the value at `i` for a key that matched `leaf` (-1: none) and/or the deeper paths in `below`.
    @inline(__always) mutating func value(at i: Int, leaf: Int, below: UInt64, offset: Int) -> Int? {
      let c = base[i]
      if below != 0 && (c == UInt8(ascii: "{") || c == UInt8(ascii: "[")) {
        if leaf >= 0 {
          guard let end = valueEnd(i) else { return nil }
          record(leaf, valueAt: i, end: end, escaped: false)
        }
        if c == UInt8(ascii: "{") { return object(at: i, candidates: below, offset: offset) }
        return array(at: i, candidates: below, offset: offset)
      }
      guard let (end, escaped) = valueSpan(i) else { return nil }
      if leaf >= 0 { record(leaf, valueAt: i, end: end, escaped: escaped) }
      return end
    }

    mutating func object(at start: Int, candidates: UInt64, offset: Int) -> Int? {
      var i = skipWhitespace(start + 1)
      if i < n, base[i] == UInt8(ascii: "}") { return i + 1 }
      while i < n {
        guard base[i] == UInt8(ascii: "\""), let (keyEnd, keyEscaped) = stringEnd(i) else { return nil }
        var leaf = -1
        var below: UInt64 = 0
        var keyCount = keyEnd - i - 2
        if keyEscaped {
          (leaf, below, keyCount) = matchEscaped(i + 1, keyEnd - 1, candidates: candidates, offset: offset)
        } else if offset != 0 || keyLengths >> UInt64(min(keyCount, 63)) & 1 != 0 {
          (leaf, below) = match(base + i + 1, keyCount, candidates: candidates, offset: offset)
        }
        i = keyEnd
        if i < n, base[i] != UInt8(ascii: ":") { i = skipWhitespace(i) }
        guard i < n, base[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        if i < n, base[i] <= 0x20 { i = skipWhitespace(i) }
        guard i < n else { return nil }
        let end: Int
        if below == 0 {
          // Nothing wanted inside this value (the usual case): find its end here, without the call to `value`
          // (which the recursion through `object` keeps from being inlined).
          // (`valueSpan`, written out: as a call it was not inlined, and copied this state for each value.)
          var escaped = false
          let first = base[i]
          if first == 0x22 {
            guard let string = stringEnd(i) else { return nil }
            end = string.end
            escaped = string.escaped
          } else if first != 0x7B && first != 0x5B {
            // A number or other bare word (`valueEnd`'s last case, written out for the same reason).
            end = scalarEnd(i)
            guard end > i else { return nil }
          } else {
            guard let other = valueEnd(i) else { return nil }
            end = other
          }
          if leaf >= 0 { record(leaf, valueAt: i, end: end, escaped: escaped) }
        } else {
          guard let e = value(at: i, leaf: leaf, below: below, offset: offset + keyCount + 1) else { return nil }
          end = e
        }
        if remaining == 0 { return end }
        i = end
        if i < n, base[i] <= 0x20 { i = skipWhitespace(i) }
        guard i < n else { return nil }
        if base[i] == UInt8(ascii: "}") { return i + 1 }
        guard base[i] == UInt8(ascii: ",") else { return nil }
        i += 1
        if i < n, base[i] <= 0x20 { i = skipWhitespace(i) }
      }
      return nil
    }

    mutating func array(at start: Int, candidates: UInt64, offset: Int) -> Int? {
      var i = skipWhitespace(start + 1)
      if i < n, base[i] == UInt8(ascii: "]") { return i + 1 }
      var index = 0
      while i < n {
        // The element's key is its index in decimal.
        var digits = 0
        var m = index
        repeat {
          digits += 1
          m /= 10
        } while m > 0
        m = index
        for k in stride(from: digits - 1, through: 0, by: -1) {
          scratch[k] = UInt8(0x30 + m % 10)
          m /= 10
        }
        let (leaf, below) = match(scratch, digits, candidates: candidates, offset: offset)
        guard let end = value(at: i, leaf: leaf, below: below, offset: offset + digits + 1) else { return nil }
        if remaining == 0 { return end }
        i = skipWhitespace(end)
        guard i < n else { return nil }
        if base[i] == UInt8(ascii: "]") { return i + 1 }
        guard base[i] == UInt8(ascii: ",") else { return nil }
        i = skipWhitespace(i + 1)
        index += 1
      }
      return nil
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
