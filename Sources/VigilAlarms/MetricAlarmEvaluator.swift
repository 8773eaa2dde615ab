import VigilCore
import VigilMetrics

/// Why a preview cannot run: a problem with the alarms or data that is not a syntax error.
public struct AlarmPreviewError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { "error: \(message)" }
}

/// The result of one evaluation of a metric alarm.
public struct MetricAlarmEvaluation: Equatable, Sendable {
  public var state: AlarmState
  public var reason: String
  public var reasonData: JSONValue
  /// The classified evaluation range, oldest first (`X`, `0`, `-`).
  public var window: [DatapointClass]
}

/// Evaluates one metric alarm at whole-minute ticks (every 10 s for high-resolution periods) over a
/// sliding window: at tick t the i-th datapoint aggregates the samples in [t − i·P, t − (i−1)·P), so
/// buckets are aligned to the evaluation minute, not to multiples of the period
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html). No ingestion
/// delay is modelled: a sample counts from the first tick after its timestamp.
public struct MetricAlarmEvaluator {
  public let alarm: MetricAlarm
  /// Tick spacing: 60 s, or 10 s for periods under a minute.
  public let step: EpochMillis
  let origin: EpochMillis
  let slotCount: Int
  let periodMillis: EpochMillis
  /// Aggregated datapoint per grid start, per MetricStat query Id ("" for a plain metric alarm).
  var grids: [String: [PeriodValue?]] = [:]
  var units: [String: String] = [:]
  var bandCache: [String: [Int: (Double, Double)?]] = [:]
  /// Reused by the fast path.
  var scratch: [DatapointClass] = []
  /// Plain metric alarms with a static threshold: each grid slot classified once (the same slot is read
  /// by R consecutive evaluations), so an evaluation only gathers R classes.
  var slotClasses: [DatapointClass] = []
  /// The fast path's decision at each grid slot (`RangeDecisions.code`), computed once in `init`: an evaluation
  /// per alarm per minute is then one array read instead of a scan of R slots.
  var slotDecisions: [UInt8] = []
  let hasStaticFastPath: Bool
  let periodSlots: Int
  /// The alarm's R, N, M and treatment, read once instead of through the alarm on every tick.
  let range: Int, evaluationPeriods: Int, datapointsToAlarm: Int
  let treatMissingData: TreatMissingData

  /// What a per-period grid depends on; alarms that agree on all of it read the same grid.
  struct GridKey: Hashable {
    var identity: MetricIdentity
    var unit: String?
    var statistic: Statistic
    var periodMillis: EpochMillis
    var step: EpochMillis
    var origin: EpochMillis
    var slotCount: Int
    var evaluateLowSampleCountPercentile: Bool
  }

  /// Prepares the per-period datapoints covering ticks from `from` to `until`.
  public init(alarm: MetricAlarm, store: MetricStore, from: EpochMillis, until: EpochMillis) throws(AlarmPreviewError) {
    var grids: [GridKey: [PeriodValue?]] = [:]
    try self.init(alarm: alarm, store: store, from: from, until: until, sharing: &grids)
  }

  /// As above, reusing grids already computed for other alarms of the same preview (several alarms on one
  /// metric, statistic and period are common, and the tuner replays one alarm many times).
  init(
    alarm: MetricAlarm, store: MetricStore, from: EpochMillis, until: EpochMillis, sharing cache: inout [GridKey: [PeriodValue?]]
  ) throws(AlarmPreviewError) {
    self.alarm = alarm
    let period = alarm.period
    // An alarm built by hand or tuned (`tune --datapoints 1/9223372036854775807`) may break CloudWatch's
    // limits; refuse it here, before R and the look-back are computed from it.
    if let problem = MetricAlarm.evaluationSpanProblem(period: period, evaluationPeriods: alarm.evaluationPeriods) {
      throw AlarmPreviewError("alarm \(alarm.name): \(problem)")
    }
    if let r = alarm.evaluationRange, r > MetricAlarmEvaluator.maximumTicks {
      throw AlarmPreviewError("alarm \(alarm.name): an evaluation range of \(r) periods is more than the \(MetricAlarmEvaluator.maximumTicks) Vigil evaluates")
    }
    step = period < 60 ? 10_000 : 60_000
    periodMillis = EpochMillis(period) * 1000
    // History reaches back R periods, plus 14 days for anomaly bands.
    var lookBack = EpochMillis(alarm.range + 1) * periodMillis
    if case .math(let queries) = alarm.source,
      queries.contains(where: {
        if case .expression(let e, _) = $0.kind { return e.calls("ANOMALY_DETECTION_BAND") }; return false
      })
    {
      lookBack += max(EpochMillis(AnomalyBand.seasonalDays) * 86_400_000, EpochMillis(AnomalyBand.recentPeriods) * periodMillis)
    }
    // One grid slot per tick: a preview from year 0 to 9999 would ask for 126 GB. Refuse it by name instead.
    // (The look-back adds at most 21 days: CloudWatch's 7-day evaluation span plus 14 days of anomaly history.)
    guard MetricAlarmEvaluator.tickCount(from: from, until: until, step: step) <= MetricAlarmEvaluator.maximumTicks else {
      throw AlarmPreviewError(MetricAlarmEvaluator.tooManyTicks(from: from, until: until, step: step, alarm: alarm.name))
    }
    origin = from - lookBack
    slotCount = Int((until - origin) / step) + 1
    let stats: [(String, MetricStat)]
    switch alarm.source {
    case .metric(let stat): stats = [("", stat)]
    case .math(let queries):
      stats = queries.compactMap { q in
        if case .metric(let s) = q.kind { return (q.id, s) }; return nil
      }
    }
    for (id, stat) in stats {
      // Datapoints CloudWatch already aggregated (GetMetricData output) answer only their own statistic and period.
      switch store.lookupAggregated(stat.identity, unit: stat.unit, statistic: stat.statistic, period: stat.period) {
      case .failure(let e): throw AlarmPreviewError("alarm \(alarm.name): \(e.description)")
      case .success(let aggregated?):
        units[id] = aggregated.key.unit ?? stat.unit ?? "None"
        grids[id] = try MetricAlarmEvaluator.grid(
          aggregated, origin: origin, step: step, periodMillis: periodMillis, slotCount: slotCount, alarm: alarm, statistic: stat.statistic)
        continue
      case .success(nil): break
      }
      let series: MetricSeries?
      switch store.lookup(stat.identity, unit: stat.unit) {
      case .success(let s): series = s
      case .failure(let e): throw AlarmPreviewError("alarm \(alarm.name): \(e.description)")
      }
      units[id] = series?.unit ?? stat.unit ?? "None"
      let key = GridKey(
        identity: stat.identity, unit: stat.unit, statistic: stat.statistic, periodMillis: periodMillis, step: step, origin: origin,
        slotCount: slotCount, evaluateLowSampleCountPercentile: alarm.evaluateLowSampleCountPercentile)
      if let shared = cache[key] {
        grids[id] = shared
        continue
      }
      var grid = [PeriodValue?](repeating: nil, count: slotCount)
      if let series, series.count > 0 {
        let bar = MetricAlarmEvaluator.lowSampleBar(stat.statistic)
        var values: [Double] = []
        // Two cursors slide over the sorted samples: bucket k covers [origin + k·step, + P).
        var lower = series.firstIndex(atOrAfter: origin), upper = lower
        for k in 0..<slotCount {
          let start = origin + EpochMillis(k) * step, end = start + periodMillis
          while lower < series.count, series.timestamps[lower] < start { lower += 1 }
          if upper < lower { upper = lower }
          while upper < series.count, series.timestamps[upper] < end { upper += 1 }
          guard upper > lower, let value = series.aggregate(stat.statistic, indices: lower..<upper, scratch: &values) else { continue }
          // EvaluateLowSampleCountPercentile=ignore: a period below the sample bar counts as missing.
          if !alarm.evaluateLowSampleCountPercentile, let bar, value.sampleCount < bar { continue }
          grid[k] = value
        }
      }
      cache[key] = grid
      grids[id] = grid
    }
    periodSlots = Int(periodMillis / step)
    range = alarm.range
    evaluationPeriods = alarm.evaluationPeriods
    datapointsToAlarm = alarm.datapointsToAlarm
    treatMissingData = alarm.treatMissingData
    if case .metric = alarm.source, let threshold = alarm.threshold, let grid = grids[""], periodMillis % step == 0 {
      let op = alarm.comparison
      slotClasses = grid.map { v in v.map { op.breaches($0.value, threshold: threshold) ? .breaching : .notBreaching } ?? .missing }
      slotDecisions = RangeDecisions.decisions(
        classes: slotClasses, range: range, periodSlots: periodSlots, evaluationPeriods: evaluationPeriods,
        datapointsToAlarm: datapointsToAlarm, treatment: treatMissingData)
      hasStaticFastPath = true
    } else {
      hasStaticFastPath = false
    }
  }

  /// The grid of an aggregated series: slot k holds the datapoint whose window starts at `origin + k·step`.
  ///
  /// CloudWatch evaluates an alarm every minute over the period that ends then (a sliding window), so with a period
  /// longer than the step each minute needs its own datapoint: a pull at the alarm's period must cover every
  /// one-minute offset of the window start (GetMetricData rounds StartTime down to the minute and starts its
  /// periods there). Datapoints off the step, or all on one offset, would be read as missing data, so both are
  /// refused; so is `EvaluateLowSampleCountPercentile: ignore`, which needs sample counts GetMetricData does not return.
  static func grid(
    _ series: AggregatedSeries, origin: EpochMillis, step: EpochMillis, periodMillis: EpochMillis, slotCount: Int, alarm: MetricAlarm,
    statistic: Statistic
  ) throws(AlarmPreviewError) -> [PeriodValue?] {
    if !alarm.evaluateLowSampleCountPercentile, lowSampleBar(statistic) != nil {
      throw AlarmPreviewError(
        "alarm \(alarm.name): EvaluateLowSampleCountPercentile ignore needs each period's sample count, which \(series.key.description) does not carry")
    }
    let times = series.timestamps
    if let off = times.first(where: { ($0 - origin) % step != 0 }) {
      throw AlarmPreviewError(
        "alarm \(alarm.name): \(series.key.description) has a datapoint at \(TimeFormat.iso8601(off, fraction: false)), which is not on a \(step / 1000)-second boundary where the alarm's windows start")
    }
    let offsets = Int(periodMillis / step)
    if offsets > 1, !times.isEmpty {
      // The offset of each window start within its period, in 0..<offsets (also for datapoints before `origin`).
      let n = EpochMillis(offsets)
      let covered = Set(times.map { Int(((($0 - origin) / step) % n + n) % n) }).count
      if covered < offsets {
        throw AlarmPreviewError(
          "alarm \(alarm.name): \(series.key.description) has windows starting at only \(covered) of the \(offsets) one-step offsets of its period, but the alarm slides every \(step / 1000) s; fetch the datapoints at each offset (GetMetricData with StartTime moved one step at a time) or samples instead")
      }
    }
    var grid = [PeriodValue?](repeating: nil, count: slotCount)
    for (time, value) in series.values {
      let k = (time - origin) / step
      guard k >= 0, k < EpochMillis(slotCount) else { continue }
      // The number of samples is unknown (GetMetricData returns only the statistic): NaN, which the reason data leaves out.
      grid[Int(k)] = PeriodValue(value: value, sampleCount: statistic == .sampleCount ? value : .nan)
    }
    return grid
  }

  /// The most evaluation ticks (and grid slots per metric) one preview covers: 455 days of 10-second ticks, the
  /// longest CloudWatch keeps any metric data (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Metric).
  /// It bounds each metric's grid to about 100 MB, where year 0 to 9999 asked for 126 GB.
  public static let maximumTicks = 455 * 8640

  /// Ticks from `from` to `until`; `Int64.max` when the span itself does not fit (user times can be that far apart).
  static func tickCount(from: EpochMillis, until: EpochMillis, step: EpochMillis) -> Int64 {
    let (span, overflow) = until.subtractingReportingOverflow(from)
    return overflow ? .max : span / step
  }

  /// The message for a window longer than `maximumTicks`, naming the limit.
  static func tooManyTicks(from: EpochMillis, until: EpochMillis, step: EpochMillis, alarm: String?) -> String {
    let ticks = tickCount(from: from, until: until, step: step)
    return (alarm.map { "alarm \($0): " } ?? "")
      + "the preview from \(TimeFormat.iso8601(from, fraction: false)) to \(TimeFormat.iso8601(until, fraction: false)) needs \(ticks) "
      + "evaluations every \(step / 1000) s; at most \(maximumTicks) (455 days of 10-second ticks) are evaluated: narrow --from/--until"
  }

  /// The sample-size bar under which a percentile is "statistically insignificant": 10/(1−p) for
  /// p ∈ [0.5, 1), 10/p for p ∈ (0, 0.5); none for other statistics.
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#percentiles-with-low-samples
  public static func lowSampleBar(_ statistic: Statistic) -> Double? {
    guard case .percentile(let percent) = statistic else { return nil }
    // Computed in percent so p99 gives exactly 1000.
    if percent >= 50 && percent < 100 { return 1000 / (100 - percent) }
    if percent > 0 && percent < 50 { return 1000 / percent }
    return nil
  }

  func gridIndex(_ start: EpochMillis) -> Int? {
    let offset = start - origin
    guard offset >= 0, offset % step == 0 else { return nil }
    let k = Int(offset / step)
    return k < slotCount ? k : nil
  }

  func value(_ id: String, at start: EpochMillis) -> PeriodValue? { gridIndex(start).flatMap { grids[id]?[$0] } }

  mutating func band(_ id: String, k: Double, at start: EpochMillis) -> (Double, Double)? {
    let key = "\(id)|\(k)"
    guard let index = gridIndex(start) else { return nil }
    if let cached = bandCache[key]?[index] { return cached }
    let grid = grids[id]!
    let result = AnomalyBand.band(at: start, period: alarm.period, k: k, percentUnit: units[id] == "Percent") { t in
      gridIndex(t).flatMap { grid[$0]?.value }
    }.map { ($0.upper, $0.lower) }
    bandCache[key, default: [:]][index] = .some(result)
    return result
  }

  /// Evaluates the alarm at `tick`; `current` is the state before, kept when the decision is "retain".
  /// The reason and reason data are only worded when the state changes or `describe` is set (wording
  /// every minute would dominate the run time).
  public mutating func evaluate(at tick: EpochMillis, current: AlarmState, describe: Bool = false) throws(AlarmPreviewError)
    -> MetricAlarmEvaluation
  {
    let r = alarm.range
    // Fast path for plain metric alarms with a static threshold: read the pre-classified grid slots.
    if !describe, hasStaticFastPath {
      guard let decided = decideState(at: tick), decided != current else {
        return MetricAlarmEvaluation(state: current, reason: "", reasonData: .null, window: [])
      }
      return try evaluate(at: tick, current: current, describe: true)
    }
    let starts = (1...r).reversed().map { tick - EpochMillis($0) * periodMillis }
    var values: [Double?]
    var sampleCounts: [Double?] = Array(repeating: nil, count: r)
    var uppers: [Double?]? = nil, lowers: [Double?]? = nil
    switch alarm.source {
    case .metric:
      let points = starts.map { value("", at: $0) }
      values = points.map { $0?.value }
      sampleCounts = points.map { $0?.sampleCount }
    case .math(let queries):
      var metrics: [String: [Double?]] = [:]
      var expressions: [String: MetricMathExpression] = [:]
      for q in queries {
        switch q.kind {
        case .metric: metrics[q.id] = starts.map { value(q.id, at: $0)?.value }
        case .expression(let e, _): expressions[q.id] = e
        }
      }
      var bands: [String: ([Double?], [Double?])] = [:]
      for q in queries {
        guard case .expression(let e, _) = q.kind else { continue }
        collectBands(e, starts: starts, into: &bands)
      }
      var math = MetricMathEvaluator(slotStarts: starts, period: alarm.period, metrics: metrics, expressions: expressions) { id, k in
        bands["\(id)|\(k)"]
      }
      let returnId = queries.first { $0.returnData && $0.id != alarm.thresholdMetricId }!.id
      do {
        switch try math.value(of: returnId) {
        case .series(let s): values = s
        case .scalar(let x): values = Array(repeating: x, count: r)
        case .seriesList:
          throw AlarmPreviewError("alarm \(alarm.name): expression \(returnId) returns several time series; an alarm needs one")
        }
        if let tid = alarm.thresholdMetricId {
          guard case .seriesList(let list) = try math.value(of: tid), list.count == 2 else {
            throw AlarmPreviewError("alarm \(alarm.name): ThresholdMetricId \(tid) must produce an anomaly band")
          }
          uppers = list[0]
          lowers = list[1]
        }
      } catch let error as MetricMathError {
        throw AlarmPreviewError("alarm \(alarm.name): \(error.message)")
      } catch let error as AlarmPreviewError {
        throw error
      } catch {
        throw AlarmPreviewError("alarm \(alarm.name): \(error)")
      }
    }
    // Classify each slot.
    var window: [DatapointClass] = []
    for i in 0..<r {
      guard let v = values[i] else { window.append(.missing); continue }
      if alarm.comparison.isBand {
        guard let u = uppers?[i], let l = lowers?[i] else { window.append(.missing); continue }
        window.append(alarm.comparison.breaches(v, lower: l, upper: u) ? .breaching : .notBreaching)
      } else {
        window.append(alarm.comparison.breaches(v, threshold: alarm.threshold!) ? .breaching : .notBreaching)
      }
    }
    let decision = MissingDataRule.decide(
      window, evaluationPeriods: alarm.evaluationPeriods, datapointsToAlarm: alarm.datapointsToAlarm, treatment: alarm.treatMissingData)
    let state = decision.state ?? current
    if state == current && !describe { return MetricAlarmEvaluation(state: state, reason: "", reasonData: .null, window: window) }
    let reason = reasonText(
      decision: decision, state: state, window: window, starts: starts, values: values, uppers: uppers, lowers: lowers,
      retained: decision.state == nil)
    var data: [String: JSONValue] = [
      "version": "1.0", "queryDate": .string(ReasonFormat.reasonDataTime(tick)), "period": .int(alarm.period),
      "recentDatapoints": .array(decision.evaluated.map { .double(values[$0]!) }),
      "evaluatedDatapoints": .array(
        (0..<r).reversed().map { i -> JSONValue in
          var point: [String: JSONValue] = ["timestamp": .string(ReasonFormat.reasonDataTime(starts[i]))]
          if let v = values[i] { point["value"] = .double(v) }
          if let n = sampleCounts[i], !n.isNaN { point["sampleCount"] = .double(n) }
          return .object(point)
        }),
    ]
    if let first = decision.evaluated.first { data["startDate"] = .string(ReasonFormat.reasonDataTime(starts[first])) }
    if case .metric(let stat) = alarm.source {
      data[stat.statistic.isExtended ? "extendedStatistic" : "statistic"] = .string(stat.statistic.description)
    }
    if let t = alarm.threshold, !alarm.comparison.isBand { data["threshold"] = .double(t) }
    if let uppers, let lowers {
      data["recentUpperThresholds"] = .array(decision.evaluated.map { uppers[$0].map(JSONValue.double) ?? .null })
      data["recentLowerThresholds"] = .array(decision.evaluated.map { lowers[$0].map(JSONValue.double) ?? .null })
    }
    return MetricAlarmEvaluation(state: state, reason: reason, reasonData: .object(data), window: window)
  }

  /// The state the fast path decides at `tick` (nil: retain), without wording a reason. Slot i of the
  /// range starts at tick − (R − i)·P, i.e. grid index (tick − origin)/step − (R − i)·P/step; P is a
  /// multiple of the step, so a tick off the step grid sees only missing slots, as in the general path.
  /// Ticks on the grid read the decision `init` computed; others gather their range here.
  mutating func decideState(at tick: EpochMillis) -> AlarmState? {
    let offset = tick - origin
    if offset >= 0, offset % step == 0, offset / step < EpochMillis(slotDecisions.count) {
      return RangeDecisions.state(slotDecisions[Int(offset / step)])
    }
    let r = range
    if scratch.count != r { scratch = Array(repeating: .missing, count: r) }
    let onGrid = offset % step == 0 && offset >= 0
    let last = Int(offset / step)
    let n = evaluationPeriods, m = datapointsToAlarm, treatment = treatMissingData
    return slotClasses.withUnsafeBufferPointer { classes in
      scratch.withUnsafeMutableBufferPointer { window in
        for i in 0..<r {
          let k = last - (r - i) * periodSlots
          window[i] = onGrid && k >= 0 && k < classes.count ? classes[k] : .missing
        }
        return MissingDataRule.decideState(UnsafeBufferPointer(window), evaluationPeriods: n, datapointsToAlarm: m, treatment: treatment)
      }
    }
  }

  /// Whether `nextChange` can answer for this alarm: a static-threshold alarm whose decisions were computed for every
  /// slot, with the preview's ticks (multiples of its step after `from`) on the grid.
  var decidesAhead: Bool { hasStaticFastPath && !slotDecisions.isEmpty }

  /// The first tick of this alarm's step from `tick` through `until` at which the fast path decides a state other than
  /// `current` (the state it holds until then), or nil when there is none. The preview's loop evaluates the alarm only
  /// there, instead of calling `evaluate` every minute to hear "no change". Only when `decidesAhead`; `tick` is a
  /// multiple of the step at or after `from`, so on the grid (the origin is `from` minus whole periods).
  func nextChange(from tick: EpochMillis, through until: EpochMillis, leaving current: AlarmState) -> EpochMillis? {
    guard tick <= until else { return nil }
    // Off the grid every tick reads missing slots: leave those to `evaluate`, one tick at a time.
    guard tick >= origin, (tick - origin) % step == 0 else { return tick }
    let first = Int((tick - origin) / step), last = min(Int((until - origin) / step), slotDecisions.count - 1)
    guard first <= last else { return nil }
    let held = RangeDecisions.code(current)
    return slotDecisions.withUnsafeBufferPointer { decisions in
      for k in first...last where decisions[k] != RangeDecisions.retain && decisions[k] != held {
        return origin + EpochMillis(k) * step
      }
      return nil
    }
  }

  mutating func collectBands(_ e: MetricMathExpression, starts: [EpochMillis], into bands: inout [String: ([Double?], [Double?])]) {
    switch e {
    case .call(let name, let args, _):
      if name == "ANOMALY_DETECTION_BAND", case .identifier(let id, _)? = args.first, grids[id] != nil {
        var k = 2.0
        if args.count > 1, case .number(let v) = args[1] { k = v }
        let pairs = starts.map { band(id, k: k, at: $0) }
        bands["\(id)|\(k)"] = (pairs.map { $0?.0 }, pairs.map { $0?.1 })
      }
      for a in args { collectBands(a, starts: starts, into: &bands) }
    case .negate(let inner): collectBands(inner, starts: starts, into: &bands)
    case .binary(_, let a, let b):
      collectBands(a, starts: starts, into: &bands)
      collectBands(b, starts: starts, into: &bands)
    default: break
    }
  }

  /// The state reason, worded as CloudWatch words it, e.g.
  /// "Threshold Crossed: 3 out of the last 5 datapoints [2100.0 (02/03/26 10:17:00), ...] were greater than
  /// the threshold (800.0) (minimum 3 datapoints for OK -> ALARM transition)." Datapoints are listed newest first.
  func reasonText(
    decision: MissingDataRule.Decision, state: AlarmState, window: [DatapointClass], starts: [EpochMillis], values: [Double?],
    uppers: [Double?]?, lowers: [Double?]?, retained: Bool
  ) -> String {
    let n = alarm.evaluationPeriods, m = alarm.datapointsToAlarm
    let missingCount = window.filter { $0 == .missing }.count
    if state == .insufficientData || (retained && decision.evaluated.isEmpty) {
      if decision.evaluated.isEmpty && retained && state != .insufficientData {
        return "No datapoints were received for \(window.count) periods; the alarm kept its state (TreatMissingData: ignore)."
      }
      return "Insufficient Data: \(missingCount) datapoint\(missingCount == 1 ? " was" : "s were") unknown."
    }
    let wantBreaching = state == .alarm
    let listed = decision.evaluated.reversed().filter { (window[$0] == .breaching) == wantBreaching }
    let fillWord = decision.fillClass == .breaching ? "Breaching" : "NonBreaching"
    let fillPart =
      decision.filled > 0
      ? " and \(decision.filled) missing datapoint\(decision.filled == 1 ? " was" : "s were") treated as [\(fillWord)]" : ""
    let prefix = alarm.comparison.isBand ? "Thresholds Crossed" : "Threshold Crossed"
    if listed.isEmpty {
      let received = decision.evaluated.count
      let head = received == 0 ? "no datapoints were" : "\(received) datapoint\(received == 1 ? " was" : "s were")"
      return "\(prefix): \(head) received for \(n) period\(n == 1 ? "" : "s")\(fillPart)."
    }
    let outOf = decision.fillClass == nil ? decision.evaluated.count : n
    let items = listed.map { "\(ReasonFormat.number(values[$0]!)) (\(ReasonFormat.datapointTime(starts[$0])))" }.joined(separator: ", ")
    let verb = listed.count == 1 ? "was" : "were"
    let not = wantBreaching ? "" : "not "
    let comparison: String
    if alarm.comparison.isBand {
      let up = "[" + listed.map { uppers?[$0].map(ReasonFormat.number) ?? "null" }.joined(separator: ", ") + "]"
      let low = "[" + listed.map { lowers?[$0].map(ReasonFormat.number) ?? "null" }.joined(separator: ", ") + "]"
      switch alarm.comparison {
      case .greaterThanUpperThreshold: comparison = "\(not)greater than the upper thresholds \(up)"
      case .lessThanLowerThreshold: comparison = "\(not)less than the lower thresholds \(low)"
      default: comparison = "\(not)less than the lower thresholds \(low) or \(not)greater than the upper thresholds \(up)"
      }
    } else {
      comparison = "\(not)\(alarm.comparison.reasonWords) the threshold (\(ReasonFormat.number(alarm.threshold!)))"
    }
    let minimum = wantBreaching ? m : n - m + 1
    let transition = wantBreaching ? "OK -> ALARM" : "ALARM -> OK"
    return
      "\(prefix): \(listed.count) out of the last \(outOf) datapoints [\(items)] \(verb) \(comparison)\(fillPart) (minimum \(minimum) datapoint\(minimum == 1 ? "" : "s") for \(transition) transition)."
  }
}
