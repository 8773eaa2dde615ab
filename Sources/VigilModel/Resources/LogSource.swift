import VigilCore

/// What `load FILE into SOURCE` can fill: a service's log group, or the VPC flow logs. Only referenced;
/// no command defines it.
public enum LogSource: StackResource {
  /// The name the flow-log group is loaded under.
  public static let flowLogsName = "vpc-flow-logs"

  static func names(in stack: Stack) -> [String] {
    stack.services.map(\.name) + (stack.flowLogs == nil ? [] : [flowLogsName])
  }
}

extension ResourceKind {
  /// Log sources: services' log groups and, when defined, `vpc-flow-logs`.
  public static let logSource = ResourceKind("log source", LogSource.self)
}
