import Foundation
import VigilAlarms
import VigilCharts
import VigilCore
import VigilMetrics
import VigilModel

/// Commands that load data, preview alarms against it and assert what happened (for CI).
enum DataCommands {
  /// The commands, with how each is recorded and what runs it.
  static let commands: [SessionCommand] = [
    SessionCommand(
      .data,
      CommandSpec(
        "load-metrics", summary: "Load metric datapoints: PutMetricData input, get-metric-data or get-metric-statistics output (JSON files).",
        positionals: [PositionalSpec("files", .file, help: "PutMetricData JSON files", variadic: true)],
        example: "load-metrics samples/metrics/payment-ecs.json", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.loadMetrics(command) },
    SessionCommand(
      .data,
      CommandSpec(
        "series", summary: "Add a metric series in compact notation: '40x30 95x10 _x3 40x20' (_ = no data).",
        positionals: [
          PositionalSpec("metric", .text, help: "Namespace/MetricName"), PositionalSpec("values", .text, help: "the series notation"),
        ],
        options: [
          OptionSpec("start", value: "TIME", help: "time of the first slot (ISO-8601 or epoch)"),
          OptionSpec("every", value: "DURATION", .duration, help: "time between slots (default 1m)"),
          OptionSpec("dimension", value: "NAME=VALUE", help: "a metric dimension", repeatable: true),
          OptionSpec("unit", value: "UNIT", help: "unit (default None)"),
        ], example: "series Payments/payment-api/LatencyMs '200x30 1500x10 _x3 200x20' --start 2026-03-02T10:00:00Z --every 1m",
        changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.addSeries(command) },
    SessionCommand(
      .data,
      CommandSpec(
        "incident", summary: "Mark an incident window, for tuning (time to first ALARM, false-alarm minutes).",
        positionals: [PositionalSpec("from", .text, help: "start time"), PositionalSpec("to", .text, help: "end time")],
        options: [
          OptionSpec(
            "alarms", value: "NAME,...", .resource(.alarm),
            help: "alarms or composites that must reach ALARM inside the window (default: at least one of the stack)",
            repeatable: true)
        ],
        example: "incident 2026-03-02T10:15:00Z 2026-03-02T10:30:00Z --alarms api-p99,payments-degraded", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.markIncident(command) },
    SessionCommand(
      .view,
      CommandSpec(
        "preview alarm", summary: "Replay a metric alarm over the loaded data: chart, state timeline, reasons.",
        positionals: [PositionalSpec("name", .resource(.alarm), help: "metric alarm")],
        options: [
          OptionSpec("from", value: "TIME", help: "start of the evaluation (default: first datapoint)"),
          OptionSpec("until", value: "TIME", help: "end of the evaluation (default: end of the last datapoint's period)"),
        ], example: "preview alarm api-p99", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.previewAlarm(command) },
    SessionCommand(
      .view,
      CommandSpec(
        "preview composite", summary: "Replay a composite alarm and the alarms it watches; show notifications.",
        positionals: [PositionalSpec("name", .resource(.composite), help: "composite alarm")],
        options: [
          OptionSpec("from", value: "TIME", help: "start of the evaluation"),
          OptionSpec("until", value: "TIME", help: "end of the evaluation"),
        ], example: "preview composite payments-degraded", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.previewAlarm(command) },
    SessionCommand(
      .view,
      CommandSpec(
        "tune", summary: "Try every threshold and M-of-N for an alarm; compare notifications and detection time.",
        positionals: [PositionalSpec("alarm", .resource(.alarm), help: "metric alarm")],
        options: [
          OptionSpec("threshold", value: "LOW..HIGH/STEP", help: "thresholds to try, e.g. 500..1000/100 or 600,800"),
          OptionSpec("datapoints", value: "M/N,...", help: "M-of-N pairs to try, e.g. 2/3,3/5 (default: the alarm's)"),
          OptionSpec("incidents-from", value: "ALARM", .resource(.alarm), help: "use a reference alarm's ALARM spans as incidents"),
          OptionSpec("from", value: "TIME", help: "start of the evaluation"),
          OptionSpec("until", value: "TIME", help: "end of the evaluation"),
        ], example: "tune api-p99 --threshold 500..1000/100 --datapoints 2/3,3/5", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.tune(command) },
    SessionCommand(
      .data,
      CommandSpec(
        "simulate webhook-failure", summary: "Make a topic's webhook fail in previews: retries, then the dead-letter queue.",
        positionals: [PositionalSpec("topic", .resource(.topic), help: "SNS topic whose webhook endpoints fail")],
        example: "simulate webhook-failure oncall", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.simulateWebhookFailure(command) },
    SessionCommand(
      .data,
      CommandSpec(
        "expect alarm", summary: "Assert an alarm's state at a time, or its number of transitions (CI).",
        positionals: [
          PositionalSpec("name", .resource(.alarm), help: "alarm or composite"),
          PositionalSpec("assertion", .choice(["state", "transitions"]), help: "'state STATE at TIME' or 'transitions N'", variadic: true),
        ], example: "expect alarm api-p99 state ALARM at 2026-03-02T10:20:00Z", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.expect(command) },
    SessionCommand(
      .data,
      CommandSpec(
        "expect notifications", summary: "Assert at most N notifications reached a topic (CI).",
        positionals: [
          PositionalSpec("topic", .resource(.topic), help: "SNS topic"),
          PositionalSpec("bound", .text, help: "'<= N'", variadic: true),
        ], example: "expect notifications oncall <= 3", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.expect(command) },
  ]

  static func time(_ token: Token, _ what: String) throws(Diagnostic) -> EpochMillis {
    guard let t = TimeFormat.parse(token.text) else {
      if let (offset, reason) = TimeFormat.rejection(of: token.text), offset > 0 {
        throw token.error("\(what): \(reason)", columnOffset: offset + (token.quoted ? 1 : 0))
      }
      throw token.error("\(what) must be a time such as 2026-03-02T10:15:00Z or epoch seconds, got '\(token.text)'")
    }
    return t
  }
}

extension Interpreter {
  /// `load-metrics FILE...`: PutMetricData input, get-metric-data or get-metric-statistics output (`MetricDataReader`).
  func loadMetrics(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    var loaded = 0
    func datapoints(_ store: MetricStore) -> Int {
      store.series.values.reduce(0) { $0 + $1.count } + store.aggregated.values.reduce(0) { $0 + $1.values.count }
    }
    for token in c.positionals {
      guard let text = try? String(contentsOf: resolve(token.text), encoding: .utf8) else {
        throw unreadable(token)
      }
      let before = datapoints(workspace.store)
      try MetricDataReader.read(text, file: token.text, into: &workspace.store)
      loaded += datapoints(workspace.store) - before
    }
    workspace.store.finishLoading()
    let aggregated = workspace.store.aggregated.count
    return CommandOutcome(
      .ok,
      "loaded \(loaded) datapoint(s); \(workspace.store.series.count) metric(s) in the session"
        + (aggregated > 0 ? "; \(aggregated) aggregated series (one statistic per period)" : ""))
  }

  /// `series METRIC VALUES --start TIME`: datapoints in compact notation.
  func addSeries(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    let metric = try c.positionals[0].metric(dimensions: Dictionary(try c.dimensions(), uniquingKeysWith: { a, _ in a }))
    guard let startToken = c.value("start") else { throw c.missing("--start TIME") }
    let start = try DataCommands.time(startToken, "--start")
    let every = try c.value("every")?.seconds("--every") ?? 60
    let valuesToken = c.positionals[1]
    let notation: SeriesNotation
    do throws(Diagnostic) {
      notation = try SeriesNotation.parse(valuesToken.text)
    } catch {
      throw error.relocated(
        file: valuesToken.location.file, line: valuesToken.location.line, sourceLine: valuesToken.sourceLine,
        columnOffset: valuesToken.location.column - 1 + (valuesToken.quoted ? 1 : 0))
    }
    let identity = AlarmSetBuilder.identity(metric, in: stack)
    var count = 0
    for (index, value) in notation.slots.enumerated() {
      guard let value else { continue }
      workspace.store.add(
        identity, unit: c.value("unit")?.text ?? "None", timestamp: start + EpochMillis(index * every * 1000), value: value)
      count += 1
    }
    workspace.store.finishLoading()
    return CommandOutcome(
      .ok,
      "added \(count) datapoint(s) of \(metric.namespace)/\(metric.name) over \(notation.slots.count) slot(s) of \(TimeFormat.formatDuration(EpochMillis(every) * 1000))"
    )
  }

  /// `incident FROM TO [--alarms NAME,…]`: an incident window for tuning, and the alarms that must reach ALARM in it
  /// (VIGIL-ALM-004; the shell says at once when one does not).
  func markIncident(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    let from = try DataCommands.time(c.positionals[0], "incident start")
    let to = try DataCommands.time(c.positionals[1], "incident end")
    guard to > from else { throw c.positionals[1].error("the incident must end after it starts") }
    var alarms: [String] = []
    for token in c.values("alarms") {
      for name in Self.commaSeparated(token) {
        let resolved = try name.reference(.alarm, in: stack.names(of: .alarm) + stack.names(of: .composite))
        if !alarms.contains(resolved) { alarms.append(resolved) }
      }
    }
    let mark = IncidentMark(window: from..<to, alarms: alarms, location: c.line.location)
    workspace.incidentMarks.append(mark)
    var lines = ["incident \(Self.describe(mark.window))" + (alarms.isEmpty ? "" : "; must reach ALARM: \(alarms.joined(separator: ", "))")]
    if policyWarnings && loadDepth == 0 { lines += Self.warningLines(incidentFindings(only: mark)) }
    return CommandOutcome(.ok, lines.joined(separator: "\n"))
  }

  /// The names of a comma-separated value, each a token of its own so an error's caret points at that name.
  static func commaSeparated(_ token: Token) -> [Token] {
    var names: [Token] = []
    var offset = token.quoted ? 1 : 0
    for piece in token.text.split(separator: ",", omittingEmptySubsequences: false) {
      let leading = piece.prefix { $0 == " " }.count
      var name = token
      name.text = String(piece).trimmingCharacters(in: .whitespaces)
      name.location.column += offset + leading
      if !name.text.isEmpty { names.append(name) }
      offset += piece.count + 1
    }
    return names
  }

  /// `preview alarm NAME` and `preview composite NAME`.
  func previewAlarm(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    let isComposite = c.spec.name == "preview composite"
    let name = try c.positionals[0].reference(isComposite ? .composite : .alarm, in: stack.names(of: isComposite ? .composite : .alarm))
    let result = try preview(c)
    return CommandOutcome(.ok, isComposite ? compositeReport(name, result) : alarmReport(name, result))
  }

  /// `simulate webhook-failure TOPIC`.
  func simulateWebhookFailure(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    let topic = try c.positionals[0].reference(.topic, in: stack.names(of: .topic))
    workspace.failingWebhooks.insert(topic)
    let dlq = stack.topic(topic)?.deadLetterQueue ?? false
    return CommandOutcome(
      .ok,
      "webhooks of \(topic) now fail in previews: SNS retries 3 times 20 s apart, then "
        + (dlq
          ? "the message goes to \(ResourceNames(stack.environment!).physical(topic, .dlq))" : "the message is lost (the topic has no --dlq)")
    )
  }

  func alarmReport(_ name: String, _ result: AlarmPreviewResult) -> String {
    guard let alarm = stack.alarm(name), let timeline = result.timelines[name] else { return "no alarm \(name)" }
    var lines: [String] = missingDataNotes(alarm).map { "note: \($0)" }
    if case .metric(let ref, let statistic) = alarm.source, let stat = Statistic.parse(statistic),
      let store = try? metricStore(for: MetricDemand()),
      case .success(let series?) = store.lookup(AlarmSetBuilder.identity(ref, in: stack), unit: nil)
    {
      let period = EpochMillis(alarm.periodSeconds) * 1000
      let points = series.periodValues(stat, period: period, from: result.from, to: result.until)
      let chart = MetricChart(
        series: [ChartSeries(label: "\(ref.name) \(statistic)", values: points)],
        thresholds: alarm.threshold.map { [ThresholdLine(value: $0, label: "threshold \(JSONValue.format($0))")] } ?? [],
        alarmSpans: alarmSpans(timeline, name: name, until: result.until))
      lines.append(
        TerminalChart(width: display.width, height: display.chartHeight, color: display.color).render(
          chart, window: result.from...result.until))
    }
    lines.append(stateTimeline([name], result))
    return lines.joined(separator: "\n")
  }

  func compositeReport(_ name: String, _ result: AlarmPreviewResult) -> String {
    guard let composite = stack.composite(name) else { return "" }
    var out = stateTimeline(composite.references + [name], result)
    let sent = result.notifications.filter { $0.alarmName == name }
    out += "\nNotifications from \(name): \(sent.count)\n"
    for n in sent {
      out +=
        "  \(TimeFormat.iso8601(n.timestamp, fraction: false))  \(n.newState.rawValue) → \(n.topic)\(n.releasedAfter.map { " (released after \($0))" } ?? "")\n"
    }
    return out + deliveryReport(sent)
  }

  func alarmSpans(_ timeline: VigilAlarms.AlarmTimeline, name: String, until: EpochMillis) -> [AlarmSpan] {
    AlarmTuner.incidents(from: timeline, until: until).map { AlarmSpan(from: $0.lowerBound, to: $0.upperBound, alarmName: name) }
  }

  /// One row per alarm (A = ALARM, . = OK, ? = INSUFFICIENT_DATA) and the transitions with CloudWatch's reasons.
  func stateTimeline(_ names: [String], _ result: AlarmPreviewResult) -> String {
    AlarmReplay.timeline(result, only: names)
  }

  func tune(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    let name = try c.positionals[0].reference(.alarm, in: stack.names(of: .alarm))
    guard let model = stack.alarm(name) else { throw c.positionals[0].error("unknown alarm '\(name)'") }
    guard let thresholdToken = c.value("threshold") else { throw c.missing("--threshold LOW..HIGH/STEP") }
    guard let thresholds = AlarmTuner.thresholds(thresholdToken.text) else {
      throw thresholdToken.error("--threshold must be LOW..HIGH/STEP (e.g. 500..1000/100) or a comma list, got '\(thresholdToken.text)'")
    }
    var pairs = [(model.datapointsToAlarm, model.evaluationPeriods)]
    if let token = c.value("datapoints") {
      guard let parsed = AlarmTuner.datapoints(token.text) else {
        throw token.error("--datapoints must be M/N pairs such as 2/3,3/5, got '\(token.text)'")
      }
      pairs = parsed
    }
    let result = try preview(c)
    var incidents = workspace.incidents
    if let reference = c.value("incidents-from") {
      let referenceName = try reference.reference(.alarm, in: stack.names(of: .alarm) + stack.names(of: .composite))
      guard let timeline = result.timelines[referenceName] else { throw reference.error("no timeline for '\(referenceName)'") }
      incidents = AlarmTuner.incidents(from: timeline, until: result.until)
    }
    guard !incidents.isEmpty else {
      throw c.head.error("no incidents to measure against", suggestion: "mark one with 'incident FROM TO' or pass --incidents-from ALARM")
    }
    var alarm = try AlarmSetBuilder.metricAlarm(model, stack: stack)
    // Metric alarms notify only through composites; count what a composite over this alarm alone would send.
    alarm.alarmActions = [AlarmSetBuilder.topicARN("tuning", stack.environment!)]
    let rows: [TuningRow]
    do {
      rows = try AlarmTuner.tune(
        alarm, store: try metricStore(for: MetricDemand()), thresholds: thresholds, datapoints: pairs, incidents: incidents, from: result.from,
        until: result.until)
    } catch {
      throw c.head.error("cannot tune: \(error)")
    }
    let header = "Tuning \(name) over \(incidents.count) incident(s); notifications = ALARM notifications, one each time it enters ALARM\n"
    return CommandOutcome(.ok, header + AlarmTuner.table(rows))
  }

  func expect(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    let words = Array(c.positionals.dropFirst())
    let expectation: AlarmExpectation
    if c.spec.name == "expect notifications" {
      let topic = try c.positionals[0].reference(.topic, in: stack.names(of: .topic))
      guard words.count == 2, words[0].text == "<=", let limit = Int(words[1].text), limit >= 0 else {
        throw (words.first ?? c.positionals[0]).error("expected '<= N' after the topic, e.g. expect notifications \(topic) <= 3")
      }
      guard let env = stack.environment else { throw c.positionals[0].error("no stack yet") }
      expectation = .notificationsAtMost(topic: ResourceNames(env).physical(topic, .topic), limit)
    } else {
      let name = try c.positionals[0].reference(.alarm, in: stack.names(of: .alarm) + stack.names(of: .composite))
      guard let first = words.first else { throw c.missing("'state STATE at TIME' or 'transitions N'") }
      switch first.text {
      case "state":
        guard words.count == 4, words[2].text == "at" else {
          throw first.error("expected 'state STATE at TIME', e.g. state ALARM at 2026-03-02T10:20:00Z")
        }
        guard let state = AlarmState(rawValue: words[1].text) else {
          throw words[1].error("state must be ALARM, OK or INSUFFICIENT_DATA, got '\(words[1].text)'")
        }
        expectation = .state(alarm: name, state, at: try DataCommands.time(words[3], "the time"))
      case "transitions":
        guard words.count == 2, let n = Int(words[1].text), n >= 0 else {
          throw first.error("expected 'transitions N' with a whole number")
        }
        expectation = .transitions(alarm: name, n)
      default:
        throw first.error("expected 'state' or 'transitions', got '\(first.text)'")
      }
    }
    let outcome = expectation.check(try preview(c))
    let location = c.line.location.description
    return outcome.passed
      ? CommandOutcome(
        .ok, "ok: \(outcome.message.replacingOccurrences(of: "expected ", with: "").replacingOccurrences(of: ", got", with: " — got"))")
      : CommandOutcome(.expectationFailed, "\(location): expectation failed: \(outcome.message)")
  }
}
