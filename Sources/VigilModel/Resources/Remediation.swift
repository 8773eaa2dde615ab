import VigilCore

/// An EventBridge rule on an alarm's state change, targeting a remediation Lambda function.
public struct Remediation: Equatable, Sendable {
  public var name: String
  public var alarm: String
  public var state: String
  public var function: String
}

extension ResourceKind {
  /// `remediation NAME --on ALARM --function FUNCTION`: EventBridge rules on alarm state changes.
  public static let remediation = ResourceKind("remediation", Remediation.self)
}

extension Remediation: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "remediation", summary: "An EventBridge rule on an alarm state change that invokes a Lambda function.",
    positionals: [PositionalSpec("name", help: "rule name")],
    options: [
      OptionSpec("on", value: "ALARM", help: "metric or composite alarm to watch"),
      OptionSpec("state", value: "STATE", .choice(["ALARM", "OK", "INSUFFICIENT_DATA"]), help: "state that triggers it (default ALARM)"),
      OptionSpec("function", value: "FUNCTION", .resource(.service), help: "Lambda function to invoke"),
    ], example: "remediation restart-api --on api-degraded --function notifier")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("remediation name")
    guard let on = c.value("on") else { throw c.missing("--on ALARM") }
    let alarm = try on.reference(.alarm, among: [.alarm, .composite], in: stack)
    guard let functionToken = c.value("function") else { throw c.missing("--function FUNCTION") }
    if let service = stack.service(functionToken.text), !service.isLambda {
      throw functionToken.error("'\(service.name)' is an ECS service; a remediation invokes a Lambda function")
    }
    let function = try functionToken.reference(.service, in: stack.services.filter(\.isLambda).map(\.name))
    let state = try c.value("state")?.choice("--state", ["ALARM", "OK", "INSUFFICIENT_DATA"]) ?? "ALARM"
    let replaced = stack.upsert(
      Remediation(name: name, alarm: alarm, state: state, function: function), into: \.remediations, name: \.name)
    return "\(verb(replaced)) remediation \(name): \(alarm) → \(state) invokes \(function)"
  }

  static func names(in stack: Stack) -> [String] { stack.remediations.map(\.name) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section("remediations", stack.remediations.map { "\($0.name)  \($0.alarm) \($0.state) → \($0.function)" })
  }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let r = stack.remediations.first(where: { $0.name == name }) else { return nil }
    return "remediation \(ResourceNames(env).physical(name, .rule))\n  when \(r.alarm) enters \(r.state), invoke \(r.function)"
  }
}

extension Remediation {
  static func references(in stack: Stack) -> [ResourceReference] {
    stack.remediations.map { ResourceReference(.remediation, $0.name, "alarm", ResourceKind.alarmKind(of: $0.alarm, in: stack), $0.alarm) }
  }
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    stack.removeNamed(name, from: \.remediations, name: \.name, origin: "remediation")
  }
}

extension Remediation {
  /// Its own name and the alarm that triggers it.
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack) {
    if kind == .remediation { stack.renameNamed(old, to: new, in: \.remediations, name: \.name, origin: "remediation") }
    if kind == .alarm || kind == .composite {
      for i in stack.remediations.indices where stack.remediations[i].alarm == old { stack.remediations[i].alarm = new }
    }
  }
}
