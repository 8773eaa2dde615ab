import VigilCore

/// `show` and `show NAME`: a readable summary of the stack or of one resource, each kind describing its own.
extension Stack {
  /// Which kind `show NAME` describes when several kinds define NAME: these first, then the rest in
  /// ``ResourceKind/allCases`` order (kinds added later need no entry here).
  static let describedFirst: [ResourceKind] = [
    .alarm, .composite, .service, .topic, .metricFilter, .key, .canary, .queryDefinition, .remediation, .parameter, .variable,
  ]

  /// The whole stack (`name` nil) or the resource `name` denotes; an unknown name is an error at its token.
  public func summary(of name: Token?) throws(Diagnostic) -> String {
    guard let environment else { return "empty session: start with 'stack NAME --suffix SUFFIX'" }
    guard let name else {
      return ResourceKind.allCases.flatMap { $0.overview(self, environment) }.joined(separator: "\n")
    }
    let order = Self.describedFirst + ResourceKind.allCases.filter { !Self.describedFirst.contains($0) }
    for kind in order {
      if let text = kind.describe(name.text, self, environment) { return text }
    }
    let all = ResourceKind.allCases.flatMap { names(of: $0) }
    throw name.error("nothing named '\(name.text)'", suggestion: closestMatch(to: name.text, in: all).map { "did you mean '\($0)'?" })
  }
}
