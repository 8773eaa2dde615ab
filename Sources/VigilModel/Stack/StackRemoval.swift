import VigilCore

/// One resource naming another: `composite payments-degraded` → `alarm api-p99` (its rule).
public struct ResourceReference: Equatable, Sendable {
  public var fromKind: ResourceKind
  public var from: String
  public var toKind: ResourceKind
  public var to: String
  /// How it references it, for messages: "rule", "--notify", "--service".
  public var role: String

  public init(_ fromKind: ResourceKind, _ from: String, _ role: String, _ toKind: ResourceKind, _ to: String) {
    self.fromKind = fromKind
    self.from = from
    self.toKind = toKind
    self.to = to
    self.role = role
  }

  /// `composite payments-degraded (rule)`.
  public var dependant: String { "\(fromKind.commandWord) \(from) (\(role))" }
}

extension ResourceKind {
  /// The word that defines the kind in a session (`alarm`, `logs`, `metric-filter`), else its noun.
  public var commandWord: String { spec?.name ?? rawValue }

  /// Every reference the stack's resources of this kind make.
  public func references(in stack: Stack) -> [ResourceReference] { references(stack) }

  /// The kind of a name referenced among alarms: a metric alarm or a composite.
  static func alarmKind(of name: String, in stack: Stack) -> ResourceKind {
    stack.composite(name) != nil ? .composite : .alarm
  }
}

extension Stack {
  /// Every reference between the stack's resources, kind by kind.
  public var resourceReferences: [ResourceReference] { ResourceKind.allCases.flatMap { $0.references(in: self) } }

  /// The resources that reference `kind` `name`, in kind order.
  public func dependants(of kind: ResourceKind, _ name: String) -> [ResourceReference] {
    resourceReferences.filter { $0.toKind == kind && $0.to == name && !($0.fromKind == kind && $0.from == name) }
  }

  /// The kinds (with a defining command) that define `name`: `payment-api` is a service and a log group.
  public func kinds(defining name: String) -> [ResourceKind] {
    ResourceKind.allCases.filter { $0.spec != nil && $0 != .dashboard && $0.names(self).contains(name) }
  }

  /// Removes every element of `list` called `name` and its origin; true when one was there.
  mutating func removeNamed<T>(_ name: String, from list: WritableKeyPath<Stack, [T]>, name key: KeyPath<T, String>, origin: String) -> Bool {
    let before = self[keyPath: list].count
    self[keyPath: list].removeAll { $0[keyPath: key] == name }
    guard self[keyPath: list].count != before else { return false }
    origins["\(origin) \(name)"] = nil
    index = StackIndex()
    return true
  }
}

extension StackBuilder {
  /// `remove [KIND] NAME [--cascade]`: removes a resource. Refuses, naming them, when other resources reference it,
  /// unless `cascade`, which removes those too (and what references them). Returns the confirmation lines.
  public mutating func remove(_ nameToken: Token, kind kindToken: Token?, cascade: Bool) throws(Diagnostic) -> String {
    let name = nameToken.text
    let kind = try resourceKind(of: nameToken, kind: kindToken, verb: "remove")
    var work = stack
    var removed: [String] = []
    var pending: [(ResourceKind, String)] = [(kind, name)]
    var steps = 0
    while let (nextKind, nextName) = pending.first {
      pending.removeFirst()
      steps += 1
      // References form no cycles today; a kind added later that does must not hang the shell.
      guard steps < 100_000 else { throw nameToken.error("cannot remove \(name): its dependants reference each other") }
      if removed.contains("\(nextKind.commandWord) \(nextName)") { continue }
      let dependants = work.dependants(of: nextKind, nextName)
      if !dependants.isEmpty && !cascade {
        throw nameToken.error(
          "cannot remove \(nextKind.commandWord) \(nextName): used by \(dependants.map(\.dependant).joined(separator: ", "))",
          suggestion: "remove those first, or add --cascade to remove them too")
      }
      // Dependants first, so nothing is left pointing at a removed resource.
      let first = dependants.map { ($0.fromKind, $0.from) }.filter { d in !removed.contains("\(d.0.commandWord) \(d.1)") }
      if !first.isEmpty {
        pending = first + [(nextKind, nextName)] + pending
        continue
      }
      guard nextKind.remove(nextName, &work) else {
        throw nameToken.error("\(nextKind.commandWord) \(nextName) cannot be removed by name")
      }
      removed.append("\(nextKind.commandWord) \(nextName)")
    }
    work.index = StackIndex()
    commitEdit(work)
    return removed.map { "removed \($0)" }.joined(separator: "\n")
  }
}

extension ResourceKind {
  /// `show NAME` for a resource of this kind (nil when none is called `name` or the stack has no environment).
  public func description(of name: String, in stack: Stack) -> String? {
    guard let environment = stack.environment else { return nil }
    return describe(name, stack, environment)
  }
}
