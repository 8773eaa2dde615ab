import VigilCore
import VigilLogs

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

  /// The units a metric transformation accepts (MetricTransformation.Unit):
  /// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html
  static let units = [
    "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits",
    "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
    "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
    "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
  ]
}

extension ResourceKind {
  /// `metric-filter NAME on SERVICE`: metric filters on services' log groups.
  public static let metricFilter = ResourceKind("metric filter", MetricFilter.self)
}

extension MetricFilter: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "metric-filter", summary: "A metric filter on a service's log group with one metric transformation.",
    positionals: [
      PositionalSpec("name", help: "filter name"),
      PositionalSpec("service", .resource(.service), help: "the service whose logs it reads"),
    ], keywords: [1: "on"],
    options: [
      OptionSpec("pattern", value: "PATTERN", help: "CloudWatch filter pattern"),
      OptionSpec("metric", value: "NAME", help: "metric name"),
      OptionSpec("namespace", value: "NAMESPACE", help: "metric namespace (default Payments)"),
      OptionSpec("value", value: "VALUE", help: "metric value: 1, a number, $.field or $name (default 1)"),
      OptionSpec("default", value: "NUMBER", .number, help: "value published for periods with logs but no match"),
      OptionSpec("dimension", value: "NAME=$.field", help: "a dimension from a field (up to 3)", repeatable: true),
      OptionSpec("unit", value: "UNIT", .choice(units), help: "metric unit (default None)"),
    ],
    example: "metric-filter errors on payment-api --pattern '{ $.level = \"ERROR\" }' --metric ErrorCount --value 1 --default 0")

  /// Limits from PutMetricFilter: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html
  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("metric filter name")
    let service = try c.positionals[1].reference(.service, in: stack)
    guard let pattern = c.value("pattern") else { throw c.missing("--pattern PATTERN") }
    if pattern.text.count > 1024 {
      throw pattern.error("filter pattern is \(pattern.text.count) characters; CloudWatch allows at most 1024")
    }
    _ = try pattern.parseEmbedded { text throws(Diagnostic) in try FilterPattern(text) }
    guard let metric = c.value("metric") else { throw c.missing("--metric NAME") }
    guard !metric.text.isEmpty, metric.text.count <= 255 else {
      throw metric.error("metric name must be 1 to 255 characters")
    }
    let namespace = c.value("namespace")?.text ?? "Payments"
    if let token = c.value("namespace"), namespace.hasPrefix("AWS/") {
      throw token.error("namespaces starting with AWS/ are reserved for AWS services")
    }
    let value = c.value("value")?.text ?? "1"
    if let token = c.value("value"), Double(value) == nil {
      guard value.hasPrefix("$.") || (value.hasPrefix("$") && value.count > 1) else {
        throw token.error("--value must be a number, $.field (JSON) or $name (space-delimited), got '\(value)'")
      }
    }
    let dimensions = try c.dimensions()
    if dimensions.count > 3 { throw c.values("dimension")[3].error("a metric filter has at most 3 dimensions") }
    for (index, (_, field)) in dimensions.enumerated() where !field.hasPrefix("$") {
      throw c.values("dimension")[index].error("a metric filter dimension takes its value from a field: $.field or $name")
    }
    let defaultValue = try c.value("default")?.number("--default")
    if let word = c.optionWords["default"], defaultValue != nil && !dimensions.isEmpty {
      throw word.error("CloudWatch does not allow a default value on a metric filter with dimensions")
    }
    let unit = try c.value("unit")?.choice("--unit", units)
    try checkFields(c, pattern: pattern.text, value: value, dimensions: dimensions)
    let existing = stack.metricFilterCount(on: service, excluding: name)
    if existing >= 100 { throw c.head.error("a log group has at most 100 metric filters") }
    let filter = MetricFilter(
      name: name, service: service, pattern: pattern.text, metricName: metric.text, namespace: namespace, value: value,
      defaultValue: defaultValue, dimensions: dimensions, unit: unit)
    let replaced = stack.upsert(filter)
    return "\(verb(replaced)) metric filter \(name) on \(service): \(namespace)/\(metric.text) = \(value)"
      + (defaultValue.map { " (default \(JSONValue.format($0)))" } ?? "")
  }

  /// VIGIL-MFL-001: the value and dimensions must be fields the pattern provides (`$.field` for a JSON pattern, a
  /// named field of a space-delimited one), as PutMetricFilter requires; the engine's own check says which.
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntaxForMetricFilters.html
  static func checkFields(_ c: ParsedCommand, pattern: String, value: String, dimensions: [(String, String)]) throws(Diagnostic) {
    // Only the field references; whether a pattern kind takes dimensions at all is checked where it is evaluated.
    guard let parsed = try? FilterPattern(pattern), parsed.kind == .json || parsed.kind == .spaceDelimited else { return }
    func check(_ text: String, dimensions: [(String, String)]) -> MetricFilterError? {
      do {
        _ = try VigilLogs.MetricFilter(
          pattern: parsed, metricName: "m", metricNamespace: "n", metricValue: text, dimensions: dimensions.map { (name: $0.0, value: $0.1) })
        return nil
      } catch { return error }
    }
    if let error = check(value, dimensions: []) {
      throw (c.value("value") ?? c.head).error("VIGIL-MFL-001: \(error); CloudWatch refuses this metric filter")
    }
    for (index, dimension) in dimensions.enumerated() {
      if let error = check(value, dimensions: [dimension]) {
        throw c.values("dimension")[index].error("VIGIL-MFL-001: \(error); CloudWatch refuses this metric filter")
      }
    }
  }

  static func names(in stack: Stack) -> [String] { stack.metricFilters.map(\.name) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section("metric filters", stack.metricFilters.map { "\($0.name) on \($0.service)  \($0.namespace)/\($0.metricName)" })
  }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let f = stack.metricFilters.first(where: { $0.name == name }) else { return nil }
    return "metric filter \(name) on \(f.service)\n  pattern: \(f.pattern)\n  metric: \(f.namespace)/\(f.metricName) = \(f.value)"
      + (f.defaultValue.map { " (default \(JSONValue.format($0)))" } ?? "")
  }
}

extension MetricFilter {
  static func references(in stack: Stack) -> [ResourceReference] {
    stack.metricFilters.map { ResourceReference(.metricFilter, $0.name, "on", .service, $0.service) }
  }
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    stack.removeNamed(name, from: \.metricFilters, name: \.name, origin: "metric-filter")
  }
}

extension MetricFilter {
  /// Its own name and the service whose log group it reads.
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack) {
    if kind == .metricFilter { stack.renameNamed(old, to: new, in: \.metricFilters, name: \.name, origin: "metric-filter") }
    if kind == .service || kind == .logGroup {
      for i in stack.metricFilters.indices where stack.metricFilters[i].service == old { stack.metricFilters[i].service = new }
      stack.index = StackIndex()
    }
  }
}
