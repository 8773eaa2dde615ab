import VigilCore

/// Renders a preview as API-shaped JSON or as a plain-text state timeline.
public enum PreviewReport {
  /// `{"AlarmHistoryItems": [...], "MetricAlarms": [...], "CompositeAlarms": [...], "Notifications": [...]}`.
  public static func json(_ result: AlarmPreviewResult, alarms: AlarmSet) -> JSONValue {
    func final(_ original: [String: JSONValue], _ name: String) -> JSONValue {
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
    // Newest first, as DescribeAlarmHistory returns items.
    let history = result.history.enumerated().sorted { ($0.element.timestamp, $0.offset) > ($1.element.timestamp, $1.offset) }.map {
      $0.element.json
    }
    return [
      "AlarmHistoryItems": .array(history),
      "MetricAlarms": .array(alarms.metricAlarms.map { final($0.original, $0.name) }),
      "CompositeAlarms": .array(alarms.compositeAlarms.map { final($0.original, $0.name) }),
      "Notifications": .array(result.notifications.map(\.json)),
    ]
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
