import VigilCore

/// A CloudWatch statistic: the five basic ones and the extended (percentile-class) ones.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html
public enum Statistic: Equatable, Hashable, Sendable, CustomStringConvertible {
  case sampleCount, sum, average, minimum, maximum
  /// `pNN`: nearest-rank percentile (AWS: "the maximum value of the remaining NN%").
  case percentile(Double)
  /// `TM(a:b)` trimmed mean, `WM` winsorized mean, `TC` trimmed count, `TS` trimmed sum, `PR` percentile rank.
  case trimmedMean(Bounds), winsorizedMean(Bounds), trimmedCount(Bounds), trimmedSum(Bounds), percentileRank(Bounds)

  /// Range bounds of an extended statistic: percentages (`TM(10%:90%)`) or absolute values (`TM(150:1000)`).
  /// A missing side is nil. With absolute bounds the lower bound is exclusive and the upper inclusive.
  public struct Bounds: Equatable, Hashable, Sendable {
    public var lower: Double?
    public var upper: Double?
    public var isPercent: Bool
    public init(lower: Double?, upper: Double?, isPercent: Bool) {
      self.lower = lower
      self.upper = upper
      self.isPercent = isPercent
    }
  }

  /// Whether the statistic needs raw values (and so is unavailable on statistic sets and negative values).
  public var isExtended: Bool {
    switch self {
    case .sampleCount, .sum, .average, .minimum, .maximum: return false
    default: return true
    }
  }

  /// Parses `SampleCount`, `Sum`, `Average`, `Minimum`, `Maximum`, `p99`, `p99.9`, `tm90`, `TM(10%:90%)`,
  /// `IQM`, `wm99`, `TC(:500)`, `TS(10%:)`, `PR(:300)`. Lowercase is accepted only for the single-number form.
  public static func parse(_ text: String) -> Statistic? {
    switch text {
    case "SampleCount": return .sampleCount
    case "Sum": return .sum
    case "Average": return .average
    case "Minimum": return .minimum
    case "Maximum": return .maximum
    case "IQM": return .trimmedMean(Bounds(lower: 25, upper: 75, isPercent: true))
    default: break
    }
    let kinds: [(String, (Bounds) -> Statistic)] = [
      ("TM", Statistic.trimmedMean), ("WM", Statistic.winsorizedMean), ("TC", Statistic.trimmedCount),
      ("TS", Statistic.trimmedSum), ("PR", Statistic.percentileRank),
    ]
    if text.hasPrefix("p") || text.hasPrefix("P"), !text.contains("(") {
      guard let value = percentNumber(text.dropFirst()), value >= 0, value <= 100 else { return nil }
      return .percentile(value)
    }
    for (prefix, make) in kinds {
      let upper = Substring(prefix), lower = Substring(prefix.lowercased())
      if text.hasPrefix(upper) || text.hasPrefix(lower) {
        let rest = text.dropFirst(2)
        if rest.first == "(" {
          // Only the uppercase prefix takes the parenthesised form.
          guard text.hasPrefix(upper), rest.last == ")" else { return nil }
          let inner = rest.dropFirst().dropLast()
          let parts = inner.split(separator: ":", omittingEmptySubsequences: false)
          guard parts.count == 2 else { return nil }
          let lowerIsPercent = parts[0].hasSuffix("%"), upperIsPercent = parts[1].hasSuffix("%")
          // Both given sides must use the same kind of bound.
          if !parts[0].isEmpty && !parts[1].isEmpty && lowerIsPercent != upperIsPercent { return nil }
          let isPercent = lowerIsPercent || upperIsPercent
          func side(_ s: Substring) -> Double?? {
            if s.isEmpty { return .some(nil) }
            let number = s.hasSuffix("%") ? s.dropLast() : s
            // A bound outside the values CloudWatch stores can never be met, and `1e400` (infinity) or `nan`
            // would reach the statistic's spelling and the export as is.
            guard let value = Double(number), value.isFinite, abs(value) <= Statistic.largestValue else { return nil }
            if isPercent && (value < 0 || value > 100) { return nil }
            return .some(value)
          }
          guard let lowerBound = side(parts[0]), let upperBound = side(parts[1]) else { return nil }
          if lowerBound == nil && upperBound == nil { return nil }
          if let l = lowerBound, let u = upperBound, l >= u { return nil }
          return make(Bounds(lower: lowerBound, upper: upperBound, isPercent: isPercent))
        }
        // `tm90` = `TM(:90%)`; PR needs explicit bounds.
        guard prefix != "PR", let value = percentNumber(rest), value > 0, value <= 100 else { return nil }
        return make(Bounds(lower: nil, upper: value, isPercent: true))
      }
    }
    return nil
  }

  /// The largest magnitude CloudWatch stores: "Values must be in the range of -2^360 to 2^360"
  /// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html).
  public static let largestValue: Double = 0x1p360

  private static func percentNumber(_ s: Substring) -> Double? {
    guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return nil }
    return Double(s)
  }

  /// The spelling CloudWatch uses (`p99`, `TM(10%:90%)`, `tm90` for a single upper percent bound).
  public var description: String {
    func number(_ d: Double) -> String { Int(exactly: d).map(String.init) ?? String(d) }
    func bounds(_ name: String, _ b: Bounds) -> String {
      if b.isPercent, b.lower == nil, let u = b.upper { return name.lowercased() + number(u) }
      let suffix = b.isPercent ? "%" : ""
      return "\(name)(\(b.lower.map { number($0) + suffix } ?? ""):\(b.upper.map { number($0) + suffix } ?? ""))"
    }
    switch self {
    case .sampleCount: return "SampleCount"
    case .sum: return "Sum"
    case .average: return "Average"
    case .minimum: return "Minimum"
    case .maximum: return "Maximum"
    case .percentile(let p): return "p" + number(p)
    case .trimmedMean(let b):
      if b == Bounds(lower: 25, upper: 75, isPercent: true) { return "IQM" }
      return bounds("TM", b)
    case .winsorizedMean(let b): return bounds("WM", b)
    case .trimmedCount(let b): return bounds("TC", b)
    case .trimmedSum(let b): return bounds("TS", b)
    case .percentileRank(let b): return bounds("PR", b)
    }
  }

  /// Computes the statistic over raw values. Returns nil when CloudWatch would publish no value
  /// (no samples, or an extended statistic over negative values, or an empty trimmed range).
  public func compute(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    switch self {
    case .sampleCount: return Double(values.count)
    case .sum: return values.reduce(0, +)
    case .average: return values.reduce(0, +) / Double(values.count)
    case .minimum: return values.min()
    case .maximum: return values.max()
    default: break
    }
    var scratch = values
    return computeExtended(sorting: &scratch)
  }

  /// An extended statistic over `values`, which are sorted in place (so a caller can reuse one buffer
  /// across periods instead of allocating per period). Basic statistics return nil here.
  func computeExtended(sorting values: inout [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    if values.contains(where: { $0 < 0 }) { return nil }
    values.sort()
    let sorted = values
    switch self {
    case .percentile(let p): return Statistic.nearestRank(sorted, p)
    case .trimmedMean(let b):
      let kept = Statistic.inRange(sorted, b)
      return kept.isEmpty ? nil : kept.reduce(0, +) / Double(kept.count)
    case .trimmedCount(let b): return Double(Statistic.inRange(sorted, b).count)
    case .trimmedSum(let b): return Statistic.inRange(sorted, b).reduce(0, +)
    case .percentileRank(let b): return 100 * Double(Statistic.inRange(sorted, b).count) / Double(sorted.count)
    case .winsorizedMean(let b):
      let (low, high) = Statistic.limits(sorted, b)
      let clamped = sorted.map { v -> Double in
        var v = v
        if let low, v < low { v = low }
        if let high, v > high { v = high }
        return v
      }
      return clamped.reduce(0, +) / Double(clamped.count)
    default: return nil
    }
  }

  /// `computeExtended` over (value, count) pairs, for statistic sets whose counts are too large to expand:
  /// the same definitions, with each value standing for `count` samples (counts are whole numbers ≥ 0).
  func computeExtended(weighted pairs: [(value: Double, count: Double)]) -> Double? {
    let pairs = pairs.filter { $0.count > 0 }.sorted { $0.value < $1.value }
    guard !pairs.isEmpty, !pairs.contains(where: { $0.value < 0 }) else { return nil }
    let n = pairs.reduce(0) { $0 + $1.count }
    /// The value at nearest rank ceil(p/100 × n), at least 1.
    func rank(_ p: Double) -> Double {
      let r = min(max((p / 100 * n).rounded(.up), 1), n)
      var seen = 0.0
      for pair in pairs {
        seen += pair.count
        if seen >= r { return pair.value }
      }
      return pairs[pairs.count - 1].value
    }
    func limits(_ b: Bounds) -> (Double?, Double?) {
      guard b.isPercent else { return (b.lower, b.upper) }
      return (b.lower.flatMap { $0 == 0 ? nil : rank($0) }, b.upper.flatMap { $0 == 100 ? nil : rank($0) })
    }
    /// Count and sum of the samples in a range: lower bound exclusive, upper bound inclusive.
    func inRange(_ b: Bounds) -> (count: Double, sum: Double) {
      let (low, high) = limits(b)
      var count = 0.0, sum = 0.0
      for pair in pairs where (low.map { pair.value > $0 } ?? true) && (high.map { pair.value <= $0 } ?? true) {
        count += pair.count
        sum += pair.value * pair.count
      }
      return (count, sum)
    }
    switch self {
    case .percentile(let p): return rank(p)
    case .trimmedMean(let b):
      let kept = inRange(b)
      return kept.count == 0 ? nil : kept.sum / kept.count
    case .trimmedCount(let b): return inRange(b).count
    case .trimmedSum(let b): return inRange(b).sum
    case .percentileRank(let b): return 100 * inRange(b).count / n
    case .winsorizedMean(let b):
      let (low, high) = limits(b)
      let sum = pairs.reduce(0.0) { total, pair in
        var v = pair.value
        if let low, v < low { v = low }
        if let high, v > high { v = high }
        return total + v * pair.count
      }
      return sum / n
    default: return nil
    }
  }

  /// Nearest-rank percentile of sorted values: the value at rank ceil(p/100 × n), at least rank 1.
  static func nearestRank(_ sorted: [Double], _ p: Double) -> Double {
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
  }

  /// The value limits a range selects: absolute bounds as given; percent bounds as nearest-rank values.
  static func limits(_ sorted: [Double], _ b: Bounds) -> (Double?, Double?) {
    guard b.isPercent else { return (b.lower, b.upper) }
    let low = b.lower.flatMap { $0 == 0 ? nil : nearestRank(sorted, $0) }
    let high = b.upper.flatMap { $0 == 100 ? nil : nearestRank(sorted, $0) }
    return (low, high)
  }

  /// Values inside a range: lower bound exclusive, upper bound inclusive.
  static func inRange(_ sorted: [Double], _ b: Bounds) -> [Double] {
    let (low, high) = limits(sorted, b)
    return sorted.filter { v in (low.map { v > $0 } ?? true) && (high.map { v <= $0 } ?? true) }
  }
}
