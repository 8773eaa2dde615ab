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
/// The scan is `JSONScanner`'s lenient reading: a scalar runs to the next delimiter whatever its bytes (so
/// `12abc` is found, and shown as a string), a bad escape keeps its characters. Malformed structure ends the
/// scan; fields found before that point are kept, the rest stay missing.
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
    var state = State(json: JSONScanner(bytes), paths: rawPaths, remaining: paths.count, scratch: scratch)
    let all: UInt64 = paths.count == 64 ? ~0 : (1 << UInt64(paths.count)) - 1
    _ = state.object(at: i, candidates: all, offset: 0, slots: &slots)
  }

  /// Decodes a string slot's content, leniently (`JSONScanner.Strictness.lenient`); invalid UTF-8 is repaired.
  public static func unescape(_ b: UnsafeBufferPointer<UInt8>) -> String {
    String(decoding: JSONScanner(b).unescape(0, b.count, .lenient) ?? [], as: UTF8.self)
  }

  /// One scan. Instead of building the dotted path of each key, it keeps the set of wanted paths that the
  /// parent path is a prefix of (`candidates`, a bit mask) and where the next segment starts in them (`offset`).
  struct State {
    let json: JSONScanner
    let paths: [(UnsafeMutablePointer<UInt8>, Int)]
    var remaining: Int
    let scratch: UnsafeMutablePointer<UInt8>
    var done: Bool { remaining == 0 }
    var bytes: UnsafeBufferPointer<UInt8> { json.bytes }

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

    /// Matches a key whose raw bytes hold escapes by its decoded text (rare).
    func matchEscaped(_ start: Int, _ end: Int, candidates: UInt64, offset: Int, slots: [JSONSlot]) -> (Int?, UInt64, Int) {
      let decoded = JSONFieldScanner.unescape(UnsafeBufferPointer(rebasing: bytes[start..<end]))
      var key = Array(decoded.utf8)
      let count = key.count
      guard count > 0 else {
        // An empty key: nothing to compare, but `match` must not read through a pointer.
        var none: UInt8 = 0
        let (leaf, below) = match(&none, 0, candidates: candidates, offset: offset, slots: slots)
        return (leaf, below, 0)
      }
      let (leaf, below) = key.withUnsafeMutableBufferPointer { k -> (Int?, UInt64) in
        guard let p = k.baseAddress else { return (nil, 0) }
        return match(p, count, candidates: candidates, offset: offset, slots: slots)
      }
      return (leaf, below, count)
    }

    mutating func record(_ index: Int, valueAt i: Int, end: Int, slots: inout [JSONSlot]) {
      var slot = JSONSlot()
      switch bytes[i] {
      case UInt8(ascii: "\""):
        slot.kind = .string
        slot.start = i + 1
        slot.end = end - 1
        slot.escaped = json.containsEscape(i + 1, end - 1)
      case UInt8(ascii: "{"): slot.kind = .object; slot.start = i; slot.end = end
      case UInt8(ascii: "["): slot.kind = .array; slot.start = i; slot.end = end
      case UInt8(ascii: "t"), UInt8(ascii: "f"): slot.kind = .bool; slot.start = i; slot.end = end
      case UInt8(ascii: "n"): slot.kind = .null; slot.start = i; slot.end = end
      // Any other bare word counts as a number; `value(of:)` shows it as text when it does not parse.
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
          guard let end = json.lenientValueEnd(i) else { return nil }
          record(leaf, valueAt: i, end: end, slots: &slots)
        }
        if c == UInt8(ascii: "{") { return object(at: i, candidates: below, offset: offset, slots: &slots) }
        return array(at: i, candidates: below, offset: offset, slots: &slots)
      }
      guard let end = json.lenientValueEnd(i) else { return nil }
      if let leaf { record(leaf, valueAt: i, end: end, slots: &slots) }
      return end
    }

    mutating func object(at start: Int, candidates: UInt64, offset: Int, slots: inout [JSONSlot]) -> Int? {
      var i = json.skipWhitespace(start + 1)
      if i < bytes.count, bytes[i] == UInt8(ascii: "}") { return i + 1 }
      while i < bytes.count {
        guard bytes[i] == UInt8(ascii: "\""), let keyEnd = json.lenientStringEnd(i), let base = bytes.baseAddress else { return nil }
        var leaf: Int?
        var below: UInt64 = 0
        var keyCount = keyEnd - i - 2
        if json.containsEscape(i + 1, keyEnd - 1) {
          (leaf, below, keyCount) = matchEscaped(i + 1, keyEnd - 1, candidates: candidates, offset: offset, slots: slots)
        } else {
          (leaf, below) = match(base + i + 1, keyCount, candidates: candidates, offset: offset, slots: slots)
        }
        i = json.skipWhitespace(keyEnd)
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        i = json.skipWhitespace(i + 1)
        guard i < bytes.count, let end = value(at: i, leaf: leaf, below: below, offset: offset + keyCount + 1, slots: &slots)
        else { return nil }
        if done { return end }
        i = json.skipWhitespace(end)
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "}") { return i + 1 }
        guard bytes[i] == UInt8(ascii: ",") else { return nil }
        i = json.skipWhitespace(i + 1)
      }
      return nil
    }

    mutating func array(at start: Int, candidates: UInt64, offset: Int, slots: inout [JSONSlot]) -> Int? {
      var i = json.skipWhitespace(start + 1)
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
        i = json.skipWhitespace(end)
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "]") { return i + 1 }
        guard bytes[i] == UInt8(ascii: ",") else { return nil }
        i = json.skipWhitespace(i + 1)
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
