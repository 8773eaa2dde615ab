import VigilAlarms
import VigilCore
import VigilMetrics

extension Interpreter {
  /// The stack's alarms as the alarm engine's definitions (physical metric dimensions, topic ARNs), for replaying
  /// them over data pulled from an account.
  public func alarmDefinitions() throws(Diagnostic) -> AlarmSet { try AlarmSetBuilder.build(stack) }
}

/// What a backtest prints: per alarm and composite, the transitions, the time spent in ALARM and the
/// notifications per topic over the replayed window, then the totals per topic.
public enum BacktestReport {
  /// One row of the report.
  public struct Row: Equatable, Sendable {
    public var alarm: String
    public var isComposite: Bool
    public var transitions: Int
    /// Milliseconds in ALARM within the window.
    public var timeInAlarm: EpochMillis
    /// Topic name → notifications sent to it.
    public var notifications: [String: Int]
  }

  /// The rows, in the replay's alarm order.
  public static func rows(_ result: AlarmPreviewResult) -> [Row] {
    result.order.compactMap { name in
      guard let timeline = result.timelines[name] else { return nil }
      var inAlarm: EpochMillis = 0
      for (i, change) in timeline.changes.enumerated() where change.1 == .alarm {
        let end = i + 1 < timeline.changes.count ? timeline.changes[i + 1].0 : result.until
        inAlarm += max(0, min(end, result.until) - max(change.0, result.from))
      }
      var topics: [String: Int] = [:]
      for n in result.notifications where n.alarmName == name { topics[n.topic, default: 0] += 1 }
      return Row(
        alarm: name, isComposite: timeline.isComposite, transitions: timeline.transitionCount, timeInAlarm: inAlarm, notifications: topics)
    }
  }

  /// `3h 5m`, `45m`, `0m`: whole minutes, the evaluation step.
  public static func duration(_ millis: EpochMillis) -> String {
    let minutes = millis / 60_000
    let days = minutes / 1440, hours = minutes % 1440 / 60, rest = minutes % 60
    var parts: [String] = []
    if days > 0 { parts.append("\(days)d") }
    if hours > 0 { parts.append("\(hours)h") }
    if rest > 0 || parts.isEmpty { parts.append("\(rest)m") }
    return parts.joined(separator: " ")
  }

  /// The table, ending with a newline.
  public static func render(_ result: AlarmPreviewResult) -> String {
    let rows = rows(result)
    var table: [[String]] = [["ALARM", "KIND", "TRANSITIONS", "IN ALARM", "NOTIFICATIONS"]]
    var totals: [String: Int] = [:]
    for row in rows {
      for (topic, n) in row.notifications { totals[topic, default: 0] += n }
      let sent = row.notifications.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
      table.append([
        row.alarm, row.isComposite ? "composite" : "metric", String(row.transitions), duration(row.timeInAlarm), sent.isEmpty ? "-" : sent,
      ])
    }
    var widths = Array(repeating: 0, count: 5)
    for line in table { for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) } }
    var out =
      "backtest \(TimeFormat.iso8601(result.from, fraction: false)) to \(TimeFormat.iso8601(result.until, fraction: false)) (\(duration(result.until - result.from))), \(rows.count) alarm\(rows.count == 1 ? "" : "s")\n"
    for line in table {
      var text = ""
      for (i, cell) in line.enumerated() {
        text += i == line.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count + 2)
      }
      out += text + "\n"
    }
    let total = totals.values.reduce(0, +)
    out += "notifications: \(total)"
    if !totals.isEmpty { out += " (" + totals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")" }
    return out + "\n"
  }
}
