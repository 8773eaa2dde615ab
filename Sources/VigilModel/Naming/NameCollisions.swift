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
    var derived: [DerivedResource] = []
    func add(_ owner: SessionResource, _ role: String, _ type: String, _ prefix: LogicalPrefix, _ base: String, _ physicalRole: PhysicalRole?) {
      derived.append(
        DerivedResource(
          owner: owner, role: role, type: type, logicalID: Self.logicalID(prefix, base),
          physicalName: physicalRole.map { physical(base, $0) }))
    }
    if stack.logGroups.contains(where: { $0.archive != nil }), let first = stack.logGroups.first(where: { $0.archive != nil }) {
      add(SessionResource("logs", first.service), "the archive's Firehose role", "aws_iam_role", .role, "firehose", .role)
    }
    for service in stack.services {
      let owner = SessionResource("service", service.name)
      if service.isLambda {
        add(owner, "the function's dead-letter queue", "aws_sqs_queue", .dlq, service.name, .dlq)
        add(owner, "the function's role", "aws_iam_role", .role, service.name, .role)
      } else {
        add(owner, "the task execution role", "aws_iam_role", .role, "\(service.name)-exec", .role)
        add(owner, "the task role", "aws_iam_role", .role, "\(service.name)-task", .role)
      }
      if stack.network != .none {
        add(owner, "the service's security group", "aws_security_group", .securityGroup, service.name, .securityGroup)
      }
      add(owner, "the service's dashboard", "aws_cloudwatch_dashboard", .dashboard, service.name, .dashboard)
    }
    if !stack.services.isEmpty {
      add(SessionResource("stack"), "the overview dashboard", "aws_cloudwatch_dashboard", .dashboard, "overview", .dashboard)
    }
    for topic in stack.topics where topic.deadLetterQueue {
      let owner = SessionResource("topic", topic.name)
      add(owner, "the topic's dead-letter queue", "aws_sqs_queue", .dlq, topic.name, .dlq)
      add(owner, "the topic's relay queue", "aws_sqs_queue", .queue, topic.name, .notifications)
    }
    if stack.flowLogs != nil && stack.network != .none {
      add(SessionResource("flow-logs"), "the flow logs' role", "aws_iam_role", .role, "flow-logs", .role)
    }
    if let first = stack.canaries.first {
      add(SessionResource("canary", first.name), "the canaries' role", "aws_iam_role", .role, "canary", .role)
    }
    return derived
  }

  /// Two session resources whose derived resources would get the same Terraform address or the same physical name,
  /// one diagnostic per clash, at the later of the two definitions (the command to reject or rename).
  /// `sourceLine` gives the text of a session line for the caret display.
  public func collisions(in stack: Stack, sourceLine: (SourceLocation) -> String = { _ in "" }) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
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
