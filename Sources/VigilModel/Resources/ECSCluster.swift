import VigilCore

/// An ECS cluster; services name it with `--cluster` (and create it when it is new).
public struct ECSCluster: Equatable, Sendable {
  public var name: String
  /// `enabled`, `enhanced` or `disabled`.
  public var containerInsights: String
}

extension ResourceKind {
  /// `cluster NAME`: ECS clusters.
  public static let cluster = ResourceKind("cluster", ECSCluster.self)
}

extension ECSCluster: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "cluster", summary: "An ECS cluster (Container Insights enabled by default).",
    positionals: [PositionalSpec("name", help: "cluster name")],
    options: [
      OptionSpec(
        "container-insights", value: "MODE", .choice(["enabled", "enhanced", "disabled"]),
        help: "enabled (default), enhanced or disabled"),
      PhysicalNames.option,
    ], example: "cluster payments --container-insights enhanced")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("cluster name")
    let insights = try c.value("container-insights")?.choice("--container-insights", ["enabled", "enhanced", "disabled"]) ?? "enabled"
    let replaced = stack.upsert(ECSCluster(name: name, containerInsights: insights), into: \.clusters, name: \.name)
    return "\(verb(replaced)) ECS cluster \(name) (Container Insights \(insights))"
  }

  static func names(in stack: Stack) -> [String] { stack.clusters.map(\.name) }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let cluster = stack.clusters.first(where: { $0.name == name }) else { return nil }
    return "ECS cluster \(ResourceNames(env).physical(name, .cluster))\n  Container Insights \(cluster.containerInsights)"
  }
}

extension ECSCluster {
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    stack.removeNamed(name, from: \.clusters, name: \.name, origin: "cluster")
  }
}

extension ECSCluster {
  /// Its own name.
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack) {
    if kind == .cluster { stack.renameNamed(old, to: new, in: \.clusters, name: \.name, origin: "cluster") }
  }
}
