import VigilCore

/// `--physical-name NAME`: a resource keeps the AWS name it already has (an adopted stack) instead of Vigil's
/// `NAME-ROLE-SUFFIX`. The names are stored in `Environment.explicitNames` and read only through `ResourceNames`;
/// this file says which commands take the option, checks the name against AWS's rules for the kind, and finds two
/// resources that would end up with one name.
public enum PhysicalNames {
  /// A kind whose resources can carry an explicit name: its command, the role of its own name in `ResourceNames`,
  /// the AWS namespace the name lives in, and AWS's rule for the name.
  struct Kind: Sendable {
    var command: String
    var role: PhysicalRole?
    /// Names must be unique within a namespace; metric and composite alarms share one.
    var namespace: String
    var maxLength: Int
    /// Characters AWS allows beyond ASCII letters and digits; nil: any printable character.
    var extra: String?
  }

  /// Name rules: PutMetricAlarm AlarmName (1–255), CreateTopic Name (1–256, letters, digits, `-`, `_`),
  /// CreateLogGroup logGroupName (1–512, `.-_/#`), PutDashboard DashboardName (1–255, `-_`),
  /// CreateCluster clusterName (1–255, `-_`), CreateSamplingRule RuleName (1–32), Lambda FunctionName (1–64, `-_`).
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
  /// https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
  /// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html
  static let kinds: [Kind] = [
    Kind(command: "alarm", role: .alarm, namespace: "CloudWatch alarm", maxLength: 255, extra: nil),
    Kind(command: "composite", role: .composite, namespace: "CloudWatch alarm", maxLength: 255, extra: nil),
    Kind(command: "topic", role: .topic, namespace: "SNS topic", maxLength: 256, extra: "-_"),
    Kind(command: "logs", role: nil, namespace: "log group", maxLength: 512, extra: ".-_/#"),
    Kind(command: "dashboard", role: .dashboard, namespace: "dashboard", maxLength: 255, extra: "-_"),
    Kind(command: "cluster", role: .cluster, namespace: "ECS cluster", maxLength: 255, extra: "-_"),
    Kind(command: "tracing", role: .sampling, namespace: "X-Ray sampling rule", maxLength: 32, extra: "-_"),
    Kind(command: "service", role: nil, namespace: "function or ECS service", maxLength: 64, extra: "-_"),
  ]

  /// The commands that take `--physical-name`.
  public static let commands: Set<String> = Set(kinds.map(\.command))

  /// The option every such command gets.
  static let option = OptionSpec(
    "physical-name", value: "NAME", help: "the AWS name as written (an adopted resource keeps its name) instead of NAME-SUFFIX")

  /// The command whose resource's own name `ResourceNames.physical(_, role)` is (`.alarm` → `alarm`; no role → a service).
  static func command(owning role: PhysicalRole?) -> String? {
    guard let role else { return "service" }
    return kinds.first { $0.role == role && $0.command != "tracing" }?.command
  }

  /// Records the `--physical-name` of `command` under `key` (its origin key). A definition without the option keeps
  /// the name given before (`dashboard NAME add` lines add widgets to one dashboard).
  static func record(_ command: ParsedCommand, key: String, in stack: inout Stack) throws(Diagnostic) {
    guard let token = command.value("physical-name"), let kind = kinds.first(where: { $0.command == command.spec.name }),
      var environment = stack.environment
    else { return }
    let name = token.text
    guard !name.isEmpty, name.unicodeScalars.count <= kind.maxLength else {
      throw token.error("a \(kind.namespace) name has 1 to \(kind.maxLength) characters, got \(name.unicodeScalars.count)")
    }
    for (offset, s) in name.unicodeScalars.enumerated() {
      let allowed: Bool
      if let extra = kind.extra {
        allowed = ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || extra.unicodeScalars.contains(s)
      } else {
        allowed = s.value >= 0x20 && s.value != 0x7F
      }
      if !allowed {
        let what = kind.extra.map { "letters, digits and \($0.map { "'\($0)'" }.joined(separator: " "))" } ?? "printable characters"
        throw token.error("a \(kind.namespace) name may contain only \(what)", columnOffset: offset + (token.quoted ? 1 : 0))
      }
    }
    environment.explicitNames[key] = name
    stack.set(\.environment, to: environment)
  }

  /// The physical names of every resource in the namespace of `command`'s kind, by origin key.
  static func names(inNamespaceOf command: String, in stack: Stack, environment: Environment) -> [(key: String, name: String)] {
    guard let namespace = kinds.first(where: { $0.command == command })?.namespace else { return [] }
    let names = ResourceNames(environment)
    var result: [(key: String, name: String)] = []
    for kind in kinds where kind.namespace == namespace {
      switch kind.command {
      case "alarm": result += stack.alarms.map { ("alarm \($0.name)", names.physical($0.name, .alarm)) }
      case "composite": result += stack.composites.map { ("composite \($0.name)", names.physical($0.name, .composite)) }
      case "topic": result += stack.topics.map { ("topic \($0.name)", names.physical($0.name, .topic)) }
      case "logs": result += stack.logGroups.map { ("logs \($0.service)", stack.logGroupName(of: $0, in: environment)) }
      case "dashboard":
        let dashboards = Set(stack.dashboardWidgets.map(\.dashboard)).union(stack.services.isEmpty ? [] : ["overview"])
          .union(stack.services.map(\.name))
        result += dashboards.sorted().map { ("dashboard \($0)", names.physical($0, .dashboard)) }
      case "cluster": result += stack.clusters.map { ("cluster \($0.name)", names.physical($0.name, .cluster)) }
      case "service": result += stack.services.map { ("service \($0.name)", names.physical($0.name)) }
      default: break
      }
    }
    return result
  }

  /// Two resources of one namespace with the same physical name, at least one of them named with `--physical-name`:
  /// one diagnostic per clash, at the later definition. Nothing to do when no name was given explicitly.
  public static func collisions(in stack: Stack, environment: Environment, only command: String? = nil, sourceLine: (SourceLocation) -> String)
    -> [Diagnostic]
  {
    guard !environment.explicitNames.isEmpty else { return [] }
    var diagnostics: [Diagnostic] = []
    var seen = Set<String>()
    for kind in kinds where command == nil || kind.command == command {
      guard seen.insert(kind.namespace).inserted else { continue }
      var first: [String: String] = [:]
      for (key, name) in names(inNamespaceOf: kind.command, in: stack, environment: environment) {
        guard let earlier = first[name] else {
          first[name] = key
          continue
        }
        guard environment.explicitNames[key] != nil || environment.explicitNames[earlier] != nil else { continue }
        let (a, b) = ((stack.origins[earlier]?.line ?? 0) <= (stack.origins[key]?.line ?? 0)) ? (earlier, key) : (key, earlier)
        let location = stack.origins[b] ?? SourceLocation()
        let defined = stack.origins[a].map { " (defined at \($0.description))" } ?? ""
        diagnostics.append(
          Diagnostic(
            "\(b) and \(a)\(defined) both need the \(kind.namespace) name '\(name)'; give one of them another --physical-name",
            at: location, sourceLine: sourceLine(location)))
      }
    }
    return diagnostics
  }
}

extension Stack {
  /// A log group's CloudWatch name: its `--physical-name`, or the one its service's kind gives it.
  public func logGroupName(of group: LogGroup, in environment: Environment) -> String {
    if let explicit = environment.explicitNames["logs \(group.service)"] { return explicit }
    guard let service = service(group.service) else { return group.service }
    return service.logGroupName(in: environment)
  }
}
