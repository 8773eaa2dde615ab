import Foundation
import VigilLogSource

/// The groups of a `stats … by` stage, found by the bytes of their key so that looking up an existing group
/// allocates nothing: a JSON string field contributes its raw bytes straight from the message, other values a
/// fixed-size encoding. Two keys encode to the same bytes exactly when their `InsightsValue`s are equal, so the
/// groups are those a table of `[InsightsValue]` keys would make:
///
/// - each value starts with a tag for its case (`.string("200")` and `.number(200)` are different groups);
/// - numbers encode their bits with `-0` as `0` (`Double` equality); there is no NaN (`NumberParser` reads none,
///   arithmetic gives null for non-finite results);
/// - strings are ASCII bytes as they are, other text goes through `String` (which repairs invalid UTF-8) and its
///   NFC form, because Swift compares strings by canonical equivalence.
struct GroupKeyTable {
  /// Encoded keys, one after another; group `g` is `arena[starts[g]..<starts[g + 1]]`.
  private(set) var arena: [UInt8] = []
  private(set) var starts: [Int] = [0]
  private var hashes: [Int] = []
  /// Open addressing: group index, or -1 for an empty bucket.
  private var buckets = [Int](repeating: -1, count: 64)
  /// The key being built for the current event.
  let scratch = KeyBuffer()

  var count: Int { hashes.count }

  // MARK: Encoding

  @inline(__always) mutating func appendNull() { scratch.append(0) }

  /// Starts the key of a new event.
  @inline(__always) mutating func resetKey() { scratch.count = 0 }

  /// Appends a value (any case).
  mutating func append(_ v: InsightsValue) {
    switch v {
    case .null: scratch.append(0)
    case .string(let s):
      var s = s
      let ascii = s.withUTF8 { b in b.allSatisfy { $0 < 0x80 } }
      if ascii {
        s.withUTF8 { appendText($0) }
      } else {
        var normalized = s.precomposedStringWithCanonicalMapping
        normalized.withUTF8 { appendText($0) }
      }
    case .number(let d):
      scratch.append(2)
      appendWord((d == 0 ? 0 : d).bitPattern)
    case .timestamp(let t):
      scratch.append(3)
      appendWord(UInt64(bitPattern: t))
    case .bool(let b):
      scratch.append(4)
      scratch.append(b ? 1 : 0)
    }
  }

  /// Appends the value of a JSON slot without building it when it is a plain ASCII string (the usual group key).
  @inline(__always) mutating func append(slot: JSONSlot, in message: UnsafeBufferPointer<UInt8>) {
    if slot.kind == .number, let d = NumberParser.parse(message, slot.start, slot.end) {
      // What `append(.number(d))` writes, as `JSONFieldScanner.value(of:in:)` would give `.number(d)`.
      scratch.append(2)
      appendWord((d == 0 ? 0 : d).bitPattern)
      return
    }
    if slot.kind == .string, !slot.escaped {
      let raw = UnsafeBufferPointer(rebasing: message[slot.start..<slot.end])
      if GroupKeyTable.isASCII(raw) {
        appendText(raw)
        return
      }
    }
    append(JSONFieldScanner.value(of: slot, in: message))
  }

  @inline(__always) private mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) { scratch.appendText(bytes) }

  @inline(__always) private mutating func appendWord(_ w: UInt64) { scratch.appendWord(w) }

  /// Whether no byte has its high bit set, eight bytes at a time.
  @inline(__always) static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i + 8 <= bytes.count {
      if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
      i += 8
    }
    return tailWord(raw + i, bytes.count - i) & 0x8080_8080_8080_8080 == 0
  }

  /// The last `count` (0 to 7) bytes at `p` as a little-endian word, by at most three loads (4, 2 and 1 bytes)
  /// instead of a loop over the bytes; never reads past `p + count`.
  @inline(__always) static func tailWord(_ p: UnsafeRawPointer, _ count: Int) -> UInt64 {
    var w: UInt64 = 0
    var at = 0
    var shift: UInt64 = 0
    if count & 4 != 0 {
      w = UInt64(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
      at = 4
      shift = 32
    }
    if count & 2 != 0 {
      w |= UInt64(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: at, as: UInt16.self))) << shift
      at += 2
      shift += 16
    }
    if count & 1 != 0 { w |= UInt64(p.load(fromByteOffset: at, as: UInt8.self)) << shift }
    return w
  }

  // MARK: Lookup

  /// The group of the key in `scratch`, and whether it was just added (its `InsightsValue` key is then due).
  @inline(__always) mutating func group() -> (index: Int, isNew: Bool) {
    let key = scratch.bytes
    return find(key, hash: GroupKeyTable.hash(key))
  }

  /// Finds or adds the key `key`.
  mutating func find(_ key: UnsafeBufferPointer<UInt8>, hash: Int) -> (index: Int, isNew: Bool) {
    var mask = buckets.count - 1
    var position = hash & mask
    while true {
      let index = buckets[position]
      if index < 0 { break }
      if hashes[index] == hash, equal(index, key) { return (index, false) }
      position = (position + 1) & mask
    }
    let index = hashes.count
    arena.append(contentsOf: key)
    starts.append(arena.count)
    hashes.append(hash)
    buckets[position] = index
    if hashes.count * 2 > buckets.count {
      buckets = [Int](repeating: -1, count: buckets.count * 2)
      mask = buckets.count - 1
      for (k, h) in hashes.enumerated() {
        var p = h & mask
        while buckets[p] >= 0 { p = (p + 1) & mask }
        buckets[p] = k
      }
    }
    return (index, true)
  }

  @inline(__always) private func equal(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = starts[index]
    let length = starts[index + 1] - start
    guard length == key.count else { return false }
    return arena.withUnsafeBufferPointer { a in
      guard let p = a.baseAddress, let q = key.baseAddress else { return length == 0 }
      return GroupKeyTable.same(p + start, q, length)
    }
  }

  /// Whether `count` bytes at `a` and `b` are equal, eight at a time: keys are a few dozen bytes, where calling
  /// `memcmp` cost more than the comparison (perf: 2% of a `stats … by` query in `memcmp` alone).
  @inline(__always) static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    let x = UnsafeRawPointer(a)
    let y = UnsafeRawPointer(b)
    var i = 0
    while i + 8 <= count {
      if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
        return false
      }
      i += 8
    }
    while i < count {
      if a[i] != b[i] { return false }
      i += 1
    }
    return true
  }

  /// Group `index`'s key bytes and hash, to look it up in another table (merging parallel runs).
  func key(_ index: Int) -> (bytes: ArraySlice<UInt8>, hash: Int) { (arena[starts[index]..<starts[index + 1]], hashes[index]) }

  /// A multiply-xorshift hash over 8-byte words: keys are short and chosen by the log, not an attacker's table.
  @inline(__always) static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(b.count)
    guard let base = b.baseAddress else { return Int(bitPattern: UInt(h)) }
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i + 8 <= b.count {
      let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 31
      i += 8
    }
    if i < b.count {
      let w = tailWord(raw + i, b.count - i)
      h = (h ^ w) &* 0x94D0_49BB_1331_11EB
      h ^= h >> 29
    }
    h = (h ^ (h >> 32)) &* 0xBF58_476D_1CE4_E5B9
    h ^= h >> 29
    return Int(bitPattern: UInt(h))
  }
}

/// The bytes of the key being built, in a buffer that grows by doubling and is reused for every event: an
/// append is a store, with none of an array's uniqueness and capacity checks per byte.
final class KeyBuffer {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private var capacity = 256
  /// Bytes in use; setting it to 0 starts a new key.
  var count = 0

  init() { base = UnsafeMutablePointer<UInt8>.allocate(capacity: 256) }
  deinit { base.deallocate() }

  var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

  @inline(__always) private func reserve(_ extra: Int) {
    guard count + extra > capacity else { return }
    var grown = capacity * 2
    while grown < count + extra { grown *= 2 }
    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
    bigger.update(from: base, count: count)
    base.deallocate()
    base = bigger
    capacity = grown
  }

  @inline(__always) func append(_ byte: UInt8) {
    reserve(1)
    base[count] = byte
    count += 1
  }

  /// Appends the eight bytes of `w`, little-endian.
  @inline(__always) func appendWord(_ w: UInt64) {
    reserve(8)
    UnsafeMutableRawPointer(base + count).storeBytes(of: w.littleEndian, as: UInt64.self)
    count += 8
  }

  /// Appends a text value: its tag (1), its length as a word, and its bytes, with one capacity check.
  @inline(__always) func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
    reserve(9 + bytes.count)
    base[count] = 1
    UnsafeMutableRawPointer(base + count + 1).storeBytes(of: UInt64(bytes.count).littleEndian, as: UInt64.self)
    count += 9
    append(bytes)
  }

  /// Copies eight bytes at a time: the texts of group keys are short, where a call to `memmove` cost more than
  /// the copy (perf: 4% of a `stats … by` query in `memmove`).
  @inline(__always) func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
    let n = bytes.count
    reserve(n)
    let from = UnsafeRawPointer(source)
    let to = UnsafeMutableRawPointer(base + count)
    var i = 0
    while i + 8 <= n {
      to.storeBytes(of: from.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
      i += 8
    }
    while i < n {
      to.storeBytes(of: source[i], toByteOffset: i, as: UInt8.self)
      i += 1
    }
    count += n
  }
}
