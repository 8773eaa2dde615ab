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
/// Malformed JSON ends the scan; fields found before that point are kept, the rest stay missing.
public final class JSONFieldScanner {
  public let paths: [[UInt8]]
  /// The paths as raw pointers (freed in deinit), so matching a key needs no array access.
  private let rawPaths: [(UnsafeMutablePointer<UInt8>, Int)]
  private let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 24)

  /// At most 64 paths (one bit each in the matching masks); `QueryPlanner` refuses more.
  public static let maximumPaths = 64

  public init(paths: [String]) {
    self.paths = paths.prefix(Self.maximumPaths).map { Array($0.utf8) }
    rawPaths = self.paths.map { path in
      let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(path.count, 1))
      p.initialize(from: path, count: path.count)
      return (p, path.count)
    }
  }

  deinit {
    for (p, _) in rawPaths { p.deallocate() }
    scratch.deallocate()
  }

  /// Scans `bytes` (a whole message); looks for the first `{` if the message does not start with one, as Insights
  /// discovers the first JSON fragment of a Lambda log line. `slots` gets one entry per path.
  public func scan(_ bytes: UnsafeBufferPointer<UInt8>, into slots: inout [JSONSlot]) {
    if slots.count != paths.count { slots = Array(repeating: JSONSlot(), count: paths.count) }
    for k in slots.indices { slots[k].kind = .missing }
    guard !paths.isEmpty, let base = bytes.baseAddress else { return }
    var i = 0
    let n = bytes.count
    while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
    if i >= n { return }
    if bytes[i] != UInt8(ascii: "{") {
      guard let p = memchr(base + i, Int32(UInt8(ascii: "{")), n - i) else { return }
      i = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }
    var state = State(bytes: bytes, paths: rawPaths, remaining: paths.count, scratch: scratch)
    let all: UInt64 = paths.count == 64 ? ~0 : (1 << UInt64(paths.count)) - 1
    _ = state.object(at: i, candidates: all, offset: 0, slots: &slots)
  }

  /// One scan. Instead of building the dotted path of each key, it keeps the set of wanted paths that the
  /// parent path is a prefix of (`candidates`, a bit mask) and where the next segment starts in them (`offset`).
  struct State {
    let bytes: UnsafeBufferPointer<UInt8>
    let paths: [(UnsafeMutablePointer<UInt8>, Int)]
    var remaining: Int
    let scratch: UnsafeMutablePointer<UInt8>
    var done: Bool { remaining == 0 }

    @inline(__always) func skipSpace(_ i: Int) -> Int {
      var i = i
      while i < bytes.count {
        let c = bytes[i]
        if c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D { break }
        i += 1
      }
      return i
    }

    /// Index just past the closing quote of the string whose opening quote is at `i`, and whether it has escapes.
    @inline(__always) func stringEnd(_ i: Int) -> (Int, Bool)? {
      guard let base = bytes.baseAddress else { return nil }
      var j = i + 1
      var escaped = false
      while j < bytes.count {
        guard let p = memchr(base + j, Int32(UInt8(ascii: "\"")), bytes.count - j) else { return nil }
        let q = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
        // Count the backslashes before the quote: an odd number escapes it.
        var k = q - 1
        var backslashes = 0
        while k > i, bytes[k] == UInt8(ascii: "\\") {
          backslashes += 1
          k -= 1
        }
        if backslashes % 2 == 0 {
          if !escaped, memchr(base + i + 1, Int32(UInt8(ascii: "\\")), q - i - 1) != nil { escaped = true }
          return (q + 1, escaped)
        }
        escaped = true
        j = q + 1
      }
      return nil
    }

    /// Index just past the value starting at `i` (after whitespace), or nil if malformed.
    func skipValue(_ i: Int) -> Int? {
      guard i < bytes.count else { return nil }
      let c = bytes[i]
      if c == UInt8(ascii: "\"") { return stringEnd(i)?.0 }
      if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
        var depth = 0
        var j = i
        while j < bytes.count {
          let d = bytes[j]
          if d == UInt8(ascii: "\"") {
            guard let e = stringEnd(j)?.0 else { return nil }
            j = e
            continue
          }
          if d == UInt8(ascii: "{") || d == UInt8(ascii: "[") {
            depth += 1
          } else if d == UInt8(ascii: "}") || d == UInt8(ascii: "]") {
            depth -= 1
            if depth == 0 { return j + 1 }
          }
          j += 1
        }
        return nil
      }
      var j = i
      while j < bytes.count {
        let d = bytes[j]
        if d == UInt8(ascii: ",") || d == UInt8(ascii: "}") || d == UInt8(ascii: "]") || d == 0x20 || d == 0x09
          || d == 0x0A || d == 0x0D
        {
          break
        }
        j += 1
      }
      return j > i ? j : nil
    }

    /// Which candidate paths continue with `key` at `offset`: the one it completes (if its slot is still empty)
    /// and the mask of those that go deeper.
    @inline(__always) func match(_ key: UnsafePointer<UInt8>, _ count: Int, candidates: UInt64, offset: Int, slots: [JSONSlot])
      -> (Int?, UInt64)
    {
      var leaf: Int?
      var below: UInt64 = 0
      var mask = candidates
      while mask != 0 {
        let index = mask.trailingZeroBitCount
        mask &= mask - 1
        let (path, length) = paths[index]
        // The first byte rules out most keys without a call.
        guard length - offset >= count, count == 0 || path[offset] == key[0],
          count < 2 || memcmp(path + offset + 1, key + 1, count - 1) == 0
        else { continue }
        if length - offset == count {
          if slots[index].kind == .missing { leaf = index }
        } else if path[offset + count] == UInt8(ascii: ".") {
          below |= 1 << UInt64(index)
        }
      }
      return (leaf, below)
    }

    mutating func record(_ index: Int, valueAt i: Int, end: Int, slots: inout [JSONSlot]) {
      var slot = JSONSlot()
      switch bytes[i] {
      case UInt8(ascii: "\""):
        slot.kind = .string
        slot.start = i + 1
        slot.end = end - 1
        slot.escaped = stringEnd(i)?.1 ?? false
      case UInt8(ascii: "{"): slot.kind = .object; slot.start = i; slot.end = end
      case UInt8(ascii: "["): slot.kind = .array; slot.start = i; slot.end = end
      case UInt8(ascii: "t"), UInt8(ascii: "f"): slot.kind = .bool; slot.start = i; slot.end = end
      case UInt8(ascii: "n"): slot.kind = .null; slot.start = i; slot.end = end
      default: slot.kind = .number; slot.start = i; slot.end = end
      }
      slots[index] = slot
      remaining -= 1
    }

    /// Handles the value at `i` for a key that matched `leaf` and/or the deeper paths in `below`.
    mutating func value(at i: Int, leaf: Int?, below: UInt64, offset: Int, slots: inout [JSONSlot]) -> Int? {
      let c = bytes[i]
      if below != 0 && (c == UInt8(ascii: "{") || c == UInt8(ascii: "[")) {
        if let leaf {
          guard let end = skipValue(i) else { return nil }
          record(leaf, valueAt: i, end: end, slots: &slots)
        }
        if c == UInt8(ascii: "{") { return object(at: i, candidates: below, offset: offset, slots: &slots) }
        return array(at: i, candidates: below, offset: offset, slots: &slots)
      }
      guard let end = skipValue(i) else { return nil }
      if let leaf { record(leaf, valueAt: i, end: end, slots: &slots) }
      return end
    }

    mutating func object(at start: Int, candidates: UInt64, offset: Int, slots: inout [JSONSlot]) -> Int? {
      var i = skipSpace(start + 1)
      if i < bytes.count, bytes[i] == UInt8(ascii: "}") { return i + 1 }
      while i < bytes.count {
        guard bytes[i] == UInt8(ascii: "\""), let (keyEnd, keyEscaped) = stringEnd(i) else { return nil }
        var leaf: Int?
        var below: UInt64 = 0
        var keyCount = keyEnd - i - 2
        if keyEscaped {
          var key = Array(JSONFieldScanner.unescape(UnsafeBufferPointer(rebasing: bytes[(i + 1)..<(keyEnd - 1)])).utf8)
          keyCount = key.count
          (leaf, below) = key.withUnsafeMutableBufferPointer {
            match($0.baseAddress!, keyCount, candidates: candidates, offset: offset, slots: slots)
          }
        } else {
          (leaf, below) = match(bytes.baseAddress! + i + 1, keyCount, candidates: candidates, offset: offset, slots: slots)
        }
        i = skipSpace(keyEnd)
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        i = skipSpace(i + 1)
        guard i < bytes.count, let end = value(at: i, leaf: leaf, below: below, offset: offset + keyCount + 1, slots: &slots)
        else { return nil }
        if done { return end }
        i = skipSpace(end)
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "}") { return i + 1 }
        guard bytes[i] == UInt8(ascii: ",") else { return nil }
        i = skipSpace(i + 1)
      }
      return nil
    }

    mutating func array(at start: Int, candidates: UInt64, offset: Int, slots: inout [JSONSlot]) -> Int? {
      var i = skipSpace(start + 1)
      if i < bytes.count, bytes[i] == UInt8(ascii: "]") { return i + 1 }
      var index = 0
      while i < bytes.count {
        // The element's key is its index in decimal.
        var digits = 0
        var n = index
        repeat {
          digits += 1
          n /= 10
        } while n > 0
        n = index
        for k in stride(from: digits - 1, through: 0, by: -1) {
          scratch[k] = UInt8(0x30 + n % 10)
          n /= 10
        }
        let (leaf, below) = match(scratch, digits, candidates: candidates, offset: offset, slots: slots)
        guard let end = value(at: i, leaf: leaf, below: below, offset: offset + digits + 1, slots: &slots) else {
          return nil
        }
        if done { return end }
        i = skipSpace(end)
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "]") { return i + 1 }
        guard bytes[i] == UInt8(ascii: ",") else { return nil }
        i = skipSpace(i + 1)
        index += 1
      }
      return nil
    }
  }

  /// Decodes JSON string escapes (`\n`, `\"`, `\u00e9`, surrogate pairs).
  public static func unescape(_ b: UnsafeBufferPointer<UInt8>) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var i = 0
    func hex4(_ at: Int) -> UInt32? {
      guard at + 4 <= b.count else { return nil }
      var v: UInt32 = 0
      for k in 0..<4 {
        let c = b[at + k]
        let d: UInt32
        switch c {
        case 0x30...0x39: d = UInt32(c - 0x30)
        case 0x41...0x46: d = UInt32(c - 0x41 + 10)
        case 0x61...0x66: d = UInt32(c - 0x61 + 10)
        default: return nil
        }
        v = v * 16 + d
      }
      return v
    }
    while i < b.count {
      let c = b[i]
      guard c == UInt8(ascii: "\\"), i + 1 < b.count else {
        out.append(c)
        i += 1
        continue
      }
      let e = b[i + 1]
      i += 2
      switch e {
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "u"):
        guard var v = hex4(i) else { continue }
        i += 4
        if v >= 0xD800, v < 0xDC00, i + 6 <= b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u"),
          let low = hex4(i + 2), low >= 0xDC00, low < 0xE000
        {
          v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
          i += 6
        }
        out.append(contentsOf: String(Unicode.Scalar(v).map(Character.init) ?? "\u{FFFD}").utf8)
      default: out.append(e)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
