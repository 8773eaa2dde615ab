import Testing
import VigilAlarms
import VigilCore
import VigilMetrics

@Suite struct CompositeAlarmTests {
  @Test func notBindsTighterThanAnd() throws {
    #expect(try AlarmRule.parse("ALARM(a) AND NOT ALARM(b)") == .and([.state(.alarm, "a"), .not(.state(.alarm, "b"))]))
    #expect(
      try AlarmRule.parse("(ALARM(a) OR OK(\"b c\")) AND INSUFFICIENT_DATA(arn:aws:cloudwatch:eu-west-1:1:alarm:d)")
        == .and([.or([.state(.alarm, "a"), .state(.ok, "b c")]), .state(.insufficientData, "arn:aws:cloudwatch:eu-west-1:1:alarm:d")]))
  }

  @Test func mixingAndWithOrNeedsParentheses() {
    let text = "ALARM(a) AND ALARM(b) OR ALARM(c)"
    #expect(
      throws: Diagnostic(
        "AND and OR mixed without parentheses; CloudWatch does not document which binds tighter, so group them with ( )", in: text,
        offset: 22)
    ) {
      try AlarmRule.parse(text)
    }
    #expect(
      throws: Diagnostic(
        "AND and OR mixed without parentheses; CloudWatch does not document which binds tighter, so group them with ( )",
        in: "ALARM(a) OR ALARM(b) AND ALARM(c)", offset: 9)
    ) {
      try AlarmRule.parse("ALARM(a) OR ALARM(b) AND ALARM(c)")
    }
  }

  @Test func syntaxErrorsHaveCarets() {
    #expect(
      throws: Diagnostic(
        "unknown word ALRAM; expected ALARM(...), OK(...), INSUFFICIENT_DATA(...), TRUE, FALSE or AT_LEAST(...)", in: "ALRAM(a)", offset: 0,
        suggestion: "did you mean ALARM?")
    ) {
      try AlarmRule.parse("ALRAM(a)")
    }
    #expect(throws: Diagnostic("alarm names with spaces must be in double quotes", in: "ALARM(my alarm)", offset: 8)) {
      try AlarmRule.parse("ALARM(my alarm)")
    }
    #expect(throws: Diagnostic("unmatched )", in: "TRUE)", offset: 4)) { try AlarmRule.parse("TRUE)") }
    let d = (try? AlarmRule.parse("ALARM(a) AND")) == nil
    #expect(d)
  }

  @Test func atLeastCountsAndPercentages() throws {
    let states: [String: AlarmState] = ["a": .alarm, "b": .alarm, "c": .ok]
    #expect(try AlarmRule.parse("AT_LEAST(2, ALARM, (a, b, c))").evaluate { states[$0] } == true)
    #expect(try AlarmRule.parse("AT_LEAST(67%, ALARM, (a, b, c))").evaluate { states[$0] } == false)
    #expect(try AlarmRule.parse("AT_LEAST(66%, ALARM, (a, b, c))").evaluate { states[$0] } == true)
    #expect(try AlarmRule.parse("AT_LEAST(1, NOT ALARM, (a, b, c))").evaluate { states[$0] } == true)
    #expect(try AlarmRule.parse("TRUE AND NOT FALSE").evaluate { _ in nil } == true)
    #expect(
      throws: Diagnostic("AT_LEAST(4, ...) can never be true: it lists only 3 alarms", in: "AT_LEAST(4, ALARM, (a, b, c))", offset: 9)
    ) {
      try AlarmRule.parse("AT_LEAST(4, ALARM, (a, b, c))")
    }
  }

  @Test func limits() {
    let many = (0...100).map { "ALARM(a\($0))" }.joined(separator: " OR ")
    #expect(throws: Diagnostic("an AlarmRule can reference at most 100 alarms (this one references 101)", in: many, offset: 0)) {
      try AlarmRule.parse(many)
    }
  }

  // Suppression, with two child alarms driven by compact series (1-minute Maximum, 1 of 1, threshold 50).
  static let t0 = TimeFormat.parse("2026-03-02T10:00:00Z")!
  static func time(_ m: Int) -> EpochMillis { t0 + EpochMillis(m) * 60_000 }

  static func preview(errors: String, deploy: String, wait: Int, extension ext: Int) throws -> AlarmPreviewResult {
    var store = MetricStore()
    let e = MetricIdentity(namespace: "P", name: "Errors"), d = MetricIdentity(namespace: "P", name: "Deploying")
    store.add(try SeriesNotation.parse(errors).series(e, start: t0, every: 60_000))
    store.add(try SeriesNotation.parse(deploy).series(d, start: t0, every: 60_000))
    store.finishLoading()
    func alarm(_ name: String, _ id: MetricIdentity) -> MetricAlarm {
      MetricAlarm(
        name: name, source: .metric(MetricStat(identity: id, statistic: .maximum, period: 60)), comparison: .greaterThanThreshold,
        threshold: 50, evaluationPeriods: 1)
    }
    let composite = try CompositeAlarm(
      name: "payments-degraded", rule: "ALARM(errors)", alarmActions: ["arn:aws:sns:eu-west-1:1:oncall"],
      okActions: ["arn:aws:sns:eu-west-1:1:oncall"],
      actionsSuppressor: "deploying", suppressorWaitPeriod: wait, suppressorExtensionPeriod: ext)
    return try AlarmPreview(
      alarms: AlarmSet(metricAlarms: [alarm("errors", e), alarm("deploying", d)], compositeAlarms: [composite]), store: store
    ).run()
  }

  @Test func waitPeriodExpiresAndActionsRun() throws {
    // Example 1: composite → ALARM at 10:04, suppressor stays OK, actions run when the 120 s wait ends.
    let r = try Self.preview(errors: "0x3 99x10", deploy: "0x13", wait: 120, extension: 180)
    let alarms = r.notifications.filter { $0.alarmName == "payments-degraded" }
    #expect(alarms.map(\.timestamp) == [Self.time(3), Self.time(6)])
    #expect(alarms.map(\.newState) == [.ok, .alarm])
    #expect(alarms.map(\.releasedAfter) == ["WaitPeriod", "WaitPeriod"])
  }

  @Test func suppressorInAlarmHoldsActionsUntilTheExtensionEnds() throws {
    // Examples 2 and 5: suppressor in ALARM 10:05–10:08; extension 180 s; composite's ALARM actions at 10:11.
    let r = try Self.preview(errors: "0x3 99x12", deploy: "0x4 99x3 0x8", wait: 120, extension: 180)
    let alarms = r.notifications.filter { $0.alarmName == "payments-degraded" && $0.newState == .alarm }
    #expect(alarms.map(\.timestamp) == [Self.time(11)])
    #expect(alarms.map(\.releasedAfter) == ["ExtensionPeriod"])
  }

  @Test func compositeReasonNamesTheChild() throws {
    let r = try Self.preview(errors: "0x3 99x10", deploy: "0x13", wait: 60, extension: 60)
    let item = try #require(r.history.first { $0.alarmName == "payments-degraded" && $0.newState == .alarm })
    #expect(
      item.newReason == "arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors transitioned to ALARM at Monday 02 March, 2026 10:04:00 UTC"
    )
  }
}
