import VigilCore
import VigilLogSource

/// The stats functions ([stats](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Stats.html)).
enum AggregateFunction: Equatable {
  case count, countField, countDistinct, sum, avg, min, max, stddev, earliest, latest, sortsFirst, sortsLast
  case pct(Double)
}

/// One aggregate's running state for one group. Memory is bounded by the number of distinct values
/// (`pct` keeps a value→count table, `ValueCounts`, `count_distinct` a set), not by the number of events.
struct AggregateState {
  var count = 0
  var sum = 0.0
  var mean = 0.0
  var m2 = 0.0
  var best: InsightsValue = .null
  var bestTime: EpochMillis = 0
  /// `pct`: how many times each value was seen.
  var valueCounts = ValueCounts()
  var distinct: Set<String> = []

  @inline(__always) mutating func add(_ f: AggregateFunction, _ v: InsightsValue, time: EpochMillis) {
    switch f {
    case .count:
      count += 1
    case .countField:
      if !v.isNull { count += 1 }
    case .countDistinct:
      if !v.isNull { distinct.insert(v.description) }
    case .sum, .avg:
      if let d = v.numberValue, !v.isNull {
        sum += d
        count += 1
      }
    case .stddev:
      // Welford's algorithm: stable for long streams.
      if let d = v.numberValue, !v.isNull {
        count += 1
        let delta = d - mean
        mean += delta / Double(count)
        m2 += delta * (d - mean)
      }
    case .pct:
      if let d = v.numberValue, !v.isNull {
        valueCounts.add(d)
        count += 1
      }
    case .min, .sortsFirst:
      if !v.isNull, best.isNull || AggregateState.less(v, best, numeric: f == .min) { best = v }
    case .max, .sortsLast:
      if !v.isNull, best.isNull || AggregateState.less(best, v, numeric: f == .max) { best = v }
    case .earliest:
      if !v.isNull, best.isNull || time < bestTime {
        best = v
        bestTime = time
      }
    case .latest:
      if !v.isNull, best.isNull || time >= bestTime {
        best = v
        bestTime = time
      }
    }
  }

  /// Folds in the state of the same aggregate over a later part of the input.
  mutating func merge(_ o: AggregateState, _ f: AggregateFunction) {
    switch f {
    case .count, .countField: count += o.count
    case .countDistinct: distinct.formUnion(o.distinct)
    case .sum, .avg:
      sum += o.sum
      count += o.count
    case .stddev:
      // Chan et al.'s parallel combination of Welford states.
      guard o.count > 0 else { return }
      guard count > 0 else {
        self = o
        return
      }
      let n = Double(count + o.count)
      let delta = o.mean - mean
      m2 += o.m2 + delta * delta * Double(count) * Double(o.count) / n
      mean += delta * Double(o.count) / n
      count += o.count
    case .pct:
      // Fold the smaller table into the larger: groups split across two ranges are few, and most have one side empty.
      if o.valueCounts.distinct > valueCounts.distinct {
        var larger = o.valueCounts
        larger.add(valueCounts)
        valueCounts = larger
      } else {
        valueCounts.add(o.valueCounts)
      }
      count += o.count
    case .min, .sortsFirst:
      if !o.best.isNull, best.isNull || AggregateState.less(o.best, best, numeric: f == .min) { best = o.best }
    case .max, .sortsLast:
      if !o.best.isNull, best.isNull || AggregateState.less(best, o.best, numeric: f == .max) { best = o.best }
    case .earliest:
      if !o.best.isNull, best.isNull || o.bestTime < bestTime {
        best = o.best
        bestTime = o.bestTime
      }
    case .latest:
      if !o.best.isNull, best.isNull || o.bestTime >= bestTime {
        best = o.best
        bestTime = o.bestTime
      }
    }
  }

  /// min/max compare numbers as numbers; everything else (and sortsFirst/sortsLast) uses the sort order.
  static func less(_ a: InsightsValue, _ b: InsightsValue, numeric: Bool) -> Bool {
    if numeric, let x = a.numberValue, let y = b.numberValue { return x < y }
    return SortOrdering.compare(a, b) < 0
  }

  func result(_ f: AggregateFunction) -> InsightsValue {
    switch f {
    case .count, .countField: return .number(Double(count))
    case .countDistinct: return .number(Double(distinct.count))
    case .sum: return count == 0 ? .null : .number(sum)
    case .avg: return count == 0 ? .null : .number(sum / Double(count))
    // Sample standard deviation (n − 1), the usual definition; the docs do not say which.
    case .stddev: return count < 2 ? (count == 1 ? .number(0) : .null) : .number((m2 / Double(count - 1)).squareRoot())
    case .pct(let p):
      return count == 0 ? .null : .number(valueCounts.value(atRank: AggregateState.nearestRank(p, count: count)))
    case .min, .max, .sortsFirst, .sortsLast, .earliest, .latest: return best
    }
  }

  /// The rank of the nearest-rank percentile: ⌈p/100 × n⌉, at least 1 — the method CloudWatch uses for metric
  /// percentiles (VigilMetrics `Statistic`); the Insights docs do not name one.
  static func nearestRank(_ p: Double, count: Int) -> Int {
    Swift.min(Swift.max(Int((p / 100 * Double(count)).rounded(.up)), 1), count)
  }
}

/// `pct`'s value→count table (issue 17): open addressing on the value's bits with a multiplicative hash, so
/// counting a value costs a multiply and a probe or two rather than a `Dictionary` update (SipHash). Values are
/// one key when `==` says so, as they were as `Dictionary` keys (`-0` counts as `0`; there is no NaN: no reader
/// makes one). Memory is bounded by the distinct values: at most 4/3 of them, rounded up to a power of two, slots.
struct ValueCounts {
  /// Each slot: a value's bit pattern and its count (0: empty), side by side so a probe reads one cache line.
  private var slots: [(bits: UInt64, count: Int)] = []
  /// 64 − log2(slots): the hash keeps the top bits.
  private var shift: UInt64 = 60
  private(set) var distinct = 0

  /// Counts `value` `times` more times.
  @inline(__always) mutating func add(_ value: Double, times: Int = 1) {
    if slots.isEmpty { slots = Array(repeating: (0, 0), count: 16) }
    let bits = (value == 0 ? 0 : value).bitPattern
    let mask = slots.count - 1
    var i = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> shift)
    let found: Bool = slots.withUnsafeMutableBufferPointer { table in
      while table[i].count != 0 {
        if table[i].bits == bits {
          table[i].count += times
          return true
        }
        i = (i + 1) & mask
      }
      table[i] = (bits, times)
      return false
    }
    if found { return }
    distinct += 1
    if distinct * 4 > slots.count * 3 { grow() }
  }

  /// Adds the counts of another table (a later part of the input).
  mutating func add(_ other: ValueCounts) {
    for slot in other.slots where slot.count != 0 { add(Double(bitPattern: slot.bits), times: slot.count) }
  }

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: (0, 0), count: old.count * 2)
    shift -= 1
    distinct = 0
    for slot in old where slot.count != 0 { add(Double(bitPattern: slot.bits), times: slot.count) }
  }

  /// The value at `rank` (1-based) of all counted values in ascending order. A weighted quickselect over the
  /// distinct values: linear on average, where sorting them was n log n and, at finish, not spread over threads.
  func value(atRank rank: Int) -> Double {
    var values: [(value: Double, count: Int)] = []
    values.reserveCapacity(distinct)
    for slot in slots where slot.count != 0 { values.append((Double(bitPattern: slot.bits), slot.count)) }
    guard !values.isEmpty else { return 0 }
    return values.withUnsafeMutableBufferPointer { v in
      var low = 0
      var high = v.count  // the answer is in v[low..<high], at rank `wanted` among them
      var wanted = min(max(rank, 1), v.reduce(0) { $0 + $1.count })
      while high - low > 1 {
        // Median of three as the pivot; values are distinct, so the partition is strict.
        let a = v[low].value, b = v[(low + high) / 2].value, c = v[high - 1].value
        let pivot = max(min(a, b), min(max(a, b), c))
        var below = low
        var belowCount = 0
        for i in low..<high where v[i].value < pivot {
          belowCount += v[i].count
          v.swapAt(i, below)
          below += 1
        }
        if wanted <= belowCount {
          high = below
          continue
        }
        // v[below...] holds the pivot and what is above it; bring the pivot to the front.
        var at = below
        while v[at].value != pivot { at += 1 }
        v.swapAt(at, below)
        if wanted <= belowCount + v[below].count { return pivot }
        wanted -= belowCount + v[below].count
        low = below + 1
      }
      return v[low].value
    }
  }
}
