/// The ordering `sort` uses, an "updated version of natural sorting"
/// ([sort](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Sort.html)):
/// all non-number values come before all number values; non-number values are compared in chunks, runs of
/// digits by length and then value, everything else by Unicode value. Descending is the exact reverse.
/// Null (absent) values come last in both directions (Vigil's choice; the docs do not say).
public enum SortOrdering {
  /// -1, 0 or 1 for ascending order of two non-null values.
  public static func compare(_ a: InsightsValue, _ b: InsightsValue) -> Int {
    let na = numericKey(a)
    let nb = numericKey(b)
    switch (na, nb) {
    case (let x?, let y?):
      if x < y { return -1 }
      if x > y { return 1 }
      // Equal values (0 and 00): the shorter text first, as the docs list 0, 01, 1.
      if case .string(let s) = a, case .string(let t) = b { return bytewise(s, t) }
      return 0
    case (nil, _?): return -1
    case (_?, nil): return 1
    case (nil, nil): return natural(a.description, b.description)
    }
  }

  /// Numbers, timestamps and text made only of digits are "number values".
  static func numericKey(_ v: InsightsValue) -> Double? {
    switch v {
    case .number(let d): return d
    case .timestamp(let t): return Double(t)
    case .bool(let b): return b ? 1 : 0
    case .string(let s):
      guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
      return Double(s)
    case .null: return nil
    }
  }

  static func bytewise(_ a: String, _ b: String) -> Int {
    if a == b { return 0 }
    return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
  }

  static func natural(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    var i = 0
    var j = 0
    func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
    while i < x.count && j < y.count {
      if isDigit(x[i]) && isDigit(y[j]) {
        var ie = i
        while ie < x.count, isDigit(x[ie]) { ie += 1 }
        var je = j
        while je < y.count, isDigit(y[je]) { je += 1 }
        let lx = ie - i
        let ly = je - j
        if lx != ly { return lx < ly ? -1 : 1 }
        for k in 0..<lx where x[i + k] != y[j + k] { return x[i + k].value < y[j + k].value ? -1 : 1 }
        i = ie
        j = je
      } else {
        if x[i] != y[j] { return x[i].value < y[j].value ? -1 : 1 }
        i += 1
        j += 1
      }
    }
    if i < x.count { return 1 }
    if j < y.count { return -1 }
    return 0
  }
}
