import VigilCore

/// The samples of one metric stream with one unit, sorted by time. Each entry is either raw values
/// (`Value`, or one `Values`/`Counts` pair: `count` samples equal to `value`) or a statistic set.
///
/// Statistic sets keep percentile-class statistics available only when every sample in them is
/// provably equal (SampleCount = 1 and Min = Max = Sum, or Min = Max and Sum = Min × SampleCount):
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_StatisticSet.html
public struct MetricSeries: Sendable {
  public var identity: MetricIdentity
  /// The unit the samples were published with (`None` when none was given).
  public var unit: String
  public private(set) var timestamps: [EpochMillis] = []
  public private(set) var sampleCounts: [Double] = []
  public private(set) var sums: [Double] = []
  public private(set) var minimums: [Double] = []
  public private(set) var maximums: [Double] = []
  /// Whether each entry is equivalent to raw values (`count` samples of `minimum`).
  public private(set) var rawEquivalent: [Bool] = []
  private var sorted = true

  public init(identity: MetricIdentity, unit: String = "None") {
    self.identity = identity
    self.unit = unit
  }

  public var count: Int { timestamps.count }

  /// Adds `count` samples equal to `value` at `timestamp`.
  public mutating func append(timestamp: EpochMillis, value: Double, count: Double = 1) {
    append(timestamp: timestamp, sampleCount: count, sum: value * count, minimum: value, maximum: value, raw: true)
  }

  /// Adds a statistic set.
  public mutating func appendStatisticSet(timestamp: EpochMillis, sampleCount: Double, sum: Double, minimum: Double, maximum: Double) {
    let raw = (sampleCount == 1 && minimum == maximum && maximum == sum) || (minimum == maximum && sum == minimum * sampleCount)
    append(timestamp: timestamp, sampleCount: sampleCount, sum: sum, minimum: minimum, maximum: maximum, raw: raw)
  }

  private mutating func append(timestamp: EpochMillis, sampleCount: Double, sum: Double, minimum: Double, maximum: Double, raw: Bool) {
    if let last = timestamps.last, timestamp < last { sorted = false }
    timestamps.append(timestamp)
    sampleCounts.append(sampleCount)
    sums.append(sum)
    minimums.append(minimum)
    maximums.append(maximum)
    rawEquivalent.append(raw)
  }

  /// Appends all entries of `other` (same stream) in order, as if each were appended one by one.
  mutating func append(contentsOf other: MetricSeries) {
    if !other.sorted { sorted = false }
    if let last = timestamps.last, let first = other.timestamps.first, first < last { sorted = false }
    timestamps.append(contentsOf: other.timestamps)
    sampleCounts.append(contentsOf: other.sampleCounts)
    sums.append(contentsOf: other.sums)
    minimums.append(contentsOf: other.minimums)
    maximums.append(contentsOf: other.maximums)
    rawEquivalent.append(contentsOf: other.rawEquivalent)
  }

  /// Sorts entries by time (stable, so same-timestamp samples keep their order). Call after appending out of order.
  public mutating func sortByTime() {
    guard !sorted else { return }
    let order = timestamps.indices.sorted { (timestamps[$0], $0) < (timestamps[$1], $1) }
    timestamps = order.map { timestamps[$0] }
    sampleCounts = order.map { sampleCounts[$0] }
    sums = order.map { sums[$0] }
    minimums = order.map { minimums[$0] }
    maximums = order.map { maximums[$0] }
    rawEquivalent = order.map { rawEquivalent[$0] }
    sorted = true
  }

  /// The statistic for each period from the one containing `start` up to (not including) `end`:
  /// periods start at multiples of `period` since the epoch, and a period without a value gives nil.
  public func periodValues(_ statistic: Statistic, period: EpochMillis, from start: EpochMillis, to end: EpochMillis)
    -> [(EpochMillis, Double?)]
  {
    var points: [(EpochMillis, Double?)] = []
    var t = start - start % period
    while t < end {
      points.append((t, aggregate(statistic, from: t, to: t + period)?.value))
      t += period
    }
    return points
  }

  /// Every period from the first sample's to the last sample's (see `periodValues(_:period:from:to:)`).
  public func periodValues(_ statistic: Statistic, period: EpochMillis) -> [(EpochMillis, Double?)] {
    guard let first = timestamps.first, let last = timestamps.last else { return [] }
    return periodValues(statistic, period: period, from: first, to: last + 1)
  }

  /// Index of the first entry with timestamp ≥ `time` (binary search).
  public func firstIndex(atOrAfter time: EpochMillis) -> Int {
    var low = 0, high = timestamps.count
    while low < high {
      let mid = (low + high) / 2
      if timestamps[mid] < time { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// The statistic over all samples with `start ≤ timestamp < end`, or nil when CloudWatch would have no
  /// datapoint: no samples, or an extended statistic over statistic sets or negative values.
  public func aggregate(_ statistic: Statistic, from start: EpochMillis, to end: EpochMillis) -> PeriodValue? {
    let lower = firstIndex(atOrAfter: start), upper = firstIndex(atOrAfter: end)
    return aggregate(statistic, indices: lower..<upper)
  }

  /// The statistic over a range of entry indices.
  public func aggregate(_ statistic: Statistic, indices: Range<Int>) -> PeriodValue? {
    var scratch: [Double] = []
    return aggregate(statistic, indices: indices, scratch: &scratch)
  }

  /// The most samples an extended statistic expands into one buffer (80 MB); beyond it, weighted pairs are used.
  public static let maximumExpandedSamples = 10_000_000

  /// The statistic over a range of entry indices; `scratch` holds the raw values of extended statistics,
  /// so callers that aggregate many periods reuse one buffer instead of allocating per period.
  public func aggregate(_ statistic: Statistic, indices: Range<Int>, scratch: inout [Double]) -> PeriodValue? {
    guard !indices.isEmpty else { return nil }
    var n = 0.0, sum = 0.0, low = Double.infinity, high = -Double.infinity
    for i in indices {
      n += sampleCounts[i]
      sum += sums[i]
      if minimums[i] < low { low = minimums[i] }
      if maximums[i] > high { high = maximums[i] }
    }
    guard n > 0 else { return nil }
    let value: Double?
    switch statistic {
    case .sampleCount: value = n
    case .sum: value = sum
    case .average: value = sum / n
    case .minimum: value = low
    case .maximum: value = high
    default:
      // Raw-equivalent entries stand for `count` equal samples. They are expanded when that is cheap; a
      // statistic set claiming 1e12 (or 1e100) samples is computed from (value, count) pairs instead of
      // allocating terabytes or trapping in `Int(_:)`.
      var total = 0.0
      for i in indices {
        guard rawEquivalent[i] else { return nil }
        total += max(0, sampleCounts[i].rounded())
      }
      if total <= Double(MetricSeries.maximumExpandedSamples) {
        scratch.removeAll(keepingCapacity: true)
        for i in indices {
          let repeats = Int(max(0, sampleCounts[i].rounded()))
          if repeats == 1 { scratch.append(minimums[i]) } else { scratch.append(contentsOf: repeatElement(minimums[i], count: repeats)) }
        }
        value = statistic.computeExtended(sorting: &scratch)
      } else {
        value = statistic.computeExtended(weighted: indices.map { (minimums[$0], max(0, sampleCounts[$0].rounded())) })
      }
    }
    guard let value else { return nil }
    return PeriodValue(value: value, sampleCount: n)
  }
}

/// One aggregated datapoint: the statistic's value and the number of samples behind it.
public struct PeriodValue: Equatable, Sendable {
  public var value: Double
  public var sampleCount: Double
  public init(value: Double, sampleCount: Double) {
    self.value = value
    self.sampleCount = sampleCount
  }
}
