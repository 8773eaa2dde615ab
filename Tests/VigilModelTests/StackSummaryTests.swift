import Testing
import VigilCore
@testable import VigilModel
import VigilTestSupport

/// `show` and `show NAME`, each kind describing itself.
@Suite struct StackSummaryTests {
  static let session = """
    stack shop --suffix dev
    key logs
    service api --lambda
    alarm api-errors --metric Payments/Errors --stat Sum --when '>= 1' --datapoints 2/3 --service api
    topic oncall --email oncall@example.com
    composite api-down --rule 'ALARM(api-errors)' --notify oncall
    tracing --sampling 0.1
    """

  /// The NAME word of `show NAME`, as the shell lexes it.
  func token(_ text: String) throws -> Token {
    try CommandLexer.split("show \(text)", file: "test.vigil")[0].get().tokens[1]
  }

  @Test func overviewListsEveryKindInOrder() throws {
    let stack = try SessionStack.build(Self.session)
    #expect(
      try stack.summary(of: nil) == """
        stack shop (suffix dev, region us-east-1)
        keys:
          logs  rotation on, deletion window 7 days
        services:
          api  Lambda nodejs22.x 512 MB
        log groups:
          /aws/lambda/api-dev  30 days, key logs, archived to Glacier
        alarms:
          api-errors  Sum(Payments/Errors) GreaterThanOrEqualToThreshold 1, 2 of 3 × 1m, treat missing data as missing
        composite alarms:
          api-down  ALARM(api-errors) → oncall
        topics:
          oncall  1 e-mail, 0 webhook
        tracing: X-Ray fixed rate 0.1, one group per service
        """)
  }

  @Test func oneAlarmNamesTheCompositesItTakesPartIn() throws {
    let stack = try SessionStack.build(Self.session)
    #expect(
      try stack.summary(of: try token("api-errors")) == """
        alarm api-errors-alarm-dev
          Sum(Payments/Errors) GreaterThanOrEqualToThreshold 1, 2 of 3 × 1m, treat missing data as missing
          service: api
          in composites: api-down
        """)
  }

  @Test func anAlarmNameWinsOverATopicOfTheSameName() throws {
    let stack = try SessionStack.build(Self.session + "\ntopic api-errors")
    #expect(try stack.summary(of: try token("api-errors")).hasPrefix("alarm api-errors-alarm-dev\n"))
  }

  @Test func unknownNameSuggestsTheClosest() throws {
    let stack = try SessionStack.build(Self.session)
    #expect(throws: Diagnostic("nothing named 'oncal'", at: SourceLocation(file: "test.vigil", line: 1, column: 6), sourceLine: "show oncal", suggestion: "did you mean 'oncall'?")) {
      try stack.summary(of: try token("oncal"))
    }
  }

  @Test func emptySession() throws {
    #expect(try Stack().summary(of: nil) == "empty session: start with 'stack NAME --suffix SUFFIX'")
  }
}

/// The kind list is the one place that knows every kind.
@Suite struct ResourceKindTests {
  @Test func theStackCommandsAreTheKindsCommandsInHelpOrder() {
    #expect(
      StackCommands.specs.map(\.name) == [
        "stack", "network", "key", "cluster", "service", "logs", "metric-filter", "alarm", "composite", "topic", "tracing", "flow-logs",
        "remediation", "canary", "parameter", "query-definition", "variable", "dashboard", "metric", "reference",
      ])
  }

  @Test func everyCommandFindsItsKind() {
    for spec in StackCommands.specs {
      #expect(ResourceKind.defined(by: spec.name)?.spec?.name == spec.name)
    }
    #expect(ResourceKind.defined(by: "show") == nil)
  }

  @Test func kindNamesAreTheNounsOfMessages() {
    #expect(Set(ResourceKind.allCases.map(\.rawValue)).count == ResourceKind.allCases.count)
    #expect(ResourceKind.logGroup.rawValue == "log group")
    #expect(ResourceKind.allCases.count == 21)
  }
}
