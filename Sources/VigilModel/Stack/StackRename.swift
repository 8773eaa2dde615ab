import VigilCore

extension Stack {
  /// Renames the element of `list` called `old` to `new` and moves its origin (and `--physical-name`) with it;
  /// true when one was there.
  @discardableResult
  mutating func renameNamed<T>(
    _ old: String, to new: String, in list: WritableKeyPath<Stack, [T]>, name key: WritableKeyPath<T, String>, origin: String
  ) -> Bool {
    var found = false
    for position in self[keyPath: list].indices where self[keyPath: list][position][keyPath: key] == old {
      self[keyPath: list][position][keyPath: key] = new
      found = true
    }
    guard found else { return false }
    moveOrigin("\(origin) \(old)", to: "\(origin) \(new)")
    index = StackIndex()
    return true
  }

  /// Moves what is recorded under an origin key (where it was defined, its explicit physical name) to another key.
  mutating func moveOrigin(_ old: String, to new: String) {
    if let location = origins.removeValue(forKey: old) { origins[new] = location }
    if let physical = environment?.explicitNames.removeValue(forKey: old) { environment?.explicitNames[new] = physical }
  }
}

extension MetricRef {
  /// The reference with every dimension value equal to `old` (a service or cluster named in the session, which
  /// `Stack.physicalDimensionValue` turns into its physical name) changed to `new`.
  func renamingDimensionValues(_ old: String, to new: String) -> MetricRef {
    var copy = self
    copy.dimensions = dimensions.mapValues { $0 == old ? new : $0 }
    return copy
  }
}

extension StackBuilder {
  /// The kind of the resource `nameToken` names, `kindToken` (`alarm`, `logs`, ...) choosing among several; the
  /// errors say how to write the command `verb` (`remove`, `rename`).
  func resourceKind(
    of nameToken: Token, kind kindToken: Token?, verb: String, rest: String = "", serviceWithLogs: Bool = false
  ) throws(Diagnostic) -> ResourceKind {
    let name = nameToken.text
    var kinds = stack.kinds(defining: name)
    // A service's log group takes its name: renaming the service renames both, so the name means the service.
    if serviceWithLogs, kindToken == nil, kinds == [.service, .logGroup] { kinds = [.service] }
    if let kindToken {
      guard let kind = ResourceKind.allCases.first(where: { $0.spec != nil && ($0.commandWord == kindToken.text || $0.rawValue == kindToken.text) })
      else {
        throw kindToken.error("unknown resource kind '\(kindToken.text)'", suggestion: "e.g. \(verb) alarm api-p99\(rest)")
      }
      guard kinds.contains(kind) else { throw nameToken.error("no \(kind) named '\(name)'") }
      kinds = [kind]
    }
    guard let kind = kinds.first else {
      throw nameToken.error("nothing is named '\(name)'", suggestion: "'show' lists the stack's resources")
    }
    guard kinds.count == 1 else {
      throw nameToken.error(
        "'\(name)' names a \(kinds.map(\.rawValue).joined(separator: " and a ")); say which",
        suggestion: kinds.map { "\(verb) \($0.commandWord) \(name)\(rest)" }.joined(separator: " or "))
    }
    return kind
  }

  /// `rename [KIND] OLD NEW`: gives a resource a new name and rewrites every reference to it (each kind follows
  /// through its `rename`, so a kind added later joins). Refuses when NEW already names a resource. Returns the
  /// confirmation: what was renamed, then each resource whose references were rewritten.
  public mutating func rename(_ oldToken: Token, to newToken: Token, kind kindToken: Token?) throws(Diagnostic) -> String {
    let kind = try resourceKind(of: oldToken, kind: kindToken, verb: "rename", rest: " \(newToken.text)", serviceWithLogs: true)
    let old = oldToken.text
    let new = try newToken.resourceName("\(kind) name")
    guard new != old else { throw newToken.error("\(kind.commandWord) \(old) is already called '\(new)'") }
    let taken = stack.kinds(defining: new)
    guard taken.isEmpty else {
      throw newToken.error(
        "cannot rename \(kind.commandWord) \(old) to \(new): '\(new)' is already \(taken.map { ($0.rawValue.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + $0.rawValue }.joined(separator: " and "))",
        suggestion: "choose another name, or remove the \(taken[0].rawValue) \(new) first")
    }
    if kind == .logGroup, stack.service(old) != nil {
      throw oldToken.error(
        "log group \(old) takes its service's name", suggestion: "rename service \(old) \(new) renames both")
    }
    var work = stack
    for each in ResourceKind.allCases { each.rename(kind, old, new, &work) }
    work.index = StackIndex()
    guard work.kinds(defining: new).contains(kind) else {
      throw oldToken.error("a \(kind) cannot be renamed", suggestion: "remove it and define it again under the new name")
    }
    let left = work.dependants(of: kind, old)
    guard left.isEmpty else {
      throw oldToken.error(
        "cannot rename \(kind.commandWord) \(old): \(left.map(\.dependant).joined(separator: ", ")) still names it",
        suggestion: "edit those to name \(new), then rename")
    }
    let followers = work.dependants(of: kind, new).filter { !($0.fromKind == .logGroup && $0.from == new) }
    commitEdit(work)
    var lines = ["renamed \(kind.commandWord) \(old) to \(new)"]
    if kind == .service, stack.logGroup(for: new) != nil { lines.append("renamed logs \(old) to \(new)") }
    var seen = Set<String>()
    for follower in followers {
      let line = "updated \(follower.fromKind.commandWord) \(follower.from) (\(follower.role))"
      if seen.insert(line).inserted { lines.append(line) }
    }
    return lines.joined(separator: "\n")
  }

}
