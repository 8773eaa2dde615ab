import VigilCore

/// Stack name, environment suffix and region. Every physical name carries the suffix.
public struct Environment: Equatable, Sendable {
  public var stackName: String
  public var suffix: String
  public var region: String
  /// Physical names given with `--physical-name` (an adopted resource keeps the name it has), by the resource's
  /// `Stack.origins` key (`alarm high-cpu`, `logs app`, `tracing`). `ResourceNames` uses them instead of
  /// `NAME-ROLE-SUFFIX`; they live here so every `ResourceNames(environment)` sees them.
  public var explicitNames: [String: String] = [:]

  public init(stackName: String, suffix: String, region: String, explicitNames: [String: String] = [:]) {
    self.stackName = stackName
    self.suffix = suffix
    self.region = region
    self.explicitNames = explicitNames
  }
}

extension ResourceKind {
  /// `stack NAME --suffix SUFFIX`: the stack's name and environment (must come first).
  public static let stack = ResourceKind("stack", Environment.self)
}

extension Environment: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "stack", summary: "Name the stack and its environment (must come first).",
    positionals: [PositionalSpec("name", help: "stack name, e.g. payments")],
    options: [
      OptionSpec("suffix", value: "SUFFIX", help: "environment suffix every physical name carries (dev, qa1, pr-42)"),
      OptionSpec("region", value: "REGION", help: "AWS region (default us-east-1)"),
    ], example: "stack payments --suffix dev --region us-east-1")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("stack name")
    guard let suffixToken = c.value("suffix") else { throw c.missing("--suffix") }
    let suffix = try suffixToken.resourceName("environment suffix")
    guard suffix.count <= 12 else { throw suffixToken.error("environment suffix '\(suffix)' is longer than 12 characters") }
    let region = c.value("region")?.text ?? "us-east-1"
    if let token = c.value("region"), !isRegion(region) {
      throw token.error("'\(region)' is not an AWS region name such as us-east-1")
    }
    let replaced = stack.environment != nil
    // A second `stack` line keeps the physical names the resources were given.
    let explicitNames = stack.environment?.explicitNames ?? [:]
    stack.set(\.environment, to: Environment(stackName: name, suffix: suffix, region: region, explicitNames: explicitNames))
    return "\(verb(replaced)) stack \(name) (suffix \(suffix), region \(region))"
  }

  /// One stack per session: a second `stack` replaces the first.
  static func originKey(of command: ParsedCommand) -> String { "stack" }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    ["stack \(env.stackName) (suffix \(env.suffix), region \(env.region))"]
  }

  /// `us-east-1`, `ap-southeast-2`, `us-gov-west-1`: lowercase words and a final number.
  static func isRegion(_ s: String) -> Bool {
    let parts = s.split(separator: "-")
    guard parts.count >= 3, parts.allSatisfy({ !$0.isEmpty }), let last = parts.last, last.allSatisfy(\.isNumber) else { return false }
    return parts.dropLast().allSatisfy { $0.allSatisfy { $0.isLowercase && $0.isLetter } }
  }
}
