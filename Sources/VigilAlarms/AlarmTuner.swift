import Foundation
import VigilCore
import VigilMetrics

/// One combination tried by `AlarmTuner`.
public struct TuningRow: Equatable, Sendable {
  public var threshold: Double
  public var datapointsToAlarm: Int
  public var evaluationPeriods: Int
  /// Actions run (notifications sent) over the whole preview.
  public var notifications: Int
  /// For each incident, minutes from its start to the first ALARM at or after it (nil: never alarmed before the incident ended).
  public var minutesToFirstAlarm: [Int?]
  /// Minutes spent in ALARM outside every incident (false-alarm time).
  public var alarmMinutesOutsideIncidents: Int
}

/// Evaluates every combination of thresholds and M-of-N for one metric alarm (the `tune` command).
public enum AlarmTuner {
  /// Parses `500..1000/100` (inclusive range with a step) or a comma list `500,800`.
  public static func thresholds(_ text: String) -> [Double]? {
    if let dots = text.range(of: ".."), let slash = text.range(of: "/", range: dots.upperBound..<text.endIndex) {
      guard let low = Double(text[..<dots.lowerBound]), let high = Double(text[dots.upperBound..<slash.lowerBound]),
        let step = Double(text[slash.upperBound...]), step > 0, high >= low, (high - low) / step <= 10_000
      else { return nil }
      return stride(from: low, through: high + step * 1e-9, by: step).map { $0 }
    }
    let parts = text.split(separator: ",").map { Double($0) }
    return parts.isEmpty || parts.contains(nil) ? nil : parts.map { $0! }
  }

  /// Parses `2/3,3/5` into (M, N) pairs.
  public static func datapoints(_ text: String) -> [(Int, Int)]? {
    var pairs: [(Int, Int)] = []
    for part in text.split(separator: ",") {
      let mn = part.split(separator: "/")
      guard mn.count == 2, let m = Int(mn[0]), let n = Int(mn[1]), m >= 1, m <= n else { return nil }
      pairs.append((m, n))
    }
    return pairs.isEmpty ? nil : pairs
  }

  /// Incidents from a reference alarm: its ALARM spans in a preview.
  public static func incidents(from timeline: AlarmTimeline, until: EpochMillis) -> [Range<EpochMillis>] {
    var spans: [Range<EpochMillis>] = []
    var open: EpochMillis? = nil
    for (t, s) in timeline.changes {
      if s == .alarm, open == nil { open = t }
      if s != .alarm, let o = open { spans.append(o..<t); open = nil }
    }
    if let o = open { spans.append(o..<until) }
    return spans
  }

  /// Runs the alarm once per combination over `store` and measures each run against the incidents.
  public static func tune(
    _ alarm: MetricAlarm, store: MetricStore, thresholds: [Double], datapoints: [(Int, Int)], incidents: [Range<EpochMillis>],
    from: EpochMillis? = nil, until: EpochMillis? = nil
  ) throws(AlarmPreviewError) -> [TuningRow] {
    var rows: [TuningRow] = []
    for (m, n) in datapoints {
      for threshold in thresholds {
        var variant = alarm
        variant.threshold = threshold
        variant.datapointsToAlarm = m
        variant.evaluationPeriods = n
        let result = try AlarmPreview(alarms: AlarmSet(metricAlarms: [variant]), store: store).run(from: from, until: until)
        let timeline = result.timelines[alarm.name]!
        let firsts = incidents.map { incident -> Int? in
          // The alarm may already be in ALARM when the incident starts.
          if timeline.state(at: incident.lowerBound) == .alarm { return 0 }
          guard let t = timeline.changes.first(where: { $0.1 == .alarm && $0.0 >= incident.lowerBound && $0.0 < incident.upperBound })?.0
          else { return nil }
          return Int((t - incident.lowerBound) / 60_000)
        }
        var outside = 0
        var t = result.from
        while t < result.until {
          if timeline.state(at: t) == .alarm, !incidents.contains(where: { $0.contains(t) }) { outside += 1 }
          t += 60_000
        }
        rows.append(
          TuningRow(
            threshold: threshold, datapointsToAlarm: m, evaluationPeriods: n, notifications: result.notifications.count,
            minutesToFirstAlarm: firsts, alarmMinutesOutsideIncidents: outside))
      }
    }
    return rows
  }

  /// A plain-text table of tuning rows.
  public static func table(_ rows: [TuningRow]) -> String {
    var lines = [["threshold", "M/N", "notifications", "first ALARM after incident start", "ALARM min outside incidents"]]
    for r in rows {
      let firsts = r.minutesToFirstAlarm.map { $0.map { "\($0) min" } ?? "never" }.joined(separator: ", ")
      lines.append([
        JSONValue.format(r.threshold), "\(r.datapointsToAlarm)/\(r.evaluationPeriods)", "\(r.notifications)", firsts.isEmpty ? "-" : firsts,
        "\(r.alarmMinutesOutsideIncidents)",
      ])
    }
    let widths = (0..<5).map { c in lines.map { $0[c].count }.max()! }
    return lines.map { row in
      row.enumerated().map { $0.element + String(repeating: " ", count: widths[$0.offset] - $0.element.count) }.joined(separator: "  ")
        .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }.joined(separator: "\n") + "\n"
  }
}
