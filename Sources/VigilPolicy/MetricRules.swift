import VigilCore
import VigilMetrics
import VigilModel

/// The rules that follow each metric from its readers to its publisher (VIGIL-MET-001…003) and each alarm message
/// to a subscriber (VIGIL-SNS-006), over the stack alone: `MetricProvenance` knows every publisher.
struct MetricRules {
  let stack: Stack
  let provenance: MetricProvenance
  let names: ResourceNames
  var findings: [PolicyFinding] = []

  init(stack: Stack, env: Environment, loaded: [MetricIdentity]) {
    self.stack = stack
    self.provenance = MetricProvenance(stack: stack, environment: env, loaded: loaded)
    self.names = ResourceNames(env)
  }

  mutating func run() -> [PolicyFinding] {
    for use in provenance.uses { check(use) }
    checkSubscriptions()
    return findings
  }

  private mutating func add(_ rule: PolicyRule, _ resource: String, _ message: String, fix: [String] = []) {
    findings.append(
      PolicyFinding(rule: rule, resource: resource, location: PolicyChecker.location(of: resource, in: stack), message: message, fix: fix))
  }

  private mutating func check(_ use: MetricUse) {
    switch provenance.match(use) {
    case .published: return
    case .unpublished(let similar):
      let hint = similar.map { "; did you mean \($0.path) (published by \($0.publisher))?" } ?? ""
      add(
        PolicyRules.metricPublished, use.user,
        "\(use.label) reads \(use.path), which nothing publishes (no metric filter, AWS service of the stack, declared metric "
          + "or loaded data)\(hint)",
        fix: similar == nil ? ["metric \(use.path) --published-by 'WHO PUBLISHES IT'"] : [])
    case .otherDimensionSet(let published):
      add(
        PolicyRules.metricDimensionSet, use.user,
        "\(use.label) reads \(use.path) with \(PublishedMetric.describeSet(use.physicalDimensions.keys)), but it is published "
          + "only with \(Self.sets(published)); CloudWatch identifies a metric by its whole dimension set, so this one has no data")
    case .otherDimensionValue(let dimension, let value, let known):
      // Compared with the session's names too: `refund-wroker` is far from `refund-worker-dev`, close to `refund-worker`.
      let logical = Dictionary(known.map { (names.logicalDimensionValue($0), $0) }, uniquingKeysWith: { a, _ in a })
      let hint = (closestMatch(to: value, in: known) ?? closestMatch(to: value, in: logical.keys.sorted()))
        .map { "; did you mean \(dimension)=\($0)\(logical[$0].map { " (\($0) as exported)" } ?? "")?" } ?? ""
      let shown = known.prefix(5).joined(separator: ", ") + (known.count > 5 ? ", …" : "")
      add(
        PolicyRules.metricDimensionValue, use.user,
        "\(use.label) reads \(use.path) with \(dimension)=\(value), which names no resource of the stack and no declared "
          + "publisher; \(use.path) is published for \(dimension)=\(shown)\(hint)")
    }
  }

  /// `{ClusterName, ServiceName} (AWS/ECS for service payment-api)`, one entry per distinct set.
  static func sets(_ published: [PublishedMetric]) -> String {
    var order: [String] = []
    var publishers: [String: [String]] = [:]
    for metric in published {
      let set = metric.dimensionSet
      if publishers[set] == nil { order.append(set) }
      if !(publishers[set]?.contains(metric.publisher.description) ?? false) {
        publishers[set, default: []].append(metric.publisher.description)
      }
    }
    return order.map { set in
      let who = publishers[set] ?? []
      return "\(set) (\(who.prefix(2).joined(separator: ", "))\(who.count > 2 ? ", …" : ""))"
    }.joined(separator: " or ")
  }

  /// VIGIL-SNS-006: a composite notifies a topic without any subscription.
  private mutating func checkSubscriptions() {
    for topic in stack.topics where topic.emails.isEmpty && topic.webhooks.isEmpty {
      let notifying = stack.composites.filter { $0.notify.contains(topic.name) }.map(\.name)
      guard !notifying.isEmpty else { continue }
      add(
        PolicyRules.topicSubscribed, "topic \(topic.name)",
        "topic \(topic.name) has no subscription, but composite \(notifying.joined(separator: ", ")) notifies it: SNS accepts "
          + "the alarm's message and delivers it to nobody",
        fix: ["topic \(topic.name) --email ONCALL@EXAMPLE.COM --dlq --max-receive 3"])
    }
  }
}
