import VigilCore

/// A Terraform resource that a session resource brings with it, named through `ResourceNames`.
public struct DerivedResource: Equatable, Sendable {
  /// The session resource it comes from.
  public var owner: SessionResource
  /// What it is for its owner, in words (`the function's dead-letter queue`), for collision messages.
  public var role: String
  /// The Terraform resource type (`aws_sqs_queue`).
  public var type: String
  /// The Terraform logical id (`dlq_oncall`).
  public var logicalID: String
  /// The AWS physical name, where one is set (`oncall-dlq-dev`).
  public var physicalName: String?

  /// `aws_sqs_queue.dlq_oncall`.
  public var address: String { "\(type).\(logicalID)" }
}

extension ResourceNames {
  /// The derived resources of `stack` whose names are shared between kinds: dead-letter and relay queues, IAM roles,
  /// security groups and dashboards. Names of every other derived resource carry their owner's kind in their prefix and
  /// role, and names are unique within a kind, so only these can collide.
  public func sharedNamespaceResources(of stack: Stack) -> [DerivedResource] {
    var derived = archiveResources(of: stack)
    for service in stack.services { derived += resources(of: service, network: stack.network) }
    derived += overviewResources(of: stack)
    for topic in stack.topics { derived += resources(of: topic) }
    return derived + flowLogsResources(of: stack) + canaryResources(of: stack)
  }

  private func derived(
    _ owner: SessionResource, _ role: String, _ type: String, _ prefix: LogicalPrefix, _ base: String, _ physicalRole: PhysicalRole?
  ) -> DerivedResource {
    DerivedResource(
      owner: owner, role: role, type: type, logicalID: Self.logicalID(prefix, base), physicalName: physicalRole.map { physical(base, $0) })
  }

  /// The archive's Firehose role, owned by the first log group with an archive.
  func archiveResources(of stack: Stack) -> [DerivedResource] {
    guard let first = stack.logGroups.first(where: { $0.archive != nil }) else { return [] }
    return [derived(SessionResource("logs", first.service), "the archive's Firehose role", "aws_iam_role", .role, "firehose", .role)]
  }

  /// A service's queue, roles, security group and dashboard.
  func resources(of service: Service, network: Network) -> [DerivedResource] {
    let owner = SessionResource("service", service.name)
    var result: [DerivedResource] = []
    if service.isLambda {
      result.append(derived(owner, "the function's dead-letter queue", "aws_sqs_queue", .dlq, service.name, .dlq))
      result.append(derived(owner, "the function's role", "aws_iam_role", .role, service.name, .role))
    } else {
      result.append(derived(owner, "the task execution role", "aws_iam_role", .role, "\(service.name)-exec", .role))
      result.append(derived(owner, "the task role", "aws_iam_role", .role, "\(service.name)-task", .role))
    }
    if network != .none {
      result.append(derived(owner, "the service's security group", "aws_security_group", .securityGroup, service.name, .securityGroup))
    }
    result.append(derived(owner, "the service's dashboard", "aws_cloudwatch_dashboard", .dashboard, service.name, .dashboard))
    return result
  }

  /// The overview dashboard, once there is a service.
  func overviewResources(of stack: Stack) -> [DerivedResource] {
    guard !stack.services.isEmpty else { return [] }
    return [derived(SessionResource("stack"), "the overview dashboard", "aws_cloudwatch_dashboard", .dashboard, "overview", .dashboard)]
  }

  /// A topic's dead-letter and relay queues.
  func resources(of topic: Topic) -> [DerivedResource] {
    guard topic.deadLetterQueue else { return [] }
    let owner = SessionResource("topic", topic.name)
    return [
      derived(owner, "the topic's dead-letter queue", "aws_sqs_queue", .dlq, topic.name, .dlq),
      derived(owner, "the topic's relay queue", "aws_sqs_queue", .queue, topic.name, .notifications),
    ]
  }

  /// The flow logs' role.
  func flowLogsResources(of stack: Stack) -> [DerivedResource] {
    guard stack.flowLogs != nil && stack.network != .none else { return [] }
    return [derived(SessionResource("flow-logs"), "the flow logs' role", "aws_iam_role", .role, "flow-logs", .role)]
  }

  /// The canaries' role, owned by the first canary.
  func canaryResources(of stack: Stack) -> [DerivedResource] {
    guard let first = stack.canaries.first else { return [] }
    return [derived(SessionResource("canary", first.name), "the canaries' role", "aws_iam_role", .role, "canary", .role)]
  }

  /// Two session resources whose derived resources would get the same Terraform address or the same physical name,
  /// one diagnostic per clash, at the later of the two definitions (the command to reject or rename).
  /// `sourceLine` gives the text of a session line for the caret display.
  public func collisions(in stack: Stack, sourceLine: (SourceLocation) -> String = { _ in "" }) -> [Diagnostic] {
    var diagnostics = PhysicalNames.collisions(in: stack, environment: environment, sourceLine: sourceLine)
    var byAddress: [String: DerivedResource] = [:]
    var byPhysical: [String: DerivedResource] = [:]
    for resource in sharedNamespaceResources(of: stack) {
      var clash: (DerivedResource, String)?
      if let first = byAddress[resource.address], first.owner != resource.owner {
        clash = (first, "the Terraform resource \(resource.address)")
      } else if let name = resource.physicalName, let first = byPhysical["\(resource.type) \(name)"], first.owner != resource.owner {
        clash = (first, "the \(resource.type) name '\(name)'")
      }
      byAddress[resource.address] = byAddress[resource.address] ?? resource
      if let name = resource.physicalName { byPhysical["\(resource.type) \(name)"] = byPhysical["\(resource.type) \(name)"] ?? resource }
      guard let (first, what) = clash else { continue }
      let firstOrigin = stack.origins[first.owner.description]
      let secondOrigin = stack.origins[resource.owner.description]
      // Report at the later definition: that is the command that introduced the clash.
      let (earlier, later, laterOrigin, earlierOrigin) =
        (firstOrigin?.line ?? 0) <= (secondOrigin?.line ?? 0)
        ? (first, resource, secondOrigin, firstOrigin) : (resource, first, firstOrigin, secondOrigin)
      let location = laterOrigin ?? SourceLocation()
      let defined = earlierOrigin.map { " (defined at \($0.description))" } ?? ""
      diagnostics.append(
        Diagnostic(
          "\(later.owner) and \(earlier.owner)\(defined) both need \(what): \(later.role) and \(earlier.role); rename one of them",
          at: location, sourceLine: sourceLine(location)))
    }
    return diagnostics
  }
}

/// The shared-namespace names of a stack, kept up to date one command at a time by `StackBuilder`, so checking a
/// command for name collisions costs what that command touches, not the whole stack (replaying a session was
/// quadratic in its length: every command re-derived and compared every service's names).
///
/// The names are held in slots: one per service and topic, and one each for the archive role, the overview
/// dashboard, the flow logs' role and the canaries' role. Only a possible clash (a name some other owner holds) falls
/// back to the whole-stack `collisions(in:)`, which words the diagnostic exactly as before.
struct NameCollisionIndex: Sendable {
  /// What every slot's names depend on; when one changes, the index is rebuilt.
  private let environment: Environment
  private let network: Network
  private let hasFlowLogs: Bool
  private var slots: [String: [DerivedResource]] = [:]
  /// Terraform address → owner → how many of its derived resources have it.
  private var addressOwners: [String: [SessionResource: Int]] = [:]
  /// `type physical-name` → owner → count.
  private var physicalOwners: [String: [SessionResource: Int]] = [:]

  /// Every slot of `stack`.
  init(_ stack: Stack, environment: Environment) {
    self.environment = environment
    network = stack.network
    hasFlowLogs = stack.flowLogs != nil
    let names = ResourceNames(environment)
    var all = [
      ("archive", names.archiveResources(of: stack)), ("overview", names.overviewResources(of: stack)),
      ("flow-logs", names.flowLogsResources(of: stack)), ("canary", names.canaryResources(of: stack)),
    ]
    for service in stack.services { all.append(("service \(service.name)", names.resources(of: service, network: stack.network))) }
    for topic in stack.topics { all.append(("topic \(topic.name)", names.resources(of: topic))) }
    replace(all)
  }

  /// The commands that can change a slot: they define services (and their log groups), log groups, topics,
  /// canaries, flow logs, the network or the environment. `--physical-name` on any other command changes the
  /// environment, which ``isCurrent(for:)`` sees.
  static let slotCommands: Set<String> = ["stack", "network", "service", "logs", "topic", "canary", "flow-logs"]

  /// Whether the slots still hold for `stack`'s environment, network and flow logs.
  func isCurrent(for stack: Stack) -> Bool {
    stack.environment == environment && stack.network == network && (stack.flowLogs != nil) == hasFlowLogs
  }

  /// The slots a command can change, recomputed from the stack after it: its own service or topic, and the
  /// singletons (each found without a scan; the archive role's first archived log group only after `logs` and
  /// `service`, the commands that make log groups).
  /// Nil when the command's resource cannot be found: the caller then checks the whole stack.
  func slots(changedBy command: ParsedCommand, in stack: Stack) -> [(String, [DerivedResource])]? {
    let names = ResourceNames(environment)
    var changed = [
      ("overview", names.overviewResources(of: stack)), ("flow-logs", names.flowLogsResources(of: stack)),
      ("canary", names.canaryResources(of: stack)),
    ]
    let name = command.positionals.first?.text
    // Log groups are made by `logs` and, with an archive, by `service`: only they can move the archive role.
    if command.spec.name == "logs" || command.spec.name == "service" { changed.append(("archive", names.archiveResources(of: stack))) }
    switch command.spec.name {
    case "service":
      guard let name, let service = stack.service(name) else { return nil }
      changed.append(("service \(service.name)", names.resources(of: service, network: stack.network)))
    case "topic":
      guard let name, let topic = stack.topic(name) else { return nil }
      changed.append(("topic \(topic.name)", names.resources(of: topic)))
    default: break
    }
    return changed
  }

  /// Whether a name of the changed slots is held by another owner (in the index or among the changed slots).
  func mightClash(_ changed: [(String, [DerivedResource])]) -> Bool {
    var addresses: [String: SessionResource] = [:]
    var physicals: [String: SessionResource] = [:]
    for resource in changed.flatMap(\.1) {
      let owner = resource.owner
      if addressOwners[resource.address]?.keys.contains(where: { $0 != owner }) == true { return true }
      if let other = addresses.updateValue(owner, forKey: resource.address), other != owner { return true }
      if let name = resource.physicalName {
        let key = "\(resource.type) \(name)"
        if physicalOwners[key]?.keys.contains(where: { $0 != owner }) == true { return true }
        if let other = physicals.updateValue(owner, forKey: key), other != owner { return true }
      }
    }
    return false
  }

  /// Replaces the slots' names with these.
  mutating func replace(_ changed: [(String, [DerivedResource])]) {
    for (key, resources) in changed where (slots[key] ?? []) != resources {
      for old in slots[key] ?? [] {
        Self.remove(old.owner, old.address, from: &addressOwners)
        if let name = old.physicalName { Self.remove(old.owner, "\(old.type) \(name)", from: &physicalOwners) }
      }
      for new in resources {
        addressOwners[new.address, default: [:]][new.owner, default: 0] += 1
        if let name = new.physicalName { physicalOwners["\(new.type) \(name)", default: [:]][new.owner, default: 0] += 1 }
      }
      slots[key] = resources.isEmpty ? nil : resources
    }
  }

  private static func remove(_ owner: SessionResource, _ key: String, from map: inout [String: [SessionResource: Int]]) {
    guard let count = map[key]?[owner] else { return }
    if count > 1 {
      map[key]?[owner] = count - 1
    } else {
      map[key]?[owner] = nil
      if map[key]?.isEmpty == true { map[key] = nil }
    }
  }
}
