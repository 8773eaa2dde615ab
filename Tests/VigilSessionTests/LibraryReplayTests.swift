import Foundation
import Testing
import VigilAlarms
import VigilCore
import VigilMetrics
import VigilSession
import VigilTestSupport

/// A library user replays the sample incident with VigilSession alone (no ArgumentParser, no libedit)
/// and reads every result: the stack, alarm states and transitions, metric filter series, notifications.
@Suite struct LibraryReplayTests {
  static func replay() throws -> SessionReplay {
    try SessionReplay(file: TestPaths.sample("incident.vigil").path)
  }

  static func time(_ text: String) throws -> EpochMillis { try #require(TimeFormat.parse(text)) }

  @Test func replaysEveryCommandAndEveryExpectationHolds() throws {
    let replay = try Self.replay()
    #expect(replay.outcomes.count == 15)
    #expect(replay.outcomes.map(\.status).allSatisfy { $0 == .ok })
    #expect(replay.expectationFailures.isEmpty)
    #expect(replay.interpreter.entries.count == 15)
  }

  @Test func readsTheStack() throws {
    let stack = try Self.replay().interpreter.stack
    #expect(stack.environment?.stackName == "payments")
    #expect(stack.environment?.suffix == "dev")
    #expect(stack.services.map(\.name) == ["payment-authorizer", "ledger-writer", "notifier", "payment-api", "fraud-scorer"])
    #expect(stack.topics.map(\.name) == ["oncall", "payments-team"])
    #expect(stack.alarms.count == 15)
    #expect(stack.composites.count == 7)
  }

  @Test func readsAlarmStatesAndTransitions() throws {
    let result = try Self.replay().interpreter.evaluateAlarms()
    let p99 = try #require(result.timelines["api-p99"])
    #expect(
      p99.changes.map { "\(TimeFormat.iso8601($0.0, fraction: false)) \($0.1.rawValue)" } == [
        "2026-03-02T09:00:00Z INSUFFICIENT_DATA", "2026-03-02T09:01:00Z OK", "2026-03-02T10:18:00Z ALARM", "2026-03-02T10:33:00Z OK",
      ])
    #expect(p99.state(at: try Self.time("2026-03-02T10:20:00Z")) == .alarm)
    #expect(p99.state(at: try Self.time("2026-03-02T10:10:00Z")) == .ok)
    let composite = try #require(result.timelines["payments-degraded"])
    #expect(
      composite.changes.map { "\(TimeFormat.iso8601($0.0, fraction: false)) \($0.1.rawValue)" } == [
        "2026-03-02T09:00:00Z INSUFFICIENT_DATA", "2026-03-02T09:01:00Z OK", "2026-03-02T10:22:00Z ALARM", "2026-03-02T10:30:00Z OK",
      ])
  }

  @Test func readsNotificationsAndTheirDeliveries() throws {
    let interpreter = try Self.replay().interpreter
    let result = try interpreter.evaluateAlarms()
    let sent = result.notifications.filter { $0.alarmName == "payments-degraded" }
    #expect(
      sent.map { "\(TimeFormat.iso8601($0.timestamp, fraction: false)) \($0.newState.rawValue) \($0.topic) \($0.releasedAfter ?? "-")" } == [
        "2026-03-02T09:03:00Z OK oncall-topic-dev WaitPeriod",
        "2026-03-02T10:24:00Z ALARM oncall-topic-dev WaitPeriod",
        "2026-03-02T10:32:00Z OK oncall-topic-dev WaitPeriod",
      ])
    let deliveries = interpreter.deliveries(of: Array(sent.prefix(1)))
    #expect(
      deliveries.map { "\($0.topic) \($0.endpoint) \($0.kind.rawValue)" } == [
        "oncall-topic-dev email payments-oncall@example.com delivered",
        "oncall-topic-dev webhook var:oncall_webhook_url delivered",
        "oncall-topic-dev relay queue oncall-notifications-dev delivered",
      ])
  }

  @Test func readsTheSeriesMetricFiltersPublish() throws {
    let interpreter = try Self.replay().interpreter
    let filter = try #require(interpreter.stack.metricFilters.first { $0.name == "api-errors" })
    let published = try interpreter.metricFilterSeries([filter])
    #expect(published.count == 1)
    let series = try #require(published.first?.series.first)
    #expect(series.identity.description == "Payments/payment-api ErrorCount")
    let sum = try #require(Statistic.parse("Sum"))
    let values = series.periodValues(sum, period: 60_000, from: try Self.time("2026-03-02T10:19:00Z"), to: try Self.time("2026-03-02T10:22:00Z"))
    #expect(values.map { $0.1 } == [0, 35, 35])
  }

  @Test func anUnreadableOrInvalidSessionIsAnError() throws {
    #expect(throws: SessionReplayError.unreadable(path: "/nonexistent/x.vigil", reason: "no such file")) {
      try SessionReplay(file: "/nonexistent/x.vigil")
    }
    let directory = TestPaths.temporaryDirectory()
    let url = directory.appendingPathComponent("bad.vigil")
    try "stack shop --suffix dev\nalarm\n".write(to: url, atomically: true, encoding: .utf8)
    #expect(throws: SessionReplayError.self) { try SessionReplay(file: url.path) }
  }
}
