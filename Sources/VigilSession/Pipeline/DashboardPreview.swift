import VigilAlarms
import VigilCharts
import VigilCore
import VigilLogSource
import VigilExport
import VigilInsights
import VigilMetrics
import VigilModel

/// Draws the stack's dashboards with the session's loaded data and alarm timelines
/// (`show dashboard NAME` in the terminal, `export --html` as a page).
extension Interpreter {
  /// `suffix` overrides the environment suffix, as `export --suffix` does.
  public func previewDashboards(suffix: String? = nil) -> [PreviewDashboard] {
    guard var env = stack.environment else { return [] }
    if let suffix { env.suffix = suffix }
    let store = (try? metricStore(for: dashboardDemand())) ?? workspace.store
    let result: AlarmPreviewResult? = {
      guard store.timeRange != nil, let alarms = try? AlarmSetBuilder.build(stack) else { return nil }
      return try? AlarmPreview(alarms: alarms, store: store).run()
    }()
    return DashboardBuilder(stack: stack, env: env).dashboards().map { preview($0, env: env, result: result, store: store) }
  }

  func preview(_ dashboard: Dashboard, env: Environment, result: AlarmPreviewResult?, store: MetricStore) -> PreviewDashboard {
    let window = result.map { $0.from...$0.until } ?? store.timeRange
    let widgets = dashboard.widgets.map { widget -> PreviewWidget in
      let kind: PreviewWidget.Kind
      switch widget.kind {
      case .metric:
        kind = .metric(metricChart(widget, env: env, result: result, window: window, store: store))
      case .alarm:
        let names = (widget.properties["alarms"]?.arrayValue ?? []).compactMap { $0.stringValue }.map { logicalAlarmName($0, env) }
        let timelines = names.map { name -> VigilCharts.AlarmTimeline in
          let changes = result?.timelines[name]?.changes.map { VigilCharts.AlarmTimeline.Change(time: $0.0, state: chartState($0.1)) } ?? []
          return VigilCharts.AlarmTimeline(alarmName: name, changes: changes)
        }
        kind = .alarmStatus(timelines)
      case .text:
        kind = .text(widget.properties["markdown"]?.stringValue ?? "")
      case .log:
        kind = .logTable(logTable(widget.properties["query"]?.stringValue ?? "", env: env))
      }
      return PreviewWidget(title: widget.title, x: widget.x, y: widget.y, width: widget.width, height: widget.height, kind: kind)
    }
    return PreviewDashboard(name: dashboard.name, window: window, widgets: widgets)
  }

  /// A Logs Insights widget run over the loaded logs of the log groups its `SOURCE` clauses name
  /// (the query text is shown instead when none of them has loaded logs).
  func logTable(_ text: String, env: Environment) -> LogTable {
    var groups: [String] = []
    var rest = Substring(text)
    while rest.hasPrefix("SOURCE '"), let close = rest.dropFirst(8).firstIndex(of: "'") {
      groups.append(String(rest[rest.index(rest.startIndex, offsetBy: 8)..<close]))
      rest = rest[rest.index(after: close)...].drop { $0 == " " }
      if rest.hasPrefix("|") { rest = rest.dropFirst().drop { $0 == " " } }
    }
    let files = workspace.logFiles.filter { groups.contains(stack.service($0.service)?.logGroupName(in: env) ?? "") }
    guard !files.isEmpty,
      let result = try? InsightsEngine.run(
        String(rest),
        files: files.map { LogFileSource(path: $0.path, logGroup: logGroupName(of: $0.service)) })
    else { return LogTable(columns: ["query (load logs to see its result)"], rows: [[text]]) }
    return LogTable(columns: result.columns, rows: result.rows.map { $0.map(\.description) })
  }

  /// `arn:...:alarm:api-p99-alarm-dev` → `api-p99`.
  func logicalAlarmName(_ arn: String, _ env: Environment) -> String { ResourceNames(env).alarmName(fromARN: arn) }

  func chartState(_ state: AlarmState) -> VigilCharts.AlarmTimeline.State {
    switch state {
    case .ok: return .ok
    case .alarm: return .alarm
    case .insufficientData: return .insufficientData
    }
  }

  /// A metric widget's series from the loaded data (per-minute statistics), its threshold and the ALARM spans
  /// of alarms on the same metric.
  func metricChart(
    _ widget: Dashboard.Widget, env: Environment, result: AlarmPreviewResult?, window: ClosedRange<EpochMillis>?, store: MetricStore
  ) -> MetricChart {
    var series: [ChartSeries] = []
    var spans: [AlarmSpan] = []
    for ref in widget.series {
      guard let statistic = Statistic.parse(ref.statistic), let window,
        let data = lookup(MetricIdentity(namespace: ref.namespace, name: ref.name, dimensions: ref.dimensions), env: env, store: store)
      else { continue }
      let points = data.periodValues(statistic, period: 60_000, from: window.lowerBound, to: window.upperBound)
      series.append(ChartSeries(label: ref.label, values: points))
      for alarm in stack.alarms {
        guard case .metric(let m, _) = alarm.source, m.namespace == ref.namespace, m.name == ref.name,
          let timeline = result?.timelines[alarm.name], !spans.contains(where: { $0.alarmName == alarm.name })
        else { continue }
        spans += alarmSpans(timeline, name: alarm.name, until: result?.until ?? window.upperBound)
      }
    }
    // The error-rate expression the generated widgets use (`100 * m0 / m1`): draw the rate instead of its inputs.
    let expressions = (widget.properties["metrics"]?.arrayValue ?? []).compactMap { $0.arrayValue?.first?["expression"] }
    if let expression = expressions.first?.stringValue, expression == "100 * m0 / m1", series.count == 2 {
      let rate = zip(series[0].points, series[1].points).map { a, b -> (EpochMillis, Double?) in
        guard let errors = a.value, let requests = b.value, requests > 0 else { return (a.time, nil) }
        return (a.time, 100 * errors / requests)
      }
      let label =
        expressions.first.flatMap { _ in
          (widget.properties["metrics"]?.arrayValue?.last?.arrayValue?.first?["label"]?.stringValue)
        } ?? "Error rate (%)"
      series = [series[0], ChartSeries(label: label, values: rate)]
    }
    var thresholds: [ThresholdLine] = []
    if let horizontal = widget.properties["annotations"]?["horizontal"]?.arrayValue {
      for line in horizontal {
        if let value = line["value"]?.doubleValue {
          thresholds.append(ThresholdLine(value: value, label: line["label"]?.stringValue ?? ""))
        }
      }
    }
    return MetricChart(series: series, thresholds: thresholds, alarmSpans: spans)
  }

  /// Finds a metric in the loaded data by its physical dimensions, or by the session's logical names.
  func lookup(_ identity: MetricIdentity, env: Environment, store: MetricStore) -> MetricSeries? {
    if case .success(let s?) = store.lookup(identity, unit: nil) { return s }
    var logical = identity
    logical.dimensions = identity.dimensions.mapValues { ResourceNames(env).logicalDimensionValue($0) }
    if case .success(let s?) = store.lookup(logical, unit: nil) { return s }
    return nil
  }
}
