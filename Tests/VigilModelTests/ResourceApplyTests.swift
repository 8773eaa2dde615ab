import Testing
import VigilCore
@testable import VigilModel
import VigilTestSupport

/// Each kind's command applied to a stack, checked against the exact resulting value.
@Suite struct ResourceApplyTests {
  static let base = """
    stack shop --suffix dev
    key logs
    service api --lambda
    """

  @Test func stackNamesTheEnvironment() throws {
    let stack = try SessionStack.build("stack shop --suffix qa1 --region eu-west-1")
    #expect(stack.environment == Environment(stackName: "shop", suffix: "qa1", region: "eu-west-1"))
    #expect(stack.origin("stack") == SourceLocation(file: "test.vigil", line: 1, column: 1))
  }

  @Test func networkAndKey() throws {
    let stack = try SessionStack.build("stack shop --suffix dev\nnetwork create --zones 3\nkey logs --rotation off --deletion-window 10")
    #expect(stack.network == .create(cidr: "10.40.0.0/16", zones: 3))
    #expect(stack.keys == [KMSKey(name: "logs", rotation: false, deletionWindowDays: 10)])
    #expect(stack.origin("network") == SourceLocation(file: "test.vigil", line: 2, column: 1))
  }

  @Test func lambdaServiceGetsItsLogGroupWithTheFirstKey() throws {
    let stack = try SessionStack.build(Self.base)
    #expect(
      stack.services == [
        Service(
          name: "api", kind: .lambda(runtime: "nodejs22.x", memoryMB: 512, timeoutSeconds: 10, handler: "index.handler"), insights: true,
          tracing: true)
      ])
    #expect(stack.logGroups == [LogGroup(service: "api", retentionDays: 30, key: "logs", archive: "GLACIER", archiveAfterDays: 30)])
    #expect(stack.origin("logs", "api") == SourceLocation(file: "test.vigil", line: 3, column: 1))
  }

  @Test func ecsServiceCreatesItsClusterAndUsesAnExistingNetwork() throws {
    let stack = try SessionStack.build("stack shop --suffix dev\nservice web --ecs --cluster main --cpu 1024 --desired 3")
    #expect(stack.clusters == [ECSCluster(name: "main", containerInsights: "enabled")])
    #expect(
      stack.services.map(\.kind) == [.ecs(cluster: "main", cpu: 1024, memoryMB: 1024, image: "", port: 8080, desiredCount: 3)])
    #expect(stack.network == .existing)
    #expect(stack.names(of: .cluster) == ["main"])
  }

  @Test func logsChangesTheServicesLogGroup() throws {
    let text = Self.base + "\nlogs api --retention 90 --archive none"
    #expect(try SessionStack.confirmation(text) == "updated log group /aws/lambda/api-dev (retention 90 days, KMS key logs)")
    let stack = try SessionStack.build(text)
    #expect(stack.logGroups == [LogGroup(service: "api", retentionDays: 90, key: "logs", archive: nil, archiveAfterDays: 30)])
    #expect(stack.origin("logs", "api") == SourceLocation(file: "test.vigil", line: 4, column: 1))
  }

  @Test func metricFilterAndTheAlarmThatInfersItsService() throws {
    let stack = try SessionStack.build(
      Self.base + """

        metric-filter errors on api --pattern '{ $.level = "ERROR" }' --metric ErrorCount --default 0
        alarm api-errors --metric Payments/ErrorCount --stat Sum --when '>= 1' --datapoints 2/3 --missing notBreaching
        """)
    #expect(
      stack.metricFilters == [
        MetricFilter(
          name: "errors", service: "api", pattern: #"{ $.level = "ERROR" }"#, metricName: "ErrorCount", namespace: "Payments", value: "1",
          defaultValue: 0, dimensions: [], unit: nil)
      ])
    #expect(
      stack.alarms == [
        MetricAlarm(
          name: "api-errors", source: .metric(MetricRef(namespace: "Payments", name: "ErrorCount", dimensions: [:]), statistic: "Sum"),
          periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2, comparison: "GreaterThanOrEqualToThreshold", threshold: 1,
          treatMissingData: "notBreaching", service: "api", description: nil)
      ])
  }

  @Test func mathAlarmKeepsItsInputs() throws {
    let stack = try SessionStack.build(
      Self.base + "\nalarm rate --math '100*e/r' --using e=Payments/Errors:Sum --using r=Payments/Requests:Sum --when '> 5'")
    #expect(
      stack.alarm("rate")?.source
        == .math(
          expression: "100*e/r",
          inputs: [
            MathInput(id: "e", metric: MetricRef(namespace: "Payments", name: "Errors", dimensions: [:]), statistic: "Sum"),
            MathInput(id: "r", metric: MetricRef(namespace: "Payments", name: "Requests", dimensions: [:]), statistic: "Sum"),
          ]))
  }

  @Test func compositeReferencesEachAlarmOnceAndNotifiesItsTopic() throws {
    let text = Self.base + """

      alarm a --metric Payments/X --when '> 1'
      alarm b --metric Payments/Y --when '> 1'
      topic oncall --email oncall@example.com --dlq
      composite both --rule '(ALARM(a) OR ALARM("a")) AND NOT OK(b)' --notify oncall
      """
    #expect(try SessionStack.confirmation(text) == "defined composite alarm both over a, b; notifies oncall")
    let stack = try SessionStack.build(text)
    #expect(
      stack.composites == [
        CompositeAlarm(
          name: "both", rule: #"(ALARM(a) OR ALARM("a")) AND NOT OK(b)"#, references: ["a", "b"], notify: ["oncall"], suppressor: nil,
          suppressWaitSeconds: 60, suppressExtensionSeconds: 60)
      ])
    #expect(
      stack.topics == [
        Topic(name: "oncall", emails: [.literal("oncall@example.com")], webhooks: [], deadLetterQueue: true, maxReceiveCount: 3, key: "logs")
      ])
  }

  @Test func alarmReferencesComeFromTheAlarmRuleParserWithOffsets() {
    let refs = CompositeAlarm.alarmReferences(
      in: #"ALARM(a-1) AND (OK("b") OR NOT INSUFFICIENT_DATA(arn:aws:cloudwatch:us-east-1:1:alarm:c)) AND AT_LEAST(2, ALARM, (d, e))"#)
    #expect(refs.map(\.name) == ["a-1", "b", "c", "d", "e"])
    #expect(refs.map(\.offset) == [6, 20, 49, 114, 117])
    #expect(CompositeAlarm.alarmReferences(in: "ALARM(a) AND ALARM(b) OR ALARM(c)").isEmpty)
  }

  @Test func singletonsAndNamedResources() throws {
    let stack = try SessionStack.build(
      Self.base + """

        network existing
        tracing --sampling 0.1
        flow-logs --traffic REJECT
        alarm a --metric Payments/X --when '> 1'
        remediation restart --on a --function api --state OK
        canary home --url https://example.com/ --every 10m
        parameter xray/rate --value 0.1 --description 'sampling'
        query-definition errs --query 'filter level = "ERROR"' --logs api
        variable hook_url --sensitive --default x
        dashboard api add --text '# Notes'
        """)
    #expect(stack.tracing == Tracing(samplingRate: 0.1, reservoir: 1))
    #expect(stack.flowLogs == FlowLogs(key: nil, retentionDays: 30, trafficType: "REJECT"))
    #expect(stack.remediations == [Remediation(name: "restart", alarm: "a", state: "OK", function: "api")])
    #expect(stack.canaries == [Canary(name: "home", url: "https://example.com/", everyMinutes: 10)])
    #expect(stack.parameters == [Parameter(name: "xray/rate", value: "0.1", secure: false, description: "sampling")])
    #expect(stack.queryDefinitions == [QueryDefinition(name: "errs", query: #"filter level = "ERROR""#, services: ["api"])])
    #expect(stack.variables == [Variable(name: "hook_url", description: "", sensitive: true, defaultValue: "x")])
    #expect(stack.dashboardWidgets == [DashboardWidgetSpec(dashboard: "api", title: "text", kind: .text("# Notes"), width: 12, height: 6)])
    #expect(stack.origin("tracing") == SourceLocation(file: "test.vigil", line: 5, column: 1))
    #expect(stack.origin("flow-logs") == SourceLocation(file: "test.vigil", line: 6, column: 1))
    #expect(stack.names(of: .logSource) == ["api", "vpc-flow-logs"])
    #expect(stack.names(of: .dashboard) == ["overview", "api"])
  }
}
