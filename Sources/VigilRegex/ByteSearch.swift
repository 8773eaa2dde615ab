#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Substring search over bytes for the literal prefilter: `memchr` on the first byte, `memcmp` on the rest
/// (memchr is vectorised by the C library, so lines without the literal cost a scan and nothing more).
enum ByteSearch {
  static func firstIndex(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
    guard !needle.isEmpty else { return 0 }
    guard let base = haystack.baseAddress, haystack.count >= needle.count else { return nil }
    return needle.withUnsafeBufferPointer { n -> Int? in
      let first = Int32(n[0])
      let last = haystack.count - n.count
      var i = 0
      while i <= last {
        guard let p = memchr(base + i, first, last - i + 1) else { return nil }
        let at = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
        if n.count == 1 || memcmp(base + at + 1, n.baseAddress! + 1, n.count - 1) == 0 { return at }
        i = at + 1
      }
      return nil
    }
  }
}
