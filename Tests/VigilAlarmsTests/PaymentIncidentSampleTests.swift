import Foundation
import Testing
import VigilAlarms
import VigilCore
import VigilMetrics
import VigilTestSupport

/// The committed payment-incident sample (samples/metrics/generate.py): latency spike 10:15–10:30,
/// errors 10:20–10:27, payment-api CPU hot 10:16–10:30.
@Suite struct PaymentIncidentSampleTests {
  static func run() throws -> (AlarmPreviewResult, AlarmSet) {
    let alarmsText = try String(contentsOf: TestPaths.sample("alarms/describe-alarms.json"), encoding: .utf8)
    let set = try DescribeAlarmsReader.read(alarmsText, file: "describe-alarms.json")
    var store = MetricStore()
    for name in ["payment-app", "payment-ecs", "payment-lambda"] {
      try PutMetricDataReader.read(
        try String(contentsOf: TestPaths.sample("metrics/\(name).json"), encoding: .utf8), file: name, into: &store)
    }
    store.finishLoading()
    return (try AlarmPreview(alarms: set, store: store).run(), set)
  }

  static func at(_ hhmm: String) -> EpochMillis { TimeFormat.parse("2026-03-02T\(hhmm):00Z")! }

  @Test func alarmsFireWhenTheIncidentSays() throws {
    let (result, _) = try Self.run()
    #expect(result.from == Self.at("09:00") && result.until == Self.at("11:00"))
    let expected: [String: [(String, AlarmState)]] = [
      // p99 > 800, 3 of 5: three breaching minutes 10:15–10:17 → ALARM at 10:18; ≤ 2 of the last 5 from 10:33.
      "payment-api-p99-latency": [("09:01", .ok), ("10:18", .alarm), ("10:33", .ok)],
      // Sum > 5, 2 of 2: errors in minutes 10:20–10:26.
      "payment-api-errors": [("09:01", .ok), ("10:22", .alarm), ("10:28", .ok)],
      "payment-authorizer-errors": [("09:01", .ok), ("10:22", .alarm), ("10:28", .ok)],
      "payment-api-cpu-high": [("09:01", .ok), ("10:19", .alarm), ("10:31", .ok)],
      "payment-api-memory-high": [("09:01", .ok)],
      "fraud-scorer-cpu-high": [("09:01", .ok)],
      "payment-authorizer-duration": [("09:01", .ok), ("10:17", .alarm), ("10:32", .ok)],
      "payments-degraded": [("09:01", .ok), ("10:18", .alarm), ("10:33", .ok)],
    ]
    for (name, changes) in expected {
      let timeline = try #require(result.timelines[name])
      #expect(timeline.changes.dropFirst().map { $0.0 } == changes.map { Self.at($0.0) }, "\(name)")
      #expect(timeline.changes.dropFirst().map { $0.1 } == changes.map(\.1), "\(name)")
    }
  }

  @Test func notificationsPerTopic() throws {
    let (result, _) = try Self.run()
    #expect(result.notificationCount(topic: "payments-oncall") == 5)
    // The composite's OK actions fire on INSUFFICIENT_DATA → OK too, as CloudWatch's do.
    #expect(
      result.notifications.filter { $0.topic == "payments-pager" }.map(\.timestamp) == [
        Self.at("09:01"), Self.at("10:18"), Self.at("10:33"),
      ])
    #expect(
      AlarmExpectation.notificationsAtMost(topic: "payments-pager", 2).check(result)
        == .init(passed: false, message: "expected notifications payments-pager <= 2, got 3"))
    #expect(AlarmExpectation.state(alarm: "payments-degraded", .alarm, at: Self.at("10:20")).check(result).passed)
    #expect(
      AlarmExpectation.transitions(alarm: "payment-api-p99-latency", 3).check(result)
        == .init(passed: true, message: "expected alarm payment-api-p99-latency transitions 3, got 3"))
  }

  @Test func tuningTheLatencyAlarm() throws {
    let (_, set) = try Self.run()
    var store = MetricStore()
    try PutMetricDataReader.read(try String(contentsOf: TestPaths.sample("metrics/payment-app.json"), encoding: .utf8), into: &store)
    store.finishLoading()
    let alarm = set.metricAlarms[0]
    let rows = try AlarmTuner.tune(
      alarm, store: store, thresholds: AlarmTuner.thresholds("500..1000/100")!, datapoints: AlarmTuner.datapoints("2/3,3/5")!,
      incidents: [Self.at("10:15")..<Self.at("10:30")])
    #expect(rows.count == 12)
    // Every threshold from 500 to 1000 separates 120–300 ms from 1500–2500 ms: 2/3 fires after 2 minutes, 3/5 after 3.
    #expect(rows.map(\.minutesToFirstAlarm) == Array(repeating: [2], count: 6) + Array(repeating: [3], count: 6))
    #expect(rows.map(\.notifications) == Array(repeating: 1, count: 12))
    #expect(rows.map(\.alarmMinutesOutsideIncidents) == Array(repeating: 2, count: 6) + Array(repeating: 3, count: 6))
  }

  @Test func webhookFailuresLandInTheDeadLetterQueue() throws {
    let (result, _) = try Self.run()
    let delivery = NotificationDelivery(subscriptions: [
      .sqsWorker(
        topic: "payments-pager", queue: "pager-webhook", endpoint: "https://hooks.example/pager", failing: true,
        deadLetterQueue: "pager-webhook-dlq"),
      .https(topic: "payments-oncall", endpoint: "https://hooks.example/oncall", failing: true, deadLetterQueue: "oncall-dlq"),
    ])
    let events = delivery.simulate(result.notifications)
    let pagerDLQ = events.filter { $0.topic == "payments-pager" && $0.kind == .movedToDeadLetterQueue }
    #expect(pagerDLQ.map(\.time) == [Self.at("09:02") + 30_000, Self.at("10:19") + 30_000, Self.at("10:34") + 30_000])
    #expect(events.filter { $0.topic == "payments-pager" && $0.kind == .attemptFailed }.count == 9)
    let first = events.filter { $0.topic == "payments-oncall" && $0.alarmName == "payment-api-p99-latency" }
    #expect(first.map(\.kind) == [.attemptFailed, .attemptFailed, .attemptFailed, .attemptFailed, .movedToDeadLetterQueue])
    #expect(first.map { ($0.time - Self.at("10:18")) / 1000 } == [0, 20, 40, 60, 60])
  }
}
