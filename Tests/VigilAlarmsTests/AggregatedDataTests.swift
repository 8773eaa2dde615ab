import Foundation
import Testing
import VigilAlarms
import VigilCore
import VigilMetrics
import VigilTestSupport

/// Alarms over datapoints CloudWatch already aggregated (GetMetricData output): the same states and reasons as over
/// the samples behind them, and a clear refusal where the datapoints cannot answer what the alarm asks.
@Suite struct AggregatedDataTests {
  static let t0 = TimeFormat.parse("2026-03-02T10:00:00Z")!
  static let latency = MetricIdentity(namespace: "Payments", name: "Latency", dimensions: ["Service": "payment-api"])
  static let samples = "100x10 1500x5 100x10"

  static func alarm(period: Int, evaluationPeriods: Int = 5, lowSamples: Bool = true) -> MetricAlarm {
    MetricAlarm(
      name: "p99-latency", source: .metric(MetricStat(identity: latency, statistic: .percentile(99), period: period)),
      comparison: .greaterThanThreshold, threshold: 800, evaluationPeriods: evaluationPeriods, datapointsToAlarm: 3,
      treatMissingData: .missing, evaluateLowSampleCountPercentile: lowSamples)
  }

  static func sampleStore() throws -> MetricStore {
    var store = MetricStore()
    store.add(try SeriesNotation.parse(samples).series(latency, unit: "Milliseconds", start: t0, every: 60_000))
    store.finishLoading()
    return store
  }

  /// What GetMetricData returns for p99 over `period` seconds with StartTime at each minute offset: one window per
  /// minute, computed here from the samples, written in the GetMetricData output shape with `MetricStat.label` labels.
  static func getMetricDataText(period: Int, offsets: Int) throws -> String {
    let series = try #require(try sampleStore().lookup(latency, unit: nil).get())
    let label = MetricStat(identity: latency, statistic: .percentile(99), period: period, unit: "Milliseconds").label
    var results: [JSONValue] = []
    for offset in 0..<offsets {
      var stamps: [JSONValue] = [], values: [JSONValue] = []
      var start = t0 - EpochMillis(period) * 1000 + EpochMillis(offset) * 60_000
      while start < t0 + 25 * 60_000 {
        if let v = series.aggregate(.percentile(99), from: start, to: start + EpochMillis(period) * 1000)?.value {
          stamps.append(.string(TimeFormat.iso8601(start, fraction: false)))
          values.append(.double(v))
        }
        start += EpochMillis(period) * 1000
      }
      results.append(["Id": .string("m\(offset)"), "Label": .string(label), "Timestamps": .array(stamps), "Values": .array(values), "StatusCode": "Complete"])
    }
    return (["MetricDataResults": .array(results), "Messages": []] as JSONValue).serialized()
  }

  static func aggregatedStore(period: Int, offsets: Int) throws -> MetricStore {
    var store = MetricStore()
    try MetricDataReader.read(try getMetricDataText(period: period, offsets: offsets), file: "gmd.json", into: &store)
    return store
  }

  static func transitions(_ result: AlarmPreviewResult) -> [String] {
    result.history.map { "\($0.timestamp) \($0.newState) \($0.newReason)" }
  }

  @Test(arguments: [60, 300])
  func datapointsAtEveryOffsetGiveTheSamplesAnswer(period: Int) throws {
    let alarms = AlarmSet(metricAlarms: [Self.alarm(period: period)])
    let until = Self.t0 + 30 * 60_000
    let fromSamples = try AlarmPreview(alarms: alarms, store: Self.sampleStore()).run(from: Self.t0, until: until)
    let fromDatapoints = try AlarmPreview(alarms: alarms, store: Self.aggregatedStore(period: period, offsets: period / 60))
      .run(from: Self.t0, until: until)
    #expect(Self.transitions(fromDatapoints) == Self.transitions(fromSamples))
    #expect(fromDatapoints.history.map(\.newState) == (period == 60 ? [.ok, .alarm, .ok] : [.ok]))
    #expect(fromDatapoints.timelines["p99-latency"]?.changes.map(\.1) == fromSamples.timelines["p99-latency"]?.changes.map(\.1))
  }

  @Test func datapointsAtOneOffsetOfALongerPeriodAreRefused() throws {
    let alarms = AlarmSet(metricAlarms: [Self.alarm(period: 300)])
    #expect(
      throws: AlarmPreviewError(
        "alarm p99-latency: Payments Latency{Service=payment-api} p99 per 300 s (Milliseconds) has windows starting at only 1 of the 5 one-step offsets of its period, but the alarm slides every 60 s; fetch the datapoints at each offset (GetMetricData with StartTime moved one step at a time) or samples instead")
    ) {
      try AlarmPreview(alarms: alarms, store: Self.aggregatedStore(period: 300, offsets: 1)).run(from: Self.t0, until: Self.t0 + 30 * 60_000)
    }
  }

  /// Three of five offsets, with datapoints before the preview's look-back as well: still refused (offsets are
  /// counted within the period, not as signed remainders).
  @Test func datapointsAtSomeOffsetsAreRefusedWhereverTheyLie() throws {
    let alarms = AlarmSet(metricAlarms: [Self.alarm(period: 300)])
    #expect(
      throws: AlarmPreviewError(
        "alarm p99-latency: Payments Latency{Service=payment-api} p99 per 300 s (Milliseconds) has windows starting at only 3 of the 5 one-step offsets of its period, but the alarm slides every 60 s; fetch the datapoints at each offset (GetMetricData with StartTime moved one step at a time) or samples instead")
    ) {
      // The look-back starts at 10:10, so the datapoints from 09:55 lie before it.
      try AlarmPreview(alarms: alarms, store: Self.aggregatedStore(period: 300, offsets: 3)).run(
        from: Self.t0 + 40 * 60_000, until: Self.t0 + 50 * 60_000)
    }
  }

  @Test func anotherStatisticOrPeriodIsRefused() throws {
    var alarm = Self.alarm(period: 60)
    alarm.source = .metric(MetricStat(identity: Self.latency, statistic: .average, period: 60))
    #expect(
      throws: AlarmPreviewError(
        "alarm p99-latency: the data holds metric Payments Latency{Service=payment-api} only as Payments Latency{Service=payment-api} p99 per 60 s (Milliseconds), which cannot be re-aggregated to Average per 60 s; fetch the alarm's own statistic and period")
    ) {
      try AlarmPreview(alarms: AlarmSet(metricAlarms: [alarm]), store: Self.aggregatedStore(period: 60, offsets: 1)).run()
    }
    #expect(
      throws: AlarmPreviewError(
        "alarm p99-latency: EvaluateLowSampleCountPercentile ignore needs each period's sample count, which Payments Latency{Service=payment-api} p99 per 60 s (Milliseconds) does not carry")
    ) {
      try AlarmPreview(alarms: AlarmSet(metricAlarms: [Self.alarm(period: 60, lowSamples: false)]), store: Self.aggregatedStore(period: 60, offsets: 1))
        .run()
    }
  }

  /// `aws cloudwatch describe-alarms` prints `"Metrics": []` on single-metric alarms (recorded from the CLI and moto).
  @Test func describeAlarmsWithEmptyMetricsIsASingleMetricAlarm() throws {
    let path = TestPaths.fixture("aws-cli/describe-alarms-metrics-empty.json").path
    let set = try DescribeAlarmsReader.read(try String(contentsOfFile: path, encoding: .utf8), file: path)
    #expect(set.metricAlarms.map(\.name) == ["checkout-latency"])
    #expect(set.metricAlarms[0].threshold == 150)
    guard case .metric(let stat) = set.metricAlarms[0].source else {
      Issue.record("expected a single-metric alarm")
      return
    }
    #expect(stat == MetricStat(identity: MetricIdentity(namespace: "Shop", name: "Latency", dimensions: ["Service": "checkout"]), statistic: .maximum, period: 60))
    // A non-empty Metrics list beside MetricName is still two definitions of one alarm.
    let both = """
      {"MetricAlarms": [{"AlarmName": "a", "MetricName": "Latency", "Namespace": "Shop", "Statistic": "Sum", "Period": 60,
        "EvaluationPeriods": 1, "Threshold": 1, "ComparisonOperator": "GreaterThanThreshold",
        "Metrics": [{"Id": "m1", "MetricStat": {"Metric": {"Namespace": "Shop", "MetricName": "Latency"}, "Period": 60, "Stat": "Sum"}}]}]}
      """
    do {
      _ = try DescribeAlarmsReader.read(both, file: "a.json")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.split(separator: "\n").first == #"a.json:1:52: error: "MetricName" cannot be combined with "Metrics""#)
    }
  }
}
