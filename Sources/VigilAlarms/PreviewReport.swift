import VigilCore

/// Renders a preview as API-shaped JSON or as a plain-text state timeline.
public enum PreviewReport {
  /// `{"AlarmHistoryItems": [...], "MetricAlarms": [...], "CompositeAlarms": [...], "Notifications": [...]}`.
  public static func json(_ result: AlarmPreviewResult, alarms: AlarmSet) -> JSONValue {
    [
      "AlarmHistoryItems": .array(newestFirst(result.history).map { result.history[$0].json }),
      "MetricAlarms": .array(alarms.metricAlarms.map { final($0.original, $0.name, result) }),
      "CompositeAlarms": .array(alarms.compositeAlarms.map { final($0.original, $0.name, result) }),
      "Notifications": .array(result.notifications.map(\.json)),
    ]
  }

  /// `json(result, alarms:).serialized()` followed by a newline, byte for byte, written straight into one buffer:
  /// an account's worth of alarms makes tens of thousands of history items, and building a tree of them and then
  /// sorting each object's keys cost more than evaluating the alarms.
  public static func jsonText(_ result: AlarmPreviewResult, alarms: AlarmSet) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(4096 + result.history.count * 1024)
    let history = newestFirst(result.history)
    var scratch: [UInt8] = []
    out.append(contentsOf: "{\n  \"AlarmHistoryItems\": ".utf8)
    writeArray(count: history.count, into: &out) { i, out in result.history[history[i]].write(into: &out, indent: 4, scratch: &scratch) }
    out.append(contentsOf: ",\n  \"CompositeAlarms\": ".utf8)
    writeArray(count: alarms.compositeAlarms.count, into: &out) { i, out in
      let c = alarms.compositeAlarms[i]
      final(c.original, c.name, result).write(into: &out, indent: 4)
    }
    out.append(contentsOf: ",\n  \"MetricAlarms\": ".utf8)
    writeArray(count: alarms.metricAlarms.count, into: &out) { i, out in
      let a = alarms.metricAlarms[i]
      final(a.original, a.name, result).write(into: &out, indent: 4)
    }
    out.append(contentsOf: ",\n  \"Notifications\": ".utf8)
    writeArray(count: result.notifications.count, into: &out) { i, out in result.notifications[i].json.write(into: &out, indent: 4) }
    out.append(contentsOf: "\n}\n".utf8)
    return String(decoding: out, as: UTF8.self)
  }

  /// A member array of the root object, pretty-printed as `JSONValue` prints it (items at indent 4).
  private static func writeArray(count: Int, into out: inout [UInt8], item: (Int, inout [UInt8]) -> Void) {
    guard count > 0 else { return out.append(contentsOf: "[]".utf8) }
    out.append(UInt8(ascii: "["))
    for i in 0..<count {
      out.append(contentsOf: i == 0 ? "\n    ".utf8 : ",\n    ".utf8)
      item(i, &out)
    }
    out.append(contentsOf: "\n  ]".utf8)
  }

  /// History indices newest first, as DescribeAlarmHistory returns items (ties: later recorded first).
  private static func newestFirst(_ history: [AlarmHistoryItem]) -> [Int] {
    history.indices.sorted { (history[$0].timestamp, $0) > (history[$1].timestamp, $1) }
  }

  /// An alarm as it was read, with the state the preview ended in.
  private static func final(_ original: [String: JSONValue], _ name: String, _ result: AlarmPreviewResult) -> JSONValue {
    var o = original
    let t = result.timelines[name]!
    o["AlarmName"] = .string(name)
    o["StateValue"] = .string(t.state.rawValue)
    o["StateReason"] = .string(t.reason)
    if let d = t.reasonData {
      o["StateReasonData"] = .string(d.serialized(pretty: false))
    } else {
      o.removeValue(forKey: "StateReasonData")
    }
    o["StateTransitionedTimestamp"] = .string(TimeFormat.iso8601(t.transitionedAt))
    o["StateUpdatedTimestamp"] = .string(TimeFormat.iso8601(t.transitionedAt))
    if t.isComposite {
      if let by = t.actionsSuppressedBy {
        o["ActionsSuppressedBy"] = .string(by)
        o["ActionsSuppressedReason"] = .string("Actions suppressed by \(by)")
      } else {
        o["ActionsSuppressedBy"] = "None"
      }
    }
    return .object(o)
  }

  /// A state timeline: one row per alarm, one column per `columnMinutes` minutes
  /// (`A` ALARM, `.` OK, `?` INSUFFICIENT_DATA), then transitions and notification counts.
  public static func table(_ result: AlarmPreviewResult, columnMinutes: Int? = nil) -> String {
    let span = result.until - result.from
    let columns = 60
    let width = EpochMillis(columnMinutes.map { $0 * 60_000 } ?? Int(max(60_000, (span / EpochMillis(columns) + 59_999) / 60_000 * 60_000)))
    let nameWidth = max(5, result.order.map(\.count).max() ?? 5)
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    var out =
      "Alarm preview \(TimeFormat.iso8601(result.from, fraction: false)) .. \(TimeFormat.iso8601(result.until, fraction: false)), one column = \(TimeFormat.formatDuration(width)) (A = ALARM, . = OK, ? = INSUFFICIENT_DATA)\n"
    for name in result.order {
      let t = result.timelines[name]!
      var row = ""
      var c = result.from
      while c < result.until {
        // The worst state seen in the column: ALARM over INSUFFICIENT_DATA over OK.
        var states: Set<AlarmState> = [t.state(at: c)]
        for (time, s) in t.changes where time > c && time < c + width { states.insert(s) }
        row += states.contains(.alarm) ? "A" : states.contains(.insufficientData) ? "?" : "."
        c += width
      }
      out += "\(pad(name, nameWidth))  \(row)  \(t.state.rawValue)\n"
    }
    out += "\nTransitions:\n"
    for item in result.history {
      out +=
        "  \(TimeFormat.iso8601(item.timestamp, fraction: false))  \(pad(item.alarmName, nameWidth))  \(item.oldState.rawValue) -> \(item.newState.rawValue)  \(item.newReason)\n"
    }
    if result.history.isEmpty { out += "  (none)\n" }
    out += "\nNotifications (alarm, action, count):\n"
    let counts = result.notificationCounts
    for name in result.order {
      for (action, n) in (counts[name] ?? [:]).sorted(by: { $0.key < $1.key }) { out += "  \(pad(name, nameWidth))  \(action)  \(n)\n" }
    }
    if result.notifications.isEmpty { out += "  (none)\n" }
    return out
  }
}
