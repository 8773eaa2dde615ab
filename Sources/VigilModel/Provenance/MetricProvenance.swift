import VigilCore
import VigilMetrics

/// Who publishes a metric.
public enum MetricPublisher: Equatable, Sendable, CustomStringConvertible {
  /// A metric filter of the session, by name.
  case metricFilter(String)
  /// An AWS service for a resource of the stack: the namespace and the resource's `Stack.origins` key.
  case aws(namespace: String, resource: String)
  /// Declared with `metric NS/NAME --published-by WHO`: published outside the stack.
  case declared(String)
  /// Datapoints loaded into the session (`load-metrics`, `series`).
  case loadedData

  public var description: String {
    switch self {
    case .metricFilter(let name): "metric filter \(name)"
    case .aws(let namespace, let resource): "\(namespace) for \(resource)"
    case .declared(let who): "\(who) (declared)"
    case .loadedData: "loaded data"
    }
  }
}

/// The value a publisher gives a dimension.
public enum PublishedDimensionValue: Equatable, Sendable, CustomStringConvertible {
  /// Always this value (a resource's physical name).
  case exactly(String)
  /// Whatever a matched event carries in this field (a metric filter's `$.field` / `$name`).
  case field(String)
  /// Any value the service gives it (a Lambda alias in `Resource`).
  case any
  /// A value the service derives from a name it adds to: an ALB's `app/NAME/ID`, a replication group's node
  /// `GROUP-001`. Used for references whose source names the resource but not the full value.
  case prefixed(String)

  public var description: String {
    switch self {
    case .exactly(let value): value
    case .field(let field): field
    case .any: "*"
    case .prefixed(let prefix): prefix + "*"
    }
  }

  func accepts(_ value: String) -> Bool {
    switch self {
    case .exactly(let expected): expected == value
    case .prefixed(let prefix): value.hasPrefix(prefix) && value.count > prefix.count
    case .field, .any: true
    }
  }
}

/// One metric a publisher emits: namespace, name and one whole set of dimensions.
public struct PublishedMetric: Equatable, Sendable {
  public var namespace: String
  public var name: String
  public var dimensions: [String: PublishedDimensionValue]
  public var unit: String?
  public var publisher: MetricPublisher

  /// `Namespace/Name`, as the session writes a metric.
  public var path: String { "\(namespace)/\(name)" }
  /// `{ClusterName, ServiceName}`, or `no dimensions`.
  public var dimensionSet: String { Self.describeSet(dimensions.keys) }
  /// `FunctionName=payment-authorizer-dev`, sorted by name.
  public var dimensionValues: String {
    dimensions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
  }

  /// `{ClusterName, ServiceName}` for a set of dimension names, `no dimensions` for none.
  public static func describeSet(_ names: some Sequence<String>) -> String {
    let sorted = names.sorted()
    return sorted.isEmpty ? "no dimensions" : "{" + sorted.joined(separator: ", ") + "}"
  }
}

/// A metric an alarm, a math input, an anomaly band or a dashboard widget reads.
public struct MetricUse: Equatable, Sendable {
  /// The user, as a `Stack.origins` key: `alarm api-p99`, `widget payment-api 2`.
  public var user: String
  /// How the session names the user in messages: `alarm api-p99`, `widget 'p99 latency' on dashboard payment-api`.
  public var label: String
  public var metric: MetricRef
  /// The dimensions as CloudWatch receives them (service and cluster names made physical, as the export writes them).
  public var physicalDimensions: [String: String]

  /// `Namespace/Name`.
  public var path: String { "\(metric.namespace)/\(metric.name)" }
}

/// What publishes the metric a use reads.
public enum MetricMatch: Equatable, Sendable {
  /// These publishers emit exactly this namespace, name and dimension set with these values.
  case published([PublishedMetric])
  /// Nothing publishes the namespace and name; `similar` is the closest published `Namespace/Name`, if any.
  case unpublished(similar: PublishedMetric?)
  /// The name is published, but never with this set of dimension names; `published` are the sets it has.
  case otherDimensionSet(published: [PublishedMetric])
  /// The name and dimension set are published, but no publisher gives `dimension` this value.
  case otherDimensionValue(dimension: String, value: String, published: [String])
}

/// Every metric the stack publishes and every metric it reads, so each reader can be traced to its publisher.
///
/// Publishers: the session's metric filters, AWS services for the stack's resources (``AWSMetricCatalogue``, with the
/// resources' physical names from ``ResourceNames``), metrics declared with `metric … --published-by`, and data loaded
/// into the session. CloudWatch identifies a metric by namespace, name and the whole set of dimensions
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension), so a reader
/// with one dimension more or less than its publisher reads a metric without data.
public struct MetricProvenance: Sendable {
  public private(set) var published: [PublishedMetric] = []
  public let uses: [MetricUse]
  /// `Namespace NUL Name` → positions in `published`.
  private var byPath: [String: [Int]] = [:]

  /// The publishers of `stack` (names as exported with `environment`, default the stack's) and of `loaded` data.
  public init(stack: Stack, environment: Environment? = nil, loaded: [MetricIdentity] = []) {
    let env = environment ?? stack.environment
    uses = Self.uses(in: stack, environment: env)
    guard let env else { return }
    let names = ResourceNames(env)
    for filter in stack.metricFilters {
      add(
        PublishedMetric(
          namespace: filter.namespace, name: filter.metricName,
          dimensions: Dictionary(filter.dimensions.map { ($0.0, .field($0.1)) }, uniquingKeysWith: { a, _ in a }),
          unit: filter.unit ?? "None", publisher: .metricFilter(filter.name)))
    }
    for service in stack.services {
      let resource = "service \(service.name)"
      let physical = names.physical(service.name)
      switch service.kind {
      case .lambda:
        addAWS(AWSMetricCatalogue.lambda, resource: resource) { set in
          set.isEmpty ? nil : Dictionary(set.map { ($0, $0 == "FunctionName" ? .exactly(physical) : .any) }, uniquingKeysWith: { a, _ in a })
        }
        addAWS(AWSMetricCatalogue.sqs, resource: resource) { _ in ["QueueName": .exactly(names.physical(service.name, .dlq))] }
        if service.insights {
          addAWS(AWSMetricCatalogue.lambdaInsights, resource: resource) { set in
            Dictionary(set.map { ($0, $0 == "function_name" ? .exactly(physical) : .any) }, uniquingKeysWith: { a, _ in a })
          }
        }
      case .ecs(let cluster, _, _, _, _, _):
        let clusterName = names.physical(cluster, .cluster)
        let values: [String: PublishedDimensionValue] = [
          "ClusterName": .exactly(clusterName), "ServiceName": .exactly(physical),
          "TaskDefinitionFamily": .exactly(names.physical(service.name, .task)),
        ]
        addAWS(AWSMetricCatalogue.ecs, resource: resource) { set in values.filter { set.contains($0.key) } }
        if let c = stack.clusters.first(where: { $0.name == cluster }), c.containerInsights != "disabled" {
          addAWS(AWSMetricCatalogue.containerInsights, resource: resource) { set in
            set == ["ClusterName"] ? nil : values.filter { set.contains($0.key) }
          }
        }
      }
      if stack.tracing != nil {
        addAWS(AWSMetricCatalogue.xray, resource: resource) { _ in ["GroupName": .exactly(names.physical(service.name, .xray))] }
      }
    }
    if stack.services.contains(where: \.isLambda) {
      // Without a dimension: every function of the account together.
      addAWS(AWSMetricCatalogue.lambda, resource: "the account's functions") { set in set.isEmpty ? [:] : nil }
    }
    for cluster in stack.clusters where cluster.containerInsights != "disabled" {
      addAWS(AWSMetricCatalogue.containerInsights, resource: "cluster \(cluster.name)") { set in
        set == ["ClusterName"] ? ["ClusterName": .exactly(names.physical(cluster.name, .cluster))] : nil
      }
    }
    for group in stack.logGroups {
      let name = stack.logGroupName(of: group, in: env)
      addAWS(AWSMetricCatalogue.logs, resource: "logs \(group.service)") { set in
        set == ["LogGroupName"] ? ["LogGroupName": .exactly(name)] : nil
      }
    }
    if !stack.logGroups.isEmpty {
      // IncomingBytes and IncomingLogEvents without a dimension: the account's whole ingestion.
      addAWS(AWSMetricCatalogue.logs, resource: "logs") { set in set.isEmpty ? [:] : nil }
    }
    if stack.flowLogs != nil {
      addAWS(AWSMetricCatalogue.logs, resource: "flow-logs") { set in
        set == ["LogGroupName"] ? ["LogGroupName": .exactly(names.flowLogGroup)] : nil
      }
    }
    for topic in stack.topics {
      addAWS(AWSMetricCatalogue.sns, resource: "topic \(topic.name)") { _ in ["TopicName": .exactly(names.physical(topic.name, .topic))] }
      if topic.deadLetterQueue {
        addAWS(AWSMetricCatalogue.sqs, resource: "topic \(topic.name)") { _ in ["QueueName": .exactly(names.physical(topic.name, .dlq))] }
      }
    }
    for remediation in stack.remediations {
      addAWS(AWSMetricCatalogue.events, resource: "remediation \(remediation.name)") { set in
        set == ["RuleName"] ? ["RuleName": .exactly(names.physical(remediation.name, .rule))] : nil
      }
    }
    for canary in stack.canaries {
      addAWS(AWSMetricCatalogue.synthetics, resource: "canary \(canary.name)") { _ in ["CanaryName": .exactly(names.physical(canary.name))] }
    }
    for reference in stack.references { addReference(reference) }
    for metric in stack.externalMetrics {
      add(
        PublishedMetric(
          namespace: metric.namespace, name: metric.name,
          dimensions: Dictionary(
            metric.dimensions.map { ($0.0, .exactly(names.dimensionValue($0.1, in: stack))) }, uniquingKeysWith: { a, _ in a }),
          unit: nil, publisher: .declared(metric.publishedBy)))
    }
    for identity in Set(loaded).sorted() {
      add(
        PublishedMetric(
          namespace: identity.namespace, name: identity.name, dimensions: identity.dimensions.mapValues { .exactly($0) }, unit: nil,
          publisher: .loadedData))
    }
  }

  private mutating func add(_ metric: PublishedMetric) {
    byPath[metric.namespace + "\u{0}" + metric.name, default: []].append(published.count)
    published.append(metric)
  }

  /// Every metric of `namespace` for one resource, each dimension set given its values by `values` (nil: not published).
  private mutating func addAWS(
    _ namespace: AWSMetricNamespace, resource: String, values: ([String]) -> [String: PublishedDimensionValue]?
  ) {
    for family in namespace.families {
      for set in family.dimensionSets {
        guard let dimensions = values(set), dimensions.count == set.count else { continue }
        for metric in family.metrics {
          add(
            PublishedMetric(
              namespace: namespace.namespace, name: metric, dimensions: dimensions, unit: nil,
              publisher: .aws(namespace: namespace.namespace, resource: resource)))
        }
      }
    }
  }

  /// What AWS publishes for a resource the stack watches but does not own (`reference NAME --type T --attribute
  /// K=V`), with the dimension values its attributes give. A resource type without a catalogue entry publishes
  /// nothing here. Dimension values: the ALB's `LoadBalancer` is its full name `app/NAME/ID` (LoadBalancerFullName);
  /// ElastiCache publishes per node, `CacheClusterId` = `GROUP-00N` for a replication group's nodes.
  /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
  /// https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.WhichShouldIMonitor.html
  private mutating func addReference(_ reference: Reference) {
    let resource = "reference \(reference.name)"
    let a = reference.attributes
    func exactly(_ attribute: String) -> PublishedDimensionValue? { a[attribute].map { .exactly($0) } }
    func values(_ given: [String: PublishedDimensionValue?]) -> ([String]) -> [String: PublishedDimensionValue]? {
      { set in
        var out: [String: PublishedDimensionValue] = [:]
        for name in set {
          guard let value = given[name] ?? nil else { return nil }
          out[name] = value
        }
        return out
      }
    }
    switch reference.type {
    case "AWS::ElasticLoadBalancingV2::LoadBalancer":
      let loadBalancer = exactly("LoadBalancerFullName") ?? a["LoadBalancerName"].map { .prefixed("app/\($0)/") }
      addAWS(
        AWSMetricCatalogue.applicationELB, resource: resource,
        values: values(["LoadBalancer": loadBalancer, "AvailabilityZone": .any, "TargetGroup": .prefixed("targetgroup/")]))
    case "AWS::RDS::DBInstance":
      addAWS(AWSMetricCatalogue.rds, resource: resource, values: values(["DBInstanceIdentifier": exactly("DBInstanceIdentifier")]))
    case "AWS::RDS::DBCluster":
      addAWS(AWSMetricCatalogue.rds, resource: resource, values: values(["DBClusterIdentifier": exactly("DBClusterIdentifier")]))
    case "AWS::ElastiCache::ReplicationGroup":
      let node = a["ReplicationGroupId"].map { PublishedDimensionValue.prefixed("\($0)-") }
      addAWS(AWSMetricCatalogue.elastiCache, resource: resource, values: values(["CacheClusterId": node, "CacheNodeId": .any]))
    case "AWS::ElastiCache::CacheCluster":
      addAWS(
        AWSMetricCatalogue.elastiCache, resource: resource,
        values: values(["CacheClusterId": exactly("ClusterName") ?? exactly("CacheClusterId"), "CacheNodeId": .any]))
    case "AWS::DynamoDB::Table":
      addAWS(
        AWSMetricCatalogue.dynamoDB, resource: resource,
        values: values(["TableName": exactly("TableName"), "Operation": .any, "GlobalSecondaryIndexName": .any]))
    case "AWS::SQS::Queue":
      addAWS(AWSMetricCatalogue.sqs, resource: resource, values: values(["QueueName": exactly("QueueName")]))
    case "AWS::Lambda::Function":
      addAWS(AWSMetricCatalogue.lambda, resource: resource, values: { set in set == ["FunctionName"] ? values(["FunctionName": exactly("FunctionName")])(set) : nil })
    case "AWS::ECS::Service":
      addAWS(
        AWSMetricCatalogue.ecs, resource: resource,
        values: values(["ClusterName": exactly("ClusterName"), "ServiceName": exactly("ServiceName")]))
    default: break
    }
  }

  /// The publishers of `Namespace/Name` with any dimensions.
  public func publishers(ofNamespace namespace: String, name: String) -> [PublishedMetric] {
    (byPath[namespace + "\u{0}" + name] ?? []).map { published[$0] }
  }

  /// What publishes the metric `use` reads.
  public func match(_ use: MetricUse) -> MetricMatch {
    let candidates = publishers(ofNamespace: use.metric.namespace, name: use.metric.name)
    guard !candidates.isEmpty else {
      let paths = Dictionary(published.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
      return .unpublished(similar: closestMatch(to: use.path, in: paths.keys.sorted()).flatMap { paths[$0] })
    }
    let wanted = Set(use.physicalDimensions.keys)
    let sameSet = candidates.filter { Set($0.dimensions.keys) == wanted }
    guard !sameSet.isEmpty else { return .otherDimensionSet(published: candidates) }
    let exact = sameSet.filter { metric in use.physicalDimensions.allSatisfy { metric.dimensions[$0.key]?.accepts($0.value) ?? false } }
    if !exact.isEmpty { return .published(exact) }
    for (dimension, value) in use.physicalDimensions.sorted(by: { $0.key < $1.key })
    where !sameSet.contains(where: { $0.dimensions[dimension]?.accepts(value) ?? false }) {
      let known = Set(sameSet.compactMap { metric -> String? in
        if case .exactly(let v) = metric.dimensions[dimension] { return v }
        return nil
      })
      return .otherDimensionValue(dimension: dimension, value: value, published: known.sorted())
    }
    // Each value is published, but never all together (one publisher's function, another's alias).
    return .otherDimensionSet(published: candidates)
  }

  /// Every metric the stack's alarms (single metric, math inputs, anomaly bands) and dashboard widgets read.
  public static func uses(in stack: Stack, environment: Environment? = nil) -> [MetricUse] {
    let env = environment ?? stack.environment
    func use(_ user: String, _ label: String, _ metric: MetricRef) -> MetricUse {
      let physical = metric.dimensions.mapValues { value in env.map { ResourceNames($0).dimensionValue(value, in: stack) } ?? value }
      return MetricUse(user: user, label: label, metric: metric, physicalDimensions: physical)
    }
    var uses: [MetricUse] = []
    for alarm in stack.alarms {
      let key = "alarm \(alarm.name)"
      switch alarm.source {
      case .metric(let metric, _), .anomalyBand(let metric, _, _): uses.append(use(key, key, metric))
      case .math(_, let inputs): uses += inputs.map { use(key, "\(key) (metric \($0.id))", $0.metric) }
      }
    }
    var counts: [String: Int] = [:]
    for widget in stack.dashboardWidgets {
      counts[widget.dashboard, default: 0] += 1
      if case .body(let text) = widget.kind {
        let key = DashboardWidgetSpec.originKey(dashboard: widget.dashboard, number: 1)
        for (title, metric) in Self.metrics(inBody: text) {
          uses.append(use(key, "widget '\(title)' on dashboard \(widget.dashboard)", metric))
        }
        continue
      }
      guard case .metric(let metric, _) = widget.kind else { continue }
      uses.append(
        use(
          DashboardWidgetSpec.originKey(dashboard: widget.dashboard, number: counts[widget.dashboard] ?? 1),
          "widget '\(widget.title)' on dashboard \(widget.dashboard)", metric))
    }
    return uses
  }

  /// The metrics a dashboard body's metric widgets graph, with each widget's title: rows
  /// `[namespace, name, dimension, value, …, {options}]`, where "." repeats the value at that place in the row before.
  /// Math expressions and rows of another shape name no metric.
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html#CloudWatch-Dashboard-Properties-Metrics-Array-Format
  static func metrics(inBody text: String) -> [(title: String, metric: MetricRef)] {
    guard let body = try? JSONValue.parse(text) else { return [] }
    return DashboardMetricRow.rows(of: body).map { row in
      var dimensions: [String: String] = [:]
      for (name, value) in row.dimensions { dimensions[name] = value }
      return (row.title ?? "widget \(row.widget + 1)", MetricRef(namespace: row.namespace, name: row.name, dimensions: dimensions))
    }
  }
}
