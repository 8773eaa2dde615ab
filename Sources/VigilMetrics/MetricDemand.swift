import VigilCore

/// What the consumers of log-derived metrics ask of them (alarms, math, anomaly bands, dashboard widgets, `metrics`),
/// so that a session keeps each metric's individual values only when an exact answer needs them, and one statistic
/// set per metric, unit and minute otherwise. Memory then stays flat as loaded files grow.
///
/// A per-minute statistic set (SampleCount, Sum in event order, Minimum, Maximum) answers SampleCount, Minimum and
/// Maximum exactly over any window, and Sum and Average over windows of one minute or less (one window holds at most
/// one minute's set). Two things need the values themselves:
/// - a distribution statistic (pNN, TM, WM, TC, TS, PR, IQM): CloudWatch computes those from raw values, which a
///   statistic set does not hold (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html);
/// - Sum or Average over a longer period of values that are not whole numbers: floating-point addition rounds, so a
///   sum of minute sums can differ in its last digit from the sum of the values in order, which is what Vigil has
///   always answered. Whole numbers below 2^53 add exactly in any order, so counts keep only sets.
public struct MetricDemand: Equatable, Sendable {
  /// A metric by namespace and name: every dimension combination and unit of it is kept the same way.
  public struct Name: Hashable, Sendable {
    public var namespace: String
    public var name: String
    public init(namespace: String, name: String) {
      self.namespace = namespace
      self.name = name
    }
  }

  /// Whether every value of every metric is kept (a library user that may ask anything).
  public private(set) var keepsEveryValue = false
  /// Metrics a consumer reads with a distribution statistic.
  public private(set) var distributions: Set<Name> = []
  /// Metrics a consumer reads with Sum or Average over periods longer than a minute.
  public private(set) var longSums: Set<Name> = []

  /// Nothing asked yet.
  public init() {}

  /// Every value of every metric kept.
  public static let everyValue: MetricDemand = {
    var demand = MetricDemand()
    demand.keepsEveryValue = true
    return demand
  }()

  /// Records that a consumer reads `statistic` of a metric over periods of `period` milliseconds.
  public mutating func add(namespace: String, name: String, statistic: Statistic, period: EpochMillis) {
    let metric = Name(namespace: namespace, name: name)
    if statistic.isExtended {
      distributions.insert(metric)
    } else if (statistic == .sum || statistic == .average) && period > 60_000 {
      longSums.insert(metric)
    }
  }

  /// Both demands.
  public func union(_ other: MetricDemand) -> MetricDemand {
    var result = self
    result.keepsEveryValue = keepsEveryValue || other.keepsEveryValue
    result.distributions.formUnion(other.distributions)
    result.longSums.formUnion(other.longSums)
    return result
  }

  /// Whether a store kept for this demand answers everything `other` asks.
  public func covers(_ other: MetricDemand) -> Bool {
    keepsEveryValue || (!other.keepsEveryValue && other.distributions.isSubset(of: distributions) && other.longSums.isSubset(of: longSums))
  }

  /// Whether the values of a metric must be kept. `wholeNumbers`: every value any of its publishers can publish is a
  /// whole number small enough that any sum of them is exact (a constant such as `1` with a whole default).
  /// `mergedWithOtherData`: another metric filter publishes the same metric, so one minute of one stream holds the
  /// values of both, which their two sets would add in another order unless the values are whole numbers. (A metric
  /// that loaded datapoints also publish is not for this rule: keep its values.)
  public func keepsValues(namespace: String, name: String, wholeNumbers: Bool, mergedWithOtherData: Bool) -> Bool {
    let metric = Name(namespace: namespace, name: name)
    if keepsEveryValue || distributions.contains(metric) { return true }
    return !wholeNumbers && (longSums.contains(metric) || mergedWithOtherData)
  }

  /// The largest whole number `keepsValues` treats as exact in any sum: 2^20, so that 2^33 (8.6 billion) of them still
  /// add below 2^53, where doubles stop holding every integer.
  public static let largestWholeNumber: Double = 0x1p20

  /// Whether `value` is a whole number no larger than `largestWholeNumber` in magnitude.
  public static func isSmallWholeNumber(_ value: Double) -> Bool {
    value == value.rounded() && abs(value) <= largestWholeNumber
  }
}
