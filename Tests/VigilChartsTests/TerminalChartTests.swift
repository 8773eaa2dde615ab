import Foundation
import Testing
import VigilCore

@testable import VigilCharts

func at(_ hhmm: String) -> EpochMillis { TimeFormat.parse("2026-03-02T\(hhmm):00Z")! }

@Suite struct TerminalChartTests {
  /// p99 with a gap at 10:20, a threshold at 250 and an ALARM span 10:10–10:20.
  static let smallChart = MetricChart(
    series: [
      ChartSeries(
        label: "p99", values: [(at("10:00"), 100), (at("10:10"), 300), (at("10:20"), nil), (at("10:30"), 200), (at("10:40"), 100)],
        unit: "ms")
    ],
    thresholds: [ThresholdLine(value: 250, label: "p99 > 250")],
    alarmSpans: [AlarmSpan(from: at("10:10"), to: at("10:20"), alarmName: "p99-high")])

  @Test func drawsBrailleLinesAxesThresholdAlarmMarkersAndLegend() {
    let text = TerminalChart(width: 30, height: 12, color: false).render(Self.smallChart, window: at("10:00")...at("10:40"))
    // The line stops at 10:10 (no data at 10:20) and starts again at 10:30; 250 labels the threshold's row.
    #expect(
      text == """
          300 ┤     ⡔
          250 ┤┄┄┄⢀⠎┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄
          200 ┤  ⡠⠃             ⠢⢄
              │⢀⠜                 ⠑⠢⡀
          100 ┤⠊                    ⠈⠑
              │
            0 ┤
              └┬────────────────┬─────
             10:00            10:30
        ALARM       ▀▀▀▀▀▀▀
        ⣿ p99 (ms)  ┄ p99 > 250
        ▀ ALARM p99-high
        """)
  }

  @Test func fitsTheWindowOfTheDataWhenNoneIsGiven() {
    let chart = MetricChart(series: [ChartSeries(label: "x", values: [(at("10:00"), 0), (at("10:30"), 4)])])
    #expect(
      TerminalChart(width: 24, height: 7, color: false).render(chart) == """
        5 ┤                   ⢀⣀
          │           ⢀⣀⡠⠤⠔⠒⠊⠉⠁
          │   ⢀⣀⡠⠤⠔⠒⠊⠉⠁
        0 ┤⠒⠊⠉⠁
          └┬───────────────────┬
         10:00             10:30
        ⣿ x
        """)
  }

  @Test func coloursWithANSIEscapesOnlyWhenAsked() {
    let chart = MetricChart(series: [ChartSeries(label: "x", values: [(at("10:00"), 0), (at("10:30"), 4)])])
    let esc = "\u{1B}["
    #expect(
      TerminalChart(width: 24, height: 7, color: true).render(chart) == """
        5\(esc)0;38;5;245m ┤\(esc)0m                   \(esc)0;38;5;31m⢀⣀\(esc)0m
         \(esc)0;38;5;245m │\(esc)0m           \(esc)0;38;5;31m⢀⣀⡠⠤⠔⠒⠊⠉⠁\(esc)0m
         \(esc)0;38;5;245m │\(esc)0m   \(esc)0;38;5;31m⢀⣀⡠⠤⠔⠒⠊⠉⠁\(esc)0m
        0\(esc)0;38;5;245m ┤\(esc)0;38;5;31m⠒⠊⠉⠁\(esc)0m
         \(esc)0;38;5;245m └┬───────────────────┬\(esc)0m
         10:00             10:30
        \(esc)0;38;5;31m⣿\(esc)0m x
        """)
    #expect(!TerminalChart(width: 24, height: 7, color: false).render(chart).contains("\u{1B}"))
  }

  @Test func shadesAlarmSpansWithABackgroundWhenColourIsOn() {
    let lines = TerminalChart(width: 30, height: 12, color: true).lines(Self.smallChart, window: at("10:00")...at("10:40"))
    // Row "│" below 100: seven shaded blank cells, plot columns 5...11.
    #expect(lines[5] == "     \u{1B}[0;38;5;245m │\u{1B}[0m     \u{1B}[0;48;5;224m       \u{1B}[0m")
  }

  @Test func saysSoWhenThereIsNoData() {
    #expect(TerminalChart(width: 40, height: 10, color: false).render(MetricChart(series: [])) == "(no data)")
  }

  @Test func drawsNothingForNilOnlySeriesButKeepsTheAxes() {
    let chart = MetricChart(series: [ChartSeries(label: "idle", values: [(at("10:00"), nil), (at("10:05"), nil)])])
    #expect(
      TerminalChart(width: 20, height: 6, color: false).render(chart, window: at("10:00")...at("10:05")) == """
        1 ┤
          │
        0 ┤
          └┬───────────────┬
         10:00         10:05
        ⣿ idle
        """)
  }

  @Test func joinsPointsWithBresenhamLines() {
    #expect(TerminalChart.line(from: (0, 0), to: (3, 1)).map { [$0.0, $0.1] } == [[0, 0], [1, 0], [2, 1], [3, 1]])
    #expect(TerminalChart.line(from: (2, 2), to: (2, 2)).map { [$0.0, $0.1] } == [[2, 2]])
    #expect(TerminalChart.line(from: (1, 3), to: (1, 0)).map { [$0.0, $0.1] } == [[1, 3], [1, 2], [1, 1], [1, 0]])
  }
}

@Suite struct ChartScaleTests {
  @Test(arguments: [
    (0.0, 2250.0, 6, [0.0, 500, 1000, 1500, 2000, 2500]),
    (0.0, 0.37, 5, [0, 0.1, 0.2, 0.3, 0.4]),
    (-3.0, 7.0, 3, [-5, 0, 5, 10]),
    (0.0, 4.0, 2, [0, 5]),
    (250.0, 250.0, 3, [100.0, 200, 300, 400]),
  ])
  func picksNiceTicks(low: Double, high: Double, maxTicks: Int, ticks: [Double]) {
    #expect(ValueScale(covering: low, high, maxTicks: maxTicks).ticks == ticks)
  }

  @Test func startsAtZeroForNonNegativeDataAndIncludesThresholds() {
    let chart = MetricChart(
      series: [ChartSeries(label: "x", values: [(0, 120), (60_000, 300)])], thresholds: [ThresholdLine(value: 800, label: "t")])
    let scale = chart.valueScale(maxTicks: 5)
    #expect(scale.ticks == [0, 200, 400, 600, 800])
  }

  @Test(arguments: [
    (25_000.0, 0, "25k"), (12_500.0, 0, "12.5k"), (2500.0, 0, "2500"), (0.25, 2, "0.25"), (-0.004, 2, "0.00"),
    (3_000_000.0, 0, "3M"), (-1.5, 1, "-1.5"), (12_345.0, 0, "12345"),
  ])
  func formatsAxisNumbersWithoutTheLocale(value: Double, decimals: Int, text: String) {
    #expect(NumberText.axis(value, decimals: decimals) == text)
  }

  @Test func picksRoundUTCTimeSteps() {
    let window = at("09:00")...at("11:00")
    #expect(TimeTicks.step(for: window, maxTicks: 9) == 900_000)
    #expect(TimeTicks.step(for: window, maxTicks: 8) == 1_800_000)
    #expect(TimeTicks.ticks(in: at("09:07")...at("10:00"), step: 1_800_000) == [at("09:30"), at("10:00")])
    #expect(TimeTicks.label(at("10:15")) == "10:15")
    #expect(TimeTicks.label(at("00:00"), step: 86_400_000) == "03-02")
  }
}

@Suite struct TerminalCapabilitiesTests {
  @Test(arguments: [
    (["TERM": "xterm-256color"], true, true),
    (["TERM": "xterm-256color"], false, false),
    (["TERM": "xterm", "NO_COLOR": "1"], true, false),
    (["TERM": "xterm", "NO_COLOR": ""], true, true),
    (["TERM": "dumb"], true, false),
    ([:], true, true),
  ])
  func decidesColourFromTheEnvironment(environment: [String: String], isTerminal: Bool, expected: Bool) {
    #expect(TerminalCapabilities.colorEnabled(environment: environment, isTerminal: isTerminal) == expected)
  }
}

/// Odd input draws something sensible and never traps.
@Suite struct ChartRobustnessTests {
  static let window = at("10:00")...at("10:10")
  static let charts: [MetricChart] = [
    MetricChart(series: [ChartSeries(label: "not a number", values: [(at("10:00"), .nan), (at("10:05"), .infinity), (at("10:06"), 3)])]),
    MetricChart(series: [ChartSeries(label: "huge", values: [(at("10:00"), -1e308), (at("10:05"), 1e308)])]),
    MetricChart(series: [ChartSeries(label: "flat", values: [(at("10:00"), -7), (at("10:05"), -7)])]),
    MetricChart(series: [ChartSeries(label: "bounds", values: [(at("10:00"), 5)])], yMin: 10, yMax: 10),
    MetricChart(
      series: [ChartSeries(label: "outside", values: [(at("09:00"), 5), (at("12:00"), 6)])],
      thresholds: [ThresholdLine(value: .nan, label: "nan"), ThresholdLine(value: -1e300, label: "low")],
      alarmSpans: [AlarmSpan(from: at("10:08"), to: at("10:02"), alarmName: "backwards")]),
    MetricChart(series: [
      ChartSeries(label: String(repeating: "long label ", count: 30), values: [(at("10:00"), 0.000123), (at("10:09"), 0.000125)])
    ]),
  ]

  @Test(arguments: 0..<charts.count)
  func rendersOddChartsInEveryRenderer(index: Int) {
    let chart = Self.charts[index]
    for (width, height) in [(1, 1), (20, 3), (80, 24), (300, 80)] {
      let lines = TerminalChart(width: width, height: height, color: true).lines(chart, window: Self.window)
      #expect(!lines.isEmpty)
    }
    let svg = SVGLineChart(chart: chart, window: Self.window, width: 10, height: 5, id: "w").render()
    #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
    #expect(!svg.contains("NaN"))
    #expect(!svg.contains("Inf"))
  }

  @Test func honoursExplicitBoundsAndIgnoresEmptyOnes() {
    let series = [ChartSeries(label: "cpu", values: [(0, 30), (60_000, 70)])]
    #expect(MetricChart(series: series, yMax: 100).valueScale(maxTicks: 6).ticks == [0, 20, 40, 60, 80, 100])
    #expect(MetricChart(series: series, yMin: 10, yMax: 10).valueScale(maxTicks: 5).ticks == [0, 20, 40, 60, 80])
  }
}
