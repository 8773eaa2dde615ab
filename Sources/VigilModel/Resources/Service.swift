import VigilCore

/// A Lambda function or an ECS (Fargate) service: the unit that logs, is alarmed on and gets a dashboard.
public struct Service: Equatable, Sendable {
  public enum Kind: Equatable, Sendable {
    case lambda(runtime: String, memoryMB: Int, timeoutSeconds: Int, handler: String)
    case ecs(cluster: String, cpu: Int, memoryMB: Int, image: String, port: Int, desiredCount: Int)
  }
  public var name: String
  public var kind: Kind
  /// Lambda Insights (functions) — Container Insights is a cluster setting.
  public var insights: Bool
  /// X-Ray: Lambda tracing `Active` / ECS X-Ray daemon sidecar.
  public var tracing: Bool
  /// The format Lambda writes the function's logs in (`LoggingConfig.LogFormat`); ECS services keep `.text`.
  public var logFormat: LambdaLogFormat = .text

  public var isLambda: Bool { if case .lambda = kind { return true }; return false }

  /// The log group CloudWatch uses for this service.
  public func logGroupName(in environment: Environment) -> String {
    ResourceNames(environment).logGroup(ofService: name, lambda: isLambda)
  }
}

/// How a Lambda function's logs reach CloudWatch: `Text` (AWS's default) writes `START`/`END`/`REPORT` lines and
/// `timestamp<TAB>requestId<TAB>LEVEL<TAB>message` console lines; `JSON` writes `{"time":…,"type":"platform.report",
/// "record":{…}}` system records and `{"timestamp":…,"level":…,"requestId":…,"message":…}` application lines.
/// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html
public enum LambdaLogFormat: String, Equatable, Sendable, CaseIterable {
  case text, json

  /// The value of `LoggingConfig.LogFormat` (and Terraform's `logging_config.log_format`): `Text` or `JSON`.
  /// https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html
  public var awsValue: String { self == .text ? "Text" : "JSON" }
}

extension ResourceKind {
  /// `service NAME --lambda|--ecs`: functions and ECS services.
  public static let service = ResourceKind("service", Service.self)
}

extension Service: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "service", summary: "A Lambda function or an ECS service.",
    positionals: [PositionalSpec("name", help: "service name, e.g. payment-api")],
    options: [
      .flag("lambda", help: "a Lambda function"),
      .flag("ecs", help: "an ECS (Fargate) service"),
      OptionSpec("runtime", value: "RUNTIME", help: "Lambda runtime, nodejs20.x or newer (default nodejs22.x)"),
      OptionSpec("memory", value: "MB", .number, help: "memory in MB (Lambda default 512, ECS default 1024)"),
      OptionSpec("timeout", value: "SECONDS", .number, help: "Lambda timeout (default 10)"),
      OptionSpec("handler", value: "HANDLER", help: "Lambda handler (default index.handler)"),
      OptionSpec("cluster", value: "CLUSTER", .resource(.cluster), help: "ECS cluster (created if new)"),
      OptionSpec("cpu", value: "UNITS", .number, help: "ECS task CPU units (default 512)"),
      OptionSpec("image", value: "IMAGE", help: "container image (default a variable per service)"),
      OptionSpec("port", value: "PORT", .number, help: "container port (default 8080)"),
      OptionSpec("desired", value: "N", .number, help: "desired ECS task count (default 2)"),
      OptionSpec("insights", value: "on|off", .choice(["on", "off"]), help: "Lambda Insights extension (default on)"),
      OptionSpec("tracing", value: "on|off", .choice(["on", "off"]), help: "X-Ray tracing (default on)"),
      OptionSpec(
        "log-format", value: "text|json", .choice(["text", "json"]), help: "Lambda log format (default text, as AWS)"),
      PhysicalNames.option,
    ], example: "service payment-authorizer --lambda --runtime nodejs22.x")

  /// The runtime a function gets without `--runtime`: the oldest Node.js runtime Lambda still supports for new
  /// functions. `nodejs20.x` was deprecated on 2026-04-30 and its function creation blocked from 2026-06-01; `nodejs22.x`
  /// is supported until 2027-04-30.
  /// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
  public static let defaultRuntime = "nodejs22.x"

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("service name")
    if c.has("lambda") == c.has("ecs") {
      throw c.head.error("service \(name): say --lambda or --ecs (exactly one)")
    }
    let insights = (try c.value("insights")?.choice("--insights", ["on", "off"]) ?? "on") == "on"
    let tracing = (try c.value("tracing")?.choice("--tracing", ["on", "off"]) ?? "on") == "on"
    // A service also defines its log group (until `logs` changes it).
    if stack.origins["logs \(name)"] == nil { stack.setOrigin("logs \(name)", c.line.location) }
    if c.has("lambda") {
      let logFormat = LambdaLogFormat(rawValue: try c.value("log-format")?.choice("--log-format", ["text", "json"]) ?? "text") ?? .text
      for option in ["cluster", "cpu", "image", "port", "desired"] {
        if let word = c.optionWords[option] { throw word.error("--\(option) applies only to ECS services") }
      }
      let runtime = c.value("runtime")?.text ?? defaultRuntime
      if let token = c.value("runtime") {
        // AWS refuses to create or update a function on a deprecated runtime once its blocks have begun.
        if let deprecation = LambdaRuntimes.deprecation(of: runtime) {
          let bundle = nodeVersion(runtime) == nil ? " (Vigil itself bundles Node.js handlers: nodejs20.x or newer)" : ""
          throw token.error("runtime \(deprecation.message)\(bundle)")
        }
        guard let version = nodeVersion(runtime) else {
          throw token.error("unsupported runtime '\(runtime)'; Vigil bundles Node.js handlers: nodejs20.x or newer")
        }
        guard version >= 20 else { throw token.error("runtime \(runtime) is too old: use nodejs20.x or newer") }
      }
      // Lambda memory is 128 MB to 10,240 MB; timeout at most 900 seconds.
      let memory = try c.value("memory")?.integer("--memory", in: 128...10240) ?? 512
      let timeout = try c.value("timeout")?.integer("--timeout", in: 1...900) ?? 10
      let handler = c.value("handler")?.text ?? "index.handler"
      if let token = c.value("handler") {
        // The handler names a file inside the bundled zip: no absolute path, no `..`.
        do { _ = try LambdaHandlerName(validating: token.text) } catch { throw token.error("--handler \(error)") }
      }
      let service = Service(
        name: name, kind: .lambda(runtime: runtime, memoryMB: memory, timeoutSeconds: timeout, handler: handler),
        insights: insights, tracing: tracing, logFormat: logFormat)
      let replaced = stack.upsert(service, into: \.services, name: \.name)
      LogGroup.ensure(for: name, in: &stack)
      // Text is the default and says nothing new; JSON changes what every pattern and query sees, so it is said.
      let format = logFormat == .json ? ", JSON logs" : ""
      return
        "\(verb(replaced)) Lambda function \(name) (\(runtime), \(memory) MB, tracing \(tracing ? "Active" : "off"), Lambda Insights \(insights ? "on" : "off")\(format))"
    }
    for option in ["runtime", "timeout", "handler", "log-format"] {
      if let word = c.optionWords[option] { throw word.error("--\(option) applies only to Lambda functions") }
    }
    guard let clusterToken = c.value("cluster") else { throw c.missing("--cluster CLUSTER") }
    let cluster = try clusterToken.resourceName("cluster name")
    var created = ""
    if stack.element(cluster, in: stack.clusters, name: \.name) == nil {
      stack.upsert(ECSCluster(name: cluster, containerInsights: "enabled"), into: \.clusters, name: \.name)
      created = "; created cluster \(cluster) with Container Insights"
    }
    let cpuToken = c.value("cpu")
    let cpu = try cpuToken?.integer("--cpu", in: 256...16384) ?? 512
    // Fargate task CPU values: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
    if let cpuToken, ![256, 512, 1024, 2048, 4096, 8192, 16384].contains(cpu) {
      throw cpuToken.error("Fargate CPU must be 256, 512, 1024, 2048, 4096, 8192 or 16384, got \(cpu)")
    }
    let memory = try c.value("memory")?.integer("--memory", in: 512...122880) ?? 1024
    let port = try c.value("port")?.integer("--port", in: 1...65535) ?? 8080
    let desired = try c.value("desired")?.integer("--desired", in: 0...100) ?? 2
    let image = c.value("image")?.text ?? ""
    let service = Service(
      name: name, kind: .ecs(cluster: cluster, cpu: cpu, memoryMB: memory, image: image, port: port, desiredCount: desired),
      insights: insights, tracing: tracing)
    let replaced = stack.upsert(service, into: \.services, name: \.name)
    LogGroup.ensure(for: name, in: &stack)
    if stack.network == .none { stack.set(\.network, to: .existing) }
    return
      "\(verb(replaced)) ECS service \(name) on cluster \(cluster) (\(cpu) CPU, \(memory) MB, X-Ray sidecar \(tracing ? "on" : "off"))\(created)"
  }

  static func names(in stack: Stack) -> [String] { stack.services.map(\.name) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section(
      "services",
      stack.services.map { s in
        switch s.kind {
        case .lambda(let runtime, let memory, _, _):
          return "\(s.name)  Lambda \(runtime) \(memory) MB" + (s.logFormat == .json ? ", JSON logs" : "")
        case .ecs(let cluster, let cpu, let memory, _, _, let desired):
          return "\(s.name)  ECS on \(cluster), \(cpu) CPU, \(memory) MB, \(desired) tasks"
        }
      })
  }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let s = stack.service(name) else { return nil }
    let filters = stack.metricFilters.filter { $0.service == name }.map(\.name)
    return
      "service \(ResourceNames(env).physical(name)) (\(s.isLambda ? "Lambda" : "ECS"))\n  log group: \(s.logGroupName(in: env))\n"
      + (s.isLambda ? "  log format: \(s.logFormat.awsValue)\n" : "") + "  metric filters: \(filters.isEmpty ? "none" : filters.joined(separator: ", "))"
  }

  /// `nodejs22.x` → 22; nil for anything that is not a Node.js runtime.
  static func nodeVersion(_ runtime: String) -> Int? {
    guard runtime.hasPrefix("nodejs"), runtime.hasSuffix(".x") else { return nil }
    return Int(runtime.dropFirst(6).dropLast(2))
  }
}

extension Service {
  static func references(in stack: Stack) -> [ResourceReference] {
    stack.services.compactMap { service in
      guard case .ecs(let cluster, _, _, _, _, _) = service.kind else { return nil }
      return ResourceReference(.service, service.name, "--cluster", .cluster, cluster)
    }
  }
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    stack.removeNamed(name, from: \.services, name: \.name, origin: "service")
  }
}

extension Service {
  /// Its own name and its `--cluster`.
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack) {
    if kind == .service { stack.renameNamed(old, to: new, in: \.services, name: \.name, origin: "service") }
    guard kind == .cluster else { return }
    for i in stack.services.indices {
      if case .ecs(old, let cpu, let memory, let image, let port, let desired) = stack.services[i].kind {
        stack.services[i].kind = .ecs(cluster: new, cpu: cpu, memoryMB: memory, image: image, port: port, desiredCount: desired)
      }
    }
  }
}
