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
  public func names(of kind: ResourceKind) -> [String] { kind.names(self) }

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
    return ResourceNames(env).dimensionValue(value, in: self)
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
