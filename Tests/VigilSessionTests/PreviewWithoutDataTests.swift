import Testing
import VigilAlarms
import VigilCore

@testable import VigilSession

/// The session's `preview` with `--until` (and `--from`) evaluates alarms even when nothing is loaded, by their
/// missing-data treatment, as CloudWatch does (issue 13, item 4).
@Suite struct PreviewWithoutDataTests {
  static func session() -> Interpreter {
    let interpreter = Interpreter()
    let outcomes = interpreter.execute(
      """
      stack shop --suffix dev
      service api --lambda
      alarm dark --metric Shop/api/LatencyMs --stat p99 --period 1m --when '> 5' --datapoints 2/2 --missing breaching
      alarm quiet --metric Shop/api/LatencyMs --stat p99 --period 1m --when '> 5' --datapoints 2/2 --missing notBreaching
      """)
    #expect(outcomes.map(\.status) == [.ok, .ok, .ok, .ok])
    return interpreter
  }

  @Test func untilAloneEvaluatesOneSpanWithoutData() throws {
    let interpreter = Self.session()
    let until = try #require(TimeFormat.parse("2026-03-02T10:00:00Z"))
    let result = try interpreter.evaluateAlarms(until: until)
    #expect(result.from == until - 2 * 60_000)
    #expect(result.timelines["dark"]?.changes.map { "\(TimeFormat.iso8601($0.0, fraction: false)) \($0.1.rawValue)" } == [
      "2026-03-02T09:58:00Z INSUFFICIENT_DATA", "2026-03-02T09:59:00Z ALARM",
    ])
    #expect(result.timelines["quiet"]?.changes.map { "\(TimeFormat.iso8601($0.0, fraction: false)) \($0.1.rawValue)" } == [
      "2026-03-02T09:58:00Z INSUFFICIENT_DATA", "2026-03-02T09:59:00Z OK",
    ])
    let outcome = interpreter.execute("preview alarm quiet --from 2026-03-02T09:50:00Z --until 2026-03-02T10:00:00Z")
    #expect(outcome.map(\.status) == [.ok])
    #expect(outcome.first?.output.contains("quiet  ?.........  OK") == true)
  }

  @Test func withoutUntilNoDataIsStillAnError() {
    let outcome = Self.session().execute("preview alarm dark")
    #expect(outcome.map(\.status) == [.invalid])
    #expect(outcome.first?.output.contains("error: no data loaded; load datapoints first") == true)
  }
}
