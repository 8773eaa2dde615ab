import VigilCore

/// An SSM parameter for shared configuration.
public struct Parameter: Equatable, Sendable {
  public var name: String
  public var value: String
  public var secure: Bool
  public var description: String?
}

extension ResourceKind {
  /// `parameter NAME --value VALUE`: SSM parameters under `/STACK/SUFFIX/`.
  public static let parameter = ResourceKind("parameter", Parameter.self)
}

extension Parameter: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "parameter", summary: "An SSM parameter for shared configuration.",
    positionals: [PositionalSpec("name", help: "parameter name, e.g. xray/sampling-rate")],
    options: [
      OptionSpec("value", value: "VALUE", help: "the value"),
      .flag("secure", help: "store as SecureString with the stack's KMS key"),
      OptionSpec("description", value: "TEXT", help: "description"),
    ], example: "parameter xray/sampling-rate --value 0.1")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
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
    return "\(verb(replaced)) SSM parameter \(path(name, in: stack.environment))"
  }

  static func names(in stack: Stack) -> [String] { stack.parameters.map(\.name) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section("parameters", stack.parameters.map { "\($0.name)  \($0.secure ? "(SecureString)" : $0.value)" })
  }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let p = stack.parameters.first(where: { $0.name == name }) else { return nil }
    return "SSM parameter \(path(name, in: env))\n  \(p.secure ? "SecureString (value hidden)" : "value: \(p.value)")"
  }

  /// `/STACK/SUFFIX/NAME`, the hierarchy every parameter of the stack lives in.
  static func path(_ name: String, in env: Environment?) -> String {
    guard let env else { return "/\(name)" }
    return "/\(env.stackName)/\(env.suffix)/\(name)"
  }
}
