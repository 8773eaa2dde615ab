import VigilCore

/// Draws a ``MetricChart`` as text: braille lines (2×4 dots per character cell), a y axis with nice tick
/// values, `HH:MM` UTC time labels, threshold lines, ALARM spans and a legend.
///
/// Layout, top to bottom: plot rows, the x axis, time labels, an `ALARM ▀▀▀` marker row when the chart has
/// ALARM spans, then the legend. With colour on, ALARM spans also shade the plot's background.
public struct TerminalChart: Sendable {
  /// Total width in columns, axis labels included.
  public var width: Int
  /// Total height in lines, axis, labels and legend included.
  public var height: Int
  /// Whether to use ANSI colour escapes; see ``TerminalCapabilities/colorEnabled(environment:isTerminal:)``.
  public var color: Bool

  public init(width: Int, height: Int, color: Bool) {
    self.width = width
    self.height = height
    self.color = color
  }

  /// The chart's lines, joined by newlines (no trailing newline).
  public func render(_ chart: MetricChart, window: ClosedRange<EpochMillis>? = nil) -> String {
    lines(chart, window: window).joined(separator: "\n")
  }

  /// The chart's lines.
  public func lines(_ chart: MetricChart, window: ClosedRange<EpochMillis>? = nil) -> [String] {
    guard let window = window ?? Self.dataWindow(chart) else { return ["(no data)"] }
    let width = max(self.width, 20)
    let legend = legendEntries(chart)
    let legendLines = wrap(legend.map(\.text), width: width)
    let hasSpans = chart.alarmSpans.contains { $0.from < $0.to }
    let availableRows = max(2, height - 2 - (hasSpans ? 1 : 0) - legendLines.count)

    // Y axis: nice ticks that fall exactly on rows (every `rowsPerStep` rows), so a label names its row's value.
    var scale = chart.valueScale(maxTicks: 2)
    var plotRows = availableRows
    for maxTicks in stride(from: max(2, (availableRows - 1) / 2 + 1), through: 2, by: -1) {
      let candidate = chart.valueScale(maxTicks: maxTicks)
      let steps = max(1, Int(((candidate.high - candidate.low) / candidate.step - 1e-9).rounded(.up)))
      let rowsPerStep = (availableRows - 1) / steps
      if rowsPerStep >= 2 || (rowsPerStep == 1 && maxTicks == 2) {
        scale = candidate
        plotRows = steps * rowsPerStep + 1
        break
      }
    }
    let rowValue = (scale.high - scale.low) / Double(plotRows - 1)
    func row(of value: Double) -> Int { Int(((scale.high - value) / rowValue).rounded()) }
    var rowLabels: [Int: (text: String, color: String?)] = [:]
    for tick in scale.ticks.reversed() where (0..<plotRows).contains(row(of: tick)) {
      rowLabels[row(of: tick)] = (NumberText.axis(tick, decimals: scale.decimals), nil)
    }
    // A threshold labels its own row, in red: the threshold matters more than the tick it hides.
    let visibleThresholds = chart.thresholds.filter { $0.value >= scale.low && $0.value <= scale.high }
    for threshold in visibleThresholds {
      rowLabels[row(of: threshold.value)] = (NumberText.compact(threshold.value), ANSI.red)
    }
    let labelWidth = max(rowLabels.values.map(\.text.count).max() ?? 1, hasSpans ? 5 : 1)
    let gutter = labelWidth + 2
    let columns = max(4, width - gutter)
    let dotsWide = columns * 2
    let dotsHigh = plotRows * 4
    let span = max(1, window.upperBound - window.lowerBound)

    func dotX(_ time: EpochMillis) -> Int {
      let fraction = Double(time - window.lowerBound) / Double(span)
      return Int((fraction * Double(dotsWide - 1)).rounded())
    }
    // Row r is centred on dot 4r+1.5 and stands for the value high - r × rowValue.
    func dotY(_ value: Double) -> Int {
      let dot = ((scale.high - value) / rowValue * 4 + 1.5).rounded(.down)
      return Int(min(Double(dotsHigh - 1), max(0, dot)))
    }
    func time(atDot dot: Double) -> EpochMillis {
      window.lowerBound + EpochMillis((dot / Double(dotsWide - 1) * Double(span)).rounded())
    }

    var canvas = TerminalCanvas(width: width, height: plotRows + 2 + (hasSpans ? 1 : 0) + legendLines.count)

    // ALARM spans: columns whose time range meets a span. Dot d draws times that round to it, so column c
    // covers dots 2c - 0.5 ..< 2c + 1.5.
    var alarmColumns = Set<Int>()
    for column in 0..<columns {
      let from = time(atDot: Double(column * 2) - 0.5)
      let to = time(atDot: Double(column * 2) + 1.5)
      if chart.alarmSpans.contains(where: { $0.from < $0.to && $0.from < to && $0.to > from }) { alarmColumns.insert(column) }
    }

    // Threshold lines sit under the data.
    for threshold in visibleThresholds {
      for column in 0..<columns {
        canvas.put("┄", row: row(of: threshold.value), column: gutter + column, foreground: ANSI.red)
      }
    }

    // Series: braille dots, consecutive points joined by straight lines, gaps where there is no data.
    var dots = Array(repeating: Array(repeating: UInt8(0), count: columns), count: plotRows)
    var owner = Array(repeating: Array(repeating: -1, count: columns), count: plotRows)
    func plot(_ x: Int, _ y: Int, series: Int) {
      guard x >= 0, x < dotsWide, y >= 0, y < dotsHigh else { return }
      let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
      dots[y / 4][x / 2] |= bits[x % 2][y % 4]
      owner[y / 4][x / 2] = series
    }
    for (index, series) in chart.series.enumerated() {
      var previous: (Int, Int)?
      for point in series.points {
        guard let value = point.value, value.isFinite, window.contains(point.time) else {
          previous = nil
          continue
        }
        let current = (dotX(point.time), dotY(value))
        if let previous {
          for (x, y) in Self.line(from: previous, to: current) { plot(x, y, series: index) }
        } else {
          plot(current.0, current.1, series: index)
        }
        previous = current
      }
    }
    let seriesColors = chart.series.enumerated().map { ANSI.foreground(hex: HexColor.series($1, index: $0)) }
    for row in 0..<plotRows {
      for column in 0..<columns where dots[row][column] != 0 {
        let character = Character(Unicode.Scalar(0x2800 + UInt32(dots[row][column]))!)
        canvas.put(character, row: row, column: gutter + column, foreground: seriesColors[owner[row][column]])
      }
      for column in alarmColumns { canvas.shade(row: row, column: gutter + column, background: ANSI.alarmBackground) }
    }

    // Y axis with tick and threshold labels.
    for row in 0..<plotRows {
      if let label = rowLabels[row] {
        canvas.write(
          String(repeating: " ", count: labelWidth - label.text.count) + label.text, row: row, column: 0, foreground: label.color)
        canvas.write(" ┤", row: row, column: labelWidth, foreground: ANSI.grey)
      } else {
        canvas.write(" │", row: row, column: labelWidth, foreground: ANSI.grey)
      }
    }

    // X axis with ticks on round UTC times, and their labels centred below.
    let axisRow = plotRows
    canvas.write(" └" + String(repeating: "─", count: columns), row: axisRow, column: labelWidth, foreground: ANSI.grey)
    let step = TimeTicks.step(for: window, maxTicks: max(2, columns / 8))
    var nextFree = 0
    for tick in TimeTicks.ticks(in: window, step: step) {
      let column = gutter + dotX(tick) / 2
      canvas.put("┬", row: axisRow, column: column, foreground: ANSI.grey)
      let label = TimeTicks.label(tick, step: step)
      let start = min(max(column - 2, gutter - 2), width - label.count)
      guard start >= nextFree else { continue }
      canvas.write(label, row: axisRow + 1, column: start)
      nextFree = start + label.count + 1
    }

    var row = axisRow + 2
    if hasSpans {
      canvas.write(String(repeating: " ", count: labelWidth - 5) + "ALARM", row: row, column: 0, foreground: ANSI.red)
      for column in alarmColumns { canvas.put("▀", row: row, column: gutter + column, foreground: ANSI.red) }
      row += 1
    }

    for line in legendLines {
      var column = 0
      for entry in line {
        let item = legend[entry]
        canvas.put(item.marker, row: row, column: column, foreground: item.color)
        canvas.write(String(item.text.dropFirst()), row: row, column: column + 1)
        column += item.text.count + 2
      }
      row += 1
    }
    return canvas.render(color: color)
  }

  /// Legend entries: a marker character, its colour, and the text (marker first).
  private func legendEntries(_ chart: MetricChart) -> [(marker: Character, color: String?, text: String)] {
    var entries: [(marker: Character, color: String?, text: String)] = []
    for (index, series) in chart.series.enumerated() {
      let unit = series.unit.map { " (\($0))" } ?? ""
      entries.append(("⣿", ANSI.foreground(hex: HexColor.series(series, index: index)), "⣿ " + series.label + unit))
    }
    for threshold in chart.thresholds {
      entries.append(("┄", ANSI.red, "┄ " + threshold.label))
    }
    var seen = Set<String>()
    for span in chart.alarmSpans where span.from < span.to && seen.insert(span.alarmName).inserted {
      entries.append(("▀", ANSI.red, "▀ ALARM " + span.alarmName))
    }
    return entries
  }

  /// Groups legend entry indices into lines no wider than `width` (two spaces between entries).
  private func wrap(_ texts: [String], width: Int) -> [[Int]] {
    var lines: [[Int]] = []
    var current: [Int] = []
    var used = 0
    for (index, text) in texts.enumerated() {
      let needed = (current.isEmpty ? 0 : 2) + text.count
      if !current.isEmpty && used + needed > width {
        lines.append(current)
        current = []
        used = 0
      }
      used += current.isEmpty ? text.count : needed
      current.append(index)
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }

  /// The time range of a chart's points, or nil when it has fewer than two distinct times.
  static func dataWindow(_ chart: MetricChart) -> ClosedRange<EpochMillis>? {
    let times = chart.series.flatMap { $0.points.map(\.time) }
    guard let low = times.min(), let high = times.max(), low < high else { return nil }
    return low...high
  }

  /// The dots of a straight line (Bresenham), both ends included.
  static func line(from start: (Int, Int), to end: (Int, Int)) -> [(Int, Int)] {
    var (x, y) = start
    let dx = abs(end.0 - x)
    let dy = -abs(end.1 - y)
    let sx = x < end.0 ? 1 : -1
    let sy = y < end.1 ? 1 : -1
    var error = dx + dy
    var result: [(Int, Int)] = []
    while true {
      result.append((x, y))
      if x == end.0 && y == end.1 { break }
      let doubled = 2 * error
      if doubled >= dy {
        error += dy
        x += sx
      }
      if doubled <= dx {
        error += dx
        y += sy
      }
    }
    return result
  }
}
