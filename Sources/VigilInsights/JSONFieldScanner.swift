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
public struct JSONFieldScanner: Sendable {
  public let paths: [[UInt8]]

  public init(paths: [String]) { self.paths = paths.map { Array($0.utf8) } }

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
    var state = State(bytes: bytes, paths: paths, remaining: paths.count)
    var prefix: [UInt8] = []
    prefix.reserveCapacity(64)
    _ = state.object(at: i, prefix: &prefix, slots: &slots)
  }

  struct State {
    let bytes: UnsafeBufferPointer<UInt8>
    let paths: [[UInt8]]
    var remaining: Int
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

    /// How a key path relates to the wanted paths: a wanted leaf index, and whether any wanted path lies below it.
    @inline(__always) func match(_ candidate: UnsafeBufferPointer<UInt8>, slots: [JSONSlot]) -> (Int?, Bool) {
      var leaf: Int?
      var below = false
      for (index, path) in paths.enumerated() {
        if path.count < candidate.count { continue }
        let same = path.withUnsafeBufferPointer { p in memcmp(p.baseAddress!, candidate.baseAddress!, candidate.count) == 0 }
        guard same else { continue }
        if path.count == candidate.count {
          if slots[index].kind == .missing { leaf = index }
        } else if path[candidate.count] == UInt8(ascii: ".") {
          below = true
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

    /// Handles the value at `i` under the key path in `prefix`; returns the index past it.
    mutating func value(at i: Int, prefix: inout [UInt8], slots: inout [JSONSlot]) -> Int? {
      let (leaf, below) = prefix.withUnsafeBufferPointer { match($0, slots: slots) }
      let c = bytes[i]
      if below && c == UInt8(ascii: "{") {
        if let leaf {
          guard let end = skipValue(i) else { return nil }
          record(leaf, valueAt: i, end: end, slots: &slots)
        }
        return object(at: i, prefix: &prefix, slots: &slots)
      }
      if below && c == UInt8(ascii: "[") {
        if let leaf {
          guard let end = skipValue(i) else { return nil }
          record(leaf, valueAt: i, end: end, slots: &slots)
        }
        return array(at: i, prefix: &prefix, slots: &slots)
      }
      guard let end = skipValue(i) else { return nil }
      if let leaf { record(leaf, valueAt: i, end: end, slots: &slots) }
      return end
    }

    mutating func object(at start: Int, prefix: inout [UInt8], slots: inout [JSONSlot]) -> Int? {
      var i = skipSpace(start + 1)
      let baseCount = prefix.count
      if i < bytes.count, bytes[i] == UInt8(ascii: "}") { return i + 1 }
      while i < bytes.count {
        guard bytes[i] == UInt8(ascii: "\""), let (keyEnd, keyEscaped) = stringEnd(i) else { return nil }
        if baseCount > 0 { prefix.append(UInt8(ascii: ".")) }
        if keyEscaped {
          prefix.append(contentsOf: JSONFieldScanner.unescape(UnsafeBufferPointer(rebasing: bytes[(i + 1)..<(keyEnd - 1)])).utf8)
        } else {
          prefix.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<(keyEnd - 1)]))
        }
        i = skipSpace(keyEnd)
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        i = skipSpace(i + 1)
        guard i < bytes.count, let end = value(at: i, prefix: &prefix, slots: &slots) else { return nil }
        prefix.removeSubrange(baseCount...)
        if done { return end }
        i = skipSpace(end)
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "}") { return i + 1 }
        guard bytes[i] == UInt8(ascii: ",") else { return nil }
        i = skipSpace(i + 1)
      }
      return nil
    }

    mutating func array(at start: Int, prefix: inout [UInt8], slots: inout [JSONSlot]) -> Int? {
      var i = skipSpace(start + 1)
      let baseCount = prefix.count
      if i < bytes.count, bytes[i] == UInt8(ascii: "]") { return i + 1 }
      var index = 0
      while i < bytes.count {
        prefix.append(UInt8(ascii: "."))
        prefix.append(contentsOf: String(index).utf8)
        guard let end = value(at: i, prefix: &prefix, slots: &slots) else { return nil }
        prefix.removeSubrange(baseCount...)
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

  /// The value of a slot: strings decoded, numbers parsed; objects and arrays are not fields once flattened.
  public static func value(of slot: JSONSlot, in bytes: UnsafeBufferPointer<UInt8>) -> InsightsValue {
    switch slot.kind {
    case .missing, .null, .object, .array: return .null
    case .string:
      let raw = UnsafeBufferPointer(rebasing: bytes[slot.start..<slot.end])
      return .string(slot.escaped ? unescape(raw) : String(decoding: raw, as: UTF8.self))
    case .number:
      let raw = UnsafeBufferPointer(rebasing: bytes[slot.start..<slot.end])
      if let d = NumberParsing.parse(raw) { return .number(d) }
      return .string(String(decoding: raw, as: UTF8.self))
    case .bool:
      return .string(String(decoding: UnsafeBufferPointer(rebasing: bytes[slot.start..<slot.end]), as: UTF8.self))
    }
  }

  /// Decodes JSON string escapes (`\n`, `\"`, `\u00e9`, surrogate pairs).
  static func unescape(_ b: UnsafeBufferPointer<UInt8>) -> String {
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
