import Foundation
import Testing
import VigilCore
import VigilModel
import VigilPolicy
import VigilTestSupport

@testable import VigilSession

/// Issue 13: every metric an alarm or widget reads is followed to its publisher; what cannot have data is said at
/// once (shell), in `vigil check`, in `preview` and in `metrics`.
@Suite struct MetricWiringTests {
  static let stack = """
    stack payments --suffix dev --region us-east-1
    service refund-worker --lambda --runtime nodejs20.x
    service payment-api --ecs --cluster payments
    metric-filter refund-latency on refund-worker --pattern '{ $.latency_ms = * }' \\
      --namespace Payments/refund-worker --metric LatencyMs --value '$.latency_ms' --unit Milliseconds

    """

  static func findings(_ text: String) -> [PolicyFinding] {
    let interpreter = Interpreter()
    let outcomes = interpreter.execute(stack + text, file: "s.vigil")
    #expect(outcomes.allSatisfy { $0.status == .ok }, "\(outcomes.map(\.output))")
    return ((try? interpreter.sessionFindings()) ?? []).filter { Interpreter.wiringRules.contains($0.rule.id) }
  }

  @Test func aTypoInTheMetricNameIsAnErrorWithTheNameThatIsPublished() throws {
    let found = Self.findings(
      "alarm refund-p99 --metric Payments/refund-worker/Latency --stat p99 --period 1m --when '> 800' --missing notBreaching\n")
    #expect(found.count == 1)
    let finding = try #require(found.first)
    #expect(finding.rule.id == "VIGIL-MET-001")
    #expect(finding.resource == "alarm refund-p99")
    #expect(finding.location?.line == 6)
    #expect(
      finding.message
        == "alarm refund-p99 reads Payments/refund-worker/Latency, which nothing publishes (no metric filter, AWS service of "
        + "the stack, declared metric or loaded data); did you mean Payments/refund-worker/LatencyMs (published by metric "
        + "filter refund-latency)?")
  }

  @Test func aWidgetOnAnUnpublishedMetricPointsAtItsOwnLine() throws {
    let found = Self.findings(
      "dashboard refund-worker add --text 'Refunds'\ndashboard refund-worker add --metric Payments/refund-worker/Latency --stat p99 --title p99\n")
    let finding = try #require(found.first)
    #expect(found.count == 1)
    #expect(finding.rule.id == "VIGIL-MET-001")
    #expect(finding.resource == "widget refund-worker 2")
    #expect(finding.location?.line == 7)
    #expect(finding.message.hasPrefix("widget 'p99' on dashboard refund-worker reads Payments/refund-worker/Latency, which nothing publishes"))
  }

  @Test func oneDimensionLessThanThePublisherIsADifferentMetric() throws {
    let found = Self.findings(
      "alarm api-cpu --metric AWS/ECS/CPUUtilization --dimension ClusterName=payments --stat Average --period 5m --when '> 80'\n")
    let finding = try #require(found.first)
    #expect(found.count == 1)
    #expect(finding.rule.id == "VIGIL-MET-002")
    #expect(finding.resource == "alarm api-cpu")
    #expect(finding.location?.line == 6)
    #expect(
      finding.message
        == "alarm api-cpu reads AWS/ECS/CPUUtilization with {ClusterName}, but it is published only with {ClusterName, "
        + "ServiceName} (AWS/ECS for service payment-api); CloudWatch identifies a metric by its whole dimension set, so this "
        + "one has no data")
    // With both dimensions, as AWS/ECS publishes it for a Fargate service: no finding.
    #expect(
      Self.findings(
        "alarm api-cpu --metric AWS/ECS/CPUUtilization --dimension ClusterName=payments --dimension ServiceName=payment-api "
          + "--stat Average --period 5m --when '> 80'\n"
      ).isEmpty)
  }

  @Test func aDimensionValueThatNamesNoResourceIsAnError() throws {
    let found = Self.findings(
      "alarm refund-duration --metric AWS/Lambda/Duration --dimension FunctionName=refund-wroker --stat p99 --period 1m --when '> 3000'\n")
    let finding = try #require(found.first)
    #expect(found.count == 1)
    #expect(finding.rule.id == "VIGIL-MET-003")
    #expect(finding.location?.line == 6)
    #expect(
      finding.message
        == "alarm refund-duration reads AWS/Lambda/Duration with FunctionName=refund-wroker, which names no resource of the "
        + "stack and no declared publisher; AWS/Lambda/Duration is published for FunctionName=refund-worker-dev; did you mean "
        + "FunctionName=refund-worker (refund-worker-dev as exported)?")
  }

  @Test func aTopicWithoutSubscriptionThatACompositeNotifiesIsAnError() throws {
    let found = Self.findings(
      """
      alarm refund-p99 --metric Payments/refund-worker/LatencyMs --stat p99 --period 1m --when '> 800'
      topic oncall
      composite refunds --rule 'ALARM(refund-p99)' --notify oncall

      """)
    let finding = try #require(found.first)
    #expect(found.count == 1)
    #expect(finding.rule.id == "VIGIL-SNS-006")
    #expect(finding.resource == "topic oncall")
    #expect(finding.location?.line == 7)
    #expect(
      finding.message
        == "topic oncall has no subscription, but composite refunds notifies it: SNS accepts the alarm's message and delivers it to nobody")
    #expect(finding.fix == ["topic oncall --email ONCALL@EXAMPLE.COM --dlq --max-receive 3"])
  }

  @Test func aDeclaredOrLoadedMetricHasAPublisher() {
    let alarm = "alarm deploying --metric Payments/Deployments/InProgress --stat Maximum --period 1m --when '>= 1'\n"
    #expect(Self.findings(alarm).map(\.rule.id) == ["VIGIL-MET-001"])
    #expect(Self.findings("metric Payments/Deployments/InProgress --published-by 'deploy pipeline'\n" + alarm).isEmpty)
    #expect(Self.findings("series Payments/Deployments/InProgress '0x5 1x3' --start 2026-03-02T10:00:00Z\n" + alarm).isEmpty)
  }

  @Test func aDeclaredAWSMetricMustBeOneAWSPublishes() {
    let interpreter = Interpreter()
    _ = interpreter.execute(Self.stack, file: "s.vigil")
    let outcome = interpreter.execute(
      "metric AWS/RDS/CPUUtilisation --published-by 'the orders database' --dimension DBInstanceIdentifier=orders", file: "s.vigil",
      firstLine: 6)
    #expect(
      outcome.map(\.output) == [
        """
        s.vigil:6:8: error: AWS/RDS publishes no metric named CPUUtilisation (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html); did you mean AWS/RDS/CPUUtilization?
          metric AWS/RDS/CPUUtilisation --published-by 'the orders database' --dimension DBInstanceIdentifier=orders
                 ^
        """
      ])
    let accepted = interpreter.execute(
      "metric AWS/RDS/CPUUtilization --published-by 'the orders database' --dimension DBInstanceIdentifier=orders", file: "s.vigil")
    #expect(accepted.map(\.output) == ["defined metric AWS/RDS/CPUUtilization with DBInstanceIdentifier=orders, published by the orders database outside the stack"])
  }

  @Test func theShellWarnsRightAfterTheCommandThatCausesIt() {
    let interpreter = Interpreter()
    interpreter.policyWarnings = true
    _ = interpreter.execute(Self.stack + "topic oncall\n", file: "s.vigil")
    let alarm = interpreter.execute(
      "alarm refund-p99 --metric Payments/refund-worker/Latency --stat p99 --period 1m --when '> 800'", file: "s.vigil", firstLine: 7)
    #expect(
      alarm.map(\.output) == [
        """
        defined alarm refund-p99: GreaterThanThreshold 800, 1 of 1 × 1m, missing data missing
        warning: VIGIL-MET-001: alarm refund-p99 reads Payments/refund-worker/Latency, which nothing publishes (no metric filter, AWS service of the stack, declared metric or loaded data); did you mean Payments/refund-worker/LatencyMs (published by metric filter refund-latency)?
        """
      ])
    // The composite makes the topic without subscription a lost page: said after the composite, not the topic.
    let composite = interpreter.execute("composite refunds --rule 'ALARM(refund-p99)' --notify oncall", file: "s.vigil", firstLine: 8)
    #expect(composite.first?.output.contains("warning: VIGIL-SNS-006: topic oncall has no subscription, but composite refunds notifies it") == true)
  }

  @Test func aFilterValueThePatternCannotProvideIsRefusedAsCloudWatchDoes() {
    let interpreter = Interpreter()
    let outcomes = interpreter.execute(
      Self.stack
        + "metric-filter refund-duration on refund-worker --pattern '[type=REPORT, request_id_label, request_id, duration_label, duration, ...]' --metric DurationMs --value '$latency'\n",
      file: "s.vigil")
    #expect(outcomes.last?.status == .invalid)
    #expect(
      outcomes.last?.output
        == """
        s.vigil:6:163: error: VIGIL-MFL-001: metric value '$latency' is not a field of the pattern (fields: $type, $request_id_label, $request_id, $duration_label, $duration); CloudWatch refuses this metric filter
          metric-filter refund-duration on refund-worker --pattern '[type=REPORT, request_id_label, request_id, duration_label, duration, ...]' --metric DurationMs --value '$latency'
                                                                                                                                                                            ^
        """)
  }

  @Test func aValueFieldNoMatchedEventCarriesIsSaidWithTheCounts() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = directory.appendingPathComponent("refunds.jsonl")
    try """
    {"timestamp":"2026-03-02T10:00:01Z","latency":120}
    {"timestamp":"2026-03-02T10:00:02Z","latency":340}
    {"timestamp":"2026-03-02T10:01:03Z","latency":90}
    {"timestamp":"2026-03-02T10:01:04Z","level":"INFO"}

    """.write(to: log, atomically: true, encoding: .utf8)
    let interpreter = Interpreter(baseDirectory: directory)
    let outcomes = interpreter.execute(
      """
      stack payments --suffix dev --region us-east-1
      service refund-worker --lambda --runtime nodejs20.x
      metric-filter refund-latency on refund-worker --pattern '{ $.latency = * }' --namespace Payments/refund-worker --metric LatencyMs --value '$.latency_ms'
      load refunds.jsonl into refund-worker
      metrics refund-worker
      """, file: "s.vigil")
    #expect(outcomes.map(\.status) == [.ok, .ok, .ok, .ok, .ok])
    #expect(
      outcomes.last?.output
        == "refund-latency → Payments/refund-worker LatencyMs: no datapoints (the pattern matched 3 loaded event(s); none had a numeric $.latency_ms)")
    let found = try interpreter.sessionFindings().filter { $0.rule.id == "VIGIL-MFL-002" }
    #expect(found.count == 1)
    #expect(found.first?.resource == "metric-filter refund-latency")
    #expect(found.first?.location?.line == 3)
    #expect(
      found.first?.message
        == "metric filter refund-latency: its pattern matched 3 loaded event(s) and none had a numeric $.latency_ms; it publishes nothing")
  }

  @Test func previewSaysWhenTheAlarmsMetricHasNoData() throws {
    let interpreter = Interpreter()
    let outcomes = interpreter.execute(
      Self.stack + """
        series Payments/refund-worker/LatencyMs '200x10 1500x5' --start 2026-03-02T10:00:00Z --unit Milliseconds
        alarm refund-p99 --metric Payments/refund-worker/Latency --stat p99 --period 1m --when '> 800' --missing notBreaching
        preview alarm refund-p99
        """, file: "s.vigil")
    #expect(outcomes.map(\.status) == [.ok, .ok, .ok, .ok, .ok, .ok, .ok])
    let preview = try #require(outcomes.last?.output)
    #expect(
      preview.hasPrefix(
        "note: 0 datapoints for Payments/refund-worker/Latency in the loaded data; the session publishes "
          + "Payments/refund-worker/LatencyMs (metric filter refund-latency), nothing publishes Payments/refund-worker/Latency (VIGIL-MET-001)\n"))
  }

  @Test func showMetricsListsPublishersAndReaders() {
    let interpreter = Interpreter()
    let outcomes = interpreter.execute(
      Self.stack + """
        metric Payments/Deployments/InProgress --published-by 'deploy pipeline'
        alarm refund-p99 --metric Payments/refund-worker/LatencyMs --stat p99 --period 1m --when '> 800'
        alarm refund-typo --metric Payments/refund-worker/Latency --stat p99 --period 1m --when '> 800'
        alarm refund-duration --metric AWS/Lambda/Duration --dimension FunctionName=refund-worker --stat p99 --period 1m --when '> 3000'
        dashboard refund-worker add --metric Payments/refund-worker/LatencyMs --stat p99 --title p99
        show metrics
        """, file: "s.vigil")
    #expect(
      outcomes.last?.output
        == """
        AWS/Lambda/Duration {FunctionName=refund-worker-dev}
          published by: AWS/Lambda for service refund-worker
          read by: alarm refund-duration
        Payments/Deployments/InProgress
          published by: deploy pipeline (declared)
          read by: nothing
        Payments/refund-worker/Latency
          published by: nothing (VIGIL-MET-001)
          read by: alarm refund-typo
        Payments/refund-worker/LatencyMs
          published by: metric filter refund-latency
          read by: alarm refund-p99, widget 'p99' on dashboard refund-worker
        AWS publishes 157 more metric(s) for the stack's resources that nothing reads: AWS/ECS 2, AWS/Lambda 77, AWS/Logs 6, AWS/SQS 10, ECS/ContainerInsights 38, LambdaInsights 24
        """)
  }
}
