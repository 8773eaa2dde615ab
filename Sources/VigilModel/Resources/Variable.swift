import VigilCore

/// A Terraform input variable (e.g. a sensitive webhook URL).
public struct Variable: Equatable, Sendable {
  public var name: String
  public var description: String
  public var sensitive: Bool
  public var defaultValue: String?
}

extension ResourceKind {
  /// `variable NAME`: Terraform input variables (topics refer to them as `var:NAME`).
  public static let variable = ResourceKind("variable", Variable.self)
}

extension Variable: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "variable", summary: "A Terraform input variable (e.g. a sensitive webhook URL).",
    positionals: [PositionalSpec("name", help: "variable name (letters, digits, _)")],
    options: [
      .flag("sensitive", help: "mark sensitive: Terraform never prints it"),
      OptionSpec("description", value: "TEXT", help: "description"),
      OptionSpec("default", value: "VALUE", help: "default value"),
    ], example: "variable oncall_webhook_url --sensitive")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let token = c.positionals[0]
    let ok = token.text.unicodeScalars.enumerated().allSatisfy { i, s in
      ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "_" || (i > 0 && ("0"..."9").contains(s))
    }
    guard ok else { throw token.error("variable name '\(token.text)' must be letters, digits and _, not starting with a digit") }
    let variable = Variable(
      name: token.text, description: c.value("description")?.text ?? "", sensitive: c.has("sensitive"),
      defaultValue: c.value("default")?.text)
    let replaced = stack.upsert(variable, into: \.variables, name: \.name)
    return "\(verb(replaced)) variable \(token.text)\(variable.sensitive ? " (sensitive)" : "")"
  }

  static func names(in stack: Stack) -> [String] { stack.variables.map(\.name) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section("variables", stack.variables.map { "\($0.name)\($0.sensitive ? " (sensitive)" : "")" })
  }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let v = stack.variables.first(where: { $0.name == name }) else { return nil }
    return "Terraform variable \(name)\(v.sensitive ? " (sensitive)" : "")\n  \(v.description)"
  }
}

extension Variable {
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    stack.removeNamed(name, from: \.variables, name: \.name, origin: "variable")
  }
}
