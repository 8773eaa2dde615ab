import VigilCore

/// A metric published outside the stack (a deploy pipeline, another team's service, a resource the stack only
/// references), declared so that alarms and widgets reading it are known to have a publisher. Recorded in the
/// session and shown by `show`; nothing is exported for it.
public struct ExternalMetric: Equatable, Sendable {
  /// `Namespace/Name`, as alarms name it.
  public var path: String
  public var namespace: String
  public var name: String
  /// Who publishes it, in the session's words (`deploy pipeline`).
  public var publishedBy: String
  /// The one dimension set it is published with, as written (service and cluster names are made physical, as an
  /// alarm's are).
  public var dimensions: [(String, String)]

  public static func == (a: ExternalMetric, b: ExternalMetric) -> Bool {
    a.path == b.path && a.publishedBy == b.publishedBy && a.dimensions.map { $0.0 + "=" + $0.1 } == b.dimensions.map { $0.0 + "=" + $0.1 }
  }
}

extension ResourceKind {
  /// `metric NS/NAME --published-by WHO`: metrics published outside the stack.
  public static let externalMetric = ResourceKind("metric", ExternalMetric.self)
}

extension ExternalMetric: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "metric", summary: "Declare a metric published outside the stack (not exported), so alarms and widgets can read it.",
    positionals: [PositionalSpec("metric", help: "the metric, Namespace/MetricName")],
    options: [
      OptionSpec("published-by", value: "WHO", help: "who publishes it, e.g. 'deploy pipeline'"),
      OptionSpec("dimension", value: "NAME=VALUE", help: "a dimension it is published with", repeatable: true),
    ], example: "metric Payments/Deployments/InProgress --published-by 'deploy pipeline'")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let token = c.positionals[0]
    let dimensions = try c.dimensions()
    let ref = try token.metric(dimensions: [:])
    guard let who = c.value("published-by"), !who.text.trimmingSpaces.isEmpty else {
      throw c.missing("--published-by WHO (who publishes it outside the stack)")
    }
    // PutMetricData takes at most 30 dimensions per metric.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html
    if dimensions.count > 30 { throw c.values("dimension")[30].error("a metric has at most 30 dimensions") }
    // A metric of an AWS namespace must be one AWS documents, with a dimension set AWS publishes it with.
    if let aws = AWSMetricCatalogue.namespace(ref.namespace) {
      let sets = aws.dimensionSets(of: ref.name)
      guard !sets.isEmpty else {
        let hint = closestMatch(to: ref.name, in: aws.metricNames).map { "did you mean \(ref.namespace)/\($0)?" }
        throw token.error("\(ref.namespace) publishes no metric named \(ref.name) (\(aws.documentation))", suggestion: hint)
      }
      let names = Set(dimensions.map(\.0))
      guard sets.contains(where: { Set($0) == names }) else {
        let documented = sets.map { PublishedMetric.describeSet($0) }.joined(separator: " or ")
        throw (c.values("dimension").first ?? token).error(
          "\(ref.namespace) publishes \(ref.name) with \(documented), not \(PublishedMetric.describeSet(names)); CloudWatch "
            + "identifies a metric by its whole dimension set")
      }
    }
    let metric = ExternalMetric(
      path: token.text, namespace: ref.namespace, name: ref.name, publishedBy: who.text, dimensions: dimensions)
    let replaced = stack.upsert(metric, into: \.externalMetrics, name: \.path)
    let dims = dimensions.isEmpty ? "" : " with " + dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")
    return "\(verb(replaced)) metric \(token.text)\(dims), published by \(who.text) outside the stack"
  }

  static func names(in stack: Stack) -> [String] { stack.externalMetrics.map(\.path) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section(
      "metrics published outside the stack",
      stack.externalMetrics.map { m in
        let dims = m.dimensions.isEmpty ? "" : " {" + m.dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ", ") + "}"
        return "\(m.path)\(dims)  by \(m.publishedBy)"
      })
  }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let m = stack.externalMetrics.first(where: { $0.path == name }) else { return nil }
    let dims = m.dimensions.isEmpty ? "no dimensions" : m.dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")
    return "metric \(m.path) (published outside the stack, not exported)\n  published by: \(m.publishedBy)\n  dimensions: \(dims)"
  }
}

extension ExternalMetric {
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    stack.removeNamed(name, from: \.externalMetrics, name: \.path, origin: "metric")
  }
}
