import Testing
import VigilCore
import VigilModel
import VigilPolicy
import VigilTestSupport

/// VIGIL-LMB-001 (a filter pattern written for the other Lambda log format) and VIGIL-DSH-002 (a dashboard query that
/// does not parse).
@Suite struct LambdaLogFormatRuleTests {
  static func findings(_ session: String, rule: String) throws -> [PolicyFinding] {
    PolicyChecker.findings(in: try PolicySessions.stack(PolicySessions.clean + "\n" + session)).filter { $0.rule.id == rule }
  }

  @Test func aSpaceDelimitedReportPatternOnAJSONFunction() throws {
    let found = try Self.findings(
      """
      service auth --lambda --log-format json --memory 1024
      metric-filter auth-duration on auth --pattern '[type=REPORT, ...]' --metric AuthReports
      """, rule: "VIGIL-LMB-001")
    #expect(found.count == 1)
    #expect(found.first?.resource == "metric-filter auth-duration")
    #expect(found.first?.location == SourceLocation(file: "shop.vigil", line: 11, column: 1))
    #expect(
      found.first?.message
        == "metric filter auth-duration on auth uses a space-delimited pattern written for Lambda's text format, but auth logs in "
        + "JSON (--log-format json), where REPORT lines are platform.report records and console lines are JSON objects, so it "
        + #"matches nothing; set --log-format text or write a JSON pattern such as { $.type = "platform.report" }"#)
    #expect(found.first?.fix == ["service auth --lambda --runtime nodejs22.x --memory 1024 --timeout 10"])
    #expect(found.first?.rule.severity == .error)
  }

  @Test func textPatternsAreFlaggedOnlyWhenTheJSONFormatLosesThem() throws {
    let found = try Self.findings(
      """
      service auth --lambda --log-format json
      metric-filter auth-reports on auth --pattern 'REPORT' --metric AuthReports
      metric-filter auth-memory on auth --pattern '"Max Memory Used"' --metric AuthMemory
      metric-filter auth-errors on auth --pattern 'ERROR' --metric AuthErrors
      metric-filter auth-timeouts on auth --pattern '?ERROR ?timed' --metric AuthTimeouts
      metric-filter auth-json on auth --pattern '{ $.level = "ERROR" }' --metric AuthJSONErrors
      """, rule: "VIGIL-LMB-001")
    // ERROR is still in "level":"ERROR", and the JSON pattern fits the format: only the first two are flagged.
    #expect(found.map(\.resource) == ["metric-filter auth-reports", "metric-filter auth-memory"])
    #expect(found.map(\.location?.line) == [11, 12])
    #expect(found[0].message.contains(#"uses a text pattern written for Lambda's text format"#))
  }

  @Test func aJSONPatternOnATextFunction() throws {
    let found = try Self.findings(
      """
      service auth --lambda --insights off
      metric-filter auth-errors on auth --pattern '{ $.level = "ERROR" }' --metric AuthErrors
      """, rule: "VIGIL-LMB-001")
    #expect(found.count == 1)
    #expect(
      found.first?.message
        == "metric filter auth-errors on auth uses a JSON pattern, but auth logs in Lambda's text format (the default), where every "
        + "event is a START/END/REPORT line or a timestamp<TAB>requestId<TAB>LEVEL<TAB>message line, never a JSON object, so it "
        + "matches nothing; set --log-format json or write a text pattern")
    #expect(found.first?.fix == ["service auth --lambda --runtime nodejs22.x --memory 512 --timeout 10 --insights off --log-format json"])
  }

  /// Changing the format after the filter points the finding at the `service` line, which made the mismatch.
  @Test func theLaterCommandIsTheLocation() throws {
    let found = try Self.findings(
      """
      service auth --lambda
      metric-filter auth-reports on auth --pattern '[type=REPORT, ...]' --metric AuthReports
      service auth --lambda --log-format json
      """, rule: "VIGIL-LMB-001")
    #expect(found.map(\.location) == [SourceLocation(file: "shop.vigil", line: 12, column: 1)])
  }

  @Test func ecsServicesAndTheCleanStackHaveNone() throws {
    #expect(try Self.findings("metric-filter web-errors on web --pattern '[a, b=ERROR, ...]' --metric WebErrors", rule: "VIGIL-LMB-001") == [])
    #expect(PolicyChecker.findings(in: try PolicySessions.stack(PolicySessions.clean)).filter { $0.rule.id == "VIGIL-LMB-001" } == [])
  }

  @Test func aDashboardQueryThatDoesNotParse() throws {
    var stack = try PolicySessions.stack(PolicySessions.clean + "\ndashboard api add --logs 'stats count(*) by message' --title Messages")
    #expect(PolicyChecker.findings(in: stack).filter { $0.rule.id == "VIGIL-DSH-002" } == [])
    // A stack built without the command (a library user, an older file): the check still says it.
    stack.dashboardWidgets[0].kind = .logs(query: "stats cnt(*) by message")
    let found = PolicyChecker.findings(in: stack).filter { $0.rule.id == "VIGIL-DSH-002" }
    #expect(found.map(\.resource) == ["dashboard api"])
    #expect(found.first?.location == SourceLocation(file: "shop.vigil", line: 10, column: 1))
    #expect(
      found.first?.message
        == "the log widget 'Messages' on dashboard api has a Logs Insights query that does not parse (line 1, column 7): "
        + "unknown function 'cnt'; did you mean 'count'?")
  }
}
