import VigilMetrics
import VigilModel
import VigilPolicy

/// The platform rules a stack command breaks, as the shell reports them after each accepted command.
///
/// `PolicyChecker.newFindings(before:after:)` checks both stacks, and each check exports the whole stack;
/// keeping the findings of the stack checked last means the next command's `before` is usually already
/// known, so an accepted command costs one check.
struct PolicyWatch {
  /// The last stack checked and its findings.
  private var last: (stack: Stack, loaded: Set<MetricIdentity>, findings: [PolicyFinding])?
  /// How many times a stack was checked (each check exports it), for tests.
  private(set) var checks = 0

  /// Findings present in `after` that were not present in `before` (compared by rule, resource and message,
  /// as `PolicyChecker.newFindings` compares them).
  /// `loaded` are the metrics of loaded data, publishers like the stack's own.
  mutating func newFindings(before: Stack, after: Stack, loaded: [MetricIdentity] = []) -> [PolicyFinding] {
    let loaded = Set(loaded)
    let old = findings(in: before, loaded: loaded)
    let new = findings(in: after, loaded: loaded)
    let seen = Set(old.map(Self.key))
    return new.filter { !seen.contains(Self.key($0)) }
  }

  /// The findings of a stack, from the last check when it is the same stack.
  private mutating func findings(in stack: Stack, loaded: Set<MetricIdentity>) -> [PolicyFinding] {
    if let last, last.stack == stack, last.loaded == loaded { return last.findings }
    let findings = PolicyChecker.findings(in: stack, loaded: Array(loaded))
    checks += 1
    last = (stack, loaded, findings)
    return findings
  }

  private static func key(_ finding: PolicyFinding) -> String { "\(finding.rule.id)|\(finding.resource)|\(finding.message)" }
}
