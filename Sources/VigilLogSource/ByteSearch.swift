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
