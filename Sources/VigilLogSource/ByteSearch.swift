#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Substring search on bytes, shared by filter patterns, the candidate-line scan and Insights' `like`: the C
/// library's `memmem` (SIMD/two-way in glibc), looked up at run time because Swift's Glibc module does not
/// export that GNU extension; a memchr + memcmp loop otherwise.
public enum ByteSearch {
  @usableFromInline typealias MemmemFunction = @convention(c) (UnsafeRawPointer?, Int, UnsafeRawPointer?, Int) -> UnsafeMutableRawPointer?

  @usableFromInline static let memmemFunction: MemmemFunction? = {
    #if canImport(Glibc)
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "memmem") else { return nil }
      return unsafeBitCast(symbol, to: MemmemFunction.self)
    #else
      return nil
    #endif
  }()

  /// Whether `needle` occurs in `haystack` (an empty needle always does).
  @inlinable @inline(__always) public static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
    if needle.isEmpty { return true }
    guard let base = haystack.baseAddress, haystack.count >= needle.count else { return false }
    return needle.withUnsafeBufferPointer { n in find(base, haystack.count, n.baseAddress!, n.count) != nil }
  }

  /// The first occurrence of `needle` (`needleCount` > 0 bytes) in `haystack`, or nil.
  @inlinable public static func find(
    _ haystack: UnsafePointer<UInt8>, _ count: Int, _ needle: UnsafePointer<UInt8>, _ needleCount: Int
  ) -> UnsafePointer<UInt8>? {
    if let memmemFunction {
      return memmemFunction(haystack, count, needle, needleCount).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) }
    }
    var p = haystack
    let end = haystack + count
    while end - p >= needleCount {
      guard let hit = memchr(p, Int32(needle[0]), end - p - needleCount + 1) else { return nil }
      let q = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self))
      if memcmp(q, needle, needleCount) == 0 { return q }
      p = q + 1
    }
    return nil
  }
}

extension ByteSearch {
  /// A substring searcher for one needle over many haystacks, at `memchr` speed when the needle has a byte that
  /// is rare in the data: `memchr` (SIMD in glibc) for that byte, then `memcmp` of the needle around each hit,
  /// the way `ripgrep` and GNU `grep` search for a literal. The rare byte is chosen from a sample of the data
  /// (the bytes the caller is about to search), so a log full of lowercase JSON keys searches `ERROR` by its
  /// `E`. When that byte turns out common (many false hits), it falls back to `memmem` for the rest.
  /// Only the speed depends on the choice: every hit is verified byte for byte.
  public struct Finder: Sendable {
    public let needle: [UInt8]
    /// Index in `needle` of the byte `memchr` looks for.
    public let rareIndex: Int
    /// Set once false hits outnumber what `memchr` can win back.
    private var useMemmem = false
    private var falseHits = 0
    private var scanned = 0

    /// A searcher for `needle` (not empty), choosing its rare byte by how often each needle byte occurs in `sample`.
    public init(needle: [UInt8], sample: UnsafeBufferPointer<UInt8>) {
      self.needle = needle
      var counts = [Int](repeating: 0, count: 256)
      for byte in sample { counts[Int(byte)] &+= 1 }
      var best = 0
      var bestScore = Int.max
      for (i, byte) in needle.enumerated() {
        // Unseen in the sample: rank by a general guess (letters, digits and spaces are common in logs).
        let score = counts[Int(byte)] * 4 + Finder.commonness(byte)
        if score < bestScore {
          best = i
          bestScore = score
        }
      }
      rareIndex = best
    }

    /// 0–3: how common a byte is in typical log text (used only to break ties between bytes the sample lacks).
    static func commonness(_ byte: UInt8) -> Int {
      switch byte {
      case 0x61...0x7A, 0x20: return 3
      case 0x30...0x39, 0x22, 0x3A, 0x2C: return 2
      case 0x41...0x5A, 0x2D, 0x2E, 0x2F, 0x5F: return 1
      default: return 0
      }
    }

    /// The first occurrence of the needle in `haystack[0..<count]`, or nil.
    public mutating func find(_ haystack: UnsafePointer<UInt8>, _ count: Int) -> UnsafePointer<UInt8>? {
      let n = needle.count
      guard n > 0, count >= n else { return n == 0 ? haystack : nil }
      return needle.withUnsafeBufferPointer { needleBuffer -> UnsafePointer<UInt8>? in
        guard let needleBase = needleBuffer.baseAddress else { return nil }
        if useMemmem { return ByteSearch.find(haystack, count, needleBase, n) }
        let k = rareIndex
        let rare = Int32(needleBase[k])
        // The rare byte of a match lies in [k, count - (n - 1 - k)).
        let limit = haystack + (count - (n - 1 - k))
        var p = haystack + k
        while p < limit {
          guard let hit = memchr(p, rare, limit - p) else { return nil }
          let h = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self))
          let candidate = h - k
          if n == 1 || memcmp(candidate, needleBase, n) == 0 { return candidate }
          falseHits += 1
          scanned += h + 1 - p
          // More than one false hit per 64 bytes searched: memchr stops paying; memmem the rest.
          if falseHits > 4096 && scanned < falseHits &* 64 {
            useMemmem = true
            let from = candidate + 1
            return ByteSearch.find(from, haystack + count - from, needleBase, n)
          }
          p = h + 1
        }
        return nil
      }
    }
  }
}
