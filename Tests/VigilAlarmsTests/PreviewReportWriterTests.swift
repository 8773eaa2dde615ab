import Testing
import VigilAlarms
import VigilCore
import VigilMetrics

/// The byte writer behind `preview-alarm --format json` must print exactly what the `JSONValue` tree prints:
/// history with reason data, composites with suppression and released notifications, names that need escaping.
@Suite struct PreviewReportWriterTests {
  static func expectSameText(_ result: AlarmPreviewResult, _ alarms: AlarmSet) {
    let tree = PreviewReport.json(result, alarms: alarms).serialized() + "\n"
    let written = PreviewReport.jsonText(result, alarms: alarms)
    #expect(written == tree)
  }

  @Test func metricAlarmsWithReasonData() throws {
    let store = EvaluatorFastPathTests.store()
    let alarms = AlarmSet(metricAlarms: EvaluatorFastPathTests.alarms)
    let until = EvaluatorFastPathTests.t0 + 3 * 3_600_000 + 600_000
    let result = try AlarmPreview(alarms: alarms, store: store).run(from: EvaluatorFastPathTests.t0, until: until)
    #expect(result.history.count == 175)
    Self.expectSameText(result, alarms)
  }

  @Test func compositesSuppressionAndEscapedNames() throws {
    let t0 = TimeFormat.parse("2026-03-02T10:00:00Z")!
    var store = MetricStore()
    let e = MetricIdentity(namespace: "P", name: "Errors"), d = MetricIdentity(namespace: "P", name: "Deploying")
    store.add(try SeriesNotation.parse("0x3 99x12 0x5").series(e, start: t0, every: 60_000))
    store.add(try SeriesNotation.parse("0x4 99x3 0x8").series(d, start: t0, every: 60_000))
    store.finishLoading()
    func alarm(_ name: String, _ id: MetricIdentity) -> MetricAlarm {
      var a = MetricAlarm(
        name: name, source: .metric(MetricStat(identity: id, statistic: .maximum, period: 60)), comparison: .greaterThanThreshold,
        threshold: 50, evaluationPeriods: 1)
      a.alarmActions = ["arn:aws:sns:eu-west-1:1:oncall"]
      return a
    }
    let composite = try CompositeAlarm(
      name: "payments \"degraded\"\tnow", rule: "ALARM(errors)", alarmActions: ["arn:aws:sns:eu-west-1:1:oncall"],
      okActions: ["arn:aws:sns:eu-west-1:1:oncall"], actionsSuppressor: "deploying", suppressorWaitPeriod: 120,
      suppressorExtensionPeriod: 180)
    let alarms = AlarmSet(metricAlarms: [alarm("errors", e), alarm("deploying", d)], compositeAlarms: [composite])
    let result = try AlarmPreview(alarms: alarms, store: store).run()
    #expect(result.history.count == 10)
    #expect(result.notifications.count == 5)
    Self.expectSameText(result, alarms)
  }

  @Test func noTransitions() throws {
    let result = try AlarmPreview(alarms: AlarmSet(), store: MetricStore()).run(from: 0, until: 600_000)
    Self.expectSameText(result, AlarmSet())
  }
}
