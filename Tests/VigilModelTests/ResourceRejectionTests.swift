import Testing
import VigilCore
@testable import VigilModel
import VigilTestSupport

/// Rejected commands: the exact message and where the caret points (inside embedded languages too).
@Suite struct ResourceRejectionTests {
  static let base = """
    stack shop --suffix dev
    service api --lambda
    alarm api-errors --metric Payments/Errors --when '> 1'
    """

  /// The rejection of `line` appended to the base session, as the user sees it.
  func rejected(_ line: String) -> String? { SessionStack.rejection(Self.base + "\n" + line) }

  @Test func nothingBeforeTheStack() {
    #expect(
      SessionStack.rejection("key logs") == """
        test.vigil:1:1: error: no stack yet; start with 'stack NAME --suffix SUFFIX'
          key logs
          ^
        """)
  }

  /// Issue 11: a topic and a function of one name both need `aws_sqs_queue.dlq_NAME`; the export trapped on it.
  /// The command that introduces the clash is refused, naming the resource it clashes with.
  @Test func aCommandThatWouldShareATerraformAddressIsRefused() {
    #expect(
      SessionStack.rejection("stack shop --suffix dev\nservice oncall --lambda\ntopic oncall --email a@example.com --dlq") == """
        test.vigil:3:1: error: topic oncall and service oncall (defined at test.vigil:2:1) both need the Terraform resource \
        aws_sqs_queue.dlq_oncall: the topic's dead-letter queue and the function's dead-letter queue; rename one of them
          topic oncall --email a@example.com --dlq
          ^
        """)
    #expect(SessionStack.rejection("stack shop --suffix dev\nservice oncall --lambda\ntopic oncall --email a@example.com") == nil)
  }

  /// Issue 12 item 3: the canary URL lands in generated JavaScript, so anything but a plain https URL is refused.
  @Test func aCanaryURLThatIsNotAPlainHTTPSURLIsRefused() {
    #expect(
      SessionStack.rejection("stack shop --suffix dev\ncanary c --url 'https://api.example.com/x\");require(\"child_process\")'") == """
        test.vigil:2:16: error: canary --url has a character a URL may not contain at byte 26 (spaces, quotes, control or \
        non-ASCII characters and <>\\^`{|} must be percent-encoded)
          canary c --url 'https://api.example.com/x");require("child_process")'
                         ^
        """)
  }

  /// A webhook is parsed as strictly as a canary URL: SNS delivers to it and the export writes it.
  @Test func aWebhookThatIsNotAPlainHTTPSURLIsRefused() {
    #expect(
      SessionStack.rejection("stack shop --suffix dev\ntopic t --webhook 'https://hooks.example.com/a b'") == """
        test.vigil:2:19: error: --webhook has a character a URL may not contain at byte 28 (spaces, quotes, control or \
        non-ASCII characters and <>\\^`{|} must be percent-encoded)
          topic t --webhook 'https://hooks.example.com/a b'
                            ^
        """)
  }

  /// Issue 12 item 2: the handler names a file inside the bundled zip; an absolute or parent path is refused.
  @Test(arguments: ["/etc/passwd.handler", "../x.handler", "index"])
  func aHandlerThatIsNotModuleDotFunctionIsRefused(_ handler: String) {
    #expect(
      SessionStack.rejection("stack shop --suffix dev\nservice f --lambda --handler \(handler)")?.hasPrefix(
        "test.vigil:2:30: error: --handler") == true)
  }

  @Test func filterPatternErrorsPointInsideThePattern() {
    #expect(
      rejected("metric-filter bad on api --pattern '{ $.level = }' --metric Errors") == """
        test.vigil:4:49: error: invalid filter pattern: expected a value after '='
          metric-filter bad on api --pattern '{ $.level = }' --metric Errors
                                                          ^
        """)
  }

  @Test func compositeRuleNamingAnUnknownAlarm() {
    #expect(
      rejected("composite c --rule 'ALARM(api-errors) AND ALARM(api-eror)'") == """
        test.vigil:4:49: error: unknown alarm 'api-eror' in rule; did you mean 'api-errors'?
          composite c --rule 'ALARM(api-errors) AND ALARM(api-eror)'
                                                          ^
        """)
  }

  @Test func compositeRuleGrammarComesFromTheAlarmEngine() {
    #expect(
      rejected("composite c --rule 'ALARM(api-errors) AND OK(api-errors) OR TRUE'") == """
        test.vigil:4:58: error: AND and OR mixed without parentheses; CloudWatch does not document which binds tighter, so group them with ( )
          composite c --rule 'ALARM(api-errors) AND OK(api-errors) OR TRUE'
                                                                   ^
        """)
  }

  @Test func insightsQueryErrorsPointInsideTheQuery() {
    #expect(
      rejected("query-definition q --query 'fields @message | filtr x = 1' --logs api") == """
        test.vigil:4:47: error: unknown command 'filtr'; did you mean 'filter'?
          query-definition q --query 'fields @message | filtr x = 1' --logs api
                                                        ^
        """)
  }

  @Test func metricMathErrorsPointInsideTheExpression() {
    #expect(rejected("alarm r --math '100*(e/r' --using e=Payments/E:Sum --using r=Payments/R:Sum --when '> 1'") == """
        test.vigil:4:25: error: expected )
          alarm r --math '100*(e/r' --using e=Payments/E:Sum --using r=Payments/R:Sum --when '> 1'
                                  ^
        """)
  }

  @Test func retentionSuggestsTheNearestAllowedValue() {
    #expect(
      rejected("logs api --retention 31") == """
        test.vigil:4:22: error: CloudWatch does not allow a retention of 31 days; allowed values include 7, 14, 30, 60, 90, 365; nearest is 30
          logs api --retention 31
                               ^
        """)
  }

  @Test func canaryNameWithSuffixTooLong() {
    #expect(
      rejected("canary a-very-long-canary-name --url https://example.com") == """
        test.vigil:4:8: error: canary name 'a-very-long-canary-name-dev' (with suffix) is longer than Synthetics' 21 characters
          canary a-very-long-canary-name --url https://example.com
                 ^
        """)
  }

  @Test func unknownReferenceListsTheDefinedNames() {
    #expect(
      rejected("remediation r --on api-erors --function api") == """
        test.vigil:4:20: error: unknown alarm 'api-erors'; did you mean 'api-errors'?
          remediation r --on api-erors --function api
                             ^
        """)
  }

  @Test func rejectedCommandLeavesTheStackUnchanged() throws {
    var builder = StackBuilder()
    try SessionStack.apply(Self.base, to: &builder)
    let before = builder.stack
    #expect(throws: Diagnostic.self) { try SessionStack.apply("service api --ecs --cluster main --cpu 300", to: &builder) }
    #expect(builder.stack == before)
  }
}
