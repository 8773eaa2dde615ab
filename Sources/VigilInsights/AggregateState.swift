import VigilCore
import VigilLogSource

/// The stats functions ([stats](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Stats.html)).
enum AggregateFunction: Equatable {
  case count, countField, countDistinct, sum, avg, min, max, stddev, earliest, latest, sortsFirst, sortsLast
  case pct(Double)
}

/// One aggregate's running state for one group. `count_distinct` keeps a set of the distinct values; `pct` keeps
/// its values (`PercentileValues`), which the stage spills to disk past its memory budget.
struct AggregateState {
  var count = 0
  var sum = 0.0
  var mean = 0.0
  var m2 = 0.0
  var best: InsightsValue = .null
  var bestTime: EpochMillis = 0
  /// `pct`: the values seen.
  var percentile = PercentileValues()
  var distinct: Set<String> = []

  /// Returns how many bytes `pct`'s values grew by, for the stage's memory budget.
  @discardableResult @inline(__always)
  mutating func add(_ f: AggregateFunction, _ v: InsightsValue, time: EpochMillis) -> Int {
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
        count += 1
        return percentile.add(d)
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
    return 0
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
      percentile.add(o.percentile)
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
      return count == 0 ? .null : .number(percentile.value(atRank: AggregateState.nearestRank(p, count: count)))
    case .min, .max, .sortsFirst, .sortsLast, .earliest, .latest: return best
    }
  }

  /// The rank of the nearest-rank percentile: ⌈p/100 × n⌉, at least 1 — the method CloudWatch uses for metric
  /// percentiles (VigilMetrics `Statistic`); the Insights docs do not name one.
  static func nearestRank(_ p: Double, count: Int) -> Int {
    Swift.min(Swift.max(Int((p / 100 * Double(count)).rounded(.up)), 1), count)
  }
}
