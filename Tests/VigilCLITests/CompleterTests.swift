import Testing
import VigilMetrics
import VigilModel
import VigilTestSupport

@testable import VigilCLI
@testable import VigilSession

@Suite struct CompleterTests {
  static func completer() -> Completer {
    let interpreter = Interpreter()
    _ = interpreter.execute(
      """
      stack payments --suffix dev
      key logs
      service payment-api --ecs --cluster payments
      service payment-authorizer --lambda
      topic oncall --email a@example.com
      """)
    return Completer(specs: interpreter.parser.specs, stack: interpreter.stack, currentDirectory: "/nonexistent")
  }

  @Test(arguments: [
    ("servi", ["service"]),
    ("ser", ["series", "service"]),
    ("logs pay", ["payment-api", "payment-authorizer"]),
    ("logs payment-api --re", ["--retention"]),
    ("logs payment-api --key ", ["logs"]),
    ("alarm x --missing not", ["notBreaching"]),
    ("composite c --notify ", ["oncall"]),
    ("metric-filter errors ", ["on"]),
    ("metric-filter errors on pay", ["payment-api", "payment-authorizer"]),
    ("expect ", ["alarm", "notifications"]),
    ("show pay", ["payment-api", "payment-authorizer", "payments"]),
    ("show dashboard ov", ["overview"]),
    ("help ali", []),
  ])
  func completes(line: String, expected: [String]) {
    #expect(Self.completer().candidates(forLine: line) == expected)
  }

  /// Metric names from the stack's metric filters and the loaded data; runtimes, statistics and units by value name.
  @Test func completesMetricNamesAndKnownValues() throws {
    let interpreter = Interpreter(baseDirectory: TestPaths.packageRoot.appendingPathComponent("samples"))
    _ = interpreter.execute(
      """
      stack payments --suffix dev
      service payment-api --ecs --cluster payments
      metric-filter slow on payment-api --pattern '{ $.latency_ms > 800 }' --metric SlowRequests --namespace Payments
      load-metrics metrics/payment-ecs.json
      """)
    var completer = Completer(specs: interpreter.parser.specs, stack: interpreter.stack, currentDirectory: "/nonexistent")
    completer.metricNames = interpreter.metricCompletionNames
    #expect(
      completer.candidates(forLine: "alarm x --metric ") == ["AWS/ECS/CPUUtilization", "AWS/ECS/MemoryUtilization", "Payments/SlowRequests"])
    #expect(completer.candidates(forLine: "alarm x --metric Pay") == ["Payments/SlowRequests"])
    #expect(completer.candidates(forLine: "service f --lambda --runtime node") == ["nodejs20.x", "nodejs22.x", "nodejs24.x"])
    #expect(completer.candidates(forLine: "alarm x --stat p9") == ["p90", "p95", "p99", "p99.9"])
    #expect(completer.candidates(forLine: "alarm x --missing ") == ["missing", "notBreaching", "breaching", "ignore"])
    // Every statistic offered is one CloudWatch (and Vigil) accepts.
    for statistic in OptionValueWords.statistics { #expect(Statistic.parse(statistic) != nil, "\(statistic)") }
  }
}

@Suite struct AlarmCommandTests {
  static let session = """
    stack payments --suffix dev
    service payment-api --ecs --cluster payments
    alarm api-p99 --metric Payments/payment-api/LatencyMs --stat p99 --period 1m --when '> 800' --datapoints 3/5 --missing notBreaching
    topic oncall --email oncall@example.com
    composite degraded --rule 'ALARM(api-p99)' --notify oncall
    series Payments/payment-api/LatencyMs '200x20 1500x10 200x20' --start 2026-03-02T10:00:00Z --every 1m
    """

  @Test func expectationsPassAndFailWithWhatHappened() {
    let interpreter = Interpreter()
    #expect(interpreter.execute(Self.session).allSatisfy { $0.status == .ok })
    let outcomes = interpreter.execute(
      """
      expect alarm api-p99 state ALARM at 2026-03-02T10:25:00Z
      expect alarm api-p99 state OK at 2026-03-02T10:21:00Z
      expect alarm degraded transitions 2
      expect notifications oncall <= 1
      """, file: "ci.vigil")
    #expect(outcomes.map(\.status) == [.ok, .ok, .expectationFailed, .expectationFailed])
    #expect(outcomes[0].output == "ok: alarm api-p99 state ALARM at 2026-03-02T10:25:00Z — got ALARM")
    #expect(outcomes[2].output == "ci.vigil:3:1: expectation failed: expected alarm degraded transitions 2, got 3")
    #expect(outcomes[3].output == "ci.vigil:4:1: expectation failed: expected notifications oncall-topic-dev <= 1, got 3")
  }

  @Test func alarmEntersAlarmOnTheThirdBreachingMinute() {
    let interpreter = Interpreter()
    _ = interpreter.execute(Self.session)
    let outcome = interpreter.execute("preview alarm api-p99")[0]
    #expect(outcome.status == .ok)
    #expect(outcome.output.contains("2026-03-02T10:23:00Z  api-p99  OK -> ALARM  Threshold Crossed: 3 out of the last 5 datapoints"))
    #expect(outcome.output.contains("2026-03-02T10:33:00Z  api-p99  ALARM -> OK"))
  }

  @Test func seriesNotationErrorsPointIntoTheQuotedValues() {
    let interpreter = Interpreter()
    _ = interpreter.execute("stack payments --suffix dev")
    let outcome = interpreter.execute("series Payments/X '200x20 abc' --start 2026-03-02T10:00:00Z", file: "s.vigil")[0]
    #expect(outcome.status == .invalid)
    #expect(
      outcome.output == """
        s.vigil:1:27: error: expected a number or _
          series Payments/X '200x20 abc' --start 2026-03-02T10:00:00Z
                                    ^
        """)
  }

  @Test func previewWithoutDataSaysWhatToLoad() {
    let interpreter = Interpreter()
    _ = interpreter.execute("stack payments --suffix dev\nalarm a --metric P/L --when '> 1'")
    let outcome = interpreter.execute("preview alarm a", file: "s.vigil")[0]
    #expect(outcome.status == .invalid)
    #expect(outcome.output.hasPrefix("s.vigil:1:1: error: no data loaded; load datapoints first"))
  }
}

@Suite struct PolicyWarningTests {
  @Test func theShellWarnsAsSoonAsACommandBreaksARule() {
    let interpreter = Interpreter()
    interpreter.policyWarnings = true
    let outcomes = interpreter.execute(
      """
      stack payments --suffix dev
      key logs
      service api --lambda
      logs api --retention 14
      tracing --sampling 0.5
      """)
    #expect(outcomes.map(\.status) == [.ok, .ok, .ok, .ok, .ok])
    // Nothing is reported for what is simply not defined yet.
    #expect(outcomes[0].output == "defined stack payments (suffix dev, region us-east-1)")
    #expect(
      outcomes[3].output == """
        updated log group /aws/lambda/api-dev (retention 14 days, KMS key logs, archived to S3 then Glacier after 30 days)
        warning: VIGIL-LOG-002: log group /aws/lambda/api-dev keeps logs 14 days; the platform requires exactly 30
          fix: logs api --retention 30 --key logs --archive glacier
        """)
    #expect(outcomes[4].output.hasPrefix("defined X-Ray sampling at fixed rate 0.5 with one group per service\nwarning: VIGIL-TRC-002:"))
  }
}
