import VigilCore
import VigilLogSource

/// The stats functions ([stats](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Stats.html)).
enum AggregateFunction: Equatable {
  case count, countField, countDistinct, sum, avg, min, max, stddev, earliest, latest, sortsFirst, sortsLast
  case pct(Double)
}

/// One aggregate's running state for one group. Memory is bounded by the number of distinct values
/// (`pct` keeps ascending value→count runs plus a short buffer, `count_distinct` a set), not by the number of events.
struct AggregateState {
  var count = 0
  var sum = 0.0
  var mean = 0.0
  var m2 = 0.0
  var best: InsightsValue = .null
  var bestTime: EpochMillis = 0
  /// `pct`: values not folded into `runs` yet. Appending costs less than a hash-table update per event (issue 17);
  /// the buffer is folded once it holds `foldThreshold` values or as many as `runs`, so it never outgrows the runs
  /// by much and memory stays bounded by the distinct values.
  var pending: [Double] = []
  /// `pct`: the distinct values folded so far, ascending, each with how many times it was seen.
  var runs: [(value: Double, count: Int)] = []
  static let foldThreshold = 256
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
        pending.append(d)
        count += 1
        if pending.count >= Swift.max(AggregateState.foldThreshold, runs.count) { fold() }
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
      pending.append(contentsOf: o.pending)
      fold()
      runs = AggregateState.merged(runs, o.runs)
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
      return count == 0 ? .null : .number(AggregateState.nearestRank(AggregateState.merged(runs, AggregateState.runs(of: pending)), count: count, p))
    case .min, .max, .sortsFirst, .sortsLast, .earliest, .latest: return best
    }
  }

  /// Nearest-rank percentile (the value at rank ⌈p/100 × n⌉, at least 1), the method CloudWatch uses for
  /// metric percentiles (VigilMetrics `Statistic`); the Insights docs do not name one. `runs` are ascending.
  static func nearestRank(_ runs: [(value: Double, count: Int)], count: Int, _ p: Double) -> Double {
    let rank = Swift.min(Swift.max(Int((p / 100 * Double(count)).rounded(.up)), 1), count)
    var seen = 0
    for (value, n) in runs {
      seen += n
      if seen >= rank { return value }
    }
    return runs.last?.value ?? 0
  }

  /// Moves the buffered `pct` values into `runs`.
  mutating func fold() {
    guard !pending.isEmpty else { return }
    runs = AggregateState.merged(runs, AggregateState.runs(of: pending))
    pending.removeAll(keepingCapacity: true)
  }

  /// Values as ascending runs of equal values (`==`, so `-0` and `0` are one value, as they were one key).
  static func runs(of values: [Double]) -> [(value: Double, count: Int)] {
    var result: [(value: Double, count: Int)] = []
    for v in values.sorted() {
      if let last = result.last, last.value == v {
        result[result.count - 1].count += 1
      } else {
        result.append((v, 1))
      }
    }
    return result
  }

  /// Two ascending run lists as one, adding the counts of equal values.
  static func merged(_ a: [(value: Double, count: Int)], _ b: [(value: Double, count: Int)]) -> [(value: Double, count: Int)] {
    if a.isEmpty { return b }
    if b.isEmpty { return a }
    var result: [(value: Double, count: Int)] = []
    result.reserveCapacity(a.count + b.count)
    var i = 0
    var j = 0
    while i < a.count, j < b.count {
      if a[i].value < b[j].value {
        result.append(a[i])
        i += 1
      } else if b[j].value < a[i].value {
        result.append(b[j])
        j += 1
      } else {
        result.append((a[i].value, a[i].count + b[j].count))
        i += 1
        j += 1
      }
    }
    result.append(contentsOf: a[i...])
    result.append(contentsOf: b[j...])
    return result
  }
}
