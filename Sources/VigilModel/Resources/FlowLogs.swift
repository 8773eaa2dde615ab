import VigilCore

/// VPC flow logs delivered to a KMS-encrypted log group.
public struct FlowLogs: Equatable, Sendable {
  public var key: String?
  public var retentionDays: Int
  /// `ALL`, `ACCEPT` or `REJECT`.
  public var trafficType: String
}

extension ResourceKind {
  /// `flow-logs`: the VPC's flow logs.
  public static let flowLogs = ResourceKind("flow logs", FlowLogs.self)
}

extension FlowLogs: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "flow-logs", summary: "VPC flow logs to a KMS-encrypted log group.",
    options: [
      OptionSpec("key", value: "KEY", .resource(.key), help: "KMS key for the flow-log group"),
      OptionSpec("retention", value: "DAYS", .number, help: "retention in days (default 30)"),
      OptionSpec("traffic", value: "TYPE", .choice(["ALL", "ACCEPT", "REJECT"]), help: "traffic type (default ALL)"),
    ], example: "flow-logs --key logs --retention 30")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let key = try c.value("key").map { token throws(Diagnostic) in try token.reference(.key, in: stack) }
    var days = 30
    if let token = c.value("retention") {
      days = try token.integer("--retention", in: 1...3653)
      guard LogGroup.allowedRetentionDays.contains(days) else { throw token.error("CloudWatch does not allow a retention of \(days) days") }
    }
    let traffic = try c.value("traffic")?.choice("--traffic", ["ALL", "ACCEPT", "REJECT"]) ?? "ALL"
    guard stack.network != .none else {
      throw c.head.error("flow logs need a network", suggestion: "add 'network existing' or 'network create' first")
    }
    let replaced = stack.flowLogs != nil
    stack.set(\.flowLogs, to: FlowLogs(key: key, retentionDays: days, trafficType: traffic))
    return "\(verb(replaced)) VPC flow logs (\(traffic)) to a log group with retention \(days) days"
  }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    guard let f = stack.flowLogs else { return [] }
    return ["flow logs: \(f.trafficType), \(f.retentionDays) days, key \(f.key ?? "none")"]
  }
}

extension FlowLogs {
  static func references(in stack: Stack) -> [ResourceReference] {
    (stack.flowLogs?.key).map { [ResourceReference(.flowLogs, "flow-logs", "--key", .key, $0)] } ?? []
  }
}

extension FlowLogs {
  /// Its `--key` follows the key.
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack) {
    if kind == .key, stack.flowLogs?.key == old { stack.flowLogs?.key = new }
  }
}
