import VigilCore

/// The whole observability stack a session describes. Value type: commands produce a new stack,
/// `undo` rebuilds it by replaying the accepted commands.
public struct Stack: Equatable, Sendable {
  public var environment: Environment?
  public var network = Network.none
  public var keys: [KMSKey] = []
  public var clusters: [ECSCluster] = []
  public var services: [Service] = []
  public var logGroups: [LogGroup] = []
  public var metricFilters: [MetricFilter] = []
  public var alarms: [MetricAlarm] = []
  public var composites: [CompositeAlarm] = []
  public var topics: [Topic] = []
  public var tracing: Tracing?
  public var flowLogs: FlowLogs?
  public var remediations: [Remediation] = []
  public var canaries: [Canary] = []
  public var parameters: [Parameter] = []
  public var queryDefinitions: [QueryDefinition] = []
  public var variables: [Variable] = []
  public var dashboardWidgets: [DashboardWidgetSpec] = []
  /// Where each resource was last defined: key `"<command> <name>"` (e.g. `"alarm api-p99"`, `"logs payment-api"`,
  /// `"tracing"`), so findings can point at the session line that fixes them.
  public var origins: [String: SourceLocation] = [:]

  public init() {}

  /// The session location that defined a resource, by command and name.
  public func origin(_ command: String, _ name: String? = nil) -> SourceLocation? {
    origins[name.map { "\(command) \($0)" } ?? command]
  }

  /// Names defined for each resource kind (for references, `show` and tab completion).
  public func names(of kind: ResourceKind) -> [String] {
    switch kind {
    case .key: return keys.map(\.name)
    case .service: return services.map(\.name)
    case .cluster: return clusters.map(\.name)
    case .logGroup: return logGroups.map(\.service)
    case .metricFilter: return metricFilters.map(\.name)
    case .alarm: return alarms.map(\.name)
    case .composite: return composites.map(\.name)
    case .topic: return topics.map(\.name)
    case .canary: return canaries.map(\.name)
    case .parameter: return parameters.map(\.name)
    case .queryDefinition: return queryDefinitions.map(\.name)
    case .remediation: return remediations.map(\.name)
    case .variable: return variables.map(\.name)
    case .dashboard: return ["overview"] + services.map(\.name)
    case .logSource: return services.map(\.name) + (flowLogs == nil ? [] : ["vpc-flow-logs"])
    }
  }

  public func service(_ name: String) -> Service? { services.first { $0.name == name } }
  public func alarm(_ name: String) -> MetricAlarm? { alarms.first { $0.name == name } }
  public func composite(_ name: String) -> CompositeAlarm? { composites.first { $0.name == name } }
  public func topic(_ name: String) -> Topic? { topics.first { $0.name == name } }
  public func logGroup(for service: String) -> LogGroup? { logGroups.first { $0.service == service } }
  public func key(_ name: String) -> KMSKey? { keys.first { $0.name == name } }

  /// The value CloudWatch sees for a metric dimension written in the session: a service name becomes
  /// its physical name (`payment-authorizer` → `payment-authorizer-dev`), a cluster name the cluster's;
  /// `environment` overrides the stack's own (an export with `--suffix`).
  public func physicalDimensionValue(_ value: String, in environment: Environment? = nil) -> String {
    guard let env = environment ?? self.environment else { return value }
    if service(value) != nil { return env.physicalName(value) }
    if clusters.contains(where: { $0.name == value }) { return env.physicalName(value, type: "cluster") }
    return value
  }

  /// The service boundary an alarm belongs to (the service its metric filter reads, or its `--service`).
  public func boundary(ofAlarm alarm: MetricAlarm) -> String? { alarm.service }

  /// Replaces the element with the same name or appends it; returns whether it replaced one.
  @discardableResult
  static func upsert<T>(_ item: T, into list: inout [T], name: KeyPath<T, String>) -> Bool {
    if let index = list.firstIndex(where: { $0[keyPath: name] == item[keyPath: name] }) {
      list[index] = item
      return true
    }
    list.append(item)
    return false
  }
}

/// Stack name, environment suffix and region. Every physical name carries the suffix.
public struct Environment: Equatable, Sendable {
  public var stackName: String
  public var suffix: String
  public var region: String

  /// `name-type-suffix`, e.g. `oncall-topic-dev`; the pattern every physical name follows.
  public func physicalName(_ name: String, type: String? = nil) -> String {
    if let type { return "\(name)-\(type)-\(suffix)" }
    return "\(name)-\(suffix)"
  }
}

/// Where the services run: an existing VPC passed as Terraform variables, or one the stack creates.
public enum Network: Equatable, Sendable {
  case none
  case existing
  case create(cidr: String, zones: Int)
}

/// A customer-managed KMS key with its alias (rotation on, deletion window 7 days by default).
public struct KMSKey: Equatable, Sendable {
  public var name: String
  public var rotation: Bool
  public var deletionWindowDays: Int
}

public struct ECSCluster: Equatable, Sendable {
  public var name: String
  /// `enabled`, `enhanced` or `disabled`.
  public var containerInsights: String
}

public struct Service: Equatable, Sendable {
  public enum Kind: Equatable, Sendable {
    case lambda(runtime: String, memoryMB: Int, timeoutSeconds: Int, handler: String)
    case ecs(cluster: String, cpu: Int, memoryMB: Int, image: String, port: Int, desiredCount: Int)
  }
  public var name: String
  public var kind: Kind
  /// Lambda Insights (functions) — Container Insights is a cluster setting.
  public var insights: Bool
  /// X-Ray: Lambda tracing `Active` / ECS X-Ray daemon sidecar.
  public var tracing: Bool

  public var isLambda: Bool { if case .lambda = kind { return true }; return false }

  /// The log group CloudWatch uses for this service.
  public func logGroupName(suffix: String) -> String {
    isLambda ? "/aws/lambda/\(name)-\(suffix)" : "/ecs/\(name)-\(suffix)"
  }
}

/// A service's CloudWatch log group: KMS key, retention, archive to S3 with transition to Glacier.
public struct LogGroup: Equatable, Sendable {
  public var service: String
  public var retentionDays: Int
  public var key: String?
  /// Storage class the archive moves to (`GLACIER`), nil for no archive.
  public var archive: String?
  /// Days after which archived objects transition.
  public var archiveAfterDays: Int
}

/// A metric filter on a service's log group with one metric transformation.
public struct MetricFilter: Equatable, Sendable {
  public var name: String
  public var service: String
  public var pattern: String
  public var metricName: String
  public var namespace: String
  /// `1`, a number, `$.field` or `$name`.
  public var value: String
  public var defaultValue: Double?
  /// Dimension name → `$.field` / `$name`, at most 3.
  public var dimensions: [(String, String)]
  public var unit: String?

  public static func == (a: MetricFilter, b: MetricFilter) -> Bool {
    a.name == b.name && a.service == b.service && a.pattern == b.pattern && a.metricName == b.metricName
      && a.namespace == b.namespace && a.value == b.value && a.defaultValue == b.defaultValue
      && a.dimensions.map { $0.0 + "=" + $0.1 } == b.dimensions.map { $0.0 + "=" + $0.1 } && a.unit == b.unit
  }
}

/// A metric reference `Namespace/MetricName` with dimensions.
public struct MetricRef: Equatable, Sendable {
  public var namespace: String
  public var name: String
  public var dimensions: [String: String]
}

/// One metric of a metric-math alarm: `id=Namespace/Name:Statistic`.
public struct MathInput: Equatable, Sendable {
  public var id: String
  public var metric: MetricRef
  public var statistic: String
}

/// A metric alarm. Metric alarms never notify directly: they take part in composite alarms.
public struct MetricAlarm: Equatable, Sendable {
  public enum Source: Equatable, Sendable {
    case metric(MetricRef, statistic: String)
    case math(expression: String, inputs: [MathInput])
    case anomalyBand(MetricRef, statistic: String, width: Double)
  }
  public var name: String
  public var source: Source
  public var periodSeconds: Int
  public var evaluationPeriods: Int
  public var datapointsToAlarm: Int
  /// CloudWatch ComparisonOperator, e.g. `GreaterThanThreshold`.
  public var comparison: String
  /// nil for anomaly-band alarms.
  public var threshold: Double?
  /// `missing`, `notBreaching`, `breaching` or `ignore`.
  public var treatMissingData: String
  /// The service boundary it belongs to (for dashboards and X-Ray groups).
  public var service: String?
  public var description: String?
}

/// A composite alarm: the only kind that notifies.
public struct CompositeAlarm: Equatable, Sendable {
  public var name: String
  public var rule: String
  /// Alarm names the rule references (parsed from the rule).
  public var references: [String]
  public var notify: [String]
  public var suppressor: String?
  public var suppressWaitSeconds: Int
  public var suppressExtensionSeconds: Int
}

/// Where a subscription endpoint comes from: written as-is, a sensitive Terraform variable, or an SSM SecureString.
public enum Endpoint: Equatable, Sendable {
  case literal(String)
  case variable(String)
  case ssm(String)

  public var display: String {
    switch self {
    case .literal(let s): return s
    case .variable(let v): return "var:\(v)"
    case .ssm(let p): return "ssm:\(p)"
    }
  }
}

/// An SNS topic (KMS) with e-mail and HTTPS subscriptions, each with an SQS dead-letter queue.
public struct Topic: Equatable, Sendable {
  public var name: String
  public var emails: [Endpoint]
  public var webhooks: [Endpoint]
  public var deadLetterQueue: Bool
  public var maxReceiveCount: Int
  public var key: String?
}

/// X-Ray sampling rule (fixed rate) and one X-Ray group per service boundary.
public struct Tracing: Equatable, Sendable {
  public var samplingRate: Double
  public var reservoir: Int
}

public struct FlowLogs: Equatable, Sendable {
  public var key: String?
  public var retentionDays: Int
  /// `ALL`, `ACCEPT` or `REJECT`.
  public var trafficType: String
}

/// An EventBridge rule on an alarm's state change, targeting a remediation Lambda function.
public struct Remediation: Equatable, Sendable {
  public var name: String
  public var alarm: String
  public var state: String
  public var function: String
}

/// A CloudWatch Synthetics canary checking an HTTPS endpoint.
public struct Canary: Equatable, Sendable {
  public var name: String
  public var url: String
  public var everyMinutes: Int
}

/// An SSM parameter for shared configuration.
public struct Parameter: Equatable, Sendable {
  public var name: String
  public var value: String
  public var secure: Bool
  public var description: String?
}

/// A Logs Insights saved query.
public struct QueryDefinition: Equatable, Sendable {
  public var name: String
  public var query: String
  public var services: [String]
}

/// A Terraform input variable (e.g. a sensitive webhook URL).
public struct Variable: Equatable, Sendable {
  public var name: String
  public var description: String
  public var sensitive: Bool
  public var defaultValue: String?
}

/// A widget added to a dashboard from the shell (`dashboard NAME add ...`).
public struct DashboardWidgetSpec: Equatable, Sendable {
  public enum Kind: Equatable, Sendable {
    case metric(MetricRef, statistic: String)
    case alarm(String)
    case text(String)
    case logs(query: String)
  }
  public var dashboard: String
  public var title: String
  public var kind: Kind
  public var width: Int
  public var height: Int
}
