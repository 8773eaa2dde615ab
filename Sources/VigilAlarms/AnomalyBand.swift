import VigilCore

/// Vigil's stand-in for `ANOMALY_DETECTION_BAND(m, k)`. **This approximates AWS's private model; it is
/// not what CloudWatch computes.** AWS documents only the model's inputs and properties (trend plus hourly,
/// daily and weekly seasonality, up to two weeks of training, bands clamped to logical ranges):
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Anomaly_Detection.html
///
/// For the datapoint of the period starting at time t:
/// 1. Seasonal history: the same metric's values at t − 1 day … t − 14 days. With at least 3 of them the
///    baseline is their median and the spread 1.4826 × their median absolute deviation (a robust σ).
/// 2. Otherwise, recent history: the values at t − P … t − 60·P; with at least 10 of them, the same
///    median and spread.
/// 3. Otherwise there is no band, and the datapoint cannot be compared (it counts as missing), much as
///    a new AWS model shows no band for its first hours.
/// The spread is at least 1% of |baseline| (so a perfectly flat history does not give a zero-width band).
/// Band = baseline ± k × spread; the lower edge is clamped at 0 when the history has no negative value,
/// and both edges to [0, 100] for the unit Percent.
public enum AnomalyBand {
  public static let seasonalDays = 14
  public static let minimumSeasonalSamples = 3
  public static let recentPeriods = 60
  public static let minimumRecentSamples = 10

  /// The band (upper, lower) for the period starting at `start`, reading history through `valueAt`.
  public static func band(
    at start: EpochMillis, period: Int, k: Double, percentUnit: Bool, valueAt: (EpochMillis) -> Double?
  ) -> (upper: Double, lower: Double)? {
    var history: [Double] = []
    for d in 1...seasonalDays { if let v = valueAt(start - EpochMillis(d) * 86_400_000) { history.append(v) } }
    if history.count < minimumSeasonalSamples {
      history = []
      for j in 1...recentPeriods { if let v = valueAt(start - EpochMillis(j * period) * 1000) { history.append(v) } }
      guard history.count >= minimumRecentSamples else { return nil }
    }
    let baseline = median(history)
    let spread = max(1.4826 * median(history.map { abs($0 - baseline) }), 0.01 * abs(baseline))
    var upper = baseline + k * spread, lower = baseline - k * spread
    if !history.contains(where: { $0 < 0 }) { lower = max(lower, 0) }
    if percentUnit {
      upper = min(max(upper, 0), 100)
      lower = min(max(lower, 0), 100)
    }
    return (upper, lower)
  }

  static func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
  }
}
