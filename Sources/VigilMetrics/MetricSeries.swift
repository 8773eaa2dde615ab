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
  /// Each entry's smallest sample; for an entry of one value, the value.
  public private(set) var minimums: [Double] = []
  /// Count, sum, maximum and raw flag per entry. They stay empty while every entry is one value (count 1, sum and
  /// maximum equal to the minimum bit for bit), as metric-filter values arrive: 16 bytes per value instead of 41.
  private var countStorage: [Double] = []
  private var sumStorage: [Double] = []
  private var maximumStorage: [Double] = []
  private var rawStorage: [Bool] = []
  /// Whether every entry is one value, so the storage above is empty and derived from `minimums`.
  private var singleValues = true
  private var sorted = true

  /// Each entry's number of samples.
  public var sampleCounts: [Double] { singleValues ? Array(repeating: 1, count: timestamps.count) : countStorage }
  /// Each entry's sum.
  public var sums: [Double] { singleValues ? minimums : sumStorage }
  /// Each entry's largest sample.
  public var maximums: [Double] { singleValues ? minimums : maximumStorage }
  /// Whether each entry is equivalent to raw values (`count` samples of `minimum`).
  public var rawEquivalent: [Bool] { singleValues ? Array(repeating: true, count: timestamps.count) : rawStorage }

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
    if singleValues
      && !(sampleCount == 1 && raw && sum.bitPattern == minimum.bitPattern && maximum.bitPattern == minimum.bitPattern)
    {
      storeEveryField()
    }
    timestamps.append(timestamp)
    minimums.append(minimum)
    guard !singleValues else { return }
    countStorage.append(sampleCount)
    sumStorage.append(sum)
    maximumStorage.append(maximum)
    rawStorage.append(raw)
  }

  /// Fills the per-entry storage from `minimums`, for an entry that is not one value.
  private mutating func storeEveryField() {
    guard singleValues else { return }
    countStorage = Array(repeating: 1, count: timestamps.count)
    sumStorage = minimums
    maximumStorage = minimums
    rawStorage = Array(repeating: true, count: timestamps.count)
    singleValues = false
  }

  /// Appends all entries of `other` (same stream) in order, as if each were appended one by one.
  mutating func append(contentsOf other: MetricSeries) {
    if !other.sorted { sorted = false }
    if let last = timestamps.last, let first = other.timestamps.first, first < last { sorted = false }
    if !other.singleValues { storeEveryField() }
    if !singleValues {
      countStorage.append(contentsOf: other.sampleCounts)
      sumStorage.append(contentsOf: other.sums)
      maximumStorage.append(contentsOf: other.maximums)
      rawStorage.append(contentsOf: other.rawEquivalent)
    }
    timestamps.append(contentsOf: other.timestamps)
    minimums.append(contentsOf: other.minimums)
  }

  /// Sorts entries by time (stable, so same-timestamp samples keep their order). Call after appending out of order.
  public mutating func sortByTime() {
    guard !sorted else { return }
    let order = timestamps.indices.sorted { (timestamps[$0], $0) < (timestamps[$1], $1) }
    timestamps = order.map { timestamps[$0] }
    minimums = order.map { minimums[$0] }
    if !singleValues {
      countStorage = order.map { countStorage[$0] }
      sumStorage = order.map { sumStorage[$0] }
      maximumStorage = order.map { maximumStorage[$0] }
      rawStorage = order.map { rawStorage[$0] }
    }
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
    if singleValues {
      // The same additions and comparisons as below, with each entry's count 1 and sum and maximum its value.
      for i in indices {
        n += 1
        sum += minimums[i]
        if minimums[i] < low { low = minimums[i] }
        if minimums[i] > high { high = minimums[i] }
      }
    } else {
      for i in indices {
        n += countStorage[i]
        sum += sumStorage[i]
        if minimums[i] < low { low = minimums[i] }
        if maximumStorage[i] > high { high = maximumStorage[i] }
      }
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
      func count(_ i: Int) -> Double { singleValues ? 1 : countStorage[i] }
      var total = 0.0
      for i in indices {
        guard singleValues || rawStorage[i] else { return nil }
        total += max(0, count(i).rounded())
      }
      if total <= Double(MetricSeries.maximumExpandedSamples) {
        scratch.removeAll(keepingCapacity: true)
        for i in indices {
          let repeats = Int(max(0, count(i).rounded()))
          if repeats == 1 { scratch.append(minimums[i]) } else { scratch.append(contentsOf: repeatElement(minimums[i], count: repeats)) }
        }
        value = statistic.computeExtended(sorting: &scratch)
      } else {
        value = statistic.computeExtended(weighted: indices.map { (minimums[$0], max(0, count($0).rounded())) })
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
