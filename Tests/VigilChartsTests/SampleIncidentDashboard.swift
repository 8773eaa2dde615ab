import VigilCharts
import VigilCore

/// A synthetic dashboard shaped like the sample payment incident of 2026-03-02: a p99 latency spike on
/// payment-api from 10:15 to 10:30 (about 2000 ms against about 250 ms), its alarm in ALARM from 10:18 to
/// 10:33, and an error burst from 10:20 to 10:27.
enum SampleIncidentDashboard {
  static let start = TimeFormat.parse("2026-03-02T09:00:00Z")!
  static let end = TimeFormat.parse("2026-03-02T11:00:00Z")!
  static let minute: EpochMillis = 60_000

  static func at(_ hhmm: String) -> EpochMillis { TimeFormat.parse("2026-03-02T\(hhmm):00Z")! }

  /// Deterministic noise in -1...1 (a 32-bit LCG step), so the picture is the same on every run.
  static func noise(_ i: Int, _ salt: Int) -> Double {
    var x = UInt32(truncatingIfNeeded: i &* 1_103_515_245 &+ salt &* 12345 &+ 1013)
    x = x &* 1_664_525 &+ 1_013_904_223
    x ^= x >> 13
    x = x &* 1_664_525 &+ 1_013_904_223
    return Double(x % 2001) / 1000 - 1
  }

  /// How far into the latency spike minute `i` is: 0 outside, rising to 1 from 10:15, falling after 10:30.
  static func spike(_ time: EpochMillis) -> Double {
    let rise = at("10:15"), top = at("10:18"), fall = at("10:28"), done = at("10:31")
    if time < rise || time >= done { return 0 }
    if time < top { return Double(time - rise + minute) / Double(top - rise + minute) }
    if time < fall { return 1 }
    return Double(done - time) / Double(done - fall + minute)
  }

  static func series(_ label: String, unit: String? = nil, color: String? = nil, _ value: (Int, EpochMillis) -> Double?)
    -> ChartSeries
  {
    var points: [ChartPoint] = []
    var i = 0
    var time = start
    while time < end {
      points.append(ChartPoint(time: time, value: value(i, time)))
      time += minute
      i += 1
    }
    return ChartSeries(label: label, points: points, color: color, unit: unit)
  }

  static let p99Alarm = AlarmTimeline(
    alarmName: "payment-api-p99-latency",
    changes: [.init(time: at("09:00"), state: .ok), .init(time: at("10:18"), state: .alarm), .init(time: at("10:33"), state: .ok)])
  static let errorAlarm = AlarmTimeline(
    alarmName: "payment-api-5xx-errors",
    changes: [.init(time: at("09:00"), state: .ok), .init(time: at("10:22"), state: .alarm), .init(time: at("10:29"), state: .ok)])
  static let cpuAlarm = AlarmTimeline(
    alarmName: "payment-api-cpu-high",
    changes: [.init(time: at("09:00"), state: .insufficientData), .init(time: at("09:06"), state: .ok)])
  static let authorizerAlarm = AlarmTimeline(
    alarmName: "payment-authorizer-errors",
    changes: [.init(time: at("09:00"), state: .ok), .init(time: at("10:23"), state: .alarm), .init(time: at("10:28"), state: .ok)])

  static var latencyChart: MetricChart {
    let window = start...end
    return MetricChart(
      series: [
        series("p50", unit: "ms") { i, t in 95 + 15 * noise(i, 1) + 450 * spike(t) * (1 + 0.1 * noise(i, 2)) },
        series("p90", unit: "ms") { i, t in 170 + 25 * noise(i, 3) + 1000 * spike(t) * (1 + 0.1 * noise(i, 4)) },
        series("p99", unit: "ms") { i, t in
          // Two missing periods show how gaps are drawn.
          if i == 25 || i == 26 { return nil }
          return 250 + 40 * noise(i, 5) + 1750 * spike(t) * (1 + 0.12 * noise(i, 6))
        },
      ],
      thresholds: [ThresholdLine(value: 800, label: "p99 > 800 ms for 3 of 3 minutes")],
      alarmSpans: p99Alarm.alarmSpans(in: window))
  }

  static var errorChart: MetricChart {
    let burst = at("10:20")...at("10:26")
    return MetricChart(
      series: [
        series("5xx errors", unit: "Count") { i, t in
          burst.contains(t) ? (40 + 15 * noise(i, 7)).rounded() : max(0, (1 + 1.5 * noise(i, 8)).rounded())
        }
      ],
      thresholds: [ThresholdLine(value: 20, label: "errors > 20 for 2 of 3 minutes")],
      alarmSpans: errorAlarm.alarmSpans(in: start...end))
  }

  static var requestChart: MetricChart {
    MetricChart(series: [
      series("requests", unit: "Count") { i, t in 1200 + 120 * noise(i, 9) - 300 * spike(t) }
    ])
  }

  static var resourceChart: MetricChart {
    MetricChart(
      series: [
        series("CPU", unit: "%") { i, t in 32 + 4 * noise(i, 10) + 40 * spike(t) },
        series("memory", unit: "%") { i, t in 48 + 2 * noise(i, 11) + 12 * spike(t) },
      ], yMax: 100)
  }

  static var dashboard: PreviewDashboard {
    PreviewDashboard(
      name: "payment-api",
      window: start...end,
      widgets: [
        PreviewWidget(
          title: "payment-api", x: 0, y: 0, width: 24, height: 2,
          kind: .text(
            """
            # payment-api · ECS service
            Latency percentiles, errors and alarms for **payment-api** (cluster `payments-dev`). \
            See the [X-Ray service map](https://console.aws.amazon.com/xray/home?region=eu-west-1#/service-map) \
            and the <runbook> for 5xx & latency.
            """)),
        PreviewWidget(title: "Latency p50 / p90 / p99", x: 0, y: 2, width: 12, height: 7, kind: .metric(latencyChart)),
        PreviewWidget(title: "5xx errors", x: 12, y: 2, width: 12, height: 7, kind: .metric(errorChart)),
        PreviewWidget(title: "Requests per minute", x: 0, y: 9, width: 8, height: 6, kind: .metric(requestChart)),
        PreviewWidget(title: "CPU and memory (Container Insights)", x: 8, y: 9, width: 8, height: 6, kind: .metric(resourceChart)),
        PreviewWidget(
          title: "Alarm status", x: 16, y: 9, width: 8, height: 6,
          kind: .alarmStatus([p99Alarm, errorAlarm, authorizerAlarm, cpuAlarm])),
        PreviewWidget(
          title: "Top errors (Logs Insights)", x: 0, y: 15, width: 24, height: 5,
          kind: .logTable(
            LogTable(
              columns: ["status", "message", "count"],
              rows: [
                ["503", "upstream payment-authorizer timed out after 2000 ms", "212"],
                ["500", "ledger-writer returned <error code=\"LW-17\"> & retried", "64"],
                ["502", "bad gateway from fraud-scorer", "9"],
              ]))),
      ])
  }
}
