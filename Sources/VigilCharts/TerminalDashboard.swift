import VigilCore

/// Draws a whole ``PreviewDashboard`` in the terminal: its widgets one after another in reading order
/// (top to bottom, left to right), each under a title rule.
public struct TerminalDashboard: Sendable {
  /// Terminal width in columns.
  public var width: Int
  /// Terminal height in lines; charts take about half of it, so two fit on a screen.
  public var height: Int
  /// Whether to use ANSI colour escapes; see ``TerminalCapabilities/colorEnabled(environment:isTerminal:)``.
  public var color: Bool

  public init(width: Int, height: Int, color: Bool) {
    self.width = width
    self.height = height
    self.color = color
  }

  /// The dashboard as text, ending with a newline.
  public func render(_ dashboard: PreviewDashboard) -> String {
    let width = max(self.width, 30)
    var lines: [String] = []
    let window = dashboard.effectiveWindow
    var heading = "Dashboard " + dashboard.name
    if let window { heading += "  " + Self.describe(window) }
    lines.append(ANSI.styled(heading, ANSI.bold, color: color))
    for widget in dashboard.widgetsInReadingOrder {
      lines.append("")
      if case .text = widget.kind {
        // Text widgets have no title in CloudWatch; their Markdown carries its own headings.
        lines.append(ANSI.styled(String(repeating: "─", count: width), ANSI.bold, color: color))
      } else {
        lines.append(rule(widget.title, width: width))
      }
      lines += render(widget, window: window, width: width)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One widget's lines, without its title.
  public func render(_ widget: PreviewWidget, window: ClosedRange<EpochMillis>?, width: Int) -> [String] {
    switch widget.kind {
    case .metric(let chart):
      let chartHeight = max(8, min(max(8, height / 2), widget.height * 2 + 6))
      return TerminalChart(width: width, height: chartHeight, color: color).lines(chart, window: window)
    case .alarmStatus(let timelines):
      return alarmLines(timelines, window: window, width: width)
    case .text(let markdown):
      return textLines(MarkdownText(markdown), width: width)
    case .logTable(let table):
      return tableLines(table, width: width)
    }
  }

  /// `── Title ─────` across the width.
  private func rule(_ title: String, width: Int) -> String {
    let text = "── " + title + " "
    let line = text + String(repeating: "─", count: max(0, width - text.count))
    return ANSI.styled(line, ANSI.bold, color: color)
  }

  /// `2026-03-02 09:00 – 11:00 UTC`, or both dates when the window crosses midnight.
  static func describe(_ window: ClosedRange<EpochMillis>) -> String {
    let from = TimeFormat.civil(window.lowerBound)
    let to = TimeFormat.civil(window.upperBound)
    func date(_ c: TimeFormat.Civil) -> String {
      "\(c.year)-\(TimeTicks.twoDigits(c.month))-\(TimeTicks.twoDigits(c.day))"
    }
    let sameDay = (from.year, from.month, from.day) == (to.year, to.month, to.day)
    return date(from) + " " + TimeTicks.label(window.lowerBound) + " – " + (sameDay ? "" : date(to) + " ")
      + TimeTicks.label(window.upperBound) + " UTC"
  }

  // MARK: Alarm status

  /// One line per alarm: state, name, `since HH:MM`, and a timeline strip (`─` OK, `█` ALARM,
  /// `░` INSUFFICIENT_DATA); time labels under the strips.
  private func alarmLines(_ timelines: [AlarmTimeline], window: ClosedRange<EpochMillis>?, width: Int) -> [String] {
    guard !timelines.isEmpty else { return ["(no alarms)"] }
    let stateWidth = timelines.map { $0.currentState.rawValue.count }.max()!
    let nameWidth = timelines.map(\.alarmName.count).max()!
    let sinceWidth = 11  // "since HH:MM"
    let prefixWidth = 2 + stateWidth + 2 + nameWidth + 2 + sinceWidth + 2
    let stripWidth = width - prefixWidth
    var lines: [String] = []
    for timeline in timelines {
      let state = timeline.currentState
      let stateColor = Self.color(of: state)
      var line = ANSI.styled("●", stateColor, color: color) + " "
      line += ANSI.styled(pad(state.rawValue, stateWidth), stateColor, color: color) + "  "
      line += pad(timeline.alarmName, nameWidth) + "  "
      let since = timeline.changes.last.map { "since " + TimeTicks.label($0.time) } ?? ""
      line += pad(since, sinceWidth)
      if let window, stripWidth >= 10 {
        line += "  " + strip(timeline, window: window, width: stripWidth)
      }
      lines.append(trimTrailing(line))
    }
    if let window, stripWidth >= 10 {
      var labels = Array(repeating: Character(" "), count: prefixWidth + stripWidth)
      let step = TimeTicks.step(for: window, maxTicks: max(2, stripWidth / 8))
      var nextFree = prefixWidth
      for tick in TimeTicks.ticks(in: window, step: step) {
        let fraction = Double(tick - window.lowerBound) / Double(max(1, window.upperBound - window.lowerBound))
        let column = prefixWidth + Int((fraction * Double(stripWidth - 1)).rounded())
        let start = min(max(column - 2, prefixWidth), prefixWidth + stripWidth - 5)
        guard start >= nextFree else { continue }
        for (offset, character) in TimeTicks.label(tick, step: step).enumerated() { labels[start + offset] = character }
        nextFree = start + 6
      }
      lines.append(trimTrailing(String(labels)))
    }
    return lines
  }

  private func strip(_ timeline: AlarmTimeline, window: ClosedRange<EpochMillis>, width: Int) -> String {
    let span = Double(max(1, window.upperBound - window.lowerBound))
    var text = ""
    var current: AlarmTimeline.State?
    for column in 0..<width {
      // The state in the middle of the column's time range.
      let time = window.lowerBound + EpochMillis(((Double(column) + 0.5) / Double(width) * span).rounded(.down))
      let state = timeline.state(at: time)
      if color && state != current {
        text += (current == nil ? "" : ANSI.reset) + "\u{1B}[\(Self.color(of: state))m"
        current = state
      }
      text += state == .ok ? "─" : state == .alarm ? "█" : "░"
    }
    return color ? text + ANSI.reset : text
  }

  static func color(of state: AlarmTimeline.State) -> String {
    switch state {
    case .ok: return ANSI.green
    case .alarm: return ANSI.red
    case .insufficientData: return ANSI.grey
    }
  }

  // MARK: Text

  private func textLines(_ text: MarkdownText, width: Int) -> [String] {
    var lines: [String] = []
    for (index, block) in text.blocks.enumerated() {
      if index > 0 { lines.append("") }
      switch block {
      case .heading(_, let inlines):
        lines += Self.wrap(MarkdownText.plain(inlines), width: width).map { ANSI.styled($0, ANSI.bold, color: color) }
      case .paragraph(let inlines):
        lines += Self.wrap(MarkdownText.plain(inlines), width: width)
      case .bullets(let items):
        for item in items {
          let wrapped = Self.wrap(MarkdownText.plain(item), width: width - 2)
          lines += wrapped.enumerated().map { ($0.offset == 0 ? "• " : "  ") + $0.element }
        }
      }
    }
    return lines.isEmpty ? [""] : lines
  }

  /// Greedy word wrap; words longer than the width are cut.
  static func wrap(_ text: String, width: Int) -> [String] {
    let width = max(1, width)
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      var word = String(word)
      while word.count > width {
        if !line.isEmpty {
          lines.append(line)
          line = ""
        }
        lines.append(String(word.prefix(width)))
        word = String(word.dropFirst(width))
      }
      if line.isEmpty {
        line = word
      } else if line.count + 1 + word.count <= width {
        line += " " + word
      } else {
        lines.append(line)
        line = word
      }
    }
    if !line.isEmpty || lines.isEmpty { lines.append(line) }
    return lines
  }

  // MARK: Log table

  /// Columns padded to their widest cell, shrunk to fit the width (cut cells end in `…`);
  /// columns of numbers are right-aligned.
  private func tableLines(_ table: LogTable, width: Int) -> [String] {
    let count = max(table.columns.count, table.rows.map(\.count).max() ?? 0)
    guard count > 0 else { return ["(no columns)"] }
    func cell(_ row: [String], _ column: Int) -> String {
      column < row.count ? row[column].replacingTabsAndNewlines() : ""
    }
    let header = (0..<count).map { cell(table.columns, $0) }
    var widths = (0..<count).map { column in
      ([header[column]] + table.rows.map { cell($0, column) }).map(\.count).max() ?? 0
    }
    let numeric = (0..<count).map { column in
      !table.rows.isEmpty && table.rows.allSatisfy { Double(cell($0, column)) != nil }
    }
    // Shrink the widest column until the table fits.
    while widths.reduce(0, +) + 2 * (count - 1) > width, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }),
      widths[widest] > 3
    {
      widths[widest] -= 1
    }
    func format(_ row: [String]) -> String {
      let cells = (0..<count).map { column -> String in
        var text = row[column]
        if text.count > widths[column] { text = trimTrailing(String(text.prefix(widths[column] - 1))) + "…" }
        let padding = String(repeating: " ", count: widths[column] - text.count)
        return numeric[column] ? padding + text : text + padding
      }
      return trimTrailing(cells.joined(separator: "  "))
    }
    var lines = [ANSI.styled(format(header), ANSI.bold, color: color)]
    lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
    for row in table.rows { lines.append(format((0..<count).map { cell(row, $0) })) }
    if table.rows.isEmpty { lines.append("(no rows)") }
    return lines
  }

  private func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }

  private func trimTrailing(_ text: String) -> String {
    var text = text
    while text.last == " " { text.removeLast() }
    return text
  }
}

extension String {
  /// Tabs and line breaks as spaces, so one cell stays on one line.
  func replacingTabsAndNewlines() -> String {
    String(map { $0 == "\t" || $0.isNewline ? " " : $0 })
  }
}
