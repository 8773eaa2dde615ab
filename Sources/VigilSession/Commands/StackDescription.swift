import VigilCore
import VigilModel

/// `show` and `show NAME`: a readable summary of the stack or one resource.
enum StackDescription {
  static func describe(_ stack: Stack, name: Token?) throws(Diagnostic) -> String {
    guard let env = stack.environment else { return "empty session: start with 'stack NAME --suffix SUFFIX'" }
    guard let name else { return overview(stack, env) }
    return try resource(stack, env, name)
  }

  static func overview(_ stack: Stack, _ env: Environment) -> String {
    var lines = ["stack \(env.stackName) (suffix \(env.suffix), region \(env.region))"]
    func section(_ title: String, _ items: [String]) {
      guard !items.isEmpty else { return }
      lines.append("\(title):")
      lines.append(contentsOf: items.map { "  " + $0 })
    }
    switch stack.network {
    case .none: break
    case .existing: lines.append("network: existing VPC (variables vpc_id, private_subnet_ids)")
    case .create(let cidr, let zones): lines.append("network: new VPC \(cidr) in \(zones) zones")
    }
    section("keys", stack.keys.map { "\($0.name)  rotation \($0.rotation ? "on" : "off"), deletion window \($0.deletionWindowDays) days" })
    section(
      "services",
      stack.services.map { s in
        switch s.kind {
        case .lambda(let runtime, let memory, _, _): return "\(s.name)  Lambda \(runtime) \(memory) MB"
        case .ecs(let cluster, let cpu, let memory, _, _, let desired):
          return "\(s.name)  ECS on \(cluster), \(cpu) CPU, \(memory) MB, \(desired) tasks"
        }
      })
    section(
      "log groups",
      stack.logGroups.map { g in
        let name = stack.service(g.service)!.logGroupName(suffix: env.suffix)
        return "\(name)  \(g.retentionDays) days, key \(g.key ?? "none")\(g.archive == nil ? "" : ", archived to Glacier")"
      })
    section("metric filters", stack.metricFilters.map { "\($0.name) on \($0.service)  \($0.namespace)/\($0.metricName)" })
    section("alarms", stack.alarms.map { "\($0.name)  \(condition($0))" })
    section(
      "composite alarms",
      stack.composites.map { "\($0.name)  \($0.rule)" + ($0.notify.isEmpty ? "" : " → \($0.notify.joined(separator: ", "))") })
    section(
      "topics",
      stack.topics.map {
        "\($0.name)  \($0.emails.count) e-mail, \($0.webhooks.count) webhook\($0.deadLetterQueue ? ", DLQ maxReceiveCount \($0.maxReceiveCount)" : "")"
      })
    if let t = stack.tracing { lines.append("tracing: X-Ray fixed rate \(JSONValue.format(t.samplingRate)), one group per service") }
    if let f = stack.flowLogs { lines.append("flow logs: \(f.trafficType), \(f.retentionDays) days, key \(f.key ?? "none")") }
    section("remediations", stack.remediations.map { "\($0.name)  \($0.alarm) \($0.state) → \($0.function)" })
    section("canaries", stack.canaries.map { "\($0.name)  \($0.url) every \($0.everyMinutes)m" })
    section("parameters", stack.parameters.map { "\($0.name)  \($0.secure ? "(SecureString)" : $0.value)" })
    section("query definitions", stack.queryDefinitions.map { "\($0.name)  \($0.query)" })
    section("variables", stack.variables.map { "\($0.name)\($0.sensitive ? " (sensitive)" : "")" })
    return lines.joined(separator: "\n")
  }

  static func condition(_ a: MetricAlarm) -> String {
    let what: String
    switch a.source {
    case .metric(let m, let stat): what = "\(stat)(\(m.namespace)/\(m.name))"
    case .math(let expression, _): what = expression
    case .anomalyBand(let m, let stat, let width):
      what = "ANOMALY_DETECTION_BAND(\(stat)(\(m.namespace)/\(m.name)), \(JSONValue.format(width)))"
    }
    let op = a.threshold.map { " \(a.comparison) \(JSONValue.format($0))" } ?? " \(a.comparison)"
    return
      "\(what)\(op), \(a.datapointsToAlarm) of \(a.evaluationPeriods) × \(TimeFormat.formatDuration(Int64(a.periodSeconds) * 1000)), treat missing data as \(a.treatMissingData)"
  }

  static func resource(_ stack: Stack, _ env: Environment, _ token: Token) throws(Diagnostic) -> String {
    let name = token.text
    if let a = stack.alarm(name) {
      let users = stack.composites.filter { $0.references.contains(name) }.map(\.name)
      return
        "alarm \(ResourceNames(env).physical(name, .alarm))\n  \(condition(a))\n  service: \(a.service ?? "-")\n  in composites: \(users.isEmpty ? "none (policy: every alarm must take part in a composite)" : users.joined(separator: ", "))"
    }
    if let c = stack.composite(name) {
      return
        "composite alarm \(ResourceNames(env).physical(name, .composite))\n  rule: \(c.rule)\n  notifies: \(c.notify.isEmpty ? "nobody" : c.notify.joined(separator: ", "))"
        + (c.suppressor.map { "\n  suppressor: \($0) (wait \(c.suppressWaitSeconds)s, extension \(c.suppressExtensionSeconds)s)" } ?? "")
    }
    if let s = stack.service(name) {
      let filters = stack.metricFilters.filter { $0.service == name }.map(\.name)
      return
        "service \(ResourceNames(env).physical(name)) (\(s.isLambda ? "Lambda" : "ECS"))\n  log group: \(s.logGroupName(suffix: env.suffix))\n  metric filters: \(filters.isEmpty ? "none" : filters.joined(separator: ", "))"
    }
    if let t = stack.topic(name) {
      return
        "topic \(name)-topic-\(env.suffix)\n  e-mail: \(t.emails.map(\.display).joined(separator: ", "))\n  webhooks: \(t.webhooks.map(\.display).joined(separator: ", "))\n  dead-letter queues: \(t.deadLetterQueue ? "yes, maxReceiveCount \(t.maxReceiveCount)" : "no")"
    }
    if let f = stack.metricFilters.first(where: { $0.name == name }) {
      return "metric filter \(name) on \(f.service)\n  pattern: \(f.pattern)\n  metric: \(f.namespace)/\(f.metricName) = \(f.value)"
        + (f.defaultValue.map { " (default \(JSONValue.format($0)))" } ?? "")
    }
    if let k = stack.key(name) {
      return
        "KMS key \(name) (alias/\(name)-key-\(env.suffix))\n  rotation \(k.rotation ? "on" : "off"), deletion window \(k.deletionWindowDays) days"
    }
    if let c = stack.canaries.first(where: { $0.name == name }) {
      return "canary \(ResourceNames(env).physical(name))\n  checks \(c.url) every \(c.everyMinutes) minute(s)"
    }
    if let q = stack.queryDefinitions.first(where: { $0.name == name }) {
      return "query definition \(env.stackName)-\(env.suffix)/\(name)\n  over: \(q.services.joined(separator: ", "))\n  query: \(q.query)"
    }
    if let r = stack.remediations.first(where: { $0.name == name }) {
      return "remediation \(ResourceNames(env).physical(name, .rule))\n  when \(r.alarm) enters \(r.state), invoke \(r.function)"
    }
    if let p = stack.parameters.first(where: { $0.name == name }) {
      return "SSM parameter /\(env.stackName)/\(env.suffix)/\(name)\n  \(p.secure ? "SecureString (value hidden)" : "value: \(p.value)")"
    }
    if let v = stack.variables.first(where: { $0.name == name }) {
      return "Terraform variable \(name)\(v.sensitive ? " (sensitive)" : "")\n  \(v.description)"
    }
    if let cluster = stack.clusters.first(where: { $0.name == name }) {
      return "ECS cluster \(ResourceNames(env).physical(name, .cluster))\n  Container Insights \(cluster.containerInsights)"
    }
    let all = ResourceKind.allCases.flatMap { stack.names(of: $0) }
    throw token.error("nothing named '\(name)'", suggestion: closestMatch(to: name, in: all).map { "did you mean '\($0)'?" })
  }
}
