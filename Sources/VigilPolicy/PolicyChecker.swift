import VigilCore
import VigilExport
import VigilMetrics
import VigilModel

/// Checks a stack against every rule in `PolicyRules`: the model rules and the rules over its Terraform export.
///
/// The shell calls it after each accepted command: `PolicyChecker.newFindings(before:after:)` gives the findings
/// the command introduced; `findings(in:resource:)` the findings of one resource (`"logs payment-api"`).
public enum PolicyChecker {
  /// Every finding, ordered by session location, then rule id. Empty when the session defines no stack yet.
  /// A stack that cannot be exported (a name collision) gets the findings of the model rules only; `check` says why.
  /// `loaded` are the metrics of data loaded into the session (`load-metrics`, `series`): publishers too.
  public static func findings(
    in stack: Stack, options: ExportOptions = ExportOptions(), loaded: [MetricIdentity] = []
  ) -> [PolicyFinding] {
    guard var env = stack.environment else { return [] }
    if let suffix = options.suffix { env.suffix = suffix }
    var rules = StackRules(stack: stack, env: env)
    var metrics = MetricRules(stack: stack, env: env, loaded: loaded)
    let model = rules.run() + metrics.run()
    guard let export = try? TerraformExporter.terraform(stack, options: options) else { return ordered(model) }
    var inspector = ExportInspector(stack: stack, export: export)
    return ordered(model + inspector.run())
  }

  /// Every finding, exporting the stack once; throws when the stack cannot be exported (no stack, a bad suffix,
  /// two resources that would get the same name).
  public static func check(
    _ stack: Stack, options: ExportOptions = ExportOptions(), loaded: [MetricIdentity] = []
  ) throws(ExportError) -> [PolicyFinding] {
    let export = try TerraformExporter.terraform(stack, options: options)
    var rules = StackRules(stack: stack, env: export.environment)
    var metrics = MetricRules(stack: stack, env: export.environment, loaded: loaded)
    var inspector = ExportInspector(stack: stack, export: export)
    return ordered(rules.run() + metrics.run() + inspector.run())
  }

  /// The findings of one resource, by its `Stack.origins` key (`"alarm api-p99"`, `"topic oncall"`, `"tracing"`).
  public static func findings(in stack: Stack, resource: String) -> [PolicyFinding] {
    findings(in: stack).filter { $0.resource == resource }
  }

  /// Findings present after a command that were not present before it: what that command broke.
  public static func newFindings(before: Stack, after: Stack) -> [PolicyFinding] {
    let old = Set(findings(in: before).map { "\($0.rule.id)|\($0.resource)|\($0.message)" })
    return findings(in: after).filter { !old.contains("\($0.rule.id)|\($0.resource)|\($0.message)") }
  }

  /// Where a resource was defined; resources the session never defined (a missing `tracing`) point at `stack`.
  static func location(of resource: String, in stack: Stack) -> SourceLocation? {
    stack.origins[resource] ?? clusterOrigin(resource, in: stack) ?? stack.origins["stack"]
  }

  /// A cluster created implicitly by `service ... --cluster NAME` points at that service.
  static func clusterOrigin(_ resource: String, in stack: Stack) -> SourceLocation? {
    guard resource.hasPrefix("cluster ") else { return nil }
    let name = String(resource.dropFirst(8))
    for service in stack.services {
      if case .ecs(let cluster, _, _, _, _, _) = service.kind, cluster == name { return stack.origins["service \(service.name)"] }
    }
    return nil
  }

  static func ordered(_ findings: [PolicyFinding]) -> [PolicyFinding] {
    findings.enumerated().sorted { a, b in
      let la = a.element.location, lb = b.element.location
      if la?.line != lb?.line { return (la?.line ?? Int.max) < (lb?.line ?? Int.max) }
      if la?.column != lb?.column { return (la?.column ?? Int.max) < (lb?.column ?? Int.max) }
      if a.element.rule.id != b.element.rule.id { return a.element.rule.id < b.element.rule.id }
      return a.offset < b.offset
    }.map(\.element)
  }
}
