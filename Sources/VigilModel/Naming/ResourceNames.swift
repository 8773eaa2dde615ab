import VigilCore

/// The one place that spells Vigil's naming conventions: every AWS physical name (`oncall-topic-dev`) and every
/// Terraform logical id (`topic_oncall`) is derived here from a session resource's name and the role of the derived
/// resource, so the exporter, the policy rules, the alarm engine's ARNs and the dashboard preview cannot drift apart.
public struct ResourceNames: Sendable {
  /// Stack name, suffix and region the physical names carry.
  public var environment: Environment

  public init(_ environment: Environment) {
    self.environment = environment
  }

  /// `name-role-suffix` (`oncall-topic-dev`), or `name-suffix` without a role (functions, ECS services, canaries).
  /// Every physical name carries the suffix so per-branch stacks can share an account.
  /// A name given with `--physical-name` is used as written instead.
  public func physical(_ name: String, _ role: PhysicalRole? = nil) -> String {
    explicitName(name, role) ?? name + tail(role)
  }

  /// The name given with `--physical-name` to the resource whose own name `physical(name, role)` is, if any.
  public func explicitName(_ name: String, _ role: PhysicalRole?) -> String? {
    guard !environment.explicitNames.isEmpty else { return nil }
    if role == .sampling { return environment.explicitNames["tracing"] }
    guard let command = PhysicalNames.command(owning: role) else { return nil }
    return environment.explicitNames["\(command) \(name)"]
  }

  /// What a physical name adds after the session name: `-topic-dev`, or `-dev` without a role.
  public func tail(_ role: PhysicalRole? = nil) -> String {
    if let role { return "-\(role.rawValue)-\(environment.suffix)" }
    return "-\(environment.suffix)"
  }

  /// The log group CloudWatch uses for a service: `/aws/lambda/NAME-SUFFIX` for functions, `/ecs/NAME-SUFFIX` for ECS.
  /// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
  public func logGroup(ofService name: String, lambda: Bool) -> String {
    if let explicit = environment.explicitNames["logs \(name)"] { return explicit }
    return (lambda ? "/aws/lambda/" : "/ecs/") + physical(name)
  }

  /// A KMS key's alias (`alias/logs-key-dev`).
  public func keyAlias(_ key: String) -> String { "alias/" + physical(key, .key) }

  /// A metric dimension value as CloudWatch sees it: a service's name becomes its physical name
  /// (`payment-authorizer` → `payment-authorizer-dev`), a cluster's its cluster name; anything else is kept.
  public func dimensionValue(_ value: String, in stack: Stack) -> String {
    if stack.service(value) != nil { return physical(value) }
    if stack.clusters.contains(where: { $0.name == value }) { return physical(value, .cluster) }
    return value
  }

  /// The session name behind a physical dimension value (`payments-cluster-dev` → `payments`), the inverse of
  /// `dimensionValue` for names that follow the conventions; other values are kept.
  public func logicalDimensionValue(_ value: String) -> String {
    for role in [PhysicalRole.cluster, nil] where value.hasSuffix(tail(role)) { return String(value.dropLast(tail(role).count)) }
    return value
  }

  /// An SSM parameter's path: under the stack and the suffix (`/payments/dev/xray/sampling-rate`).
  public func parameterPath(_ name: String) -> String { "/\(environment.stackName)/\(environment.suffix)/\(name)" }

  /// A saved Logs Insights query's name: in the stack's folder (`payments-dev/slow-payments`).
  public func queryDefinitionName(_ name: String) -> String { "\(physical(environment.stackName))/\(name)" }

  /// The log group VPC flow logs are delivered to (`/vpc/payments-flow-logs-dev`).
  public var flowLogGroup: String { "/vpc/\(physical(environment.stackName, .flowLogs))" }

  /// The SNS topic ARN in `account` (`arn:aws:sns:REGION:ACCOUNT:oncall-topic-dev`).
  public func topicARN(_ topic: String, account: String) -> String {
    "arn:aws:sns:\(environment.region):\(account):\(physical(topic, .topic))"
  }

  /// The CloudWatch alarm ARN in `account`; `role` is `.alarm` for metric alarms, `.composite` for composites.
  public func alarmARN(_ alarm: String, _ role: PhysicalRole, account: String) -> String {
    "arn:aws:cloudwatch:\(environment.region):\(account):alarm:\(physical(alarm, role))"
  }

  /// The session name of an alarm from its ARN or physical name (`…:alarm:api-p99-alarm-dev` → `api-p99`);
  /// a name that follows no convention is returned as it is.
  public func alarmName(fromARN arn: String) -> String {
    let physical = String(arn.split(separator: ":").last ?? "")
    for command in ["alarm", "composite"] {
      if let key = environment.explicitNames.first(where: { $0.key.hasPrefix(command + " ") && $0.value == physical })?.key {
        return String(key.dropFirst(command.count + 1))
      }
    }
    for role in [PhysicalRole.alarm, .composite] where physical.hasSuffix(tail(role)) {
      return String(physical.dropLast(tail(role).count))
    }
    return physical
  }

  /// A Terraform logical id: the prefix and the parts joined with `_`, other characters than those Terraform allows in
  /// names (letters, digits, `_`, `-`) replaced by `_`, as CDKTF's makeUniqueId keeps them.
  /// https://developer.hashicorp.com/terraform/language/syntax/configuration#identifiers
  public static func logicalID(_ prefix: LogicalPrefix, _ parts: String...) -> String {
    ([prefix.rawValue] + parts).joined(separator: "_").unicodeScalars.map {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" ? String($0) : "_"
    }.joined()
  }
}

extension ResourceNames {
  /// A CloudFormation logical id: the Terraform logical id's words (split at `_` and `-`) each with its first letter
  /// upper-cased and joined (`topic_oncall` → `TopicOncall`, `alarm_api-p99` → `AlarmApiP99`), because CloudFormation
  /// allows only ASCII letters and digits. Ids that meet this way are refused by the template's duplicate check.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html
  public static func cloudFormationID(_ prefix: LogicalPrefix, _ parts: String...) -> String {
    cloudFormationID(terraformID: ([prefix.rawValue] + parts).joined(separator: "_"))
  }

  /// The CloudFormation form of any id or name (`oncall_webhook_url` → `OncallWebhookUrl`): every character other
  /// than an ASCII letter or digit separates words.
  public static func cloudFormationID(terraformID id: String) -> String {
    var out = ""
    var upper = true
    for scalar in id.unicodeScalars {
      let isAlphanumeric = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
      guard isAlphanumeric else {
        upper = true
        continue
      }
      out += upper ? String(scalar).uppercased() : String(scalar)
      upper = false
    }
    return out
  }
}

/// The role word a physical name carries between the resource name and the suffix.
public enum PhysicalRole: String, Sendable, CaseIterable {
  case topic, dlq, notifications, alarm, composite, cluster, key, task, xray, filter, archive, role, policy
  case securityGroup = "sg", rule, dashboard, sampling, flowLogs = "flow-logs", logArchive = "log-archive", vpc, subnet
}

/// The prefix a Terraform logical id starts with, one per kind of derived resource.
public enum LogicalPrefix: String, Sendable, CaseIterable {
  case key, logs, archive, role, policy, attach, topic, dlq, queue, subscription = "sub", ssm, cluster
  case function = "fn", securityGroup = "sg", task, service = "svc", filter, alarm, composite, xray
  case remediation = "remediate", canary, parameter = "param", query, dashboard, image
}

/// A resource the session defines, by the `Stack.origins` key that records where: `service oncall`, `tracing`.
public struct SessionResource: Hashable, Sendable, CustomStringConvertible {
  /// The defining command: `service`, `topic`, `logs`, `tracing`, `stack`, ...
  public var command: String
  /// The resource's name; nil for the singletons (`stack`, `tracing`, `flow-logs`, `network`).
  public var name: String?

  public init(_ command: String, _ name: String? = nil) {
    self.command = command
    self.name = name
  }

  /// The `Stack.origins` key: `service oncall`, `tracing`.
  public var description: String { name.map { "\(command) \($0)" } ?? command }
}
