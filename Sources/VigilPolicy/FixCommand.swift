import VigilCore
import VigilModel

/// Renders the session commands that (re)define a resource, so a finding can say exactly what to type.
/// Commands that define a whole resource (`topic`, `service`, `alarm`, ...) replace the earlier definition,
/// so each rendering repeats every setting the resource already has.
enum FixCommand {
  /// A word as the command lexer reads it back: bare when safe, else single-quoted (double-quoted if it has a `'`).
  static func word(_ text: String) -> String {
    let plain =
      !text.isEmpty
      && text.unicodeScalars.allSatisfy { s in
        !(s == " " || s == "\t" || s == "'" || s == "\"" || s == "\\" || s == "#")
      }
    if plain { return text }
    if !text.contains("'") { return "'\(text)'" }
    return "\"" + text.replacingOccurrences("\\", "\\\\").replacingOccurrences("\"", "\\\"") + "\""
  }

  static func join(_ words: [String]) -> String { words.joined(separator: " ") }

  /// The key a fix should use: the resource's own, else the stack's first, else a new `logs` key.
  static func keyName(_ preferred: String?, in stack: Stack) -> String { preferred ?? stack.keys.first?.name ?? "logs" }

  /// `key NAME --rotation on --deletion-window 7`, prepended when the stack has no key yet.
  static func keyDefinitions(for key: String, in stack: Stack) -> [String] {
    stack.key(key) == nil ? ["key \(key) --rotation on --deletion-window 7"] : []
  }

  static func logs(_ group: LogGroup, in stack: Stack) -> [String] {
    let key = keyName(group.key, in: stack)
    var words = ["logs", group.service, "--retention", "30", "--key", key, "--archive", "glacier"]
    if group.archiveAfterDays != 30 { words += ["--archive-after", String(group.archiveAfterDays)] }
    return keyDefinitions(for: key, in: stack) + [join(words)]
  }

  static func flowLogs(_ flow: FlowLogs, in stack: Stack) -> [String] {
    let key = keyName(flow.key, in: stack)
    var words = ["flow-logs", "--key", key, "--retention", "30"]
    if flow.trafficType != "ALL" { words += ["--traffic", flow.trafficType] }
    return keyDefinitions(for: key, in: stack) + [join(words)]
  }

  static func key(_ key: KMSKey) -> String { "key \(key.name) --rotation on --deletion-window 7" }

  static func cluster(_ cluster: ECSCluster) -> String {
    "cluster \(cluster.name) --container-insights \(cluster.containerInsights == "enhanced" ? "enhanced" : "enabled")"
  }

  /// The service command with `insights`/`tracing`/`logFormat` as given (only non-default values are written, except a
  /// forced `on`); the log format is kept unless `logFormat` changes it.
  static func service(_ s: Service, insightsOn: Bool = false, tracingOn: Bool = false, logFormat: LambdaLogFormat? = nil) -> String {
    var words = ["service", s.name]
    switch s.kind {
    case .lambda(let runtime, let memory, let timeout, let handler):
      words += ["--lambda", "--runtime", runtime, "--memory", String(memory), "--timeout", String(timeout)]
      if handler != "index.handler" { words += ["--handler", word(handler)] }
    case .ecs(let cluster, let cpu, let memory, let image, let port, let desired):
      words += [
        "--ecs", "--cluster", cluster, "--cpu", String(cpu), "--memory", String(memory), "--port", String(port), "--desired",
        String(desired),
      ]
      if !image.isEmpty { words += ["--image", word(image)] }
    }
    if insightsOn { words += ["--insights", "on"] } else if !s.insights { words += ["--insights", "off"] }
    if tracingOn { words += ["--tracing", "on"] } else if !s.tracing { words += ["--tracing", "off"] }
    if s.isLambda, (logFormat ?? s.logFormat) == .json { words += ["--log-format", "json"] }
    return join(words)
  }

  /// The topic command with dead-letter queues, maxReceiveCount 3 and a key; `webhooks` replaces the webhook list.
  static func topic(_ t: Topic, in stack: Stack, webhooks: [Endpoint]? = nil) -> [String] {
    let key = keyName(t.key, in: stack)
    var words = ["topic", t.name]
    for email in t.emails { words += ["--email", word(email.display)] }
    for hook in webhooks ?? t.webhooks { words += ["--webhook", word(hook.display)] }
    words += ["--dlq", "--max-receive", "3", "--key", key]
    return keyDefinitions(for: key, in: stack) + [join(words)]
  }

  static func tracing(_ t: Tracing?) -> String {
    var text = "tracing --sampling 0.1"
    if let t, t.reservoir != 1 { text += " --reservoir \(t.reservoir)" }
    return text
  }

  static func variable(_ v: Variable, keepDefault: Bool) -> String {
    var words = ["variable", v.name, "--sensitive"]
    if !v.description.isEmpty { words += ["--description", word(v.description)] }
    if keepDefault, let d = v.defaultValue { words += ["--default", word(d)] }
    return join(words)
  }

  static let operators = [
    "GreaterThanThreshold": ">", "GreaterThanOrEqualToThreshold": ">=", "LessThanThreshold": "<", "LessThanOrEqualToThreshold": "<=",
  ]
  static let bandOperators = [
    "LessThanLowerOrGreaterThanUpperThreshold": "outside", "GreaterThanUpperThreshold": "above", "LessThanLowerThreshold": "below",
  ]

  static func duration(_ seconds: Int) -> String {
    if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
    if seconds % 60 == 0 { return "\(seconds / 60)m" }
    return "\(seconds)s"
  }

  /// The alarm command, with dimension values passed through `dimension` (to correct them).
  static func alarm(_ a: MetricAlarm, dimension: (String, String) -> String = { $1 }) -> String {
    var words = ["alarm", a.name]
    func dimensions(_ m: MetricRef) -> [String] {
      m.dimensions.keys.sorted().flatMap { ["--dimension", word("\($0)=\(dimension($0, m.dimensions[$0]!))")] }
    }
    switch a.source {
    case .metric(let m, let statistic):
      words += ["--metric", word("\(m.namespace)/\(m.name)")] + dimensions(m) + ["--stat", statistic]
    case .anomalyBand(let m, let statistic, let width):
      words += ["--metric", word("\(m.namespace)/\(m.name)")] + dimensions(m)
      words += ["--stat", statistic, "--anomaly-band", JSONValue.format(width)]
    case .math(let expression, let inputs):
      words += ["--math", word(expression)]
      for input in inputs { words += ["--using", word("\(input.id)=\(input.metric.namespace)/\(input.metric.name):\(input.statistic)")] }
      if let first = inputs.first { words += dimensions(first.metric) }
    }
    words += ["--period", duration(a.periodSeconds)]
    if let threshold = a.threshold, let op = operators[a.comparison] {
      words += ["--when", word("\(op) \(JSONValue.format(threshold))")]
    } else if let band = bandOperators[a.comparison] {
      words += ["--when", band]
    }
    if a.datapointsToAlarm != 1 || a.evaluationPeriods != 1 { words += ["--datapoints", "\(a.datapointsToAlarm)/\(a.evaluationPeriods)"] }
    if a.treatMissingData != "missing" { words += ["--missing", a.treatMissingData] }
    if let service = a.service { words += ["--service", service] }
    if let description = a.description { words += ["--description", word(description)] }
    return join(words)
  }

  /// A composite that puts one alarm in front of the first topic.
  static func composite(for alarm: String, in stack: Stack) -> String {
    var name = "\(alarm)-alert"
    var n = 2
    while stack.composite(name) != nil || stack.alarm(name) != nil {
      name = "\(alarm)-alert\(n)"
      n += 1
    }
    var text = "composite \(name) --rule 'ALARM(\(alarm))'"
    if let topic = stack.topics.first { text += " --notify \(topic.name)" }
    return text
  }
}

extension String {
  func replacingOccurrences(_ target: String, _ replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
