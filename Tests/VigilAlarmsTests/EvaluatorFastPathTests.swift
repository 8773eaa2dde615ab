import Testing
import VigilAlarms
import VigilCore
import VigilMetrics

/// The per-minute fast path (pre-classified grid slots, shared grids) must reach the same states as the
/// general path that words reasons, and sharing grids between alarms must not change any alarm's history.
@Suite struct EvaluatorFastPathTests {
  static let t0 = TimeFormat.parse("2026-03-02T09:00:00Z")!
  static let latency = MetricIdentity(namespace: "Payments", name: "Latency", dimensions: ["Service": "payment-api"])

  /// Three hours of samples every 20 s with a deterministic wobble, bursts of high values, and gaps
  /// (a missing minute every 7 minutes, a missing 20 minutes in the middle).
  static func store() -> MetricStore {
    var store = MetricStore()
    var state: UInt64 = 7
    for i in 0..<(3 * 180) {
      let minute = i / 3
      if minute % 7 == 3 || (80..<100).contains(minute) { continue }
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let wobble = Double(state >> 33 % 1000) / 10
      let value = (minute % 40 < 6 ? 900 : 100) + wobble
      store.add(latency, unit: "Milliseconds", timestamp: t0 + EpochMillis(i) * 20_000, value: value)
    }
    store.finishLoading()
    return store
  }

  static func alarm(
    _ name: String, statistic: String, period: Int, n: Int, m: Int, treat: TreatMissingData, threshold: Double = 500,
    lowSamples: Bool = true, unit: String? = nil, range: Int? = nil
  ) -> MetricAlarm {
    MetricAlarm(
      name: name, source: .metric(MetricStat(identity: latency, statistic: Statistic.parse(statistic)!, period: period, unit: unit)),
      comparison: .greaterThanOrEqualToThreshold, threshold: threshold, evaluationPeriods: n, datapointsToAlarm: m, treatMissingData: treat,
      evaluateLowSampleCountPercentile: lowSamples, evaluationRange: range)
  }

  static let alarms: [MetricAlarm] = {
    var list: [MetricAlarm] = []
    for (index, treat) in TreatMissingData.allCases.enumerated() {
      list.append(alarm("avg-\(treat)", statistic: "Average", period: 60, n: 3, m: 2, treat: treat))
      list.append(alarm("max-5m-\(treat)", statistic: "Maximum", period: 300, n: 2 + index % 2, m: 1 + index % 2, treat: treat))
      list.append(alarm("p90-\(treat)", statistic: "p90", period: 120, n: 5, m: 3, treat: treat))
      list.append(alarm("p90-ignore-low-\(treat)", statistic: "p90", period: 120, n: 5, m: 3, treat: treat, lowSamples: false))
      list.append(alarm("hires-\(treat)", statistic: "Sum", period: 30, n: 4, m: 4, treat: treat, threshold: 1200))
      list.append(alarm("range-9-\(treat)", statistic: "Average", period: 60, n: 3, m: 2, treat: treat, range: 9))
      list.append(alarm("seconds-\(treat)", statistic: "Average", period: 60, n: 3, m: 2, treat: treat, unit: "Seconds"))
    }
    return list
  }()

  @Test(arguments: [0, 35_000])
  func fastPathAgreesWithTheWordedPathAtEveryTick(fromOffset: EpochMillis) throws {
    let store = Self.store()
    let from = Self.t0 + fromOffset, until = Self.t0 + 3 * 3_600_000 + 600_000
    var compared = 0, differences: [String] = []
    for alarm in Self.alarms {
      var evaluator = try MetricAlarmEvaluator(alarm: alarm, store: store, from: from, until: until)
      var tick = from + evaluator.step
      while tick <= until {
        for current in AlarmState.allCases {
          let fast = try evaluator.evaluate(at: tick, current: current).state
          let worded = try evaluator.evaluate(at: tick, current: current, describe: true).state
          if fast != worded { differences.append("\(alarm.name) at \(TimeFormat.iso8601(tick)) from \(current): \(fast) vs \(worded)") }
          compared += 1
        }
        tick += evaluator.step
      }
    }
    #expect(compared > 20_000)
    #expect(differences.isEmpty, "\(differences.prefix(5))")
  }

  @Test func alarmsPreviewedTogetherMatchEachAlone() throws {
    let store = Self.store()
    let until = Self.t0 + 3 * 3_600_000 + 600_000
    let together = try AlarmPreview(alarms: AlarmSet(metricAlarms: Self.alarms), store: store).run(from: Self.t0, until: until)
    var transitions = 0
    for alarm in Self.alarms {
      let alone = try AlarmPreview(alarms: AlarmSet(metricAlarms: [alarm]), store: store).run(from: Self.t0, until: until)
      #expect(together.history.filter { $0.alarmName == alarm.name } == alone.history, "\(alarm.name)")
      transitions += alone.history.count
    }
    // The data makes every alarm move (bursts every 40 minutes, gaps), so the comparison covers transitions.
    #expect(transitions > 100)
  }
}
