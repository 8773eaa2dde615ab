import VigilCore
import VigilInsights

/// A widget added to a dashboard from the shell (`dashboard NAME add ...`), or a team's own dashboard kept whole
/// (`dashboard NAME --body JSON`).
public struct DashboardWidgetSpec: Equatable, Sendable {
  public enum Kind: Equatable, Sendable {
    case metric(MetricRef, statistic: String)
    case alarm(String)
    case text(String)
    case logs(query: String)
    /// The whole dashboard body as the team wrote it (an adopted dashboard): exported unchanged, never laid out.
    case body(String)
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
      PositionalSpec("action", .choice(["add", "remove"]), help: "add, or remove WIDGET (its title or number); none with --body", optional: true),
      PositionalSpec("widget", .text, help: "with remove: the widget's title or number (from 1)", optional: true),
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
      OptionSpec("body", value: "JSON", help: "a team's own dashboard, its whole DashboardBody kept as written (no add or remove)"),
    ], example: "dashboard payment-api add --metric Payments/LatencyMs --stat p99 --title 'p99 latency'")

  /// Widget sizes follow the dashboard body grid: 24 columns wide.
  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    if let body = c.value("body") { return try applyBody(body, c, to: &stack) }
    let dashboard = try c.positionals[0].reference(.dashboard, in: stack)
    guard let action = c.positional(1) else { throw c.missing("add or remove (or --body JSON for a team's own dashboard)") }
    if stack.dashboardWidgets.contains(where: { $0.dashboard == dashboard && $0.isBody }) {
      throw action.error(
        "dashboard \(dashboard) is kept as written (--body): its widgets are its body's",
        suggestion: "give the whole body again with dashboard \(dashboard) --body JSON")
    }
    if try action.choice("dashboard action", ["add", "remove"]) == "remove" {
      guard let widget = c.positional(2) else { throw c.missing("WIDGET") }
      guard stack.removeWidget(dashboard: dashboard, title: widget.text) else {
        let titles = stack.dashboardWidgets.filter { $0.dashboard == dashboard }.map { "'\($0.title)'" }
        throw widget.error(
          "dashboard \(dashboard) has no widget '\(widget.text)'",
          suggestion: titles.isEmpty ? "it has no widgets" : "its widgets: \(titles.joined(separator: ", "))")
      }
      stack.index = StackIndex()
      return "removed widget '\(widget.text)' from dashboard \(dashboard)"
    }
    if let extra = c.positional(2) { throw extra.error("unexpected '\(extra.text)' after 'add'") }
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
      // CloudWatch draws an error in place of a widget whose query does not parse: refuse it here, as `query` does.
      _ = try value.parseEmbedded { text throws(Diagnostic) in try QueryParser.parse(text) }
      kind = .logs(query: value.text)
      defaultTitle = "Logs"
    }
    let title = c.value("title")?.text ?? defaultTitle
    stack.append(DashboardWidgetSpec(dashboard: dashboard, title: title, kind: kind, width: width, height: height), to: \.dashboardWidgets)
    // Each widget's own line, so a finding about one widget points at the command that added it.
    let number = stack.dashboardWidgets.filter { $0.dashboard == dashboard }.count
    stack.setOrigin(originKey(dashboard: dashboard, number: number), c.line.location)
    return "added widget '\(title)' to dashboard \(dashboard)"
  }

  static func names(in stack: Stack) -> [String] {
    ["overview"] + stack.services.map(\.name) + stack.dashboardWidgets.filter(\.isBody).map(\.dashboard)
  }

  /// `dashboard NAME --body JSON`: a dashboard the team wrote (adopted by an import), kept whole. The body must be
  /// what PutDashboard takes: a JSON object with a `widgets` list. Giving it again replaces it.
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
  static func applyBody(_ body: Token, _ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    if let extra = c.positional(1) { throw extra.error("--body gives the whole dashboard: no '\(extra.text)'") }
    for option in ["title", "metric", "dimension", "stat", "alarm", "text", "logs", "width", "height"] {
      if let word = c.optionWords[option] { throw word.error("--\(option) adds a widget; a --body dashboard is kept as written") }
    }
    let name = try c.positionals[0].resourceName("dashboard name")
    if name == "overview" || stack.service(name) != nil {
      throw c.positionals[0].error(
        "dashboard \(name) is one Vigil writes (the overview or a service's)", suggestion: "give the team's own dashboard another name")
    }
    let json: JSONValue
    do throws(JSONParseError) {
      json = try JSONValue.parse(body.text)
    } catch {
      throw body.error("--body is not JSON: \(error)")
    }
    guard let widgets = json["widgets"]?.arrayValue else {
      throw body.error("a dashboard body is a JSON object with a \"widgets\" list (PutDashboard's DashboardBody)")
    }
    let spec = DashboardWidgetSpec(dashboard: name, title: name, kind: .body(body.text), width: 24, height: 6)
    let existing = stack.dashboardWidgets.firstIndex { $0.dashboard == name }
    let replaced = existing != nil
    if let existing {
      var widgets = stack.dashboardWidgets
      widgets[existing] = spec
      stack.set(\.dashboardWidgets, to: widgets)
    } else {
      stack.append(spec, to: \.dashboardWidgets)
    }
    stack.setOrigin(originKey(dashboard: name, number: 1), c.line.location)
    return "\(replaced ? "updated" : "defined") dashboard \(name) as written (\(widgets.count) widget\(widgets.count == 1 ? "" : "s"), kept as its body)"
  }

  /// Each widget records its own origin; a `remove` records none (it leaves nothing for a compact save to keep).
  static func originKey(of command: ParsedCommand) -> String {
    command.positional(1)?.text == "remove" ? "" : "dashboard \(command.positionals.first?.text ?? "")"
  }

  /// The `Stack.origins` key of a dashboard's `number`th widget (from 1): `widget payment-api 2`.
  public static func originKey(dashboard: String, number: Int) -> String { "widget \(dashboard) \(number)" }
}

extension DashboardWidgetSpec {
  /// A widget is named `DASHBOARD/TITLE` in messages; it goes with `dashboard NAME remove WIDGET` or a cascade.
  static func references(in stack: Stack) -> [ResourceReference] {
    stack.dashboardWidgets.flatMap { widget -> [ResourceReference] in
      var refs: [ResourceReference] = []
      if widget.dashboard != "overview" {
        refs.append(ResourceReference(.dashboard, widget.widgetName, "dashboard", .service, widget.dashboard))
      }
      if case .alarm(let alarm) = widget.kind {
        refs.append(ResourceReference(.dashboard, widget.widgetName, "--alarm", ResourceKind.alarmKind(of: alarm, in: stack), alarm))
      }
      return refs
    }
  }
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    guard let slash = name.firstIndex(of: "/") else { return false }
    return stack.removeWidget(dashboard: String(name[..<slash]), title: String(name[name.index(after: slash)...]))
  }
  /// `DASHBOARD/TITLE`.
  public var widgetName: String { "\(dashboard)/\(title)" }
  /// Whether this is a team's own dashboard kept whole (`--body`).
  public var isBody: Bool {
    if case .body = kind { return true }
    return false
  }
}

extension Stack {
  /// Removes a dashboard's widgets titled `title` (or its `title`th widget, from 1) and renumbers the origins of
  /// the widgets after it; false when the dashboard has no such widget.
  public mutating func removeWidget(dashboard: String, title: String) -> Bool {
    let positions = dashboardWidgets.indices.filter { dashboardWidgets[$0].dashboard == dashboard }
    var doomed = Set(positions.filter { dashboardWidgets[$0].title == title })
    if doomed.isEmpty, let number = Int(title), number >= 1, number <= positions.count { doomed = [positions[number - 1]] }
    guard !doomed.isEmpty else { return false }
    let kept = positions.filter { !doomed.contains($0) }
    let locations = (0..<positions.count).map { origins[DashboardWidgetSpec.originKey(dashboard: dashboard, number: $0 + 1)] }
    for number in 1...positions.count { origins[DashboardWidgetSpec.originKey(dashboard: dashboard, number: number)] = nil }
    for (newNumber, position) in kept.enumerated() {
      let oldNumber = positions.firstIndex(of: position) ?? 0
      origins[DashboardWidgetSpec.originKey(dashboard: dashboard, number: newNumber + 1)] = locations[oldNumber]
    }
    dashboardWidgets = dashboardWidgets.indices.filter { !doomed.contains($0) }.map { dashboardWidgets[$0] }
    return true
  }
}

extension DashboardWidgetSpec {
  /// A service's dashboard follows its service (with its widgets' origins); an alarm widget follows its alarm.
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack) {
    if kind == .service {
      for i in stack.dashboardWidgets.indices where stack.dashboardWidgets[i].dashboard == old { stack.dashboardWidgets[i].dashboard = new }
      for number in 1...max(1, stack.dashboardWidgets.count) {
        stack.moveOrigin(originKey(dashboard: old, number: number), to: originKey(dashboard: new, number: number))
      }
    }
    if kind == .alarm || kind == .composite {
      for i in stack.dashboardWidgets.indices where stack.dashboardWidgets[i].kind == .alarm(old) { stack.dashboardWidgets[i].kind = .alarm(new) }
    }
  }
}

/// One metric row of a dashboard body's metric widget, `[namespace, name, dimension, value, …, {options}]`.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html#CloudWatch-Dashboard-Properties-Metrics-Array-Format
public struct DashboardMetricRow: Sendable {
  /// The widget's place in `widgets` and its title, when it has one.
  public let widget: Int
  public let title: String?
  /// The row's texts as written (`"."` where the row repeats the value at that place in the row before)…
  public let written: [String]
  /// …and with each `"."` replaced by the value it repeats.
  public let texts: [String]
  public var namespace: String { texts[0] }
  public var name: String { texts[1] }
  /// (dimension, value) pairs in row order.
  public var dimensions: [(name: String, value: String)] {
    stride(from: 2, to: texts.count - 1, by: 2).map { (texts[$0], texts[$0 + 1]) }
  }

  /// The metric rows of `body`'s metric widgets, in order. Math expressions and rows of another shape name no
  /// metric and are left out.
  public static func rows(of body: JSONValue) -> [DashboardMetricRow] {
    var result: [DashboardMetricRow] = []
    for (index, widget) in (body["widgets"]?.arrayValue ?? []).enumerated() where widget["type"]?.stringValue == "metric" {
      let title = widget["properties"]?["title"]?.stringValue
      var previous: [String] = []
      for row in widget["properties"]?["metrics"]?.arrayValue ?? [] {
        var items = row.arrayValue ?? []
        if items.last?.objectValue != nil { items.removeLast() }
        let written = items.compactMap(\.stringValue)
        guard written.count == items.count, written.count >= 2, written.count % 2 == 0 else { continue }
        var texts = written
        for i in texts.indices where texts[i] == "." && i < previous.count { texts[i] = previous[i] }
        previous = texts
        result.append(DashboardMetricRow(widget: index, title: title, written: written, texts: texts))
      }
    }
    return result
  }
}
