import VigilAlarms
import VigilCore
import VigilMetrics
import VigilModel

/// Turns the output of `aws cloudwatch describe-alarms` into session lines: each metric alarm (single metric, metric
/// math, anomaly band) becomes `alarm`, each composite alarm `composite`, each SNS topic an alarm notifies a `topic`,
/// all keeping their AWS names with `--physical-name`. The file is read and validated by the alarm engine's
/// `DescribeAlarmsReader` (the one reader `vigil preview-alarm` uses), so a malformed file fails the same way in both.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
struct DescribeAlarmsImporter {
  let file: String
  let bytes: [UInt8]
  let alarms: AlarmSet
  /// Session names by AWS alarm name (metric and composite alarms share one namespace).
  private var sessionNames: [String: String] = [:]
  /// Session names of topics by ARN.
  private var topics: [String: String] = [:]

  init(file: String, text: String) throws(Diagnostic) {
    self.file = file
    bytes = Array(text.utf8)
    alarms = try DescribeAlarmsReader.read(text, file: file)
  }

  /// The region of the alarms' ARNs (`arn:aws:cloudwatch:REGION:…`), when they name one.
  var region: String? {
    let arns = alarms.metricAlarms.compactMap { $0.original["AlarmArn"]?.stringValue }
      + alarms.compositeAlarms.compactMap { $0.original["AlarmArn"]?.stringValue }
    return arns.lazy.map { $0.split(separator: ":", omittingEmptySubsequences: false) }.first { $0.count > 4 && !$0[3].isEmpty }
      .map { String($0[3]) }
  }

  /// The position of a field of the file (for the report and the session's comments).
  private func location(_ path: [JSONLocator.Step]) -> SourceLocation {
    JSONLocator.diagnostic("", bytes: bytes, offset: JSONLocator.offset(of: path, in: bytes), file: file).location
  }

  private func word(_ s: String) -> String { SessionAssembler.word(s) }

  mutating func run(into session: inout SessionAssembler) {
    // Topics first (alarms name them), then metric alarms, then composites in an order where each comes after the
    // composites its rule names.
    for (index, alarm) in alarms.metricAlarms.enumerated() {
      importTopics(alarm.alarmActions, at: [.key("MetricAlarms"), .index(index), .key("AlarmActions")], into: &session)
    }
    for (index, alarm) in alarms.compositeAlarms.enumerated() {
      importTopics(alarm.alarmActions, at: [.key("CompositeAlarms"), .index(index), .key("AlarmActions")], into: &session)
    }
    for (index, alarm) in alarms.metricAlarms.enumerated() { importMetricAlarm(alarm, index: index, into: &session) }
    var pending = Array(alarms.compositeAlarms.enumerated())
    while !pending.isEmpty {
      let composites = Set(pending.map(\.element.name))
      let ready = pending.filter { item in
        !item.element.rule.references.contains { composites.contains(AlarmRule.alarmName(of: $0)) && AlarmRule.alarmName(of: $0) != item.element.name }
      }
      // A cycle cannot be written in any order; the session reports the unknown alarm for each.
      let batch = ready.isEmpty ? pending : ready
      for (index, alarm) in batch { importComposite(alarm, index: index, into: &session) }
      let done = Set(batch.map(\.offset))
      pending.removeAll { done.contains($0.offset) }
    }
  }

  /// `topic NAME --physical-name TOPIC --no-key` for each SNS ARN among `actions` not seen before.
  private mutating func importTopics(_ actions: [String], at path: [JSONLocator.Step], into session: inout SessionAssembler) {
    for (offset, arn) in actions.enumerated() where topics[arn] == nil {
      let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count == 6, parts[2] == "sns", !parts[5].isEmpty else { continue }
      let physical = String(parts[5])
      let name = session.uniqueName(CloudFormationImporter.kebab(physical), kind: "topic")
      let where_ = location(path + [.index(offset)])
      let words = ["topic", name, "--physical-name", word(physical), "--no-key"]
      switch session.add(words.joined(separator: " "), source: where_, label: "\(arn) (an alarm action)") {
      case .success(let line):
        topics[arn] = name
        session.report.resources.append(
          ImportedResource(
            logicalID: physical, type: "AWS::SNS::Topic", outcome: .imported, sessionLine: line,
            reason: "an alarm action's topic; its key and subscriptions are not in describe-alarms output: --no-key", location: where_))
      case .failure(let diagnostic):
        session.report.resources.append(
          ImportedResource(
            logicalID: physical, type: "AWS::SNS::Topic", outcome: .skipped, sessionLine: nil,
            reason: "the session refuses it: \(diagnostic.message)", location: where_))
      }
    }
  }

  /// `--notify TOPIC` for each SNS action; the other actions are named in `notes`.
  private func notifyWords(_ alarm: (actions: [String], ok: [String], insufficient: [String], enabled: Bool), notes: inout [String]) -> [String] {
    var words: [String] = []
    for arn in alarm.actions {
      if let topic = topics[arn] { words += ["--notify", topic] } else { notes.append("alarm action \(arn) is not an SNS topic: not kept") }
    }
    if !alarm.ok.isEmpty { notes.append("OKActions not kept (Vigil alarms notify on ALARM)") }
    if !alarm.insufficient.isEmpty { notes.append("InsufficientDataActions not kept (Vigil alarms notify on ALARM)") }
    if !alarm.enabled { notes.append("ActionsEnabled false not kept") }
    return words
  }

  /// `60` → `1m`, `30` → `30s`: the session's duration words.
  static func duration(_ seconds: Int) -> String { seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds)s" }

  /// `--metric NS/NAME` with its `--dimension`s in the file's order; nil when the name cannot be split back.
  private func metricWords(_ identity: MetricIdentity, original: [String: JSONValue]?) -> [String]? {
    // The session splits NS/NAME at the last '/': a metric name holding '/' would be read back wrong.
    guard !identity.name.contains("/"), !identity.namespace.isEmpty, !identity.name.isEmpty else { return nil }
    var words = ["--metric", word("\(identity.namespace)/\(identity.name)")]
    let order = original?["Dimensions"]?.arrayValue?.compactMap { $0["Name"]?.stringValue } ?? identity.dimensions.keys.sorted()
    for key in order { if let value = identity.dimensions[key] { words += ["--dimension", word("\(key)=\(value)")] } }
    return words
  }

  private mutating func skip(_ name: String, type: String, at where_: SourceLocation, _ reason: String, into session: inout SessionAssembler) {
    session.report.resources.append(
      ImportedResource(logicalID: name, type: type, outcome: .skipped, sessionLine: nil, reason: reason, location: where_))
  }

  /// A metric alarm → `alarm NAME …`.
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html
  private mutating func importMetricAlarm(_ alarm: VigilAlarms.MetricAlarm, index: Int, into session: inout SessionAssembler) {
    let path: [JSONLocator.Step] = [.key("MetricAlarms"), .index(index)]
    let where_ = location(path)
    let type = "AWS::CloudWatch::Alarm"
    let name = session.uniqueName(CloudFormationImporter.kebab(alarm.name), kind: "alarm")
    var words = ["alarm", name]
    var notes: [String] = []
    let original = alarm.original
    switch alarm.source {
    case .metric(let stat):
      guard let metric = metricWords(stat.identity, original: original) else {
        return skip(alarm.name, type: type, at: where_, "the metric name \(stat.identity.name) holds '/', which NS/NAME cannot", into: &session)
      }
      words += metric
      let statText = original["ExtendedStatistic"]?.stringValue ?? original["Statistic"]?.stringValue ?? stat.statistic.description
      words += ["--stat", word(statText)]
      if stat.unit != nil { notes.append("Unit \(stat.unit ?? "") not kept: the session's alarm reads every unit of the metric") }
    case .math(let queries):
      if let band = alarm.thresholdMetricId {
        // ANOMALY_DETECTION_BAND(m, WIDTH) over one metric: `--anomaly-band WIDTH`.
        guard queries.count == 2, let bandQuery = queries.first(where: { $0.id == band }),
          case .expression(_, let text) = bandQuery.kind, let metricQuery = queries.first(where: { $0.id != band }),
          case .metric(let stat) = metricQuery.kind, let width = Self.bandWidth(text, over: metricQuery.id),
          let metric = metricWords(stat.identity, original: nil)
        else {
          return skip(
            alarm.name, type: type, at: where_,
            "an anomaly alarm is imported when it is ANOMALY_DETECTION_BAND(m, WIDTH) over one metric m; this one is not", into: &session)
        }
        words += metric + ["--stat", word(stat.statistic.description), "--anomaly-band", word(JSONValue.format(width))]
      } else {
        // One expression over metrics that share their dimensions: `--math EXPR --using id=NS/NAME:STAT`.
        let expressions = queries.filter { if case .expression = $0.kind { return true } else { return false } }
        let stats = queries.compactMap { q -> (String, MetricStat)? in if case .metric(let s) = q.kind { return (q.id, s) } else { return nil } }
        guard expressions.count == 1, case .expression(_, let text)? = expressions.first?.kind, expressions[0].returnData,
          let first = stats.first, stats.allSatisfy({ $0.1.identity.dimensions == first.1.identity.dimensions })
        else {
          return skip(
            alarm.name, type: type, at: where_,
            "a math alarm is imported when it has one expression over metrics with the same dimensions (the session's --math); this one has "
              + "\(expressions.count) expression(s)", into: &session)
        }
        words += ["--math", word(text)]
        for (id, stat) in stats {
          guard !stat.identity.name.contains("/") else {
            return skip(alarm.name, type: type, at: where_, "the metric name \(stat.identity.name) holds '/'", into: &session)
          }
          words += ["--using", word("\(id)=\(stat.identity.namespace)/\(stat.identity.name):\(stat.statistic.description)")]
          if stat.unit != nil { notes.append("the Unit of \(id) not kept") }
        }
        for (key, value) in first.1.identity.dimensions.sorted(by: { $0.key < $1.key }) { words += ["--dimension", word("\(key)=\(value)")] }
        if queries.contains(where: { $0.label != nil }) { notes.append("query labels not kept") }
      }
    }
    words += ["--period", Self.duration(alarm.period)]
    switch alarm.comparison {
    case .lessThanLowerOrGreaterThanUpperThreshold: words += ["--when", "outside"]
    case .greaterThanUpperThreshold: words += ["--when", "above"]
    case .lessThanLowerThreshold: words += ["--when", "below"]
    default:
      guard let threshold = alarm.threshold else {
        return skip(alarm.name, type: type, at: where_, "no Threshold", into: &session)
      }
      words += ["--threshold", word(JSONValue.format(threshold)), "--comparison", alarm.comparison.rawValue]
    }
    words += ["--datapoints", "\(alarm.datapointsToAlarm)/\(alarm.evaluationPeriods)", "--missing", alarm.treatMissingData.rawValue]
    if let description = original["AlarmDescription"]?.stringValue, !description.isEmpty { words += ["--description", word(description)] }
    words += notifyWords(
      (alarm.alarmActions, alarm.okActions, alarm.insufficientDataActions, alarm.actionsEnabled), notes: &notes)
    if !alarm.evaluateLowSampleCountPercentile { notes.append("EvaluateLowSampleCountPercentile ignore not kept (the session evaluates)") }
    words += ["--physical-name", word(alarm.name)]
    emit(words, name: alarm.name, sessionName: name, type: type, at: where_, notes: notes, into: &session)
  }

  /// The width of `ANOMALY_DETECTION_BAND(id)` (2, AWS's default) or `ANOMALY_DETECTION_BAND(id, WIDTH)`.
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html#metric-math-syntax
  static func bandWidth(_ expression: String, over id: String) -> Double? {
    let compact = expression.filter { $0 != " " && $0 != "\t" }
    let prefix = "ANOMALY_DETECTION_BAND(\(id)"
    guard compact.hasPrefix(prefix), compact.hasSuffix(")") else { return nil }
    let rest = compact.dropFirst(prefix.count).dropLast()
    if rest.isEmpty { return 2 }
    guard rest.hasPrefix(","), let width = Double(rest.dropFirst()), width > 0, width <= 100 else { return nil }
    return width
  }

  /// A composite alarm → `composite NAME --rule RULE …`, its references rewritten to session names.
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_CompositeAlarm.html
  private mutating func importComposite(_ alarm: VigilAlarms.CompositeAlarm, index: Int, into session: inout SessionAssembler) {
    let path: [JSONLocator.Step] = [.key("CompositeAlarms"), .index(index)]
    let where_ = location(path)
    let type = "AWS::CloudWatch::CompositeAlarm"
    let name = session.uniqueName(CloudFormationImporter.kebab(alarm.name), kind: "alarm")
    sessionNames[alarm.name] = name
    var notes: [String] = []
    // Rewrite each reference in place, from the last so earlier offsets stay right.
    var rule = Array(alarm.ruleText.unicodeScalars)
    let located = (try? AlarmRule.locatedReferences(in: alarm.ruleText)) ?? []
    for reference in located.sorted(by: { $0.offset > $1.offset }) {
      guard let target = sessionNames[AlarmRule.alarmName(of: reference.reference)] else {
        return skip(alarm.name, type: type, at: where_, "its rule names \(reference.reference), which was not imported", into: &session)
      }
      let end = reference.offset + reference.reference.unicodeScalars.count
      guard end <= rule.count else { continue }
      rule.replaceSubrange(reference.offset..<end, with: target.unicodeScalars)
    }
    var words = ["composite", name, "--rule", word(String(String.UnicodeScalarView(rule)))]
    words += notifyWords((alarm.alarmActions, alarm.okActions, alarm.insufficientDataActions, alarm.actionsEnabled), notes: &notes)
    if let suppressor = alarm.actionsSuppressor {
      guard let target = sessionNames[AlarmRule.alarmName(of: suppressor)] else {
        return skip(alarm.name, type: type, at: where_, "its ActionsSuppressor \(suppressor) was not imported", into: &session)
      }
      words += ["--suppressor", target]
      // The session's durations are positive; AWS allows 0 seconds.
      if alarm.suppressorWaitPeriod > 0 { words += ["--suppress-wait", Self.duration(alarm.suppressorWaitPeriod)] } else { notes.append("ActionsSuppressorWaitPeriod 0 not kept") }
      if alarm.suppressorExtensionPeriod > 0 {
        words += ["--suppress-extension", Self.duration(alarm.suppressorExtensionPeriod)]
      } else {
        notes.append("ActionsSuppressorExtensionPeriod 0 not kept")
      }
    }
    if alarm.original["AlarmDescription"]?.stringValue.map({ !$0.isEmpty }) == true { notes.append("AlarmDescription not kept") }
    words += ["--physical-name", word(alarm.name)]
    emit(words, name: alarm.name, sessionName: name, type: type, at: where_, notes: notes, into: &session)
  }

  private mutating func emit(
    _ words: [String], name: String, sessionName: String, type: String, at where_: SourceLocation, notes: [String],
    into session: inout SessionAssembler
  ) {
    switch session.add(words.joined(separator: " "), source: where_, label: "\(name) (\(type))") {
    case .success(let line):
      sessionNames[name] = sessionName
      session.report.resources.append(
        ImportedResource(logicalID: name, type: type, outcome: .imported, sessionLine: line, reason: notes.joined(separator: "; "), location: where_))
    case .failure(let diagnostic):
      sessionNames[name] = nil
      skip(name, type: type, at: where_, "the session refuses it: \(diagnostic.message)", into: &session)
    }
  }
}
