import VigilCore

/// Applies stack-defining commands to a stack, validating every argument and reference (embedded filter
/// patterns, composite rules, Insights queries and metric math with the engines' own parsers).
/// A command that defines a name again replaces the earlier definition ("updated ...").
public struct StackBuilder: Sendable {
  public private(set) var stack = Stack()

  public init() {}

  /// Applies one parsed command; returns a one-line confirmation. The stack is unchanged on error.
  public mutating func apply(_ command: ParsedCommand) throws(Diagnostic) -> String {
    if command.spec.name != ResourceKind.stack.spec?.name && stack.environment == nil {
      throw command.head.error("no stack yet", suggestion: "start with 'stack NAME --suffix SUFFIX'")
    }
    guard let kind = ResourceKind.defined(by: command.spec.name) else {
      throw command.head.error("'\(command.spec.name)' does not change the stack")
    }
    var next = stack
    let message = try kind.apply(command, &next)
    next.origins[kind.originKey(command)] = command.line.location
    stack = next
    return message
  }
}
