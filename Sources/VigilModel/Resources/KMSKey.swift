import VigilCore

/// A customer-managed KMS key with its alias (rotation on, deletion window 7 days by default).
public struct KMSKey: Equatable, Sendable {
  public var name: String
  public var rotation: Bool
  public var deletionWindowDays: Int
}

extension ResourceKind {
  /// `key NAME`: customer-managed KMS keys.
  public static let key = ResourceKind("key", KMSKey.self)
}

extension KMSKey: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "key", summary: "A customer-managed KMS key with alias, rotation on, 7-day deletion window.",
    positionals: [PositionalSpec("name", help: "key name, e.g. logs")],
    options: [
      OptionSpec("rotation", value: "on|off", .choice(["on", "off"]), help: "automatic yearly rotation (default on)"),
      OptionSpec("deletion-window", value: "DAYS", .number, help: "7 to 30 days (default 7)"),
    ], example: "key logs --rotation on")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("key name")
    let rotation = (try c.value("rotation")?.choice("--rotation", ["on", "off"]) ?? "on") == "on"
    // ScheduleKeyDeletion's PendingWindowInDays is 7 to 30.
    let window = try c.value("deletion-window")?.integer("--deletion-window", in: 7...30) ?? 7
    let replaced = stack.upsert(KMSKey(name: name, rotation: rotation, deletionWindowDays: window), into: \.keys, name: \.name)
    return "\(verb(replaced)) KMS key \(name) (rotation \(rotation ? "on" : "off"), deletion window \(window) days)"
  }

  static func names(in stack: Stack) -> [String] { stack.keys.map(\.name) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section("keys", stack.keys.map { "\($0.name)  rotation \($0.rotation ? "on" : "off"), deletion window \($0.deletionWindowDays) days" })
  }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let k = stack.key(name) else { return nil }
    return "KMS key \(name) (\(ResourceNames(env).keyAlias(name)))\n  rotation \(k.rotation ? "on" : "off"), deletion window \(k.deletionWindowDays) days"
  }
}

extension KMSKey {
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    stack.removeNamed(name, from: \.keys, name: \.name, origin: "key")
  }
}

extension KMSKey {
  /// Its own name.
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack) {
    if kind == .key { stack.renameNamed(old, to: new, in: \.keys, name: \.name, origin: "key") }
  }
}
