import VigilCore

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

extension ResourceKind {
  /// `dashboard NAME add ...`: the overview dashboard and one per service.
  public static let dashboard = ResourceKind("dashboard", DashboardWidgetSpec.self)
}

extension DashboardWidgetSpec: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "dashboard", summary: "Add a widget to a service dashboard or the overview.",
    positionals: [
      PositionalSpec("dashboard", .resource(.dashboard), help: "a service name or 'overview'"),
      PositionalSpec("action", .choice(["add"]), help: "add"),
    ],
    options: [
      OptionSpec("title", value: "TITLE", help: "widget title"),
      OptionSpec("metric", value: "NS/NAME", help: "a metric graph"),
      OptionSpec("dimension", value: "NAME=VALUE", help: "metric dimension", repeatable: true),
      OptionSpec("stat", value: "STAT", help: "statistic (default Average)"),
      OptionSpec("alarm", value: "ALARM", help: "an alarm status widget"),
      OptionSpec("text", value: "MARKDOWN", help: "a text widget"),
      OptionSpec("logs", value: "QUERY", help: "a Logs Insights widget over the service's log group"),
      OptionSpec("width", value: "COLUMNS", .number, help: "1 to 24 (default 12)"),
      OptionSpec("height", value: "ROWS", .number, help: "1 to 1000 (default 6)"),
      PhysicalNames.option,
    ], example: "dashboard payment-api add --metric Payments/LatencyMs --stat p99 --title 'p99 latency'")

  /// Widget sizes follow the dashboard body grid: 24 columns wide.
  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let dashboard = try c.positionals[0].reference(.dashboard, in: stack)
    _ = try c.positionals[1].choice("dashboard action", ["add"])
    let chosen = ["metric", "alarm", "text", "logs"].compactMap { name in c.value(name).map { (name, $0) } }
    guard chosen.count == 1, let (option, value) = chosen.first else {
      let word = chosen.count > 1 ? c.optionWords[chosen[1].0] : nil
      throw (word ?? c.head).error("a widget is exactly one of --metric, --alarm, --text or --logs")
    }
    let width = try c.value("width")?.integer("--width", in: 1...24) ?? 12
    let height = try c.value("height")?.integer("--height", in: 1...1000) ?? 6
    let kind: DashboardWidgetSpec.Kind
    let defaultTitle: String
    switch option {
    case "metric":
      let metric = try value.metric(dimensions: Dictionary(try c.dimensions(), uniquingKeysWith: { a, _ in a }))
      let stat = try c.value("stat")?.statistic() ?? "Average"
      kind = .metric(metric, statistic: stat)
      defaultTitle = "\(metric.name) \(stat)"
    case "alarm":
      let alarm = try value.reference(.alarm, among: [.alarm, .composite], in: stack)
      kind = .alarm(alarm)
      defaultTitle = "\(alarm) status"
    case "text":
      kind = .text(value.text)
      defaultTitle = "text"
    default:
      kind = .logs(query: value.text)
      defaultTitle = "Logs"
    }
    let title = c.value("title")?.text ?? defaultTitle
    stack.append(DashboardWidgetSpec(dashboard: dashboard, title: title, kind: kind, width: width, height: height), to: \.dashboardWidgets)
    return "added widget '\(title)' to dashboard \(dashboard)"
  }

  static func names(in stack: Stack) -> [String] { ["overview"] + stack.services.map(\.name) }
}
