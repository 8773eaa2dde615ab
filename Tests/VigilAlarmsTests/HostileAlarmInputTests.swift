import Testing
import VigilAlarms
import VigilCore
import VigilMetrics

/// Alarm inputs that used to trap or overflow the stack (issue 12, items 4 and 5); each is now a positioned
/// diagnostic or an `AlarmPreviewError` naming the limit.
@Suite struct HostileAlarmInputTests {
  static let t0 = TimeFormat.parse("2026-03-02T10:00:00Z")!
  static let latency = MetricIdentity(namespace: "P", name: "Latency")

  static func store() throws -> MetricStore {
    var store = MetricStore()
    store.add(try SeriesNotation.parse("100x10").series(latency, start: t0, every: 60_000))
    store.finishLoading()
    return store
  }

  static func alarm(_ name: String = "p99", evaluationPeriods: Int = 1) -> MetricAlarm {
    MetricAlarm(
      name: name, source: .metric(MetricStat(identity: latency, statistic: .maximum, period: 60)), comparison: .greaterThanThreshold,
      threshold: 50, evaluationPeriods: evaluationPeriods)
  }

  static func describe(metricField: String = "", compositeFields: String? = nil) -> String {
    let composite = compositeFields.map {
      #", "CompositeAlarms": [{"AlarmName": "c", "AlarmRule": "ALARM(a)", "ActionsSuppressor": "a", \#($0)}]"#
    }
    return #"""
      {"MetricAlarms": [{"AlarmName": "a", "Namespace": "P", "MetricName": "Latency", "Statistic": "Maximum", "Period": 60, "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanThreshold", "Threshold": 5\#(metricField)}]\#(composite ?? "")}
      """#
  }

  static func readError(_ text: String) -> String? {
    do {
      _ = try DescribeAlarmsReader.read(text, file: "alarms.json")
      return nil
    } catch {
      return "\(error.location.column): \(error.message)"
    }
  }

  /// `Int(1e19)` trapped; fractions were truncated silently.
  @Test func describeAlarmsIntegersMustBeWholeAndInRange() {
    #expect(
      Self.readError(Self.describe().replacingOccurrences(of: #""EvaluationPeriods": 1"#, with: #""EvaluationPeriods": 1e19"#))
        == "140: \"EvaluationPeriods\" must be an integer of at least 1")
    #expect(
      Self.readError(Self.describe().replacingOccurrences(of: #""Period": 60"#, with: #""Period": 9.3e18"#))
        == "115: \"Period\" must be 10, 20, 30 or a multiple of 60")
    #expect(
      Self.readError(Self.describe(metricField: #", "DatapointsToAlarm": -1e300"#))
        == "226: \"DatapointsToAlarm\" must be between 1 and EvaluationPeriods (1)")
    #expect(
      Self.readError(Self.describe(compositeFields: #""ActionsSuppressorWaitPeriod": 1e17, "ActionsSuppressorExtensionPeriod": 60"#))
        == "328: \"ActionsSuppressorWaitPeriod\" must be a whole number of seconds from 0 to 2147483647")
    #expect(
      Self.readError(Self.describe(compositeFields: #""ActionsSuppressorWaitPeriod": 60, "ActionsSuppressorExtensionPeriod": 1.5"#))
        == "368: \"ActionsSuppressorExtensionPeriod\" must be a whole number of seconds from 0 to 2147483647")
  }

  /// A composite built in code with a wait of 1e17 s overflowed into milliseconds.
  @Test func hugeSuppressorWaitIsAnErrorNotAnOverflow() throws {
    let composite = try CompositeAlarm(
      name: "c", rule: "ALARM(a)", actionsSuppressor: "b", suppressorWaitPeriod: 100_000_000_000_000_000, suppressorExtensionPeriod: 60)
    let preview = AlarmPreview(
      alarms: AlarmSet(metricAlarms: [Self.alarm("a"), Self.alarm("b")], compositeAlarms: [composite]), store: try Self.store())
    #expect(throws: AlarmPreviewError("alarm c: ActionsSuppressorWaitPeriod of 100000000000000000 s is beyond the 3162240000 s Vigil evaluates")) {
      try preview.run()
    }
  }

  /// `preview-alarm --from 0000-01-01T00:00:00Z --until 9999-12-31T23:59:59Z` asked for 126 GB. (The year 0000 is now
  /// refused before the length is measured, see `ExtremeTimeTests.windowsBefore1970AreRefusedByName`; from 1970 the
  /// same length is.)
  @Test func previewWindowIsBoundedWithTheLimitNamed() throws {
    let preview = AlarmPreview(alarms: AlarmSet(metricAlarms: [Self.alarm()]), store: try Self.store())
    let message =
      "the preview from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z needs 4223371679 evaluations every 60 s; "
      + "at most 3931200 (455 days of 10-second ticks) are evaluated: narrow --from/--until"
    #expect(throws: AlarmPreviewError(message)) {
      try preview.run(from: TimeFormat.parse("1970-01-01T00:00:00Z")!, until: TimeFormat.parse("9999-12-31T23:59:59Z")!)
    }
    // Times so far apart that their difference does not fit in 64 bits.
    #expect(throws: AlarmPreviewError.self) { try preview.run(from: -9_000_000_000_000_000_000, until: 9_000_000_000_000_000_000) }
  }

  /// `tune … --datapoints 1/9223372036854775807` overflowed computing the evaluation range.
  @Test func tuningBeyondCloudWatchsEvaluationSpanIsAnError() throws {
    #expect(
      throws: AlarmPreviewError(
        "alarm p99: Period × EvaluationPeriods is more than 9223372036854775807 s; CloudWatch allows at most 86400 s here")
    ) {
      try AlarmTuner.tune(
        Self.alarm(), store: try Self.store(), thresholds: [50], datapoints: AlarmTuner.datapoints("1/9223372036854775807")!, incidents: [])
    }
    #expect(throws: AlarmPreviewError("alarm p99: Period × EvaluationPeriods is 86460 s; CloudWatch allows at most 86400 s here")) {
      try AlarmTuner.tune(Self.alarm(), store: try Self.store(), thresholds: [50], datapoints: [(1, 1441)], incidents: [])
    }
  }

  /// 5,000 nested parentheses overflowed the stack; chains and nesting are capped at 100 levels.
  @Test func metricMathNestingIsLimited() {
    let deep = String(repeating: "(", count: 5000) + "m1" + String(repeating: ")", count: 5000)
    #expect(throws: Diagnostic("the expression is nested more than 100 levels deep", in: deep, offset: 100)) {
      try MetricMathExpression.parse(deep)
    }
    let chain = Array(repeating: "m1", count: 101).joined(separator: "+")
    #expect(throws: Diagnostic("the expression is nested more than 100 levels deep", in: chain, offset: 299)) {
      try MetricMathExpression.parse(chain)
    }
    let negations = String(repeating: "-", count: 5000) + "m1"
    #expect(throws: Diagnostic("the expression is nested more than 100 levels deep", in: negations, offset: 100)) {
      try MetricMathExpression.parse(negations)
    }
    let within = Array(repeating: "m1", count: 100).joined(separator: "+")
    #expect((try? MetricMathExpression.parse(within))?.references.count == 100)
  }

  /// Parentheses and NOT in a composite rule nest at most 100 deep (the rule may be 10,240 characters).
  @Test func alarmRuleNestingIsLimited() {
    let deep = String(repeating: "(", count: 5000) + "ALARM(a)" + String(repeating: ")", count: 5000)
    #expect(throws: Diagnostic("parentheses and NOT nest more than 100 levels deep", in: deep, offset: 100)) { try AlarmRule.parse(deep) }
    let nots = String(repeating: "NOT ", count: 2000) + "ALARM(a)"
    #expect(throws: Diagnostic("parentheses and NOT nest more than 100 levels deep", in: nots, offset: 400)) { try AlarmRule.parse(nots) }
    #expect((try? AlarmRule.parse(String(repeating: "NOT ", count: 100) + "ALARM(a)")) != nil)
  }
}

/// Times at the edges of Int64 (issue 12, item 4): metric timestamps and preview bounds stay within years 0000–9999.
@Suite struct ExtremeTimeTests {
  static func data(timestamp: String) -> String {
    #"{"Namespace": "P", "MetricData": [{"MetricName": "Latency", "Timestamp": \#(timestamp), "Value": 5}]}"#
  }

  @Test(arguments: ["-9223372036854775", "9223372036854775", "\"9223372036854775807\"", "253402300800"])
  func metricTimestampsOutsideTheSupportedYearsArePositionedErrors(timestamp: String) {
    var store = MetricStore()
    #expect(throws: Diagnostic("\"Timestamp\" is outside the years 0000 to 9999", in: Self.data(timestamp: timestamp), offset: 73)) {
      try PutMetricDataReader.read(Self.data(timestamp: timestamp), file: nil, into: &store)
    }
  }

  @Test func previewBoundsOutsideTheSupportedYearsAreErrors() throws {
    var store = MetricStore()
    try PutMetricDataReader.read(Self.data(timestamp: "1772445600"), file: nil, into: &store)
    store.finishLoading()
    let preview = AlarmPreview(alarms: AlarmSet(metricAlarms: [HostileAlarmInputTests.alarm()]), store: store)
    #expect(throws: AlarmPreviewError("--from must be within the years 0000 to 9999")) {
      try preview.run(from: 9_223_372_036_854_000_000, until: 9_223_372_036_854_775_807)
    }
    #expect(throws: AlarmPreviewError("--from must be within the years 0000 to 9999")) { try preview.run(from: .min, until: 0) }
    #expect(throws: AlarmPreviewError("--until must be within the years 0000 to 9999")) { try preview.run(from: 0, until: .max) }
  }

  /// ISO-8601 (and Vigil's readers) take the year 0000, but CloudWatch counts time from 1970 and keeps no data older
  /// than two weeks when it is sent: a preview window before 1970 is refused by name (issue 12, item 12).
  @Test func windowsBefore1970AreRefusedByName() throws {
    let preview = AlarmPreview(alarms: AlarmSet(metricAlarms: [HostileAlarmInputTests.alarm()]), store: MetricStore())
    #expect(
      throws: AlarmPreviewError(
        "--from 0000-01-01T00:00:00Z is before 1970-01-01T00:00:00Z; CloudWatch timestamps count from 1970 and it keeps no data "
          + "older than two weeks when it is sent, so no alarm is evaluated there")
    ) {
      try preview.run(from: TimeFormat.parse("0000-01-01T00:00:00Z")!, until: TimeFormat.parse("9999-12-31T23:59:59Z")!)
    }
    #expect(
      throws: AlarmPreviewError(
        "--until 1969-12-31T23:59:59Z is before 1970-01-01T00:00:00Z; CloudWatch timestamps count from 1970 and it keeps no data "
          + "older than two weeks when it is sent, so no alarm is evaluated there")
    ) {
      try preview.run(until: TimeFormat.parse("1969-12-31T23:59:59Z")!)
    }
    // The first instant CloudWatch can hold is a window end like any other.
    let result = try preview.run(from: 0, until: 3 * 60_000)
    #expect(result.timelines["p99"]?.changes.map { "\($0.0) \($0.1.rawValue)" } == ["0 INSUFFICIENT_DATA"])
  }
}
