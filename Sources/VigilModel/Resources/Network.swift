import VigilCore

/// Where the services run: an existing VPC passed as Terraform variables, or one the stack creates.
public enum Network: Equatable, Sendable {
  case none
  case existing
  case create(cidr: String, zones: Int)
}

extension ResourceKind {
  /// `network existing|create`: the VPC the services run in.
  public static let network = ResourceKind("network", Network.self)
}

extension Network: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "network", summary: "Use an existing VPC (Terraform variables) or create one.",
    positionals: [PositionalSpec("mode", .choice(["existing", "create"]), help: "existing or create")],
    options: [
      OptionSpec("cidr", value: "CIDR", help: "VPC CIDR block when creating (default 10.40.0.0/16)"),
      OptionSpec("zones", value: "N", .number, help: "availability zones when creating (default 2)"),
    ], example: "network existing")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    if c.positionals[0].text == "existing" {
      if let extra = c.optionWords["cidr"] ?? c.optionWords["zones"] {
        throw extra.error("\(extra.text) applies only to 'network create'")
      }
      stack.set(\.network, to: .existing)
      return "using an existing VPC (Terraform variables vpc_id and private_subnet_ids)"
    }
    _ = try c.positionals[0].choice("network mode", ["existing", "create"])
    let cidr = c.value("cidr")?.text ?? "10.40.0.0/16"
    if let token = c.value("cidr"), !isCIDR(cidr) { throw token.error("'\(cidr)' is not an IPv4 CIDR block such as 10.40.0.0/16") }
    let zones = try c.value("zones")?.integer("--zones", in: 2...6) ?? 2
    stack.set(\.network, to: .create(cidr: cidr, zones: zones))
    return "creating a VPC \(cidr) across \(zones) availability zones"
  }

  /// One network per stack, whatever the mode.
  static func originKey(of command: ParsedCommand) -> String { "network" }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    switch stack.network {
    case .none: return []
    case .existing: return ["network: existing VPC (variables vpc_id, private_subnet_ids)"]
    case .create(let cidr, let zones): return ["network: new VPC \(cidr) in \(zones) zones"]
    }
  }

  /// A VPC CIDR block: CreateVpc allows prefix lengths /16 to /28.
  static func isCIDR(_ s: String) -> Bool {
    let parts = s.split(separator: "/")
    guard parts.count == 2, let bits = Int(parts[1]), (16...28).contains(bits) else { return false }
    let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false)
    return octets.count == 4 && octets.allSatisfy { Int($0).map { (0...255).contains($0) } ?? false }
  }
}
