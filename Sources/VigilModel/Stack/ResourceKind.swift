import VigilCore

/// What one kind of resource contributes to the model. Each kind lives in one file under `Resources/`
/// (the struct, its command, how the command changes the stack, how `show` describes it, its names)
/// and is listed once in ``ResourceKind/allCases``.
protocol StackResource {
  /// The command that defines it; nil for a kind that is only referenced (log sources).
  static var spec: CommandSpec? { get }
  /// Applies the kind's command to the stack; returns the one-line confirmation. Throws without side effects
  /// that matter: the builder discards the changed copy on error.
  static func apply(_ command: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String
  /// The key `Stack.origins` records the command under (`"alarm api-p99"`, `"tracing"`).
  static func originKey(of command: ParsedCommand) -> String
  /// The names other commands can reference (completion, `show`, suggestions).
  static func names(in stack: Stack) -> [String]
  /// The kind's lines in `show` without a name.
  static func overview(of stack: Stack, in environment: Environment) -> [String]
  /// `show NAME` for a resource of this kind, or nil when it defines no such name.
  static func describe(_ name: String, in stack: Stack, environment: Environment) -> String?
  /// What each resource of this kind references (a composite its alarms and topics, a log group its service and
  /// key), so `remove` can name the dependants and `--cascade` remove them.
  static func references(in stack: Stack) -> [ResourceReference]
  /// Removes the resource called `name`; false when this kind cannot be removed by name (`remove` refuses).
  static func remove(_ name: String, from stack: inout Stack) -> Bool
  /// Follows `rename`: when `kind` is this kind, the resource called `old` takes the name `new` (with its origin);
  /// and every reference this kind makes to `kind` `old` (those ``references(in:)`` declares) then names `new`.
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack)
}

extension StackResource {
  static var spec: CommandSpec? { nil }
  static func apply(_ command: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    throw command.head.error("'\(command.spec.name)' does not change the stack")
  }
  static func originKey(of command: ParsedCommand) -> String {
    command.positionals.first.map { "\(command.spec.name) \($0.text)" } ?? command.spec.name
  }
  static func names(in stack: Stack) -> [String] { [] }
  static func overview(of stack: Stack, in environment: Environment) -> [String] { [] }
  static func describe(_ name: String, in stack: Stack, environment: Environment) -> String? { nil }
  static func references(in stack: Stack) -> [ResourceReference] { [] }
  static func remove(_ name: String, from stack: inout Stack) -> Bool { false }
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack) {}

  /// `verb(replaced)`: the word every confirmation starts with.
  static func verb(_ replaced: Bool) -> String { replaced ? "updated" : "defined" }

  /// A titled, indented section of `show`; nothing when there are no items.
  static func section(_ title: String, _ items: [String]) -> [String] {
    items.isEmpty ? [] : ["\(title):"] + items.map { "  " + $0 }
  }
}

/// One kind of resource a session defines or references. The list ``allCases`` drives the builder, `show`,
/// `Stack.names(of:)`, completion and the stack commands' specs; adding a kind means its file under
/// `Resources/` (which declares its `static let`) and one line in that list.
public struct ResourceKind: Hashable, Sendable, CaseIterable, CustomStringConvertible {
  /// The noun used in messages, e.g. `log group` in "unknown log group 'x'".
  public let rawValue: String
  /// The command that defines resources of this kind, if any.
  public var spec: CommandSpec? { commandSpec() }
  /// Read on use, not stored: a spec may name its own kind (`dashboard NAME` completes dashboards), and
  /// storing it would make the two static initialisers wait on each other.
  let commandSpec: @Sendable () -> CommandSpec?
  let apply: @Sendable (ParsedCommand, inout Stack) throws(Diagnostic) -> String
  let originKey: @Sendable (ParsedCommand) -> String
  let names: @Sendable (Stack) -> [String]
  let overview: @Sendable (Stack, Environment) -> [String]
  let describe: @Sendable (String, Stack, Environment) -> String?
  let references: @Sendable (Stack) -> [ResourceReference]
  let remove: @Sendable (String, inout Stack) -> Bool
  let rename: @Sendable (ResourceKind, String, String, inout Stack) -> Void

  init<Resource: StackResource>(_ noun: String, _ resource: Resource.Type) {
    rawValue = noun
    commandSpec = { Resource.spec }
    apply = { command, stack throws(Diagnostic) in try Resource.apply(command, to: &stack) }
    originKey = { Resource.originKey(of: $0) }
    names = { Resource.names(in: $0) }
    overview = { Resource.overview(of: $0, in: $1) }
    describe = { Resource.describe($0, in: $1, environment: $2) }
    references = { Resource.references(in: $0) }
    remove = { Resource.remove($0, from: &$1) }
    rename = { Resource.rename($0, from: $1, to: $2, in: &$3) }
  }

  /// Every kind, in the order of `help`, the builder's lookup and `show`'s overview.
  public static let allCases: [ResourceKind] = [
    .stack, .network, .key, .cluster, .service, .logGroup, .metricFilter, .alarm, .composite, .topic, .tracing, .flowLogs,
    .remediation, .canary, .parameter, .queryDefinition, .variable, .dashboard, .logSource,
    .externalMetric, .reference,
  ]

  /// The kind whose command is `name` (`alarm`, `logs`, `flow-logs`).
  public static func defined(by command: String) -> ResourceKind? { allCases.first { $0.spec?.name == command } }

  public var description: String { rawValue }
  public static func == (a: ResourceKind, b: ResourceKind) -> Bool { a.rawValue == b.rawValue }
  public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}

/// The commands that define the stack, in `help` order.
public enum StackCommands {
  public static let specs: [CommandSpec] = ResourceKind.allCases.compactMap(\.spec)
}
