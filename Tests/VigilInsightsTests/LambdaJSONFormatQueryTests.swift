import Testing
import VigilCore
import VigilInsights
import VigilLogSource
import VigilTestSupport

/// Logs Insights over a function that logs in Lambda's JSON format: the Lambda fields come from the records, so a
/// query sees the same invocations as over the text format.
@Suite struct LambdaJSONFormatQueryTests {
  static let group = "/aws/lambda/payment-authorizer-dev"
  static var json: LogFileSource {
    LogFileSource(path: TestPaths.sample("logs/payment-authorizer-json-format.jsonl").path, logGroup: group)
  }
  static var text: LogFileSource { LogFileSource(path: TestPaths.sample("logs/payment-authorizer.log").path, logGroup: group) }
  /// The JSON sample's window, 10:14:30–10:20:30.
  static var window: QueryOptions {
    QueryOptions(start: TimeFormat.parse("2026-03-02T10:14:30Z"), end: TimeFormat.parse("2026-03-02T10:20:29.999Z"))
  }

  @Test func reportFieldsOfJSONRecords() throws {
    let result = try InsightsEngine.run(
      #"filter @type = "platform.report" | stats count(*) as n, max(@duration) as slowest, max(@billedDuration) as billed, max(@maxMemoryUsed) / 1000 / 1000 as mb, max(@initDuration) as init, max(@memorySize) as size"#,
      files: [Self.json])
    #expect(result.columns == ["n", "slowest", "billed", "mb", "init", "size"])
    #expect(result.rows == [[.number(120), .number(3002.94), .number(3003), .number(111), .number(321.38), .number(512_000_000)]])
  }

  /// The same statistics over the text-format file, limited to the JSON sample's window, give the same answer.
  @Test func theSameInvocationsAsTheTextFormat() throws {
    let stats = "stats count(*) as n, sum(@duration) as total, max(@maxMemoryUsed) as memory, count(@initDuration) as cold"
    let overJSON = try InsightsEngine.run(#"filter @type = "platform.report" | "# + stats, files: [Self.json])
    let overText = try InsightsEngine.run(#"filter @type = "REPORT" | "# + stats, files: [Self.text], options: Self.window)
    #expect(overJSON.rows.count == 1)
    #expect(overJSON.rows == overText.rows)
    // The text format's @type does not name JSON records, and the other way round.
    let none = try InsightsEngine.run(#"filter @type = "REPORT" | stats count(*) as n"#, files: [Self.json])
    #expect(none.rows == [[.number(0)]])
  }

  @Test func applicationLinesCarryTheirRequestIdInALambdaGroup() throws {
    let query = #"filter level = "ERROR" | fields @requestId | sort @timestamp asc"#
    let inLambda = try InsightsEngine.run(query, files: [Self.json])
    #expect(
      inLambda.rows == [
        [.string("d344b0dd-a349-4228-ae2a-ccd624037ee3")], [.string("22535ca8-e9be-4bcd-a138-1d418796d9ab")],
        [.string("aa200179-bd63-44de-a380-dca94180bae8")],
      ])
    // Outside a Lambda log group a `requestId` member is an ordinary field, not @requestId.
    let elsewhere = try InsightsEngine.run(
      query, files: [LogFileSource(path: TestPaths.sample("logs/payment-authorizer-json-format.jsonl").path, logGroup: "/ecs/x")])
    #expect(elsewhere.rows == [[.null], [.null], [.null]])
  }
}
