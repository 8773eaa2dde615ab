import VigilCore

/// An SSM parameter for shared configuration.
public struct Parameter: Equatable, Sendable {
  public var name: String
  public var value: ParameterValue
  public var secure: Bool
  public var description: String?
}

/// Where a parameter's value comes from: typed in the session, or a Terraform input variable (`var:NAME`).
///
/// A SecureString's value is a secret, and a secret typed in the session is also written to the journal, to
/// `cdk.tf.json` and from there to every plan; so a SecureString takes its value from a sensitive variable that the
/// deployer sets (`TF_VAR_NAME`, a `.tfvars` file kept out of Git), as Terraform recommends.
/// https://developer.hashicorp.com/terraform/language/manage-sensitive-data
/// https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html
public enum ParameterValue: Equatable, Sendable, ExpressibleByStringLiteral {
  case literal(String)
  case variable(String)

  public init(stringLiteral value: String) { self = .literal(value) }

  /// As the session writes it: the text, or `var:NAME`.
  public var display: String {
    switch self {
    case .literal(let text): return text
    case .variable(let name): return "var:\(name)"
    }
  }
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
      OptionSpec("value", value: "VALUE|var:NAME", help: "the value, or a Terraform variable (a SecureString's value must be one)"),
      .flag("secure", help: "store as SecureString with the stack's KMS key; the value must come from a sensitive variable"),
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
    guard let valueToken = c.value("value") else { throw c.missing("--value VALUE") }
    let secure = c.has("secure")
    let value: ParameterValue
    if valueToken.text.hasPrefix("var:") {
      let variable = String(valueToken.text.dropFirst(4))
      guard stack.variables.contains(where: { $0.name == variable }) else {
        throw valueToken.error(
          "unknown variable '\(variable)'", suggestion: "define it first: variable \(variable) --sensitive")
      }
      value = .variable(variable)
    } else if secure {
      // Refused rather than stored: the session, the journal and the export would all hold the secret in clear.
      let variable = SecretHeuristics.variableName(name)
      throw valueToken.error(
        "a SecureString value typed in the session is written in clear to the session, the journal and the Terraform export",
        suggestion:
          "take it from a sensitive variable the deployer sets (TF_VAR_\(variable)): variable \(variable) --sensitive, then "
          + "parameter \(name) --secure --value var:\(variable)")
    } else {
      value = .literal(valueToken.text)
    }
    let replaced = stack.upsert(
      Parameter(name: name, value: value, secure: secure, description: c.value("description")?.text),
      into: \.parameters, name: \.name)
    return "\(verb(replaced)) SSM parameter \(path(name, in: stack.environment))"
  }

  static func names(in stack: Stack) -> [String] { stack.parameters.map(\.name) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section("parameters", stack.parameters.map { "\($0.name)  \($0.secure ? "(SecureString)" : $0.value.display)" })
  }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let p = stack.parameters.first(where: { $0.name == name }) else { return nil }
    return "SSM parameter \(path(name, in: env))\n  \(p.secure ? "SecureString (value hidden)" : "value: \(p.value.display)")"
  }

  /// `/STACK/SUFFIX/NAME`, the hierarchy every parameter of the stack lives in.
  static func path(_ name: String, in env: Environment?) -> String {
    guard let env else { return "/\(name)" }
    return "/\(env.stackName)/\(env.suffix)/\(name)"
  }
}

extension Parameter {
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    stack.removeNamed(name, from: \.parameters, name: \.name, origin: "parameter")
  }
}
