import VigilCore
import VigilMetrics

/// Reads the output of `aws cloudwatch describe-alarms` (`{"MetricAlarms": [...], "CompositeAlarms": [...]}`),
/// validating each alarm as `PutMetricAlarm`/`PutCompositeAlarm` would; errors point into the file.
public enum DescribeAlarmsReader {
  public static func read(_ text: String, file: String? = nil) throws(Diagnostic) -> AlarmSet {
    let bytes = Array(text.utf8)
    let root = try JSONLocator.parse(bytes, file: file)
    func fail(_ message: String, _ path: [JSONLocator.Step], suggestion: String? = nil) -> Diagnostic {
      JSONLocator.diagnostic(message, bytes: bytes, offset: JSONLocator.offset(of: path, in: bytes), file: file, suggestion: suggestion)
    }
    guard let object = root.objectValue else {
      throw fail("expected the describe-alarms output: {\"MetricAlarms\": [...], \"CompositeAlarms\": [...]}", [])
    }
    for key in object.keys.sorted() where !["MetricAlarms", "CompositeAlarms", "NextToken"].contains(key) {
      throw fail(
        "unknown field \"\(key)\"", [.key(key)],
        suggestion: closestMatch(to: key, in: ["MetricAlarms", "CompositeAlarms"]).map { "did you mean \($0)?" })
    }
    var set = AlarmSet()
    var names: Set<String> = []
    for (index, item) in (object["MetricAlarms"]?.arrayValue ?? []).enumerated() {
      let at: [JSONLocator.Step] = [.key("MetricAlarms"), .index(index)]
      let alarm = try metricAlarm(item, at: at, fail: { fail($0, $1, suggestion: $2) }, bytes: bytes, file: file)
      guard names.insert(alarm.name).inserted else { throw fail("duplicate alarm name \"\(alarm.name)\"", at + [.key("AlarmName")]) }
      set.metricAlarms.append(alarm)
    }
    for (index, item) in (object["CompositeAlarms"]?.arrayValue ?? []).enumerated() {
      let at: [JSONLocator.Step] = [.key("CompositeAlarms"), .index(index)]
      guard let o = item.objectValue else { throw fail("expected a composite alarm object", at) }
      guard let name = o["AlarmName"]?.stringValue, !name.isEmpty else { throw fail("missing \"AlarmName\"", at) }
      guard let ruleText = o["AlarmRule"]?.stringValue else { throw fail("missing \"AlarmRule\"", at) }
      let rulePath = at + [.key("AlarmRule")]
      let wait = try seconds("ActionsSuppressorWaitPeriod", in: o, at: at, fail: { fail($0, $1) })
      let extensionPeriod = try seconds("ActionsSuppressorExtensionPeriod", in: o, at: at, fail: { fail($0, $1) })
      let composite: CompositeAlarm
      do {
        var c = try CompositeAlarm(
          name: name, rule: ruleText, actionsEnabled: o["ActionsEnabled"].map { $0 == .bool(true) } ?? true,
          alarmActions: strings(o["AlarmActions"]), okActions: strings(o["OKActions"]),
          insufficientDataActions: strings(o["InsufficientDataActions"]), actionsSuppressor: o["ActionsSuppressor"]?.stringValue,
          suppressorWaitPeriod: wait, suppressorExtensionPeriod: extensionPeriod,
          arn: o["AlarmArn"]?.stringValue)
        c.original = o
        composite = c
      } catch {
        // Point into the JSON string: its opening quote + 1 + the column in the rule (exact when the rule has no escapes).
        let base = JSONLocator.offset(of: rulePath, in: bytes) + 1
        let prefix = String(ruleText.unicodeScalars.prefix(error.location.column - 1))
        throw JSONLocator.diagnostic(
          "AlarmRule: \(error.message)", bytes: bytes, offset: base + prefix.utf8.count, file: file, suggestion: error.suggestion)
      }
      if composite.actionsSuppressor != nil, o["ActionsSuppressorWaitPeriod"] == nil || o["ActionsSuppressorExtensionPeriod"] == nil {
        throw fail(
          "ActionsSuppressorWaitPeriod and ActionsSuppressorExtensionPeriod are required with ActionsSuppressor",
          at + [.key("ActionsSuppressor")])
      }
      guard names.insert(name).inserted else { throw fail("duplicate alarm name \"\(name)\"", at + [.key("AlarmName")]) }
      set.compositeAlarms.append(composite)
    }
    // Every reference must name a loaded alarm: a preview cannot know the state of an alarm it does not have.
    for (index, c) in set.compositeAlarms.enumerated() {
      for ref in c.rule.references where !names.contains(AlarmRule.alarmName(of: ref)) {
        let base = JSONLocator.offset(of: [.key("CompositeAlarms"), .index(index), .key("AlarmRule")], in: bytes) + 1
        let offset = c.ruleText.range(of: ref).map { c.ruleText.utf8.distance(from: c.ruleText.startIndex, to: $0.lowerBound) } ?? 0
        throw JSONLocator.diagnostic(
          "AlarmRule refers to \"\(ref)\", which is not among the alarms in this file", bytes: bytes, offset: base + offset, file: file,
          suggestion: closestMatch(to: AlarmRule.alarmName(of: ref), in: names).map { "did you mean \($0)?" })
      }
      if let suppressor = c.actionsSuppressor, !names.contains(AlarmRule.alarmName(of: suppressor)) {
        throw fail(
          "ActionsSuppressor \"\(suppressor)\" is not among the alarms in this file",
          [.key("CompositeAlarms"), .index(index), .key("ActionsSuppressor")])
      }
    }
    return set
  }

  static func strings(_ v: JSONValue?) -> [String] { v?.arrayValue?.compactMap(\.stringValue) ?? [] }

  /// A JSON number that is a whole number a 32-bit API `Integer` can hold (AWS's integer fields), or nil.
  /// `Int(double)` would truncate `2.5` silently and trap on `1e19`.
  static func integer(_ v: JSONValue?) -> Int? {
    guard let d = v?.doubleValue, let n = Int(exactly: d), n >= Int(Int32.min), n <= Int(Int32.max) else { return nil }
    return n
  }

  /// An optional number of seconds (0 when absent), such as `ActionsSuppressorWaitPeriod`.
  static func seconds(
    _ key: String, in o: [String: JSONValue], at: [JSONLocator.Step], fail: (String, [JSONLocator.Step]) -> Diagnostic
  ) throws(Diagnostic) -> Int {
    guard let value = o[key] else { return 0 }
    guard let n = integer(value), n >= 0 else {
      throw fail("\"\(key)\" must be a whole number of seconds from 0 to \(Int32.max)", at + [.key(key)])
    }
    return n
  }

  static func metricStat(
    _ o: [String: JSONValue], at: [JSONLocator.Step], statisticKey: String, fail: (String, [JSONLocator.Step], String?) -> Diagnostic
  ) throws(Diagnostic) -> (MetricIdentity, Statistic) {
    guard let namespace = o["Namespace"]?.stringValue else { throw fail("missing \"Namespace\"", at, nil) }
    guard let name = o["MetricName"]?.stringValue else { throw fail("missing \"MetricName\"", at, nil) }
    var dims: [String: String] = [:]
    for d in o["Dimensions"]?.arrayValue ?? [] {
      if let n = d["Name"]?.stringValue, let v = d["Value"]?.stringValue { dims[n] = v }
    }
    guard let statText = o[statisticKey]?.stringValue else { throw fail("missing \"\(statisticKey)\"", at, nil) }
    guard let statistic = Statistic.parse(statText) else { throw fail("unknown statistic \"\(statText)\"", at + [.key(statisticKey)], nil) }
    return (MetricIdentity(namespace: namespace, name: name, dimensions: dims), statistic)
  }

  static func validPeriod(_ p: Int) -> Bool { p == 10 || p == 20 || p == 30 || (p > 0 && p % 60 == 0) }

  static func metricAlarm(
    _ item: JSONValue, at: [JSONLocator.Step], fail report: (String, [JSONLocator.Step], String?) -> Diagnostic, bytes: [UInt8],
    file: String?
  ) throws(Diagnostic) -> MetricAlarm {
    func fail(_ m: String, _ p: [JSONLocator.Step], suggestion: String? = nil) -> Diagnostic { report(m, p, suggestion) }
    guard let o = item.objectValue else { throw fail("expected a metric alarm object", at) }
    guard let name = o["AlarmName"]?.stringValue, !name.isEmpty else { throw fail("missing \"AlarmName\"", at) }
    guard let opText = o["ComparisonOperator"]?.stringValue else { throw fail("missing \"ComparisonOperator\"", at) }
    guard let op = ComparisonOperator(rawValue: opText) else {
      throw fail(
        "unknown ComparisonOperator \"\(opText)\"", at + [.key("ComparisonOperator")],
        suggestion: closestMatch(to: opText, in: ComparisonOperator.allCases.map(\.rawValue)).map { "did you mean \($0)?" })
    }
    guard let n = integer(o["EvaluationPeriods"]), n >= 1 else {
      throw fail("\"EvaluationPeriods\" must be an integer of at least 1", at + [.key("EvaluationPeriods")])
    }
    let m = o["DatapointsToAlarm"] == nil ? n : integer(o["DatapointsToAlarm"]) ?? 0
    guard m >= 1, m <= n else {
      throw fail("\"DatapointsToAlarm\" must be between 1 and EvaluationPeriods (\(n))", at + [.key("DatapointsToAlarm")])
    }
    let tmdText = o["TreatMissingData"]?.stringValue ?? "missing"
    guard let tmd = TreatMissingData(rawValue: tmdText) else {
      throw fail(
        "unknown TreatMissingData \"\(tmdText)\"", at + [.key("TreatMissingData")],
        suggestion: closestMatch(to: tmdText, in: TreatMissingData.allCases.map(\.rawValue)).map { "did you mean \($0)?" })
    }
    let lowText = o["EvaluateLowSampleCountPercentile"]?.stringValue ?? "evaluate"
    guard lowText == "evaluate" || lowText == "ignore" || lowText.isEmpty else {
      throw fail("\"EvaluateLowSampleCountPercentile\" must be evaluate or ignore", at + [.key("EvaluateLowSampleCountPercentile")])
    }
    let source: MetricAlarm.Source
    // DescribeAlarms (the AWS CLI and moto alike) prints `"Metrics": []` on single-metric alarms: an empty
    // list beside "MetricName" is the absence of math queries, not a math alarm with none
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html).
    let emptyMetricsBesideMetricName = o["Metrics"]?.arrayValue?.isEmpty == true && o["MetricName"] != nil
    if !emptyMetricsBesideMetricName, let metrics = o["Metrics"]?.arrayValue {
      for key in ["MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Period"] where o[key] != nil {
        throw fail("\"\(key)\" cannot be combined with \"Metrics\"", at + [.key(key)])
      }
      guard !metrics.isEmpty, metrics.count <= 20 else { throw fail("\"Metrics\" holds 1 to 20 queries", at + [.key("Metrics")]) }
      var queries: [MetricDataQuery] = []
      var ids: Set<String> = []
      for (qi, q) in metrics.enumerated() {
        let qat = at + [.key("Metrics"), .index(qi)]
        guard let qo = q.objectValue, let id = qo["Id"]?.stringValue else { throw fail("a query needs an \"Id\"", qat) }
        guard let first = id.unicodeScalars.first, first.properties.isLowercase,
          id.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ($0.value >= 48 && $0.value <= 57) || $0 == "_" })
        else { throw fail("query Id \"\(id)\" must start with a lowercase letter and hold only letters, digits and _", qat + [.key("Id")]) }
        guard ids.insert(id).inserted else { throw fail("duplicate query Id \"\(id)\"", qat + [.key("Id")]) }
        let returnData = qo["ReturnData"].map { $0 == .bool(true) } ?? true
        if let statObject = qo["MetricStat"]?.objectValue {
          let sat = qat + [.key("MetricStat")]
          guard let metric = statObject["Metric"]?.objectValue else { throw fail("MetricStat needs \"Metric\"", sat) }
          guard let statText = statObject["Stat"]?.stringValue, let statistic = Statistic.parse(statText) else {
            throw fail("MetricStat needs a valid \"Stat\"", sat + [.key("Stat")])
          }
          guard let period = integer(statObject["Period"]), validPeriod(period) else {
            throw fail("\"Period\" must be 10, 20, 30 or a multiple of 60", sat + [.key("Period")])
          }
          var dims: [String: String] = [:]
          for d in metric["Dimensions"]?.arrayValue ?? [] {
            if let dn = d["Name"]?.stringValue, let dv = d["Value"]?.stringValue { dims[dn] = dv }
          }
          guard let ns = metric["Namespace"]?.stringValue, let mn = metric["MetricName"]?.stringValue else {
            throw fail("Metric needs \"Namespace\" and \"MetricName\"", sat + [.key("Metric")])
          }
          let stat = MetricStat(
            identity: MetricIdentity(namespace: ns, name: mn, dimensions: dims), statistic: statistic, period: period,
            unit: statObject["Unit"]?.stringValue)
          queries.append(MetricDataQuery(id: id, kind: .metric(stat), returnData: returnData, label: qo["Label"]?.stringValue))
        } else if let text = qo["Expression"]?.stringValue {
          let expression: MetricMathExpression
          do {
            expression = try MetricMathExpression.parse(text)
          } catch {
            let base = JSONLocator.offset(of: qat + [.key("Expression")], in: bytes) + 1
            let prefix = String(text.unicodeScalars.prefix(error.location.column - 1))
            throw JSONLocator.diagnostic(
              "Expression: \(error.message)", bytes: bytes, offset: base + prefix.utf8.count, file: file, suggestion: error.suggestion)
          }
          queries.append(
            MetricDataQuery(id: id, kind: .expression(expression, text: text), returnData: returnData, label: qo["Label"]?.stringValue))
        } else {
          throw fail("a query needs \"MetricStat\" or \"Expression\"", qat)
        }
      }
      // References must resolve; all MetricStats share one period.
      for (qi, q) in queries.enumerated() {
        if case .expression(let e, _) = q.kind {
          for ref in e.references where !ids.contains(ref) {
            throw fail(
              "Expression refers to \"\(ref)\", which is not a query Id here", at + [.key("Metrics"), .index(qi), .key("Expression")],
              suggestion: closestMatch(to: ref, in: ids).map { "did you mean \($0)?" })
          }
        }
      }
      let periods = Set(
        queries.compactMap { q -> Int? in
          if case .metric(let s) = q.kind { return s.period }; return nil
        })
      guard periods.count <= 1 else { throw fail("every metric of a math alarm must use the same period", at + [.key("Metrics")]) }
      source = .math(queries)
    } else {
      let hasStat = o["Statistic"] != nil, hasExt = o["ExtendedStatistic"] != nil
      guard hasStat != hasExt else {
        throw fail(
          hasStat ? "\"Statistic\" and \"ExtendedStatistic\" are mutually exclusive" : "missing \"Statistic\" or \"ExtendedStatistic\"", at)
      }
      let (identity, statistic) = try metricStat(o, at: at, statisticKey: hasStat ? "Statistic" : "ExtendedStatistic", fail: report)
      if hasStat, statistic.isExtended { throw fail("\"\(statistic)\" belongs in \"ExtendedStatistic\"", at + [.key("Statistic")]) }
      if hasExt, !statistic.isExtended { throw fail("\"\(statistic)\" belongs in \"Statistic\"", at + [.key("ExtendedStatistic")]) }
      guard let period = integer(o["Period"]), validPeriod(period) else {
        throw fail("\"Period\" must be 10, 20, 30 or a multiple of 60", at + [.key("Period")])
      }
      source = .metric(MetricStat(identity: identity, statistic: statistic, period: period, unit: o["Unit"]?.stringValue))
    }
    var alarm = MetricAlarm(
      name: name, source: source, comparison: op, threshold: o["Threshold"]?.doubleValue,
      thresholdMetricId: o["ThresholdMetricId"]?.stringValue,
      evaluationPeriods: n, datapointsToAlarm: m, treatMissingData: tmd, evaluateLowSampleCountPercentile: lowText != "ignore",
      actionsEnabled: o["ActionsEnabled"].map { $0 == .bool(true) } ?? true, alarmActions: strings(o["AlarmActions"]),
      okActions: strings(o["OKActions"]), insufficientDataActions: strings(o["InsufficientDataActions"]), arn: o["AlarmArn"]?.stringValue)
    alarm.original = o
    if let problem = MetricAlarm.evaluationSpanProblem(period: alarm.period, evaluationPeriods: n) {
      throw fail(problem, at + [.key("EvaluationPeriods")])
    }
    if op.isBand {
      guard let tid = alarm.thresholdMetricId else {
        throw fail("\(op.rawValue) needs \"ThresholdMetricId\" (an ANOMALY_DETECTION_BAND expression)", at + [.key("ComparisonOperator")])
      }
      guard case .math(let queries) = source, let q = queries.first(where: { $0.id == tid }), case .expression(let e, _) = q.kind,
        e.calls("ANOMALY_DETECTION_BAND")
      else {
        throw fail(
          "ThresholdMetricId \"\(tid)\" must be an ANOMALY_DETECTION_BAND expression in \"Metrics\"", at + [.key("ThresholdMetricId")])
      }
    } else {
      guard alarm.threshold != nil else { throw fail("missing \"Threshold\"", at) }
    }
    if case .math(let queries) = source {
      let returning = queries.filter { $0.returnData && $0.id != alarm.thresholdMetricId }
      guard returning.count == 1 else {
        throw fail("exactly one query (besides the band) must have \"ReturnData\": true; found \(returning.count)", at + [.key("Metrics")])
      }
    }
    return alarm
  }
}
