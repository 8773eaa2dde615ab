import Testing
import VigilAlarms
import VigilCore
import VigilMetrics

/// End-to-end evaluations over compact series, with CloudWatch's reason wording.
@Suite struct MetricAlarmPreviewTests {
  static let t0 = TimeFormat.parse("2026-03-02T10:00:00Z")!
  static let latency = MetricIdentity(namespace: "Payments", name: "Latency", dimensions: ["Service": "payment-api"])

  static func store(_ notation: String, identity: MetricIdentity = latency, unit: String = "Milliseconds") throws -> MetricStore {
    var store = MetricStore()
    store.add(try SeriesNotation.parse(notation).series(identity, unit: unit, start: t0, every: 60_000))
    store.finishLoading()
    return store
  }

  static func time(_ hhmm: String) -> EpochMillis { TimeFormat.parse("2026-03-02T\(hhmm):00Z")! }

  static func p99Alarm(lowSamples: Bool = true, treat: TreatMissingData = .missing) -> MetricAlarm {
    MetricAlarm(
      name: "p99-latency", source: .metric(MetricStat(identity: latency, statistic: Statistic.parse("p99")!, period: 60)),
      comparison: .greaterThanThreshold, threshold: 800, evaluationPeriods: 5, datapointsToAlarm: 3, treatMissingData: treat,
      evaluateLowSampleCountPercentile: lowSamples, alarmActions: ["arn:aws:sns:eu-west-1:123456789012:payments-oncall"],
      okActions: ["arn:aws:sns:eu-west-1:123456789012:payments-oncall"])
  }

  @Test func threeOfFiveAlarmsWithCloudWatchReasons() throws {
    let result = try AlarmPreview(alarms: AlarmSet(metricAlarms: [Self.p99Alarm()]), store: Self.store("100x10 1500x5 100x10")).run()
    let changes = result.timelines["p99-latency"]!.changes.map { ($0.0, $0.1) }
    #expect(changes.map(\.0) == [Self.t0, Self.time("10:01"), Self.time("10:13"), Self.time("10:18")])
    #expect(changes.map(\.1) == [.insufficientData, .ok, .alarm, .ok])
    #expect(
      result.history[0].newReason
        == "Threshold Crossed: 1 out of the last 1 datapoints [100.0 (02/03/26 10:00:00)] was not greater than the threshold (800.0) (minimum 3 datapoints for ALARM -> OK transition)."
    )
    #expect(
      result.history[1].newReason
        == "Threshold Crossed: 3 out of the last 5 datapoints [1500.0 (02/03/26 10:12:00), 1500.0 (02/03/26 10:11:00), 1500.0 (02/03/26 10:10:00)] were greater than the threshold (800.0) (minimum 3 datapoints for OK -> ALARM transition)."
    )
    #expect(
      result.history[2].newReason
        == "Threshold Crossed: 3 out of the last 5 datapoints [100.0 (02/03/26 10:17:00), 100.0 (02/03/26 10:16:00), 100.0 (02/03/26 10:15:00)] were not greater than the threshold (800.0) (minimum 3 datapoints for ALARM -> OK transition)."
    )
    #expect(result.notifications.map(\.newState) == [.ok, .alarm, .ok])
    #expect(result.notificationCount(topic: "payments-oncall") == 3)
  }

  @Test func percentileWithFewSamplesIgnoredStaysInsufficient() throws {
    // One sample a minute is far below p99's bar of 10/(1-0.99) = 1000 samples.
    let result = try AlarmPreview(
      alarms: AlarmSet(metricAlarms: [Self.p99Alarm(lowSamples: false)]), store: Self.store("100x10 1500x5 100x10")
    ).run()
    #expect(result.history.isEmpty)
    #expect(result.timelines["p99-latency"]!.state == .insufficientData)
    #expect(MetricAlarmEvaluator.lowSampleBar(.percentile(99)) == 1000)
    #expect(MetricAlarmEvaluator.lowSampleBar(.percentile(50)) == 20)
    #expect(MetricAlarmEvaluator.lowSampleBar(.percentile(10)) == 100)
    #expect(MetricAlarmEvaluator.lowSampleBar(.average) == nil)
  }

  @Test func percentileWithEnoughSamplesIsEvaluatedWhenIgnoring() throws {
    // 25 samples per minute clear p50's bar of 20.
    var store = MetricStore()
    for minute in 0..<10 {
      for s in 0..<25 {
        store.add(
          Self.latency, unit: "Milliseconds", timestamp: Self.t0 + EpochMillis(minute * 60_000 + s * 2000), value: minute >= 5 ? 900 : 100)
      }
    }
    store.finishLoading()
    var alarm = Self.p99Alarm(lowSamples: false)
    alarm.source = .metric(MetricStat(identity: Self.latency, statistic: .percentile(50), period: 60))
    let result = try AlarmPreview(alarms: AlarmSet(metricAlarms: [alarm]), store: store).run()
    #expect(result.timelines["p99-latency"]!.changes.map(\.1) == [.insufficientData, .ok, .alarm])
    #expect(result.timelines["p99-latency"]!.changes[2].0 == Self.time("10:08"))
  }

  @Test func breachingFillIsWordedAsCloudWatchWordsIt() throws {
    var alarm = Self.p99Alarm(treat: .breaching)
    alarm.source = .metric(MetricStat(identity: Self.latency, statistic: .maximum, period: 60))
    let result = try AlarmPreview(alarms: AlarmSet(metricAlarms: [alarm]), store: Self.store("100x3")).run(until: Self.time("10:12"))
    let last = try #require(result.history.last)
    #expect(last.newState == .alarm)
    // R = 7: at 10:08 the range [10:01, 10:08) holds two real (good) points; 2 + 3 filled breaching ≥ M = 3.
    #expect(last.timestamp == Self.time("10:08"))
    #expect(
      last.newReason == "Threshold Crossed: 2 datapoints were received for 5 periods and 3 missing datapoints were treated as [Breaching].")
  }

  @Test func insufficientDataReason() throws {
    var alarm = Self.p99Alarm()
    alarm.source = .metric(MetricStat(identity: Self.latency, statistic: .maximum, period: 60))
    let result = try AlarmPreview(alarms: AlarmSet(metricAlarms: [alarm]), store: Self.store("100x2")).run(until: Self.time("10:12"))
    #expect(result.history.map(\.newState) == [.ok, .insufficientData])
    #expect(result.history[1].timestamp == Self.time("10:09"))
    #expect(result.history[1].newReason == "Insufficient Data: 7 datapoints were unknown.")
  }

  @Test func slidingWindowBucketsAlignToTheEvaluationMinute() throws {
    // 5-minute Sum, 1 of 1: at 10:07 the bucket is [10:02, 10:07), not a :00/:05-aligned bin.
    var alarm = MetricAlarm(
      name: "errors", source: .metric(MetricStat(identity: Self.latency, statistic: .sum, period: 300)),
      comparison: .greaterThanOrEqualToThreshold,
      threshold: 5, evaluationPeriods: 1)
    alarm.treatMissingData = .notBreaching
    let result = try AlarmPreview(alarms: AlarmSet(metricAlarms: [alarm]), store: Self.store("0x4 1x5 0x5")).run(until: Self.time("10:20"))
    // Ones at 10:04..10:08: the first 5-minute window holding all five is [10:04, 10:09), evaluated at 10:09.
    #expect(result.timelines["errors"]!.changes.map(\.0) == [Self.t0, Self.time("10:01"), Self.time("10:09"), Self.time("10:10")])
  }

  @Test func unitMismatchLeavesTheAlarmWithoutData() throws {
    var alarm = Self.p99Alarm()
    alarm.source = .metric(MetricStat(identity: Self.latency, statistic: .maximum, period: 60, unit: "Seconds"))
    let result = try AlarmPreview(alarms: AlarmSet(metricAlarms: [alarm]), store: Self.store("100x5")).run()
    #expect(result.history.isEmpty)
  }
}
