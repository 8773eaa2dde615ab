import VigilCore

/// One broken rule on one resource: what, where it was defined, why it matters and the commands that fix it.
public struct PolicyFinding: Equatable, Sendable {
  public var rule: PolicyRule
  /// The resource as the session names it: the `Stack.origins` key (`"logs payment-api"`, `"topic oncall"`, `"tracing"`).
  public var resource: String
  /// The session location that defined the resource (nil when the session never defined it, e.g. a missing `tracing`).
  public var location: SourceLocation?
  public var message: String
  /// The session commands that fix it, in order (usually one).
  public var fix: [String]

  public init(rule: PolicyRule, resource: String, location: SourceLocation?, message: String, fix: [String]) {
    self.rule = rule
    self.resource = resource
    self.location = location
    self.message = message
    self.fix = fix
  }

  /// `file:line:col: VIGIL-LOG-002: message`, then indented `why:` and `fix:` lines.
  public var text: String {
    var lines = ["\(location?.description ?? "-"): \(rule.id): \(message)"]
    var why = "  why: \(rule.rationale)"
    if !rule.scannerIDs.isEmpty { why += " [\(rule.scannerIDs.joined(separator: ", "))]" }
    lines.append(why)
    for command in fix { lines.append("  fix: \(command)") }
    if fix.isEmpty { lines.append("  fix: no single session command; see the message") }
    return lines.joined(separator: "\n")
  }
}
