import VigilCore
import VigilMetrics

/// Applies stack-defining commands to a stack, validating every argument and reference.
/// A command that defines a name again replaces the earlier definition ("updated ...").
public struct StackBuilder: Sendable {
  public private(set) var stack = Stack()
  public var validators: EmbeddedLanguageValidators

  public init(validators: EmbeddedLanguageValidators = EmbeddedLanguageValidators()) {
    self.validators = validators
  }

  /// Applies one parsed command; returns a one-line confirmation. The stack is unchanged on error.
  public mutating func apply(_ command: ParsedCommand) throws(Diagnostic) -> String {
    var next = stack
    let message = try Self.apply(command, to: &next, validators: validators)
    let singletons: Set = ["stack", "network", "tracing", "flow-logs"]
    let key =
      singletons.contains(command.spec.name) || command.positionals.isEmpty
      ? command.spec.name : "\(command.spec.name) \(command.positionals[0].text)"
    next.origins[key] = command.line.location
    if command.spec.name == "service" {
      // A service also defines its log group (until `logs` changes it).
      let name = command.positionals[0].text
      if next.origins["logs \(name)"] == nil { next.origins["logs \(name)"] = command.line.location }
    }
    stack = next
    return message
  }

  static func verb(_ replaced: Bool) -> String { replaced ? "updated" : "defined" }

  static func apply(_ c: ParsedCommand, to stack: inout Stack, validators: EmbeddedLanguageValidators) throws(Diagnostic) -> String {
    if c.spec.name != "stack" && stack.environment == nil {
      throw c.head.error("no stack yet", suggestion: "start with 'stack NAME --suffix SUFFIX'")
    }
    switch c.spec.name {
    case "stack":
      let name = try c.positionals[0].resourceName("stack name")
      guard let suffixToken = c.value("suffix") else { throw c.missing("--suffix") }
      let suffix = try suffixToken.resourceName("environment suffix")
      guard suffix.count <= 12 else { throw suffixToken.error("environment suffix '\(suffix)' is longer than 12 characters") }
      let region = c.value("region")?.text ?? "us-east-1"
      if let token = c.value("region"), !isRegion(region) {
        throw token.error("'\(region)' is not an AWS region name such as us-east-1")
      }
      let replaced = stack.environment != nil
      stack.environment = Environment(stackName: name, suffix: suffix, region: region)
      return "\(verb(replaced)) stack \(name) (suffix \(suffix), region \(region))"

    case "network":
      if c.positionals[0].text == "existing" {
        if let extra = c.optionWords["cidr"] ?? c.optionWords["zones"] {
          throw extra.error("\(extra.text) applies only to 'network create'")
        }
        stack.network = .existing
        return "using an existing VPC (Terraform variables vpc_id and private_subnet_ids)"
      }
      _ = try c.positionals[0].choice("network mode", ["existing", "create"])
      let cidr = c.value("cidr")?.text ?? "10.40.0.0/16"
      if let token = c.value("cidr"), !isCIDR(cidr) { throw token.error("'\(cidr)' is not an IPv4 CIDR block such as 10.40.0.0/16") }
      let zones = try c.value("zones")?.integer("--zones", in: 2...6) ?? 2
      stack.network = .create(cidr: cidr, zones: zones)
      return "creating a VPC \(cidr) across \(zones) availability zones"

    case "key":
      let name = try c.positionals[0].resourceName("key name")
      let rotation = (try c.value("rotation")?.choice("--rotation", ["on", "off"]) ?? "on") == "on"
      let window = try c.value("deletion-window")?.integer("--deletion-window", in: 7...30) ?? 7
      let replaced = Stack.upsert(KMSKey(name: name, rotation: rotation, deletionWindowDays: window), into: &stack.keys, name: \.name)
      return "\(verb(replaced)) KMS key \(name) (rotation \(rotation ? "on" : "off"), deletion window \(window) days)"

    case "cluster":
      let name = try c.positionals[0].resourceName("cluster name")
      let insights = try c.value("container-insights")?.choice("--container-insights", ["enabled", "enhanced", "disabled"]) ?? "enabled"
      let replaced = Stack.upsert(ECSCluster(name: name, containerInsights: insights), into: &stack.clusters, name: \.name)
      return "\(verb(replaced)) ECS cluster \(name) (Container Insights \(insights))"

    case "service":
      return try applyService(c, to: &stack)

    case "logs":
      let service = try c.positionals[0].reference(.service, in: stack.names(of: .service))
      let existing = stack.logGroup(for: service)
      var group = existing ?? LogGroup(service: service, retentionDays: 30, key: nil, archive: nil, archiveAfterDays: 30)
      if let token = c.value("retention") {
        let days = try token.integer("--retention", in: 1...3653)
        guard StackCommands.retentionDays.contains(days) else {
          let nearest = StackCommands.retentionDays.min { abs($0 - days) < abs($1 - days) }!
          throw token.error(
            "CloudWatch does not allow a retention of \(days) days",
            suggestion: "allowed values include 7, 14, 30, 60, 90, 365; nearest is \(nearest)")
        }
        group.retentionDays = days
      }
      if let token = c.value("key") { group.key = try token.reference(.key, in: stack.names(of: .key)) }
      if let token = c.value("archive") {
        group.archive = try token.choice("--archive", ["glacier", "none"]) == "glacier" ? "GLACIER" : nil
      }
      if let token = c.value("archive-after") { group.archiveAfterDays = try token.integer("--archive-after", in: 0...3650) }
      let replaced = Stack.upsert(group, into: &stack.logGroups, name: \.service)
      var parts = ["retention \(group.retentionDays) days"]
      parts.append(group.key.map { "KMS key \($0)" } ?? "no KMS key")
      if group.archive != nil { parts.append("archived to S3 then Glacier after \(group.archiveAfterDays) days") }
      return
        "\(verb(replaced)) log group \(stack.service(service)!.logGroupName(suffix: stack.environment!.suffix)) (\(parts.joined(separator: ", ")))"

    case "metric-filter":
      return try applyMetricFilter(c, to: &stack, validators: validators)

    case "alarm":
      return try applyAlarm(c, to: &stack, validators: validators)

    case "composite":
      return try applyComposite(c, to: &stack, validators: validators)

    case "topic":
      return try applyTopic(c, to: &stack)

    case "tracing":
      guard let token = c.value("sampling") else { throw c.missing("--sampling") }
      let rate = try token.number("--sampling")
      guard rate >= 0 && rate <= 1 else { throw token.error("--sampling must be between 0 and 1, got \(token.text)") }
      let reservoir = try c.value("reservoir")?.integer("--reservoir", in: 0...1000) ?? 1
      let replaced = stack.tracing != nil
      stack.tracing = Tracing(samplingRate: rate, reservoir: reservoir)
      return "\(verb(replaced)) X-Ray sampling at fixed rate \(token.text) with one group per service"

    case "flow-logs":
      let key = try c.value("key").map { token throws(Diagnostic) in try token.reference(.key, in: stack.names(of: .key)) }
      var days = 30
      if let token = c.value("retention") {
        days = try token.integer("--retention", in: 1...3653)
        guard StackCommands.retentionDays.contains(days) else { throw token.error("CloudWatch does not allow a retention of \(days) days") }
      }
      let traffic = try c.value("traffic")?.choice("--traffic", ["ALL", "ACCEPT", "REJECT"]) ?? "ALL"
      guard stack.network != .none else {
        throw c.head.error("flow logs need a network", suggestion: "add 'network existing' or 'network create' first")
      }
      let replaced = stack.flowLogs != nil
      stack.flowLogs = FlowLogs(key: key, retentionDays: days, trafficType: traffic)
      return "\(verb(replaced)) VPC flow logs (\(traffic)) to a log group with retention \(days) days"

    case "remediation":
      let name = try c.positionals[0].resourceName("remediation name")
      guard let on = c.value("on") else { throw c.missing("--on ALARM") }
      let alarm = try on.reference(.alarm, in: stack.names(of: .alarm) + stack.names(of: .composite))
      guard let functionToken = c.value("function") else { throw c.missing("--function FUNCTION") }
      if let service = stack.service(functionToken.text), !service.isLambda {
        throw functionToken.error("'\(service.name)' is an ECS service; a remediation invokes a Lambda function")
      }
      let function = try functionToken.reference(.service, in: stack.services.filter(\.isLambda).map(\.name))
      let state = try c.value("state")?.choice("--state", ["ALARM", "OK", "INSUFFICIENT_DATA"]) ?? "ALARM"
      let replaced = Stack.upsert(
        Remediation(name: name, alarm: alarm, state: state, function: function), into: &stack.remediations, name: \.name)
      return "\(verb(replaced)) remediation \(name): \(alarm) → \(state) invokes \(function)"

    case "canary":
      let name = try c.positionals[0].resourceName("canary name")
      // Synthetics canary names are at most 255... no: 21 characters, lowercase, digits, - and _.
      let physical = stack.environment!.physicalName(name)
      guard physical.count <= 21 else {
        throw c.positionals[0].error("canary name '\(physical)' (with suffix) is longer than Synthetics' 21 characters")
      }
      guard let urlToken = c.value("url") else { throw c.missing("--url URL") }
      guard urlToken.text.hasPrefix("https://"), urlToken.text.count > 8 else {
        throw urlToken.error("canary --url must be an https:// URL, got '\(urlToken.text)'")
      }
      let every = try c.value("every")?.seconds("--every") ?? 300
      guard every % 60 == 0, (1...60).contains(every / 60) else {
        throw c.value("every")!.error("--every must be whole minutes between 1m and 60m")
      }
      let replaced = Stack.upsert(Canary(name: name, url: urlToken.text, everyMinutes: every / 60), into: &stack.canaries, name: \.name)
      return "\(verb(replaced)) canary \(name) checking \(urlToken.text) every \(every / 60) minute(s)"

    case "parameter":
      let nameToken = c.positionals[0]
      let name = nameToken.text
      let allowed = name.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "/-_.".unicodeScalars.contains($0)
      }
      guard allowed, !name.hasPrefix("/"), !name.isEmpty else {
        throw nameToken.error(
          "parameter name '\(name)' must be a relative path of letters, digits and / - _ . (it is placed under /STACK/SUFFIX/)")
      }
      guard let value = c.value("value") else { throw c.missing("--value VALUE") }
      let replaced = Stack.upsert(
        Parameter(name: name, value: value.text, secure: c.has("secure"), description: c.value("description")?.text),
        into: &stack.parameters, name: \.name)
      return "\(verb(replaced)) SSM parameter /\(stack.environment!.stackName)/\(stack.environment!.suffix)/\(name)"

    case "query-definition":
      let name = try c.positionals[0].resourceName("query name")
      guard let query = c.value("query") else { throw c.missing("--query QUERY") }
      if let problem = validators.insightsQuery(query.text) {
        throw problem.relocated(
          file: query.location.file, line: query.location.line, sourceLine: query.sourceLine,
          columnOffset: query.location.column - 1 + (query.quoted ? 1 : 0))
      }
      var services: [String] = []
      for (name, token) in c.list("logs") {
        var t = token
        t.text = name
        services.append(try t.reference(.service, in: stack.names(of: .service)))
      }
      guard !services.isEmpty else { throw c.missing("--logs SERVICE") }
      let replaced = Stack.upsert(
        QueryDefinition(name: name, query: query.text, services: services), into: &stack.queryDefinitions, name: \.name)
      return "\(verb(replaced)) query definition \(name) over \(services.joined(separator: ", "))"

    case "variable":
      let token = c.positionals[0]
      let ok = token.text.unicodeScalars.enumerated().allSatisfy { i, s in
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "_" || (i > 0 && ("0"..."9").contains(s))
      }
      guard ok else { throw token.error("variable name '\(token.text)' must be letters, digits and _, not starting with a digit") }
      let variable = Variable(
        name: token.text, description: c.value("description")?.text ?? "", sensitive: c.has("sensitive"),
        defaultValue: c.value("default")?.text)
      let replaced = Stack.upsert(variable, into: &stack.variables, name: \.name)
      return "\(verb(replaced)) variable \(token.text)\(variable.sensitive ? " (sensitive)" : "")"

    case "dashboard":
      return try applyDashboardWidget(c, to: &stack)

    default:
      throw c.head.error("'\(c.spec.name)' does not change the stack")
    }
  }

  static func applyService(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("service name")
    if c.has("lambda") == c.has("ecs") {
      throw c.head.error("service \(name): say --lambda or --ecs (exactly one)")
    }
    let insights = (try c.value("insights")?.choice("--insights", ["on", "off"]) ?? "on") == "on"
    let tracing = (try c.value("tracing")?.choice("--tracing", ["on", "off"]) ?? "on") == "on"
    if c.has("lambda") {
      for option in ["cluster", "cpu", "image", "port", "desired"] {
        if let word = c.optionWords[option] { throw word.error("--\(option) applies only to ECS services") }
      }
      let runtime = c.value("runtime")?.text ?? "nodejs20.x"
      if let token = c.value("runtime") {
        guard let version = nodeVersion(runtime) else {
          throw token.error("unsupported runtime '\(runtime)'; Vigil bundles Node.js handlers: nodejs20.x or newer")
        }
        guard version >= 20 else { throw token.error("runtime \(runtime) is too old: use nodejs20.x or newer") }
      }
      let memory = try c.value("memory")?.integer("--memory", in: 128...10240) ?? 512
      let timeout = try c.value("timeout")?.integer("--timeout", in: 1...900) ?? 10
      let handler = c.value("handler")?.text ?? "index.handler"
      let service = Service(
        name: name, kind: .lambda(runtime: runtime, memoryMB: memory, timeoutSeconds: timeout, handler: handler),
        insights: insights, tracing: tracing)
      let replaced = Stack.upsert(service, into: &stack.services, name: \.name)
      ensureLogGroup(for: name, in: &stack)
      return
        "\(verb(replaced)) Lambda function \(name) (\(runtime), \(memory) MB, tracing \(tracing ? "Active" : "off"), Lambda Insights \(insights ? "on" : "off"))"
    }
    for option in ["runtime", "timeout", "handler"] {
      if let word = c.optionWords[option] { throw word.error("--\(option) applies only to Lambda functions") }
    }
    guard let clusterToken = c.value("cluster") else { throw c.missing("--cluster CLUSTER") }
    let cluster = try clusterToken.resourceName("cluster name")
    var created = ""
    if !stack.clusters.contains(where: { $0.name == cluster }) {
      stack.clusters.append(ECSCluster(name: cluster, containerInsights: "enabled"))
      created = "; created cluster \(cluster) with Container Insights"
    }
    let cpu = try c.value("cpu")?.integer("--cpu", in: 256...16384) ?? 512
    guard [256, 512, 1024, 2048, 4096, 8192, 16384].contains(cpu) else {
      throw c.value("cpu")!.error("Fargate CPU must be 256, 512, 1024, 2048, 4096, 8192 or 16384, got \(cpu)")
    }
    let memory = try c.value("memory")?.integer("--memory", in: 512...122880) ?? 1024
    let port = try c.value("port")?.integer("--port", in: 1...65535) ?? 8080
    let desired = try c.value("desired")?.integer("--desired", in: 0...100) ?? 2
    let image = c.value("image")?.text ?? ""
    let service = Service(
      name: name, kind: .ecs(cluster: cluster, cpu: cpu, memoryMB: memory, image: image, port: port, desiredCount: desired),
      insights: insights, tracing: tracing)
    let replaced = Stack.upsert(service, into: &stack.services, name: \.name)
    ensureLogGroup(for: name, in: &stack)
    if stack.network == .none { stack.network = .existing }
    return
      "\(verb(replaced)) ECS service \(name) on cluster \(cluster) (\(cpu) CPU, \(memory) MB, X-Ray sidecar \(tracing ? "on" : "off"))\(created)"
  }

  /// Every service has a log group; defaults follow the platform rules until `logs` changes them.
  static func ensureLogGroup(for service: String, in stack: inout Stack) {
    guard stack.logGroup(for: service) == nil else { return }
    stack.logGroups.append(
      LogGroup(service: service, retentionDays: 30, key: stack.keys.first?.name, archive: "GLACIER", archiveAfterDays: 30))
  }

  static func applyMetricFilter(_ c: ParsedCommand, to stack: inout Stack, validators: EmbeddedLanguageValidators) throws(Diagnostic)
    -> String
  {
    let name = try c.positionals[0].resourceName("metric filter name")
    let service = try c.positionals[1].reference(.service, in: stack.names(of: .service))
    guard let pattern = c.value("pattern") else { throw c.missing("--pattern PATTERN") }
    if pattern.text.count > 1024 {
      throw pattern.error("filter pattern is \(pattern.text.count) characters; CloudWatch allows at most 1024")
    }
    if let problem = validators.filterPattern(pattern.text) {
      throw problem.relocated(
        file: pattern.location.file, line: pattern.location.line, sourceLine: pattern.sourceLine,
        columnOffset: pattern.location.column - 1 + (pattern.quoted ? 1 : 0))
    }
    guard let metric = c.value("metric") else { throw c.missing("--metric NAME") }
    guard !metric.text.isEmpty, !metric.text.contains("/") || true, metric.text.count <= 255 else {
      throw metric.error("metric name must be 1 to 255 characters")
    }
    let namespace = c.value("namespace")?.text ?? "Payments"
    if namespace.hasPrefix("AWS/") { throw c.value("namespace")!.error("namespaces starting with AWS/ are reserved for AWS services") }
    let value = c.value("value")?.text ?? "1"
    if let token = c.value("value"), Double(value) == nil {
      guard value.hasPrefix("$.") || (value.hasPrefix("$") && value.count > 1) else {
        throw token.error("--value must be a number, $.field (JSON) or $name (space-delimited), got '\(value)'")
      }
    }
    let dimensions = try c.dimensions()
    if dimensions.count > 3 { throw c.values("dimension")[3].error("a metric filter has at most 3 dimensions") }
    for (index, (_, field)) in dimensions.enumerated() where !field.hasPrefix("$") {
      throw c.values("dimension")[index].error("a metric filter dimension takes its value from a field: $.field or $name")
    }
    let defaultValue = try c.value("default")?.number("--default")
    if defaultValue != nil && !dimensions.isEmpty {
      throw c.optionWords["default"]!.error("CloudWatch does not allow a default value on a metric filter with dimensions")
    }
    let unit = try c.value("unit")?.choice("--unit", StackCommands.units)
    let existing = stack.metricFilters.filter { $0.service == service && $0.name != name }.count
    if existing >= 100 { throw c.head.error("a log group has at most 100 metric filters") }
    let filter = MetricFilter(
      name: name, service: service, pattern: pattern.text, metricName: metric.text, namespace: namespace, value: value,
      defaultValue: defaultValue, dimensions: dimensions, unit: unit)
    let replaced = Stack.upsert(filter, into: &stack.metricFilters, name: \.name)
    return "\(verb(replaced)) metric filter \(name) on \(service): \(namespace)/\(metric.text) = \(value)"
      + (defaultValue.map { " (default \(JSONValue.format($0)))" } ?? "")
  }

  static func applyAlarm(_ c: ParsedCommand, to stack: inout Stack, validators: EmbeddedLanguageValidators) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("alarm name")
    if stack.composite(name) != nil { throw c.positionals[0].error("'\(name)' is already a composite alarm") }
    let dimensions = Dictionary(try c.dimensions(), uniquingKeysWith: { a, _ in a })
    let stat = try c.value("stat")?.statistic() ?? "Average"
    let kinds = ["metric", "math", "anomaly-band"].filter { c.has($0) && !($0 == "anomaly-band") }
    let source: MetricAlarm.Source
    if let math = c.value("math") {
      if let metric = c.optionWords["metric"] { throw metric.error("use --using for the metrics of a --math alarm, not --metric") }
      if let problem = validators.metricMath(math.text) {
        throw problem.relocated(
          file: math.location.file, line: math.location.line, sourceLine: math.sourceLine,
          columnOffset: math.location.column - 1 + (math.quoted ? 1 : 0))
      }
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
    _ = kinds
    let period = try c.value("period")?.seconds("--period") ?? 60
    guard [10, 20, 30].contains(period) || period % 60 == 0 else {
      throw c.value("period")!.error("--period must be 10s, 20s, 30s or a multiple of 1m, got \(c.value("period")!.text)")
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
        try c.value("comparison")?.choice("--comparison", Array(StackCommands.comparisons.values).sorted()) ?? "GreaterThanThreshold"
    } else {
      guard let when = c.value("when") else { throw c.missing("--when CONDITION (or --threshold)") }
      if let word = c.optionWords["comparison"] {
        throw word.error("--comparison goes with --threshold; --when already names the comparison")
      }
      if case .anomalyBand = source {
        guard let op = StackCommands.bandComparisons[when.text] else {
          throw when.error("an anomaly-band alarm takes --when outside, above or below, got '\(when.text)'")
        }
        comparison = op
      } else {
        let text = when.text.trimmingSpaces
        let op = text.hasPrefix(">=") || text.hasPrefix("<=") ? String(text.prefix(2)) : String(text.prefix(1))
        guard let mapped = StackCommands.comparisons[op] else {
          throw when.error("--when must be a comparison and a threshold, such as '> 800' or '<= 1', got '\(when.text)'")
        }
        let number = text.dropFirst(op.count).trimmingCharacters
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
    // PutMetricAlarm: Period × EvaluationPeriods ≤ 7 days, or ≤ 1 day for periods under an hour.
    let limit = period < 3600 ? 86_400 : 604_800
    if period * n > limit {
      throw (c.value("datapoints") ?? c.head).error(
        "period × evaluation periods is \(period * n) seconds; CloudWatch allows at most \(limit) for this period")
    }
    let missing = try c.value("missing")?.choice("--missing", ["missing", "notBreaching", "breaching", "ignore"]) ?? "missing"
    var service = try c.value("service").map { token throws(Diagnostic) in try token.reference(.service, in: stack.names(of: .service)) }
    if service == nil { service = inferService(for: source, in: stack) }
    let alarm = MetricAlarm(
      name: name, source: source, periodSeconds: period, evaluationPeriods: n, datapointsToAlarm: m, comparison: comparison,
      threshold: threshold, treatMissingData: missing, service: service, description: c.value("description")?.text)
    let replaced = Stack.upsert(alarm, into: &stack.alarms, name: \.name)
    let condition = threshold.map { "\(comparison) \(JSONValue.format($0))" } ?? comparison
    return
      "\(verb(replaced)) alarm \(name): \(condition), \(m) of \(n) × \(TimeFormat.formatDuration(Int64(period) * 1000)), missing data \(missing)"
  }

  /// The service an alarm's metric comes from: a metric filter's service, or a FunctionName/ServiceName dimension.
  static func inferService(for source: MetricAlarm.Source, in stack: Stack) -> String? {
    var refs: [MetricRef] = []
    switch source {
    case .metric(let m, _), .anomalyBand(let m, _, _): refs = [m]
    case .math(_, let inputs): refs = inputs.map(\.metric)
    }
    for ref in refs {
      if let filter = stack.metricFilters.first(where: { $0.metricName == ref.name && $0.namespace == ref.namespace }) {
        return filter.service
      }
      // A per-service namespace such as Payments/refunds.
      if let last = ref.namespace.split(separator: "/").last, stack.service(String(last)) != nil { return String(last) }
      for key in ["FunctionName", "ServiceName", "service"] {
        if let value = ref.dimensions[key] {
          let suffix = "-\(stack.environment!.suffix)"
          let base = value.hasSuffix(suffix) ? String(value.dropLast(suffix.count)) : value
          if stack.service(base) != nil { return base }
        }
      }
    }
    return nil
  }

  static func applyComposite(_ c: ParsedCommand, to stack: inout Stack, validators: EmbeddedLanguageValidators) throws(Diagnostic) -> String
  {
    let name = try c.positionals[0].resourceName("composite alarm name")
    if stack.alarm(name) != nil { throw c.positionals[0].error("'\(name)' is already a metric alarm") }
    guard let rule = c.value("rule") else { throw c.missing("--rule RULE") }
    func relocate(_ d: Diagnostic) -> Diagnostic {
      d.relocated(
        file: rule.location.file, line: rule.location.line, sourceLine: rule.sourceLine,
        columnOffset: rule.location.column - 1 + (rule.quoted ? 1 : 0))
    }
    if let problem = validators.alarmRule(rule.text) { throw relocate(problem) }
    let references = AlarmRuleReferences.names(in: rule.text)
    let known = stack.names(of: .alarm) + stack.names(of: .composite).filter { $0 != name }
    for (reference, offset) in references where !known.contains(reference) {
      let suggestion = closestMatch(to: reference, in: known).map { "did you mean '\($0)'?" }
      throw relocate(Diagnostic("unknown alarm '\(reference)' in rule", in: rule.text, offset: offset, suggestion: suggestion))
    }
    guard !references.isEmpty || rule.text.contains("TRUE") || rule.text.contains("FALSE") else {
      throw rule.error("the rule names no alarm; use ALARM(name), OK(name) or INSUFFICIENT_DATA(name)")
    }
    var topics: [String] = []
    for (topicName, token) in c.list("notify") {
      var t = token
      t.text = topicName
      topics.append(try t.reference(.topic, in: stack.names(of: .topic)))
    }
    if topics.count > 5 { throw c.values("notify").last!.error("an alarm has at most 5 actions per state") }
    var suppressor: String?
    if let token = c.value("suppressor") {
      suppressor = try token.reference(.alarm, in: stack.names(of: .alarm) + stack.names(of: .composite).filter { $0 != name })
    } else {
      for option in ["suppress-wait", "suppress-extension"] {
        if let word = c.optionWords[option] { throw word.error("--\(option) needs --suppressor") }
      }
    }
    let wait = try c.value("suppress-wait")?.seconds("--suppress-wait") ?? 60
    let extensionPeriod = try c.value("suppress-extension")?.seconds("--suppress-extension") ?? 60
    let composite = CompositeAlarm(
      name: name, rule: rule.text, references: references.map(\.0).uniqued, notify: topics, suppressor: suppressor,
      suppressWaitSeconds: wait, suppressExtensionSeconds: extensionPeriod)
    let replaced = Stack.upsert(composite, into: &stack.composites, name: \.name)
    let notifies = topics.isEmpty ? "no notification" : "notifies \(topics.joined(separator: ", "))"
    return "\(verb(replaced)) composite alarm \(name) over \(composite.references.joined(separator: ", ")); \(notifies)"
  }

  static func applyTopic(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("topic name")
    func endpoint(_ token: Token, webhook: Bool) throws(Diagnostic) -> Endpoint {
      let text = token.text
      if text.hasPrefix("var:") {
        let variable = String(text.dropFirst(4))
        guard stack.variables.contains(where: { $0.name == variable }) else {
          throw token.error(
            "unknown variable '\(variable)'", suggestion: "define it first: variable \(variable) --sensitive")
        }
        return .variable(variable)
      }
      if text.hasPrefix("ssm:") {
        let path = String(text.dropFirst(4))
        guard path.hasPrefix("/"), path.count > 1 else {
          throw token.error("ssm: needs a parameter path such as ssm:/payments/oncall/webhook")
        }
        return .ssm(path)
      }
      if webhook {
        guard text.hasPrefix("https://"), text.count > 8 else {
          throw token.error("webhook endpoints must use HTTPS, got '\(text)'")
        }
      } else {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
          throw token.error("'\(text)' is not an e-mail address")
        }
      }
      return .literal(text)
    }
    var emails: [Endpoint] = []
    for token in c.values("email") { emails.append(try endpoint(token, webhook: false)) }
    var webhooks: [Endpoint] = []
    for token in c.values("webhook") { webhooks.append(try endpoint(token, webhook: true)) }
    let maxReceive = try c.value("max-receive")?.integer("--max-receive", in: 1...1000) ?? 3
    if c.has("max-receive") && !c.has("dlq") { throw c.optionWords["max-receive"]!.error("--max-receive needs --dlq") }
    let key =
      try c.value("key").map { token throws(Diagnostic) in try token.reference(.key, in: stack.names(of: .key)) } ?? stack.keys.first?.name
    let topic = Topic(name: name, emails: emails, webhooks: webhooks, deadLetterQueue: c.has("dlq"), maxReceiveCount: maxReceive, key: key)
    let replaced = Stack.upsert(topic, into: &stack.topics, name: \.name)
    var parts = ["\(emails.count) e-mail", "\(webhooks.count) webhook subscription(s)"]
    if topic.deadLetterQueue { parts.append("dead-letter queues with maxReceiveCount \(maxReceive)") }
    return "\(verb(replaced)) topic \(name) (\(parts.joined(separator: ", ")))"
  }

  static func applyDashboardWidget(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let dashboard = try c.positionals[0].reference(.dashboard, in: stack.names(of: .dashboard))
    _ = try c.positionals[1].choice("dashboard action", ["add"])
    let chosen = ["metric", "alarm", "text", "logs"].filter { c.has($0) }
    guard chosen.count == 1 else {
      throw (chosen.count > 1 ? c.optionWords[chosen[1]]! : c.head).error("a widget is exactly one of --metric, --alarm, --text or --logs")
    }
    let width = try c.value("width")?.integer("--width", in: 1...24) ?? 12
    let height = try c.value("height")?.integer("--height", in: 1...1000) ?? 6
    let kind: DashboardWidgetSpec.Kind
    var title = c.value("title")?.text
    switch chosen[0] {
    case "metric":
      let metric = try c.value("metric")!.metric(dimensions: Dictionary(try c.dimensions(), uniquingKeysWith: { a, _ in a }))
      let stat = try c.value("stat")?.statistic() ?? "Average"
      kind = .metric(metric, statistic: stat)
      title = title ?? "\(metric.name) \(stat)"
    case "alarm":
      let alarm = try c.value("alarm")!.reference(.alarm, in: stack.names(of: .alarm) + stack.names(of: .composite))
      kind = .alarm(alarm)
      title = title ?? "\(alarm) status"
    case "text":
      kind = .text(c.value("text")!.text)
      title = title ?? "text"
    default:
      kind = .logs(query: c.value("logs")!.text)
      title = title ?? "Logs"
    }
    stack.dashboardWidgets.append(DashboardWidgetSpec(dashboard: dashboard, title: title!, kind: kind, width: width, height: height))
    return "added widget '\(title!)' to dashboard \(dashboard)"
  }

  static func isRegion(_ s: String) -> Bool {
    let parts = s.split(separator: "-")
    return parts.count >= 3 && parts.allSatisfy { !$0.isEmpty } && parts.last!.allSatisfy(\.isNumber)
      && parts.dropLast().allSatisfy { $0.allSatisfy { $0.isLowercase && $0.isLetter } }
  }

  static func isCIDR(_ s: String) -> Bool {
    let parts = s.split(separator: "/")
    guard parts.count == 2, let bits = Int(parts[1]), (16...28).contains(bits) else { return false }
    let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false)
    return octets.count == 4 && octets.allSatisfy { Int($0).map { (0...255).contains($0) } ?? false }
  }

  static func nodeVersion(_ runtime: String) -> Int? {
    guard runtime.hasPrefix("nodejs"), runtime.hasSuffix(".x") else { return nil }
    return Int(runtime.dropFirst(6).dropLast(2))
  }
}

/// Finds the alarm names a composite AlarmRule references, with their offsets, without judging the grammar
/// (the alarm engine parses the full grammar).
public enum AlarmRuleReferences {
  public static func names(in rule: String) -> [(String, Int)] {
    let scalars = Array(rule.unicodeScalars)
    var result: [(String, Int)] = []
    var i = 0
    let functions = ["ALARM", "OK", "INSUFFICIENT_DATA"]
    while i < scalars.count {
      var matched = false
      for function in functions {
        let f = Array(function.unicodeScalars)
        guard i + f.count < scalars.count, Array(scalars[i..<i + f.count]) == f else { continue }
        if i > 0, isWordScalar(scalars[i - 1]) { continue }
        var j = i + f.count
        while j < scalars.count, scalars[j] == " " { j += 1 }
        guard j < scalars.count, scalars[j] == "(" else { continue }
        j += 1
        while j < scalars.count, scalars[j] == " " { j += 1 }
        var quote: Unicode.Scalar?
        if j < scalars.count, scalars[j] == "\"" {
          quote = "\""
          j += 1
        }
        let start = j
        while j < scalars.count, scalars[j] != ")" && scalars[j] != (quote ?? ")") && (quote != nil || scalars[j] != " ") { j += 1 }
        var name = String(String.UnicodeScalarView(scalars[start..<j]))
        // An ARN names the alarm after "alarm:".
        if let range = name.firstRange(of: ":alarm:") { name = String(name[range.upperBound...]) }
        result.append((name, start))
        i = j
        matched = true
        break
      }
      // AT_LEAST(n, STATE, (a, b)) lists names inside the inner parentheses.
      if !matched, i + 8 < scalars.count, String(String.UnicodeScalarView(scalars[i..<i + 8])) == "AT_LEAST" {
        var j = i + 8
        var depth = 0
        var nameStart: Int?
        var inner = false
        while j < scalars.count {
          let s = scalars[j]
          if s == "(" {
            depth += 1
            if depth == 2 { inner = true }
          } else if s == ")" {
            if inner, let start = nameStart {
              result.append((String(String.UnicodeScalarView(scalars[start..<j])).trimmingSpaces, start))
              nameStart = nil
            }
            depth -= 1
            if depth == 1 { inner = false }
            if depth == 0 { break }
          } else if inner {
            if s == "," {
              if let start = nameStart { result.append((String(String.UnicodeScalarView(scalars[start..<j])).trimmingSpaces, start)) }
              nameStart = nil
            } else if s != " " && nameStart == nil {
              nameStart = j
            }
          }
          j += 1
        }
        i = j
        continue
      }
      i += matched ? 0 : 1
    }
    return result
  }

  static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
    ("A"..."Z").contains(s) || ("a"..."z").contains(s) || ("0"..."9").contains(s) || s == "_"
  }
}

extension Array where Element: Hashable {
  var uniqued: [Element] {
    var seen = Set<Element>()
    return filter { seen.insert($0).inserted }
  }
}

extension Substring {
  var trimmingCharacters: String { String(self).trimmingSpaces }
}
