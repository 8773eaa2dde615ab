/// A set of code points, the alphabet a regular-expression program tests one character at a time.
///
/// Text is read as UTF-8; a byte sequence that is not valid UTF-8 is read as one ``invalidUnit`` so that
/// negated classes and `.` in filter patterns still step over it as one character, as before.
public struct CodePointSet: Sendable, Equatable {
  /// The value read for bytes that are not valid UTF-8 (one past the largest scalar).
  public static let invalidUnit: UInt32 = 0x11_0000
  /// Largest value a set can hold.
  static let maximum: UInt32 = invalidUnit

  /// Sorted, non-overlapping, non-adjacent ranges.
  public private(set) var ranges: [ClosedRange<UInt32>] = []
  /// Membership of the 128 ASCII code points, kept in step with `ranges` for the fast path.
  private var asciiLow: UInt64 = 0
  private var asciiHigh: UInt64 = 0

  public init() {}

  public init(_ ranges: [ClosedRange<UInt32>]) {
    for r in ranges { insert(r) }
  }

  /// A set of one code point.
  public init(single: UInt32) { self.init([single...single]) }

  /// Every character, including bytes that are not valid UTF-8.
  public static let any = CodePointSet([0...maximum])

  @inline(__always) public func contains(_ c: UInt32) -> Bool {
    if c < 64 { return asciiLow & (UInt64(1) << UInt64(c)) != 0 }
    if c < 128 { return asciiHigh & (UInt64(1) << UInt64(c - 64)) != 0 }
    // Binary search over the ranges above ASCII.
    var low = 0
    var high = ranges.count
    while low < high {
      let mid = (low + high) / 2
      let r = ranges[mid]
      if c < r.lowerBound {
        high = mid
      } else if c > r.upperBound {
        low = mid + 1
      } else {
        return true
      }
    }
    return false
  }

  public mutating func insert(_ range: ClosedRange<UInt32>) {
    var low = range.lowerBound
    var high = min(range.upperBound, Self.maximum)
    guard low <= high else { return }
    var merged: [ClosedRange<UInt32>] = []
    merged.reserveCapacity(ranges.count + 1)
    var placed = false
    for r in ranges {
      if r.upperBound &+ 1 < low {
        merged.append(r)
      } else if high &+ 1 < r.lowerBound {
        if !placed {
          merged.append(low...high)
          placed = true
        }
        merged.append(r)
      } else {
        low = min(low, r.lowerBound)
        high = max(high, r.upperBound)
      }
    }
    if !placed { merged.append(low...high) }
    ranges = merged
    if range.lowerBound < 128 {
      for c in range.lowerBound...min(range.upperBound, 127) {
        if c < 64 { asciiLow |= UInt64(1) << UInt64(c) } else { asciiHigh |= UInt64(1) << UInt64(c - 64) }
      }
    }
  }

  public mutating func formUnion(_ other: CodePointSet) {
    for r in other.ranges { insert(r) }
  }

  /// Everything not in the set (bytes that are not UTF-8 included).
  public func inverted() -> CodePointSet {
    var result = CodePointSet()
    var next: UInt32 = 0
    for r in ranges {
      if r.lowerBound > next { result.insert(next...(r.lowerBound - 1)) }
      next = r.upperBound &+ 1
    }
    if next <= Self.maximum, !(ranges.last.map { $0.upperBound == Self.maximum } ?? false) {
      result.insert(next...Self.maximum)
    }
    return result
  }

  /// The one code point in the set, if it holds exactly one valid scalar.
  var single: UInt32? {
    guard ranges.count == 1, ranges[0].lowerBound == ranges[0].upperBound, ranges[0].lowerBound < Self.invalidUnit else {
      return nil
    }
    return ranges[0].lowerBound
  }

  /// The set closed under simple case mapping (for `(?i)`): each letter with its other cases.
  func caseFolded() -> CodePointSet {
    var result = self
    for r in ranges {
      // Wide ranges (negated classes, `.`) already hold both cases of almost everything; fold only their ASCII
      // part and leave the rest, rather than walk a million scalars.
      let upper = r.count > 4096 ? min(r.upperBound, 127) : r.upperBound
      guard r.lowerBound <= upper else { continue }
      for c in r.lowerBound...upper {
        guard let s = Unicode.Scalar(c) else { continue }
        if s.isASCII {
          if (0x41...0x5A).contains(c) { result.insert((c + 32)...(c + 32)) }
          if (0x61...0x7A).contains(c) { result.insert((c - 32)...(c - 32)) }
          continue
        }
        for mapped in [s.properties.lowercaseMapping, s.properties.uppercaseMapping, s.properties.titlecaseMapping] {
          let scalars = mapped.unicodeScalars
          if scalars.count == 1, let m = scalars.first { result.insert(m.value...m.value) }
        }
      }
    }
    return result
  }
}
