import Foundation
import Testing
import VigilCore
import VigilModel
import VigilPolicy
import VigilTestSupport

@testable import VigilSession

/// VIGIL-ALM-004: an alarm that must page during a marked incident and never reaches ALARM there, evaluated by the
/// session's one alarm replay.
@Suite struct IncidentCheckTests {
  /// Latency above 1000 ms from 10:30 to 10:40; no errors at all.
  static let session = """
    stack payments --suffix dev --region us-east-1
    service payment-api --ecs --cluster payments
    series Payments/payment-api/LatencyMs '200x30 1500x10 200x20' --start 2026-03-02T10:00:00Z
    series Payments/payment-api/Errors '0x60' --start 2026-03-02T10:00:00Z
    alarm api-p99 --metric Payments/payment-api/LatencyMs --stat Maximum --period 1m --when '> 1000'
    alarm api-errors --metric Payments/payment-api/Errors --stat Sum --period 1m --when '> 5'
    composite payments-degraded --rule 'ALARM(api-p99) OR ALARM(api-errors)'

    """

  static func incidentFindings(_ text: String) throws -> [PolicyFinding] {
    let interpreter = Interpreter()
    let outcomes = interpreter.execute(session + text, file: "s.vigil")
    #expect(outcomes.allSatisfy { $0.status == .ok }, "\(outcomes.map(\.output))")
    return try interpreter.sessionFindings().filter { $0.rule.id == "VIGIL-ALM-004" }
  }

  @Test func eachListedAlarmThatNeverReachesAlarmInTheWindowIsAFinding() throws {
    let found = try Self.incidentFindings(
      "incident 2026-03-02T10:30:00Z 2026-03-02T10:40:00Z --alarms api-p99,api-errors --alarms payments-degraded\n")
    #expect(found.count == 1)
    let finding = try #require(found.first)
    #expect(finding.resource == "alarm api-errors")
    #expect(finding.location?.line == 8)
    #expect(finding.rule.severity == .warning)
    #expect(
      finding.message == "alarm api-errors never reaches ALARM during the incident 2026-03-02T10:30:00Z .. 2026-03-02T10:40:00Z (OK throughout)")
  }

  @Test func aListedCompositeAndTheStatesItWasIn() throws {
    let found = try Self.incidentFindings("incident 2026-03-02T10:00:00Z 2026-03-02T10:05:00Z --alarms payments-degraded\n")
    #expect(
      found.map(\.message) == [
        "composite payments-degraded never reaches ALARM during the incident 2026-03-02T10:00:00Z .. 2026-03-02T10:05:00Z "
          + "(INSUFFICIENT_DATA and OK)"
      ])
    #expect(found.map(\.resource) == ["composite payments-degraded"])
  }

  @Test func withoutAlarmsOneFindingOnlyWhenNothingReachesAlarm() throws {
    // api-errors stays OK through the latency incident: that is no finding, api-p99 pages.
    #expect(try Self.incidentFindings("incident 2026-03-02T10:30:00Z 2026-03-02T10:40:00Z\n").isEmpty)
    let found = try Self.incidentFindings("incident 2026-03-02T10:45:00Z 2026-03-02T10:55:00Z\n")
    #expect(found.map(\.resource) == ["incident 2026-03-02T10:45:00Z"])
    #expect(found.map { $0.location?.line } == [8])
    #expect(
      found.map(\.message) == [
        "no alarm or composite reaches ALARM during the incident 2026-03-02T10:45:00Z .. 2026-03-02T10:55:00Z (3 evaluated); "
          + "list the ones that must page with --alarms"
      ])
  }

  @Test func anIncidentPastTheDataIsEvaluatedWhole() throws {
    // The data ends at 11:00. Evaluated up to the incident's end, the alarm (missing data `missing`) finds no datapoint
    // in its range and goes to INSUFFICIENT_DATA, as CloudWatch does; the default window would have ended at 11:00, OK.
    let found = try Self.incidentFindings("incident 2026-03-02T11:30:00Z 2026-03-02T11:40:00Z --alarms api-errors\n")
    #expect(
      found.map(\.message) == [
        "alarm api-errors never reaches ALARM during the incident 2026-03-02T11:30:00Z .. 2026-03-02T11:40:00Z "
          + "(INSUFFICIENT_DATA throughout)"
      ])
  }

  @Test func anUnknownNameIsRefusedWithTheCaretOnIt() {
    let interpreter = Interpreter()
    _ = interpreter.execute(Self.session, file: "s.vigil")
    let outcome = interpreter.execute(
      "incident 2026-03-02T10:30:00Z 2026-03-02T10:40:00Z --alarms api-p99,api-eror", file: "s.vigil", firstLine: 8)
    #expect(outcome.map(\.status) == [.invalid])
    #expect(
      outcome.first?.output == """
        s.vigil:8:69: error: unknown alarm 'api-eror'; did you mean 'api-errors'?
          incident 2026-03-02T10:30:00Z 2026-03-02T10:40:00Z --alarms api-p99,api-eror
                                                                              ^
        """)
  }

  @Test func theShellWarnsRightAfterTheIncident() {
    let interpreter = Interpreter()
    interpreter.policyWarnings = true
    _ = interpreter.execute(Self.session, file: "s.vigil")
    let outcome = interpreter.execute(
      "incident 2026-03-02T10:30:00Z 2026-03-02T10:40:00Z --alarms api-p99,api-errors", file: "s.vigil", firstLine: 8)
    #expect(
      outcome.map(\.output) == [
        """
        incident 2026-03-02T10:30:00Z .. 2026-03-02T10:40:00Z; must reach ALARM: api-p99, api-errors
        warning: VIGIL-ALM-004: alarm api-errors never reaches ALARM during the incident 2026-03-02T10:30:00Z .. 2026-03-02T10:40:00Z (OK throughout)
        """
      ])
    // Outside the shell (session files, notebooks) the line says only what it marked.
    let quiet = Interpreter()
    _ = quiet.execute(Self.session, file: "s.vigil")
    #expect(
      quiet.execute("incident 2026-03-02T10:30:00Z 2026-03-02T10:40:00Z --alarms api-p99,api-errors").map(\.output) == [
        "incident 2026-03-02T10:30:00Z .. 2026-03-02T10:40:00Z; must reach ALARM: api-p99, api-errors"
      ])
  }

  @Test func theSampleIncidentListsTheAlarmsThatMustPageAndAllDo() throws {
    let replay = try SessionReplay(file: TestPaths.sample("incident.vigil").path)
    let marks = replay.interpreter.workspace.incidentMarks
    #expect(marks.map(\.alarms) == [["api-p99", "api-errors", "payments-degraded"]])
    #expect(try replay.interpreter.sessionFindings().filter { $0.rule.id == "VIGIL-ALM-004" }.isEmpty)
  }

  @Test func theShellSaysRightAfterTheLoadThatAFiltersMatchesCarryNoValue() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try """
    {"timestamp":"2026-03-02T10:00:01Z","latency":120}
    {"timestamp":"2026-03-02T10:00:02Z","latency":340}
    {"timestamp":"2026-03-02T10:01:04Z","level":"INFO"}

    """.write(to: directory.appendingPathComponent("refunds.jsonl"), atomically: true, encoding: .utf8)
    try """
    {"timestamp":"2026-03-02T10:02:01Z","latency":99}

    """.write(to: directory.appendingPathComponent("more.jsonl"), atomically: true, encoding: .utf8)
    let interpreter = Interpreter(baseDirectory: directory)
    interpreter.policyWarnings = true
    _ = interpreter.execute(
      """
      stack payments --suffix dev --region us-east-1
      service refund-worker --lambda --runtime nodejs20.x
      metric-filter refund-latency on refund-worker --pattern '{ $.latency = * }' --namespace Payments/refund-worker --metric LatencyMs --value '$.latency_ms'
      """, file: "s.vigil")
    let load = interpreter.execute("load refunds.jsonl into refund-worker")
    #expect(
      load.map(\.output) == [
        """
        loaded refunds.jsonl into refund-worker: 3 event(s), jsonLines, 2026-03-02T10:00:01Z .. 2026-03-02T10:01:04Z
        warning: VIGIL-MFL-002: metric filter refund-latency: its pattern matched 2 loaded event(s) and none had a numeric $.latency_ms; it publishes nothing
        """
      ])
    // Said once: a later load that changes nothing about it does not repeat it.
    let again = interpreter.execute("load more.jsonl into refund-worker")
    #expect(again.map(\.output) == ["loaded more.jsonl into refund-worker: 1 event(s), jsonLines, 2026-03-02T10:02:01Z .. 2026-03-02T10:02:01Z"])
  }
}
