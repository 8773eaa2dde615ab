import VigilCore
import VigilModel

/// Generates one dashboard per service boundary and a cross-service overview from the stack.
public struct DashboardBuilder {
  let stack: Stack
  let env: Environment

  /// What each service's dashboard reads from the stack, gathered in one pass over each list: looking each up per
  /// service made a dashboard cost the whole stack, and the export quadratic in the number of services.
  private let lookups: Lookups

  public init(stack: Stack, env: Environment) {
    self.stack = stack
    self.env = env
    lookups = Lookups(stack)
  }

  private struct Lookups {
    /// Metric filters by the service whose log group they read, in stack order.
    var filtersByService: [String: [MetricFilter]] = [:]
    /// `namespace NUL metric` → the first alarm on that metric with a threshold: its name and threshold.
    var thresholdByMetric: [String: (String, Double)] = [:]
    /// Metric alarm names by service, in stack order.
    var alarmsByService: [String: [String]] = [:]
    /// Composite names by the services of the metric alarms they reference, in stack order.
    var compositesByService: [String: [String]] = [:]
    /// Custom widgets by dashboard, in stack order.
    var widgetsByDashboard: [String: [DashboardWidgetSpec]] = [:]

    static func metricKey(_ namespace: String, _ name: String) -> String { namespace + "\u{0}" + name }

    init(_ stack: Stack) {
      for filter in stack.metricFilters { filtersByService[filter.service, default: []].append(filter) }
      var servicesOfAlarm: [String: [String]] = [:]
      for alarm in stack.alarms {
        if case .metric(let m, _) = alarm.source, let t = alarm.threshold, thresholdByMetric[Self.metricKey(m.namespace, m.name)] == nil {
          thresholdByMetric[Self.metricKey(m.namespace, m.name)] = ("\(alarm.name) threshold", t)
        }
        guard let service = alarm.service else { continue }
        alarmsByService[service, default: []].append(alarm.name)
        servicesOfAlarm[alarm.name, default: []].append(service)
      }
      for composite in stack.composites {
        var services: [String] = []
        for reference in composite.references {
          for service in servicesOfAlarm[reference] ?? [] where !services.contains(service) { services.append(service) }
        }
        for service in services { compositesByService[service, default: []].append(composite.name) }
      }
      for widget in stack.dashboardWidgets { widgetsByDashboard[widget.dashboard, default: []].append(widget) }
    }
  }

  typealias Widget = Dashboard.Widget

  /// One dashboard per service and the overview. A stack without services (an adopted template's) has nothing to
  /// generate: its overview is the widgets it brought (`dashboard overview add`), or no dashboard at all.
  public func dashboards() -> [Dashboard] {
    guard !stack.services.isEmpty else {
      let widgets = custom("overview")
      return (widgets.isEmpty ? [] : [Dashboard(name: "overview", widgets: DashboardLayout.arrange(widgets))]) + ownDashboards()
    }
    return stack.services.map(serviceDashboard) + [overview()] + ownDashboards()
  }

  /// The team's own dashboards (`dashboard NAME --body`), kept as written.
  func ownDashboards() -> [Dashboard] {
    stack.dashboardWidgets.compactMap { spec in
      guard case .body(let text) = spec.kind else { return nil }
      return Dashboard(name: spec.dashboard, widgets: [], text: text)
    }
  }

  func filters(_ service: String, where predicate: (MetricFilter) -> Bool) -> [MetricFilter] {
    (lookups.filtersByService[service] ?? []).filter(predicate)
  }
  static func isLatency(_ f: MetricFilter) -> Bool { f.unit == "Milliseconds" || f.metricName.contains("Latency") }
  static func isError(_ f: MetricFilter) -> Bool { f.metricName.contains("Error") }
  static func isRequest(_ f: MetricFilter) -> Bool { f.metricName.contains("Request") }

  func metricWidget(
    _ title: String, _ series: [Dashboard.SeriesRef], width: Int = 12, height: Int = 6, threshold: (String, Double)? = nil,
    math: [(String, String)] = []
  ) -> Widget {
    var metrics: [JSONValue] = []
    for (index, s) in series.enumerated() {
      var row: [JSONValue] = [.string(s.namespace), .string(s.name)]
      for key in s.dimensions.keys.sorted() { row += [.string(key), .string(s.dimensions[key]!)] }
      var options: [String: JSONValue] = ["stat": .string(s.statistic), "label": .string(s.label)]
      if !math.isEmpty { options["id"] = .string("m\(index)") }
      row.append(.object(options))
      metrics.append(.array(row))
    }
    for (expression, label) in math {
      metrics.append([["expression": .string(expression), "label": .string(label), "id": .string("e\(metrics.count)")]])
    }
    var properties: [String: JSONValue] = [
      "title": .string(title), "view": "timeSeries", "region": .string(env.region), "period": 60, "stacked": false,
      "metrics": .array(metrics),
    ]
    if let (label, value) = threshold {
      properties["annotations"] = ["horizontal": [["label": .string(label), "value": .double(value), "color": "#d13212"]]]
    }
    return Widget(kind: .metric, width: width, height: height, properties: .object(properties), series: series, title: title)
  }

  func alarmARN(_ name: String, _ role: PhysicalRole) -> String {
    ResourceNames(env).alarmARN(name, role, account: "ACCOUNT_ID")
  }

  func alarmWidget(_ title: String, metricAlarms: [String], composites: [String], width: Int = 12) -> Widget {
    let arns =
      metricAlarms.map { JSONValue.string(alarmARN($0, .alarm)) } + composites.map { .string(alarmARN($0, .composite)) }
    return Widget(
      kind: .alarm, width: width, height: 6,
      properties: ["title": .string(title), "alarms": .array(arns), "sortBy": "stateUpdatedTimestamp", "states": []], series: [],
      title: title)
  }

  func logWidget(_ title: String, groups: [String], query: String, width: Int = 12) -> Widget {
    let source = groups.map { "SOURCE '\($0)'" }.joined(separator: " | ")
    return Widget(
      kind: .log, width: width, height: 6,
      properties: ["title": .string(title), "region": .string(env.region), "view": "table", "query": .string("\(source) | \(query)")],
      series: [], title: title)
  }

  func textWidget(_ markdown: String, height: Int = 2) -> Widget {
    Widget(kind: .text, width: 24, height: height, properties: ["markdown": .string(markdown)], series: [], title: "")
  }

  /// The first alarm on the metric that has a threshold.
  func threshold(for metricName: String, namespace: String) -> (String, Double)? {
    lookups.thresholdByMetric[Lookups.metricKey(namespace, metricName)]
  }

  func serviceDashboard(_ service: Service) -> Dashboard {
    let physical = ResourceNames(env).physical(service.name)
    let group = service.logGroupName(in: env)
    var widgets: [Widget] = [
      textWidget(
        "# \(service.name) (\(env.suffix))\n\(service.isLambda ? "Lambda function" : "ECS service") · log group `\(group)` · "
          + "[X-Ray service map](https://\(env.region).console.aws.amazon.com/cloudwatch/home?region=\(env.region)#xray:service-map/map) · "
          + "[traces](https://\(env.region).console.aws.amazon.com/cloudwatch/home?region=\(env.region)#xray:traces/query)")
    ]
    for f in filters(service.name, where: Self.isLatency) {
      let stats = ["p50", "p90", "p99"].map {
        Dashboard.SeriesRef(namespace: f.namespace, name: f.metricName, dimensions: [:], statistic: $0)
      }
      widgets.append(
        metricWidget("Latency p50 / p90 / p99 (\(f.metricName))", stats, threshold: threshold(for: f.metricName, namespace: f.namespace)))
    }
    let errors = filters(service.name, where: Self.isError)
    let requests = filters(service.name, where: Self.isRequest)
    if let e = errors.first {
      var series = [Dashboard.SeriesRef(namespace: e.namespace, name: e.metricName, dimensions: [:], statistic: "Sum")]
      var math: [(String, String)] = []
      if let r = requests.first {
        series.append(Dashboard.SeriesRef(namespace: r.namespace, name: r.metricName, dimensions: [:], statistic: "Sum"))
        math = [("100 * m0 / m1", "Error rate (%)")]
      }
      widgets.append(
        metricWidget("Errors and error rate", series, threshold: threshold(for: e.metricName, namespace: e.namespace), math: math))
    }
    if let r = requests.first {
      widgets.append(
        metricWidget(
          "Request volume", [Dashboard.SeriesRef(namespace: r.namespace, name: r.metricName, dimensions: [:], statistic: "Sum")], width: 8))
    }
    if service.isLambda {
      let dims = ["FunctionName": physical]
      widgets.append(
        metricWidget(
          "Lambda duration p99", [Dashboard.SeriesRef(namespace: "AWS/Lambda", name: "Duration", dimensions: dims, statistic: "p99")],
          width: 8))
      widgets.append(
        metricWidget(
          "Concurrency and throttles",
          [
            Dashboard.SeriesRef(namespace: "AWS/Lambda", name: "ConcurrentExecutions", dimensions: dims, statistic: "Maximum"),
            Dashboard.SeriesRef(namespace: "AWS/Lambda", name: "Throttles", dimensions: dims, statistic: "Sum"),
          ], width: 8))
    } else if case .ecs(let cluster, _, _, _, _, _) = service.kind {
      let dims = ["ClusterName": ResourceNames(env).physical(cluster, .cluster), "ServiceName": physical]
      widgets.append(
        metricWidget(
          "CPU and memory (Container Insights)",
          [
            Dashboard.SeriesRef(namespace: "ECS/ContainerInsights", name: "CpuUtilized", dimensions: dims, statistic: "Average"),
            Dashboard.SeriesRef(namespace: "ECS/ContainerInsights", name: "MemoryUtilized", dimensions: dims, statistic: "Average"),
          ], width: 8))
      widgets.append(
        metricWidget(
          "CPU and memory utilization (%)",
          [
            Dashboard.SeriesRef(namespace: "AWS/ECS", name: "CPUUtilization", dimensions: dims, statistic: "Average"),
            Dashboard.SeriesRef(namespace: "AWS/ECS", name: "MemoryUtilization", dimensions: dims, statistic: "Average"),
          ], width: 8))
    }
    let alarms = lookups.alarmsByService[service.name] ?? []
    let composites = lookups.compositesByService[service.name] ?? []
    widgets.append(alarmWidget("Alarm status", metricAlarms: alarms, composites: composites))
    widgets.append(
      logWidget(
        "Top errors", groups: [group],
        query:
          "filter level = \"ERROR\" or @message like /(?i)error/ | stats count(*) as errors by coalesce(message, @message) | sort errors desc | limit 10"
      ))
    widgets += custom(service.name)
    return Dashboard(name: service.name, widgets: DashboardLayout.arrange(widgets))
  }

  func custom(_ dashboard: String) -> [Widget] {
    (lookups.widgetsByDashboard[dashboard] ?? []).compactMap { spec -> Widget? in
      var w: Widget
      switch spec.kind {
      case .metric(let m, let stat):
        w = metricWidget(spec.title, [Dashboard.SeriesRef(namespace: m.namespace, name: m.name, dimensions: m.dimensions, statistic: stat)])
      case .alarm(let name):
        let isComposite = stack.composite(name) != nil
        w = alarmWidget(spec.title, metricAlarms: isComposite ? [] : [name], composites: isComposite ? [name] : [])
      case .text(let markdown):
        w = textWidget(markdown)
      case .logs(let query):
        // The overview reads every service's group; a stack without services (adopted) reads the groups it has.
        let groups =
          dashboard != "overview"
          ? stack.service(dashboard).map { [$0.logGroupName(in: env)] } ?? []
          : stack.services.isEmpty
            ? stack.logGroups.map { stack.logGroupName(of: $0, in: env) } : stack.services.map { $0.logGroupName(in: env) }
        w = logWidget(spec.title, groups: groups, query: query)
      case .body:
        // A team's own dashboard is exported whole (`ownDashboards`), never as a widget.
        return nil
      }
      w.width = spec.width
      w.height = spec.height
      return w
    }
  }

  func overview() -> Dashboard {
    var widgets: [Widget] = [
      textWidget(
        "# \(env.stackName) overview (\(env.suffix))\nOne row per concern across all services; each service has its own dashboard.")
    ]
    let latency = stack.metricFilters.filter(Self.isLatency).map {
      Dashboard.SeriesRef(namespace: $0.namespace, name: $0.metricName, dimensions: [:], statistic: "p99")
    }
    if !latency.isEmpty { widgets.append(metricWidget("p99 latency by service", latency)) }
    let errors = stack.metricFilters.filter(Self.isError).map {
      Dashboard.SeriesRef(namespace: $0.namespace, name: $0.metricName, dimensions: [:], statistic: "Sum")
    }
    if !errors.isEmpty { widgets.append(metricWidget("Errors by service", errors)) }
    let functions = stack.services.filter(\.isLambda).map {
      Dashboard.SeriesRef(
        namespace: "AWS/Lambda", name: "ConcurrentExecutions", dimensions: ["FunctionName": ResourceNames(env).physical($0.name)], statistic: "Maximum"
      )
    }
    if !functions.isEmpty { widgets.append(metricWidget("Lambda concurrency", functions)) }
    let containers: [Dashboard.SeriesRef] = stack.services.compactMap {
      guard case .ecs(let cluster, _, _, _, _, _) = $0.kind else { return nil }
      return Dashboard.SeriesRef(
        namespace: "AWS/ECS", name: "CPUUtilization",
        dimensions: ["ClusterName": ResourceNames(env).physical(cluster, .cluster), "ServiceName": ResourceNames(env).physical($0.name)],
        statistic: "Average")
    }
    if !containers.isEmpty { widgets.append(metricWidget("ECS CPU by service", containers)) }
    widgets.append(alarmWidget("Composite alarms (these notify)", metricAlarms: [], composites: stack.composites.map(\.name), width: 24))
    widgets.append(
      logWidget(
        "Errors across services", groups: stack.services.map { $0.logGroupName(in: env) },
        query: "filter level = \"ERROR\" | stats count(*) as errors by service, bin(5m) | sort errors desc | limit 20", width: 24))
    widgets += custom("overview")
    return Dashboard(name: "overview", widgets: DashboardLayout.arrange(widgets))
  }
}
