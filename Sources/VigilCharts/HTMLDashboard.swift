import VigilCore

/// Writes a ``PreviewDashboard`` as one self-contained HTML page: inline CSS and SVG, no scripts, no
/// network. Widgets sit on a 24-column CSS grid at their dashboard x, y, width and height, in a light theme
/// close to the CloudWatch console's. The same dashboard always gives the same bytes.
public struct HTMLDashboard: Sendable {
  /// Nominal page geometry in CSS pixels, used to size each SVG's viewBox to its widget's box.
  static let contentWidth = 1568.0
  static let gap = 10.0
  static let rowHeight = 40.0
  static var columnWidth: Double { (contentWidth - 23 * gap) / 24 }

  public init() {}

  /// A file name for the dashboard's page: its name with characters other than letters, digits, `.`, `_`
  /// and `-` replaced by `-`, plus `.html`.
  public static func fileName(for dashboardName: String) -> String {
    let safe = String(dashboardName.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" })
    return (safe.isEmpty || safe.allSatisfy { $0 == "." } ? "dashboard" : safe) + ".html"
  }

  /// The page.
  public func render(_ dashboard: PreviewDashboard) -> String {
    let window = dashboard.effectiveWindow
    let name = HTMLText.escape(dashboard.name)
    var html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="generator" content="Vigil">
      <title>\(name) · dashboard preview</title>
      <style>
      \(Self.styleSheet)</style>
      </head>
      <body>
      <header class="page-header">
      <h1>\(name)</h1>
      <p class="subtitle">\(window.map { HTMLText.escape(TerminalDashboard.describe($0)) + " · " } ?? "")preview from sample data</p>
      </header>
      <main class="grid">\n
      """
    for (index, widget) in dashboard.widgetsInReadingOrder.enumerated() {
      html += section(widget, index: index, window: window)
    }
    html += "</main>\n</body>\n</html>\n"
    return html
  }

  private func section(_ widget: PreviewWidget, index: Int, window: ClosedRange<EpochMillis>?) -> String {
    let x = min(max(widget.x, 0), 23)
    let width = min(max(widget.width, 1), 24 - x)
    let height = max(widget.height, 1)
    let kindClass: String
    switch widget.kind {
    case .metric: kindClass = "metric"
    case .alarmStatus: kindClass = "alarm"
    case .text: kindClass = "text"
    case .logTable: kindClass = "log"
    }
    var html =
      "<section class=\"widget \(kindClass)\" style=\"grid-column: \(x + 1) / span \(width); grid-row: \(max(widget.y, 0) + 1) / span \(height)\">\n"
    // Text widgets have no title bar in CloudWatch; their Markdown carries its own headings.
    if kindClass != "text" {
      html += "<h2>\(HTMLText.escape(widget.title))</h2>\n"
    }
    let boxWidth = Double(width) * Self.columnWidth + Double(width - 1) * Self.gap - 24
    let boxHeight = Double(height) * Self.rowHeight + Double(height - 1) * Self.gap - 16 - 24  // padding, title
    switch widget.kind {
    case .metric(let chart):
      html += metric(chart, window: window, width: boxWidth, height: boxHeight, id: "w\(index)")
    case .alarmStatus(let timelines):
      html += alarms(timelines, window: window)
    case .text(let markdown):
      html += "<div class=\"markdown\">\n" + HTMLText.markdown(markdown) + "</div>\n"
    case .logTable(let table):
      html += logTable(table)
    }
    return html + "</section>\n"
  }

  private func metric(_ chart: MetricChart, window: ClosedRange<EpochMillis>?, width: Double, height: Double, id: String)
    -> String
  {
    var legend = ""
    var legendChars = 0
    for (index, series) in chart.series.enumerated() {
      let label = series.label + (series.unit.map { " (\($0))" } ?? "")
      legend +=
        "<li><span class=\"swatch\" style=\"background: \(HexColor.series(series, index: index))\"></span>\(HTMLText.escape(label))</li>"
      legendChars += label.count + 5
    }
    for threshold in chart.thresholds {
      legend += "<li><span class=\"swatch threshold\"></span>\(HTMLText.escape(threshold.label))</li>"
      legendChars += threshold.label.count + 5
    }
    var seen = Set<String>()
    for span in chart.alarmSpans where seen.insert(span.alarmName).inserted {
      legend += "<li><span class=\"swatch alarm\"></span>ALARM: \(HTMLText.escape(span.alarmName))</li>"
      legendChars += span.alarmName.count + 12
    }
    // About 6.5 px per legend character at 12 px; each line is 18 px.
    let legendLines = max(1, Int((Double(legendChars) * 6.5 / max(width, 1)).rounded(.up)))
    let chartHeight = max(60, height - Double(legendLines) * 18 - 4)
    var html = "<div class=\"chart-box\">\n"
    if let window = window ?? TerminalChart.dataWindow(chart) {
      html += SVGLineChart(chart: chart, window: window, width: width, height: chartHeight, id: id).render() + "\n"
    } else {
      html += "<p class=\"empty\">No data available.</p>\n"
    }
    html += "</div>\n<ul class=\"legend\">\(legend)</ul>\n"
    return html
  }

  /// Each alarm: a state badge, its name, and a timeline strip (OK green, ALARM red, INSUFFICIENT_DATA grey).
  private func alarms(_ timelines: [AlarmTimeline], window: ClosedRange<EpochMillis>?) -> String {
    guard !timelines.isEmpty else { return "<p class=\"empty\">No alarms.</p>\n" }
    var html = "<div class=\"alarms\">\n"
    for timeline in timelines {
      let state = timeline.currentState
      let stateClass = Self.cssClass(state)
      let since = timeline.changes.last.map { "since \(TimeTicks.label($0.time))" } ?? ""
      html += "<div class=\"alarm-row\">\n<div class=\"alarm-head\"><span class=\"state \(stateClass)\">\(state.rawValue)</span>"
      html += "<span class=\"alarm-name\">\(HTMLText.escape(timeline.alarmName))</span><span class=\"since\">\(since)</span></div>\n"
      if let window {
        let span = Double(max(1, window.upperBound - window.lowerBound))
        html += "<svg class=\"strip\" viewBox=\"0 0 1000 10\" preserveAspectRatio=\"none\">"
        for period in timeline.periods(in: window) {
          let x = Double(period.from - window.lowerBound) / span * 1000
          let w = Double(period.to - period.from) / span * 1000
          html +=
            "<rect class=\"\(Self.cssClass(period.state))\" x=\"\(HTMLText.number(x))\" y=\"0\" width=\"\(HTMLText.number(w))\" height=\"10\">"
          html += "<title>\(period.state.rawValue) \(TimeTicks.label(period.from))–\(TimeTicks.label(period.to)) UTC</title></rect>"
        }
        html += "</svg>\n"
      }
      html += "</div>\n"
    }
    if let window {
      html += "<div class=\"strip-axis\">"
      let span = Double(max(1, window.upperBound - window.lowerBound))
      let step = TimeTicks.step(for: window, maxTicks: 5)
      for tick in TimeTicks.ticks(in: window, step: step) {
        let percent = Double(tick - window.lowerBound) / span * 100
        let shift = percent < 5 ? "0" : percent > 95 ? "-100%" : "-50%"
        html +=
          "<span style=\"left: \(HTMLText.number(percent))%; transform: translateX(\(shift))\">\(TimeTicks.label(tick, step: step))</span>"
      }
      html += "</div>\n"
    }
    return html + "</div>\n"
  }

  private func logTable(_ table: LogTable) -> String {
    let count = max(table.columns.count, table.rows.map(\.count).max() ?? 0)
    func cell(_ row: [String], _ column: Int) -> String { column < row.count ? row[column] : "" }
    let numeric = (0..<count).map { column in
      !table.rows.isEmpty && table.rows.allSatisfy { Double(cell($0, column)) != nil }
    }
    func attributes(_ column: Int) -> String { numeric[column] ? " class=\"num\"" : "" }
    var html = "<div class=\"table-box\">\n<table>\n<thead><tr>"
    for column in 0..<count { html += "<th\(attributes(column))>\(HTMLText.escape(cell(table.columns, column)))</th>" }
    html += "</tr></thead>\n<tbody>\n"
    for row in table.rows {
      html += "<tr>" + (0..<count).map { "<td\(attributes($0))>\(HTMLText.escape(cell(row, $0)))</td>" }.joined() + "</tr>\n"
    }
    if table.rows.isEmpty { html += "<tr><td class=\"empty\" colspan=\"\(count)\">No rows.</td></tr>\n" }
    return html + "</tbody>\n</table>\n</div>\n"
  }

  static func cssClass(_ state: AlarmTimeline.State) -> String {
    switch state {
    case .ok: return "ok"
    case .alarm: return "alarm"
    case .insufficientData: return "insufficient"
    }
  }

  static let styleSheet = """
    :root { --ok: #1d8102; --alarm: #d13212; --insufficient: #879596; --text: #16191f; --muted: #5f6b7a; --line: #d5dbdb; }
    * { box-sizing: border-box; }
    body { margin: 0; padding: 16px; background: #f2f3f3; color: var(--text); min-width: 1200px;
      font: 14px/1.4 "Amazon Ember", "Helvetica Neue", Roboto, Arial, "DejaVu Sans", sans-serif; }
    .page-header { display: flex; align-items: baseline; gap: 16px; margin: 0 0 12px; }
    .page-header h1 { font-size: 22px; font-weight: 700; margin: 0; }
    .subtitle { margin: 0; color: var(--muted); }
    .grid { display: grid; grid-template-columns: repeat(24, minmax(0, 1fr)); grid-auto-rows: 40px; gap: 10px; }
    .widget { background: #fff; border: 1px solid var(--line); border-radius: 2px; box-shadow: 0 1px 1px rgba(0, 28, 36, 0.12);
      padding: 8px 12px; display: flex; flex-direction: column; min-width: 0; min-height: 0; overflow: hidden; }
    .widget h2 { font-size: 14px; font-weight: 700; margin: 0 0 6px; line-height: 18px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .chart-box { flex: 1; min-height: 0; }
    svg.chart { display: block; width: 100%; height: 100%; font-size: 11px; }
    svg.chart .grid { stroke: #e9ebed; stroke-width: 1; }
    svg.chart .axis, svg.chart .tick { stroke: #aab7b8; stroke-width: 1; }
    svg.chart .y-label { fill: var(--muted); text-anchor: end; }
    svg.chart .x-label { fill: var(--muted); }
    svg.chart .series { fill: none; stroke-width: 1.75; stroke-linejoin: round; stroke-linecap: round; }
    svg.chart .threshold { stroke: var(--alarm); stroke-width: 1.5; stroke-dasharray: 6 4; }
    svg.chart .threshold-label { fill: var(--alarm); text-anchor: end; font-size: 11px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
    svg.chart .alarm-span rect { fill: var(--alarm); fill-opacity: 0.12; }
    svg.chart .alarm-span rect.alarm-band { fill-opacity: 0.85; }
    svg.chart .no-data { fill: var(--muted); text-anchor: middle; font-size: 13px; }
    .legend { list-style: none; margin: 4px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 12px; color: var(--muted); line-height: 16px; }
    .legend li { display: flex; align-items: center; gap: 6px; }
    .swatch { display: inline-block; width: 14px; height: 3px; border-radius: 1px; }
    .swatch.threshold { height: 0; border-top: 2px dashed var(--alarm); }
    .swatch.alarm { height: 10px; background: rgba(209, 50, 18, 0.18); border-top: 3px solid var(--alarm); }
    .alarms { display: flex; flex-direction: column; gap: 8px; }
    .alarm-head { display: flex; align-items: center; gap: 8px; font-size: 13px; min-width: 0; }
    .alarm-name { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .since { color: var(--muted); white-space: nowrap; margin-left: auto; font-size: 12px; }
    .state { display: inline-block; font-size: 11px; font-weight: 700; padding: 1px 6px; border-radius: 9px; color: #fff; white-space: nowrap; }
    .state.ok { background: var(--ok); }
    .state.alarm { background: var(--alarm); }
    .state.insufficient { background: var(--insufficient); }
    svg.strip { display: block; width: 100%; height: 10px; margin-top: 4px; border-radius: 2px; }
    svg.strip .ok { fill: var(--ok); fill-opacity: 0.75; }
    svg.strip .alarm { fill: var(--alarm); }
    svg.strip .insufficient { fill: var(--insufficient); fill-opacity: 0.5; }
    .strip-axis { position: relative; height: 16px; font-size: 11px; color: var(--muted); }
    .strip-axis span { position: absolute; top: 0; }
    .markdown { overflow: auto; }
    .markdown h3 { font-size: 18px; margin: 0 0 4px; }
    .markdown h4, .markdown h5, .markdown h6 { font-size: 15px; margin: 0 0 4px; }
    .markdown p, .markdown ul { margin: 0 0 6px; }
    .markdown a { color: #0073bb; }
    code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; background: #f2f3f3; padding: 0 3px; border-radius: 2px; }
    .table-box { overflow: auto; flex: 1; min-height: 0; }
    table { border-collapse: collapse; width: 100%; font-size: 12px; }
    th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eaeded; white-space: nowrap; }
    th { color: var(--muted); font-weight: 700; background: #fafafa; position: sticky; top: 0; }
    td { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
    .num { text-align: right; width: 1%; }
    .empty { color: var(--muted); }

    """
}
