import Testing
import VigilAlarms
import VigilCore
import VigilMetrics

/// An alarm whose metric has no datapoint at all is still evaluated, as CloudWatch does, by its missing-data
/// treatment: INSUFFICIENT_DATA (missing), ALARM (breaching), OK (notBreaching), its current state (ignore).
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
@Suite struct EvaluationWithoutDataTests {
  static let until = TimeFormat.parse("2026-03-02T10:00:00Z")!
  static let minute: EpochMillis = 60_000

  /// One alarm per treatment, Maximum > 5 over 3 one-minute periods (a 3-minute evaluation span).
  static func alarms(period: Int = 60) -> AlarmSet {
    let treatments: [TreatMissingData] = [.missing, .breaching, .notBreaching, .ignore]
    return AlarmSet(
      metricAlarms: treatments.map { treatment in
        MetricAlarm(
          name: treatment.rawValue,
          source: .metric(MetricStat(identity: MetricIdentity(namespace: "P", name: "Latency"), statistic: .maximum, period: period)),
          comparison: .greaterThanThreshold, threshold: 5, evaluationPeriods: 3, treatMissingData: treatment)
      })
  }

  /// Each alarm's changes as minutes before `until` and the state.
  static func changes(_ result: AlarmPreviewResult) -> [String: [String]] {
    result.timelines.mapValues { $0.changes.map { "\(($0.0 - until) / minute) \($0.1.rawValue)" } }
  }

  @Test func onlyUntilEvaluatesOneSpanEndingThere() throws {
    let result = try AlarmPreview(alarms: Self.alarms(), store: MetricStore()).run(until: Self.until)
    #expect(result.from == Self.until - 3 * Self.minute)
    #expect(result.until == Self.until)
    #expect(
      Self.changes(result) == [
        "missing": ["-3 INSUFFICIENT_DATA"],
        "breaching": ["-3 INSUFFICIENT_DATA", "-2 ALARM"],
        "notBreaching": ["-3 INSUFFICIENT_DATA", "-2 OK"],
        "ignore": ["-3 INSUFFICIENT_DATA"],
      ])
    #expect(
      result.history.map(\.newReason) == [
        "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].",
        "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [NonBreaching].",
      ])
  }

  @Test func fromAndUntilAreEvaluatedWithoutData() throws {
    let result = try AlarmPreview(alarms: Self.alarms(), store: MetricStore()).run(from: Self.until - 10 * Self.minute, until: Self.until)
    #expect(
      Self.changes(result) == [
        "missing": ["-10 INSUFFICIENT_DATA"],
        "breaching": ["-10 INSUFFICIENT_DATA", "-9 ALARM"],
        "notBreaching": ["-10 INSUFFICIENT_DATA", "-9 OK"],
        "ignore": ["-10 INSUFFICIENT_DATA"],
      ])
  }

  /// The span is the longest Period × EvaluationPeriods: 5-minute periods make it 15 minutes.
  @Test func theSpanFollowsTheLongestAlarm() throws {
    let result = try AlarmPreview(alarms: Self.alarms(period: 300), store: MetricStore()).run(until: Self.until)
    #expect(result.from == Self.until - 15 * Self.minute)
    #expect(Self.changes(result)["breaching"] == ["-15 INSUFFICIENT_DATA", "-14 ALARM"])
  }

  /// Data that starts after `--until` gives no datapoint in the window either.
  @Test func dataAfterUntilIsLikeNoData() throws {
    var store = MetricStore()
    store.add(MetricIdentity(namespace: "P", name: "Latency"), timestamp: Self.until + 60 * Self.minute, value: 9)
    store.finishLoading()
    let result = try AlarmPreview(alarms: Self.alarms(), store: store).run(until: Self.until)
    #expect(Self.changes(result)["notBreaching"] == ["-3 INSUFFICIENT_DATA", "-2 OK"])
  }

  @Test func withoutDataOrUntilThereIsNoWindow() {
    #expect(throws: AlarmPreviewError("no metric data and no --until: nothing says which window to evaluate; give --until (and --from)")) {
      try AlarmPreview(alarms: Self.alarms(), store: MetricStore()).run(from: Self.until)
    }
  }
}
