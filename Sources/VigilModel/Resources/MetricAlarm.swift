import VigilAlarms
import VigilCore

/// A metric reference `Namespace/MetricName` with dimensions.
public struct MetricRef: Equatable, Sendable {
  public var namespace: String
  public var name: String
  public var dimensions: [String: String]
}

/// One metric of a metric-math alarm: `id=Namespace/Name:Statistic`.
public struct MathInput: Equatable, Sendable {
  public var id: String
  public var metric: MetricRef
  public var statistic: String
}

/// A metric alarm. Metric alarms never notify directly: they take part in composite alarms.
public struct MetricAlarm: Equatable, Sendable {
  public enum Source: Equatable, Sendable {
    case metric(MetricRef, statistic: String)
    case math(expression: String, inputs: [MathInput])
    case anomalyBand(MetricRef, statistic: String, width: Double)
  }
  public var name: String
  public var source: Source
  public var periodSeconds: Int
  public var evaluationPeriods: Int
  public var datapointsToAlarm: Int
  /// CloudWatch ComparisonOperator, e.g. `GreaterThanThreshold`.
  public var comparison: String
  /// nil for anomaly-band alarms.
  public var threshold: Double?
  /// `missing`, `notBreaching`, `breaching` or `ignore`.
  public var treatMissingData: String
  /// The service boundary it belongs to (for dashboards and X-Ray groups).
  public var service: String?
  public var description: String?
  /// Topics the alarm notifies itself (`--notify`, an adopted alarm's AlarmActions); the platform rule VIGIL-ALM-002
  /// reports them, since on this platform only composites notify.
  public var notify: [String] = []

  /// `--when` operators and the ComparisonOperator each stands for.
  static let comparisons = [
    ">": "GreaterThanThreshold", ">=": "GreaterThanOrEqualToThreshold", "<": "LessThanThreshold",
    "<=": "LessThanOrEqualToThreshold",
  ]
  /// `--when` words for anomaly-band alarms, which compare against the band rather than a threshold.
  static let bandComparisons = [
    "outside": "LessThanLowerOrGreaterThanUpperThreshold", "above": "GreaterThanUpperThreshold",
    "below": "LessThanLowerThreshold",
  ]

  /// The condition as `show` prints it, e.g. `p99(Payments/LatencyMs) GreaterThanThreshold 800, 3 of 5 × 1m, ...`.
  public var condition: String {
    let what: String
    switch source {
    case .metric(let m, let stat): what = "\(stat)(\(m.namespace)/\(m.name))"
    case .math(let expression, _): what = expression
    case .anomalyBand(let m, let stat, let width):
      what = "ANOMALY_DETECTION_BAND(\(stat)(\(m.namespace)/\(m.name)), \(JSONValue.format(width)))"
    }
    let op = threshold.map { " \(comparison) \(JSONValue.format($0))" } ?? " \(comparison)"
    return
      "\(what)\(op), \(datapointsToAlarm) of \(evaluationPeriods) × \(TimeFormat.formatDuration(Int64(periodSeconds) * 1000)), treat missing data as \(treatMissingData)"
  }
}

extension ResourceKind {
  /// `alarm NAME`: metric alarms (single metric, metric math, anomaly band).
  public static let alarm = ResourceKind("alarm", MetricAlarm.self)
}

extension MetricAlarm: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "alarm", summary: "A metric alarm (single metric, metric math or anomaly band); notifies only through composites.",
    positionals: [PositionalSpec("name", help: "alarm name")],
    options: [
      OptionSpec("metric", value: "NS/NAME", help: "the metric, e.g. Payments/LatencyMs"),
      OptionSpec("dimension", value: "NAME=VALUE", help: "a metric dimension", repeatable: true),
      OptionSpec("stat", value: "STAT", help: "statistic: Average (default), Sum, p99, tm90, ..."),
      OptionSpec("math", value: "EXPR", help: "metric-math expression over --using metrics, e.g. 100*errors/requests"),
      OptionSpec("using", value: "ID=NS/NAME:STAT", help: "a metric for --math", repeatable: true),
      OptionSpec("anomaly-band", value: "WIDTH", .number, help: "alarm on ANOMALY_DETECTION_BAND(metric, WIDTH)"),
      OptionSpec("period", value: "DURATION", .duration, help: "10s, 20s, 30s or a multiple of 1m (default 1m)"),
      OptionSpec("when", value: "CONDITION", help: "'> 800', '>= 80', '< 1', or outside|above|below for bands"),
      OptionSpec("threshold", value: "NUMBER", .number, help: "threshold, with --comparison (alternative to --when)"),
      OptionSpec(
        "comparison", value: "OPERATOR", .choice(Array(comparisons.values).sorted()),
        help: "CloudWatch ComparisonOperator for --threshold (default GreaterThanThreshold)"),
      OptionSpec("datapoints", value: "M/N", help: "M out of N datapoints breaching (default 1/1)"),
      OptionSpec(
        "missing", value: "MODE", .choice(["missing", "notBreaching", "breaching", "ignore"]),
        help: "treat missing data (default missing)"),
      OptionSpec("service", value: "SERVICE", .resource(.service), help: "the service boundary (inferred from the metric when possible)"),
      OptionSpec("description", value: "TEXT", help: "alarm description"),
      OptionSpec("notify", value: "TOPIC", .resource(.topic), help: "a topic the alarm notifies itself (policy: only composites notify)", repeatable: true),
      PhysicalNames.option,
    ],
    example: "alarm api-p99 --metric Payments/LatencyMs --stat p99 --period 1m --when '> 800' --datapoints 3/5 --missing notBreaching")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("alarm name")
    if stack.composite(name) != nil { throw c.positionals[0].error("'\(name)' is already a composite alarm") }
    let dimensions = Dictionary(try c.dimensions(), uniquingKeysWith: { a, _ in a })
    let stat = try c.value("stat")?.statistic() ?? "Average"
    let source: MetricAlarm.Source
    if let math = c.value("math") {
      if let metric = c.optionWords["metric"] { throw metric.error("use --using for the metrics of a --math alarm, not --metric") }
      _ = try math.parseEmbedded { text throws(Diagnostic) in try MetricMathExpression.parse(text) }
      var inputs: [MathInput] = []
      for token in c.values("using") {
        guard let eq = token.text.firstIndex(of: "="), let colon = token.text.lastIndex(of: ":"), eq < colon else {
          throw token.error("--using must be ID=Namespace/Metric:Statistic, e.g. errors=Payments/ErrorCount:Sum")
        }
        let id = String(token.text[..<eq])
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first),
          id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else { throw token.error("metric id '\(id)' must start with a lowercase letter and use letters, digits and _") }
        var metricToken = token
        metricToken.text = String(token.text[token.text.index(after: eq)..<colon])
        metricToken.location.column += id.count + 1
        var statToken = token
        statToken.text = String(token.text[token.text.index(after: colon)...])
        statToken.location.column += token.text.distance(from: token.text.startIndex, to: colon) + 1
        if inputs.contains(where: { $0.id == id }) { throw token.error("metric id '\(id)' used twice") }
        inputs.append(MathInput(id: id, metric: try metricToken.metric(dimensions: dimensions), statistic: try statToken.statistic()))
      }
      guard !inputs.isEmpty else { throw c.missing("--using ID=NS/NAME:STAT for the --math expression") }
      if inputs.count > 10 { throw c.values("using")[10].error("a metric-math alarm may use at most 10 metrics") }
      source = .math(expression: math.text, inputs: inputs)
    } else {
      guard let metricToken = c.value("metric") else { throw c.missing("--metric NS/NAME (or --math)") }
      let metric = try metricToken.metric(dimensions: dimensions)
      if let band = c.value("anomaly-band") {
        let width = try band.number("--anomaly-band")
        guard width > 0 && width <= 100 else { throw band.error("--anomaly-band width must be greater than 0") }
        source = .anomalyBand(metric, statistic: stat, width: width)
      } else {
        source = .metric(metric, statistic: stat)
      }
    }
    let periodToken = c.value("period")
    let period = try periodToken?.seconds("--period") ?? 60
    // PutMetricAlarm: Period is 10, 20, 30 or a multiple of 60 seconds.
    if let periodToken, !([10, 20, 30].contains(period) || period % 60 == 0) {
      throw periodToken.error("--period must be 10s, 20s, 30s or a multiple of 1m, got \(periodToken.text)")
    }
    let comparison: String
    var threshold: Double?
    if let thresholdToken = c.value("threshold") {
      if let when = c.optionWords["when"] { throw when.error("give either --when or --threshold, not both") }
      if case .anomalyBand = source {
        throw thresholdToken.error("an anomaly-band alarm has no --threshold; use --when outside, above or below")
      }
      threshold = try thresholdToken.number("--threshold")
      comparison =
        try c.value("comparison")?.choice("--comparison", Array(comparisons.values).sorted()) ?? "GreaterThanThreshold"
    } else {
      guard let when = c.value("when") else { throw c.missing("--when CONDITION (or --threshold)") }
      if let word = c.optionWords["comparison"] {
        throw word.error("--comparison goes with --threshold; --when already names the comparison")
      }
      if case .anomalyBand = source {
        guard let op = bandComparisons[when.text] else {
          throw when.error("an anomaly-band alarm takes --when outside, above or below, got '\(when.text)'")
        }
        comparison = op
      } else {
        let text = when.text.trimmingSpaces
        let op = text.hasPrefix(">=") || text.hasPrefix("<=") ? String(text.prefix(2)) : String(text.prefix(1))
        guard let mapped = comparisons[op] else {
          throw when.error("--when must be a comparison and a threshold, such as '> 800' or '<= 1', got '\(when.text)'")
        }
        let number = String(text.dropFirst(op.count)).trimmingSpaces
        guard let value = Double(number), value.isFinite else {
          throw when.error("--when needs a number after '\(op)', got '\(number)'", columnOffset: (when.quoted ? 1 : 0) + op.count)
        }
        comparison = mapped
        threshold = value
      }
    }
    var m = 1, n = 1
    if let token = c.value("datapoints") {
      let parts = token.text.split(separator: "/", omittingEmptySubsequences: false)
      guard parts.count == 2, let mm = Int(parts[0]), let nn = Int(parts[1]) else {
        throw token.error("--datapoints must be M/N, e.g. 3/5, got '\(token.text)'")
      }
      guard nn >= 1, mm >= 1, mm <= nn else { throw token.error("--datapoints M/N needs 1 ≤ M ≤ N, got \(mm)/\(nn)") }
      m = mm
      n = nn
    }
    // PutMetricAlarm: Period × EvaluationPeriods ≤ 7 days, or ≤ 1 day for periods under an hour (the alarm
    // engine owns the rule; `--datapoints 1/999999999999999999` must be refused, not overflow).
    if let problem = VigilAlarms.MetricAlarm.evaluationSpanProblem(period: period, evaluationPeriods: n) {
      throw (c.value("datapoints") ?? c.head).error(problem)
    }
    let missing = try c.value("missing")?.choice("--missing", ["missing", "notBreaching", "breaching", "ignore"]) ?? "missing"
    var service = try c.value("service").map { token throws(Diagnostic) in try token.reference(.service, in: stack) }
    if service == nil { service = inferService(for: source, in: stack) }
    var notify: [String] = []
    for token in c.values("notify") {
      let topic = try token.reference(.topic, in: stack)
      if notify.contains(topic) { throw token.error("topic \(topic) given twice") }
      notify.append(topic)
    }
    var alarm = MetricAlarm(
      name: name, source: source, periodSeconds: period, evaluationPeriods: n, datapointsToAlarm: m, comparison: comparison,
      threshold: threshold, treatMissingData: missing, service: service, description: c.value("description")?.text)
    alarm.notify = notify
    let replaced = stack.upsert(alarm, into: \.alarms, name: \.name)
    let condition = threshold.map { "\(comparison) \(JSONValue.format($0))" } ?? comparison
    let notifies = notify.isEmpty ? "" : ", notifies \(notify.joined(separator: ", "))"
    return
      "\(verb(replaced)) alarm \(name): \(condition), \(m) of \(n) × \(TimeFormat.formatDuration(Int64(period) * 1000)), missing data \(missing)\(notifies)"
  }

  /// The service an alarm's metric comes from: a metric filter's service, or a FunctionName/ServiceName dimension.
  static func inferService(for source: MetricAlarm.Source, in stack: Stack) -> String? {
    var refs: [MetricRef] = []
    switch source {
    case .metric(let m, _), .anomalyBand(let m, _, _): refs = [m]
    case .math(_, let inputs): refs = inputs.map(\.metric)
    }
    for ref in refs {
      if let filter = stack.metricFilter(publishing: ref.name, in: ref.namespace) {
        return filter.service
      }
      // A per-service namespace such as Payments/refunds.
      if let last = ref.namespace.split(separator: "/").last, stack.service(String(last)) != nil { return String(last) }
      for key in ["FunctionName", "ServiceName", "service"] {
        if let value = ref.dimensions[key] {
          let suffix = stack.environment.map { "-\($0.suffix)" } ?? ""
          let base = !suffix.isEmpty && value.hasSuffix(suffix) ? String(value.dropLast(suffix.count)) : value
          if stack.service(base) != nil { return base }
        }
      }
    }
    return nil
  }

  static func names(in stack: Stack) -> [String] { stack.alarms.map(\.name) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section("alarms", stack.alarms.map { "\($0.name)  \($0.condition)" })
  }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let a = stack.alarm(name) else { return nil }
    let users = stack.composites.filter { $0.references.contains(name) }.map(\.name)
    return
      "alarm \(ResourceNames(env).physical(name, .alarm))\n  \(a.condition)\n  service: \(a.service ?? "-")\n  in composites: \(users.isEmpty ? "none (policy: every alarm must take part in a composite)" : users.joined(separator: ", "))"
  }
}

extension MetricAlarm {
  static func references(in stack: Stack) -> [ResourceReference] {
    stack.alarms.compactMap { alarm in alarm.service.map { ResourceReference(.alarm, alarm.name, "--service", .service, $0) } }
  }
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    stack.removeNamed(name, from: \.alarms, name: \.name, origin: "alarm")
  }
}

extension MetricAlarm {
  /// Its own name; `--service`; a dimension value naming a renamed service or cluster (CloudWatch sees its
  /// physical name, so the dimension must follow it).
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack) {
    if kind == .alarm { stack.renameNamed(old, to: new, in: \.alarms, name: \.name, origin: "alarm") }
    if kind == .service { for i in stack.alarms.indices where stack.alarms[i].service == old { stack.alarms[i].service = new } }
    guard kind == .service || kind == .cluster else { return }
    for i in stack.alarms.indices {
      switch stack.alarms[i].source {
      case .metric(let metric, let statistic):
        stack.alarms[i].source = .metric(metric.renamingDimensionValues(old, to: new), statistic: statistic)
      case .anomalyBand(let metric, let statistic, let width):
        stack.alarms[i].source = .anomalyBand(metric.renamingDimensionValues(old, to: new), statistic: statistic, width: width)
      case .math(let expression, let inputs):
        stack.alarms[i].source = .math(
          expression: expression,
          inputs: inputs.map { MathInput(id: $0.id, metric: $0.metric.renamingDimensionValues(old, to: new), statistic: $0.statistic) })
      }
    }
  }
}
