import VigilCore

/// A metric chart as inline SVG: horizontal gridlines at nice values, `HH:MM` UTC time labels, one path
/// per series (gaps where there is no data), dashed red threshold lines and shaded ALARM spans.
struct SVGLineChart {
  var chart: MetricChart
  var window: ClosedRange<EpochMillis>
  /// Nominal size in CSS pixels; the SVG scales to its box through its viewBox.
  var width: Double
  var height: Double
  /// Prefix for element ids, unique within the page.
  var id: String

  func render() -> String {
    let scale = chart.valueScale(maxTicks: max(2, Int(height / 50) + 1))
    let labels = scale.ticks.map { NumberText.axis($0, decimals: scale.decimals) }
    let left = Double(labels.map(\.count).max() ?? 1) * 7 + 14
    let right = 14.0
    let top = 12.0
    let bottom = 22.0
    let plotWidth = max(10, width - left - right)
    let plotHeight = max(10, height - top - bottom)
    let span = Double(max(1, window.upperBound - window.lowerBound))
    func x(_ time: EpochMillis) -> Double { left + Double(time - window.lowerBound) / span * plotWidth }
    // Values far off the axis (clipped anyway) are pinned near the plot so coordinates stay short numbers.
    func y(_ value: Double) -> Double {
      min(top + 2 * plotHeight, max(top - plotHeight, top + (scale.high - value) / (scale.high - scale.low) * plotHeight))
    }
    let n = HTMLText.number

    var svg = "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"line chart\">\n"
    svg +=
      "<defs><clipPath id=\"\(id)-plot\"><rect x=\"\(n(left))\" y=\"\(n(top - 1))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight + 2))\"/></clipPath></defs>\n"

    // ALARM spans first, so lines draw over them.
    for span in chart.alarmSpans {
      let from = max(span.from, window.lowerBound)
      let to = min(span.to, window.upperBound)
      guard from < to else { continue }
      let title = "<title>\(HTMLText.escape(span.alarmName)) in ALARM \(TimeTicks.label(span.from))–\(TimeTicks.label(span.to)) UTC</title>"
      svg +=
        "<g class=\"alarm-span\">\(title)<rect x=\"\(n(x(from)))\" y=\"\(n(top))\" width=\"\(n(x(to) - x(from)))\" height=\"\(n(plotHeight))\"/>"
      svg += "<rect class=\"alarm-band\" x=\"\(n(x(from)))\" y=\"\(n(top))\" width=\"\(n(x(to) - x(from)))\" height=\"3\"/></g>\n"
    }

    // Gridlines and y labels.
    for (tick, label) in zip(scale.ticks, labels) {
      let ty = y(tick)
      svg += "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(left + plotWidth))\" y1=\"\(n(ty))\" y2=\"\(n(ty))\"/>"
      svg += "<text class=\"y-label\" x=\"\(n(left - 6))\" y=\"\(n(ty + 4))\">\(HTMLText.escape(label))</text>\n"
    }
    svg +=
      "<line class=\"axis\" x1=\"\(n(left))\" x2=\"\(n(left + plotWidth))\" y1=\"\(n(top + plotHeight))\" y2=\"\(n(top + plotHeight))\"/>\n"

    // Time labels on round UTC times.
    let step = TimeTicks.step(for: window, maxTicks: max(2, Int(plotWidth / 70)))
    for tick in TimeTicks.ticks(in: window, step: step) {
      let tx = x(tick)
      svg += "<line class=\"tick\" x1=\"\(n(tx))\" x2=\"\(n(tx))\" y1=\"\(n(top + plotHeight))\" y2=\"\(n(top + plotHeight + 4))\"/>"
      let anchor = tx - left < 16 ? "start" : left + plotWidth - tx < 16 ? "end" : "middle"
      svg +=
        "<text class=\"x-label\" text-anchor=\"\(anchor)\" x=\"\(n(tx))\" y=\"\(n(top + plotHeight + 17))\">\(TimeTicks.label(tick, step: step))</text>\n"
    }

    // Series.
    svg += "<g clip-path=\"url(#\(id)-plot)\">\n"
    for (index, series) in chart.series.enumerated() {
      let color = HexColor.series(series, index: index)
      var path = ""
      var segment: [(Double, Double)] = []
      var singles: [(Double, Double)] = []
      func flush() {
        if segment.count == 1 { singles.append(segment[0]) }
        if segment.count > 1 {
          path +=
            segment.enumerated().map { ($0.offset == 0 ? "M" : "L") + n($0.element.0) + " " + n($0.element.1) }.joined(separator: " ") + " "
        }
        segment = []
      }
      for point in series.points {
        guard let value = point.value, value.isFinite, window.contains(point.time) else {
          flush()
          continue
        }
        segment.append((x(point.time), y(value)))
      }
      flush()
      let title = "<title>\(HTMLText.escape(series.label))</title>"
      if !path.isEmpty {
        path.removeLast()
        svg += "<path class=\"series\" stroke=\"\(color)\" d=\"\(path)\">\(title)</path>\n"
      }
      for (px, py) in singles {
        svg += "<circle cx=\"\(n(px))\" cy=\"\(n(py))\" r=\"2\" fill=\"\(color)\">\(title)</circle>\n"
      }
    }
    svg += "</g>\n"

    // Thresholds on top, labelled at the right end.
    for threshold in chart.thresholds where threshold.value >= scale.low && threshold.value <= scale.high {
      let ty = y(threshold.value)
      svg += "<line class=\"threshold\" x1=\"\(n(left))\" x2=\"\(n(left + plotWidth))\" y1=\"\(n(ty))\" y2=\"\(n(ty))\"/>"
      svg +=
        "<text class=\"threshold-label\" x=\"\(n(left + plotWidth - 4))\" y=\"\(n(ty - 5))\">\(HTMLText.escape(threshold.label))</text>\n"
    }
    if chart.series.allSatisfy({ $0.valueRange == nil }) {
      svg += "<text class=\"no-data\" x=\"\(n(left + plotWidth / 2))\" y=\"\(n(top + plotHeight / 2))\">No data available.</text>\n"
    }
    svg += "</svg>"
    return svg
  }
}
