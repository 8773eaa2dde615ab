import VigilCore
import VigilMetrics

/// One `StateUpdate` history item, as `DescribeAlarmHistory` returns it.
public struct AlarmHistoryItem: Equatable, Sendable {
  public var alarmName: String
  public var alarmType: String
  public var timestamp: EpochMillis
  public var oldState: AlarmState
  public var newState: AlarmState
  public var oldReason: String
  public var newReason: String
  public var reasonData: JSONValue?

  /// `{"AlarmName","AlarmType","HistoryItemType":"StateUpdate","HistorySummary","HistoryData","Timestamp"}`.
  public var json: JSONValue {
    var newState: [String: JSONValue] = ["stateValue": .string(self.newState.rawValue), "stateReason": .string(newReason)]
    if let reasonData { newState["stateReasonData"] = reasonData }
    let data: JSONValue = [
      "version": "1.0", "oldState": ["stateValue": .string(oldState.rawValue), "stateReason": .string(oldReason)],
      "newState": .object(newState),
    ]
    return [
      "AlarmName": .string(alarmName), "AlarmType": .string(alarmType), "HistoryItemType": "StateUpdate",
      "HistorySummary": .string("Alarm updated from \(oldState.rawValue) to \(self.newState.rawValue)"),
      "HistoryData": .string(data.serialized(pretty: false)), "Timestamp": .string(TimeFormat.iso8601(timestamp)),
    ]
  }
}

extension AlarmHistoryItem {
  /// Appends `json` as `JSONValue.write(into:indent:)` prints it pretty at `indent`, without building the tree; the
  /// keys are written in the sorted order that printer uses. `scratch` holds `HistoryData` before it is quoted.
  func write(into out: inout [UInt8], indent: Int, scratch: inout [UInt8]) {
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: "{\"newState\":{\"stateReason\":".utf8)
    JSONValue.writeString(newReason, into: &scratch)
    if let reasonData {
      scratch.append(contentsOf: ",\"stateReasonData\":".utf8)
      reasonData.write(into: &scratch, indent: -1)
    }
    scratch.append(contentsOf: ",\"stateValue\":\"".utf8)
    scratch.append(contentsOf: newState.rawValue.utf8)
    scratch.append(contentsOf: "\"},\"oldState\":{\"stateReason\":".utf8)
    JSONValue.writeString(oldReason, into: &scratch)
    scratch.append(contentsOf: ",\"stateValue\":\"".utf8)
    scratch.append(contentsOf: oldState.rawValue.utf8)
    scratch.append(contentsOf: "\"},\"version\":\"1.0\"}".utf8)

    let memberIndent = repeatElement(UInt8(ascii: " "), count: indent + 2)
    func key(_ name: StaticString, first: Bool = false) {
      out.append(contentsOf: first ? "{\n".utf8 : ",\n".utf8)
      out.append(contentsOf: memberIndent)
      out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }
    key("\"AlarmName\": ", first: true)
    JSONValue.writeString(alarmName, into: &out)
    key("\"AlarmType\": ")
    JSONValue.writeString(alarmType, into: &out)
    key("\"HistoryData\": ")
    scratch.withUnsafeBufferPointer { JSONValue.writeString(utf8: $0, into: &out) }
    key("\"HistoryItemType\": ")
    out.append(contentsOf: "\"StateUpdate\"".utf8)
    key("\"HistorySummary\": ")
    out.append(contentsOf: "\"Alarm updated from ".utf8)
    out.append(contentsOf: oldState.rawValue.utf8)
    out.append(contentsOf: " to ".utf8)
    out.append(contentsOf: newState.rawValue.utf8)
    out.append(UInt8(ascii: "\""))
    key("\"Timestamp\": ")
    JSONValue.writeString(TimeFormat.iso8601(timestamp), into: &out)
    out.append(UInt8(ascii: "\n"))
    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    out.append(UInt8(ascii: "}"))
  }
}

/// An action that ran: a state change delivered to an SNS topic (or another action ARN).
public struct AlarmNotification: Equatable, Sendable {
  public var timestamp: EpochMillis
  public var alarmName: String
  public var alarmArn: String
  public var action: String
  public var oldState: AlarmState
  public var newState: AlarmState
  public var reason: String
  /// When actions were held back by a composite's suppressor: "WaitPeriod", "ExtensionPeriod" or "Alarm".
  public var releasedAfter: String?

  /// The topic name of an SNS ARN (`arn:aws:sns:region:account:name`), or the whole action.
  public var topic: String {
    action.hasPrefix("arn:aws:sns:") ? String(action.split(separator: ":").last ?? Substring(action)) : action
  }

  public var json: JSONValue {
    var o: [String: JSONValue] = [
      "Timestamp": .string(TimeFormat.iso8601(timestamp)), "AlarmName": .string(alarmName), "AlarmArn": .string(alarmArn),
      "TopicArn": .string(action), "OldStateValue": .string(oldState.rawValue), "NewStateValue": .string(newState.rawValue),
      "NewStateReason": .string(reason),
    ]
    if let releasedAfter { o["ReleasedAfter"] = .string(releasedAfter) }
    return .object(o)
  }
}

/// An alarm's state at the end of the preview and its transitions.
public struct AlarmTimeline: Equatable, Sendable {
  public var name: String
  public var isComposite: Bool
  public var state: AlarmState
  public var reason: String
  public var reasonData: JSONValue?
  public var transitionedAt: EpochMillis
  /// (time, new state) for the start and every transition.
  public var changes: [(EpochMillis, AlarmState)]
  /// Composite only: what holds actions back at the end, if anything.
  public var actionsSuppressedBy: String?

  public static func == (a: AlarmTimeline, b: AlarmTimeline) -> Bool {
    a.name == b.name && a.state == b.state && a.reason == b.reason && a.changes.elementsEqual(b.changes, by: { $0 == $1 })
  }

  /// The state at time `t` (the state set by the last change at or before t).
  public func state(at t: EpochMillis) -> AlarmState {
    var s = AlarmState.insufficientData
    for (time, state) in changes where time <= t { s = state }
    return s
  }

  /// Transitions, not counting the initial INSUFFICIENT_DATA.
  public var transitionCount: Int { max(0, changes.count - 1) }
}

/// Everything a preview produced.
public struct AlarmPreviewResult: Sendable {
  public var from: EpochMillis
  public var until: EpochMillis
  public var step: EpochMillis
  public var history: [AlarmHistoryItem]
  public var notifications: [AlarmNotification]
  public var timelines: [String: AlarmTimeline]
  /// The alarms in input order (metric alarms first).
  public var order: [String]

  /// Notifications per (alarm, action).
  public var notificationCounts: [String: [String: Int]] {
    var counts: [String: [String: Int]] = [:]
    for n in notifications { counts[n.alarmName, default: [:]][n.action, default: 0] += 1 }
    return counts
  }

  /// Notifications to one topic, given by name or ARN.
  public func notificationCount(topic: String) -> Int {
    notifications.filter { $0.action == topic || $0.topic == topic }.count
  }
}

/// Replays alarms over metric data the way CloudWatch would evaluate them: metric alarms every minute,
/// composite alarms whenever their children change, actions on transitions only
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html), and composite
/// action suppression with wait and extension periods.
public struct AlarmPreview {
  public var alarms: AlarmSet
  public var store: MetricStore

  public init(alarms: AlarmSet, store: MetricStore) {
    self.alarms = alarms
    self.store = store
  }

  /// The default window: from the first sample (to the minute) to the end of the last sample's period.
  public func defaultRange() -> (EpochMillis, EpochMillis)? {
    guard let range = store.timeRange else { return nil }
    let maxPeriod = EpochMillis(alarms.metricAlarms.map(\.period).max() ?? 60) * 1000
    let from = range.lowerBound - ((range.lowerBound % 60_000) + 60_000) % 60_000
    let lastMinute = range.upperBound - ((range.upperBound % 60_000) + 60_000) % 60_000
    return (from, lastMinute + maxPeriod)
  }

  /// The longest Period × EvaluationPeriods of the metric alarms (one minute without any): the span an alarm's
  /// evaluation reads, and the window `run(until:)` evaluates when no datapoint comes before `until`.
  public func evaluationSpan() -> EpochMillis {
    // Each alarm's span was checked against CloudWatch's 7-day limit when it was read; clamp anyway, as tuning
    // builds alarms with other evaluation periods.
    let seconds = alarms.metricAlarms.map { alarm in
      let (span, overflow) = alarm.period.multipliedReportingOverflow(by: alarm.evaluationPeriods)
      return overflow ? Int.max : span
    }.max() ?? 60
    return EpochMillis(min(max(seconds, 60), 604_800)) * 1000
  }

  /// The earliest `--from`/`--until` a preview takes: 1970-01-01T00:00:00Z.
  ///
  /// Vigil parses ISO-8601 years 0000 to 9999 on purpose (`TimeFormat.supportedRange`), so that any timestamp a file
  /// holds is read rather than cut off, and a year-0000 timestamp in data stays readable. A window typed for a
  /// preview is another matter: CloudWatch counts timestamps in milliseconds after 1970-01-01T00:00:00 UTC
  /// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html), refuses log events
  /// older than 14 days or than the log group's retention, and takes metric data at most two weeks old
  /// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html). No alarm was ever
  /// evaluated before 1970, so such a window is refused by name instead of evaluated as empty (with a missing-data
  /// treatment it would even draw an ALARM no metric could have raised). The other end is the year 9999, and the
  /// window's length is bounded by `MetricAlarmEvaluator.maximumTicks`.
  public static let earliestWindowTime: EpochMillis = 0

  /// Refuses a window end outside what CloudWatch could hold (see `earliestWindowTime`).
  static func checkWindowTime(_ time: EpochMillis, _ option: String) throws(AlarmPreviewError) {
    if time < earliestWindowTime {
      throw AlarmPreviewError(
        "\(option) \(TimeFormat.iso8601(time, fraction: false)) is before 1970-01-01T00:00:00Z; CloudWatch timestamps count from "
          + "1970 and it keeps no data older than two weeks when it is sent, so no alarm is evaluated there")
    }
  }

  /// Runs the preview from `from` to `until` (both inclusive ticks after `from`).
  ///
  /// CloudWatch evaluates an alarm whether or not its metric has data: with no datapoint in the evaluation range, the
  /// alarm goes INSUFFICIENT_DATA (`missing`), ALARM (`breaching`), OK (`notBreaching`) or keeps its state (`ignore`)
  /// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html). So a window given
  /// by `from` and `until` is evaluated without any data, and with only `until` and no datapoint before it, one
  /// evaluation span (`evaluationSpan()`) ending at `until` is. Without `until` and without data there is no window.
  public func run(from: EpochMillis? = nil, until: EpochMillis? = nil) throws(AlarmPreviewError) -> AlarmPreviewResult {
    let data = defaultRange()
    let defaults: (EpochMillis, EpochMillis)
    if let until, from == nil, data.map({ $0.0 >= until }) ?? true {
      // No datapoint before `until`: the data cannot give the start, so evaluate the one span ending there.
      let (start, overflow) = until.subtractingReportingOverflow(evaluationSpan())
      defaults = (overflow ? EpochMillis.min : start, until)
    } else if let data {
      defaults = data
    } else if let from, let until {
      defaults = (from, until)
    } else {
      throw AlarmPreviewError("no metric data and no --until: nothing says which window to evaluate; give --until (and --from)")
    }
    // Evaluation ticks fall on whole minutes (and every 10 s for high-resolution alarms), so a start in the
    // middle of a minute begins at that minute; otherwise no tick would ever match an alarm's step.
    let requested = from ?? defaults.0, end = until ?? defaults.1
    for (time, option) in [(requested, "--from"), (end, "--until")] where !TimeFormat.supportedRange.contains(time) {
      throw AlarmPreviewError("\(option) must be within the years 0000 to 9999")
    }
    for (time, option) in [(from, "--from"), (until, "--until")] {
      if let time { try Self.checkWindowTime(time, option) }
    }
    let start = requested - ((requested % 60_000) + 60_000) % 60_000
    guard end > start else { throw AlarmPreviewError("--until must be after --from") }
    // Composite-only previews allocate nothing per tick but would still loop over every one of them.
    let coarsestStep: EpochMillis = alarms.metricAlarms.contains { $0.period < 60 } ? 10_000 : 60_000
    guard MetricAlarmEvaluator.tickCount(from: start, until: end, step: coarsestStep) <= MetricAlarmEvaluator.maximumTicks else {
      throw AlarmPreviewError(MetricAlarmEvaluator.tooManyTicks(from: start, until: end, step: coarsestStep, alarm: nil))
    }
    var evaluators: [MetricAlarmEvaluator] = []
    var grids: [MetricAlarmEvaluator.GridKey: [PeriodValue?]] = [:]
    for alarm in alarms.metricAlarms {
      evaluators.append(try MetricAlarmEvaluator(alarm: alarm, store: store, from: start, until: end, sharing: &grids))
    }
    grids = [:]
    let compositeOrder = try AlarmPreview.compositeOrder(alarms)
    let step: EpochMillis = evaluators.contains { $0.step == 10_000 } ? 10_000 : 60_000

    let created = "Unchecked: Initial alarm creation"
    var states: [String: AlarmState] = [:]
    var timelines: [String: AlarmTimeline] = [:]
    var order: [String] = []
    for a in alarms.metricAlarms {
      states[a.name] = .insufficientData
      timelines[a.name] = AlarmTimeline(
        name: a.name, isComposite: false, state: .insufficientData, reason: created, transitionedAt: start,
        changes: [(start, .insufficientData)])
      order.append(a.name)
    }
    for c in alarms.compositeAlarms {
      states[c.name] = .insufficientData
      timelines[c.name] = AlarmTimeline(
        name: c.name, isComposite: true, state: .insufficientData, reason: created, transitionedAt: start,
        changes: [(start, .insufficientData)])
      order.append(c.name)
    }
    var history: [AlarmHistoryItem] = []
    var notifications: [AlarmNotification] = []
    var suppression: [String: ActionSuppression] = [:]
    for c in alarms.compositeAlarms where c.actionsSuppressor != nil {
      // Seconds from a file or the shell: `ActionsSuppressorWaitPeriod: 1e17` must not overflow into milliseconds.
      func millis(_ seconds: Int, _ field: String) throws(AlarmPreviewError) -> EpochMillis {
        let (ms, overflow) = EpochMillis(seconds).multipliedReportingOverflow(by: 1000)
        guard !overflow, seconds >= 0, ms <= TimeFormat.maximumDuration else {
          throw AlarmPreviewError("alarm \(c.name): \(field) of \(seconds) s is beyond the \(TimeFormat.maximumDuration / 1000) s Vigil evaluates")
        }
        return ms
      }
      suppression[c.name] = ActionSuppression(
        wait: try millis(c.suppressorWaitPeriod, "ActionsSuppressorWaitPeriod"),
        extension: try millis(c.suppressorExtensionPeriod, "ActionsSuppressorExtensionPeriod"))
    }
    let arnOf = Dictionary(
      uniqueKeysWithValues: alarms.metricAlarms.map { ($0.name, $0.arn) } + alarms.compositeAlarms.map { ($0.name, $0.arn) })

    func record(_ name: String, type: String, at t: EpochMillis, to newState: AlarmState, reason: String, data: JSONValue?) {
      var timeline = timelines[name]!
      history.append(
        AlarmHistoryItem(
          alarmName: name, alarmType: type, timestamp: t, oldState: timeline.state, newState: newState, oldReason: timeline.reason,
          newReason: reason, reasonData: data))
      timeline.state = newState
      timeline.reason = reason
      timeline.reasonData = data
      timeline.transitionedAt = t
      timeline.changes.append((t, newState))
      timelines[name] = timeline
      states[name] = newState
    }

    // The per-tick loop reads metric alarm states and steps by index; alarm names are unique (the reader
    // refuses duplicates), so `metricStates[i]` mirrors `states[name]`.
    var metricStates = [AlarmState](repeating: .insufficientData, count: evaluators.count)
    let steps = evaluators.map(\.step)
    let childNames = compositeOrder.map { Set($0.rule.references.map(AlarmRule.alarmName)) }
    var changed: [(String, AlarmState, AlarmState)] = []
    // Alarms that decide ahead are evaluated only at the ticks where their state changes (`nextChange`): an account's
    // alarms hold their state through nearly all of their 20,000 minutes a fortnight. Each alarm's first tick is
    // `start` plus its step, as `start` is on a whole minute.
    let decidesAhead = evaluators.map(\.decidesAhead)
    var due = [EpochMillis](repeating: .max, count: evaluators.count)
    for i in evaluators.indices where decidesAhead[i] {
      due[i] = evaluators[i].nextChange(from: start + steps[i], through: end, leaving: .insufficientData) ?? .max
    }
    var tick = start + step
    while tick <= end {
      changed.removeAll(keepingCapacity: true)
      for i in evaluators.indices {
        if decidesAhead[i] {
          guard due[i] == tick else { continue }
        } else {
          guard tick % steps[i] == 0 else { continue }
        }
        let before = metricStates[i]
        let evaluation = try evaluators[i].evaluate(at: tick, current: before)
        if decidesAhead[i] {
          due[i] = evaluators[i].nextChange(from: tick + steps[i], through: end, leaving: evaluation.state) ?? .max
        }
        guard evaluation.state != before else { continue }
        let alarm = evaluators[i].alarm
        metricStates[i] = evaluation.state
        record(alarm.name, type: "MetricAlarm", at: tick, to: evaluation.state, reason: evaluation.reason, data: evaluation.reasonData)
        changed.append((alarm.name, before, evaluation.state))
        if alarm.actionsEnabled {
          for action in alarm.actions(for: evaluation.state) {
            notifications.append(
              AlarmNotification(
                timestamp: tick, alarmName: alarm.name, alarmArn: alarm.arn, action: action, oldState: before, newState: evaluation.state,
                reason: evaluation.reason))
          }
        }
      }
      // Composites in dependency order, on their first evaluation and whenever a child changed.
      for (c, childNames) in zip(compositeOrder, childNames) {
        let before = states[c.name]!
        let triggering = changed.last { childNames.contains($0.0) }
        guard before == .insufficientData || triggering != nil else { continue }
        let value = c.rule.evaluate { states[AlarmRule.alarmName(of: $0)] }
        let newState: AlarmState = value ? .alarm : .ok
        guard newState != before else { continue }
        let reason: String
        var data: JSONValue? = nil
        if let (child, _, childState) = triggering, before != .insufficientData {
          reason = "\(arnOf[child]!) transitioned to \(childState.rawValue) at \(ReasonFormat.longTime(tick))"
          data = [
            "triggeringAlarms": [
              [
                "arn": .string(arnOf[child]!),
                "state": ["value": .string(childState.rawValue), "timestamp": .string(ReasonFormat.reasonDataTime(tick))],
              ]
            ]
          ]
        } else {
          reason = "\(c.arn) was created and its alarm rule evaluates to \(newState.rawValue)"
        }
        record(c.name, type: "CompositeAlarm", at: tick, to: newState, reason: reason, data: data)
        changed.append((c.name, before, newState))
        guard c.actionsEnabled else { continue }
        if var s = suppression[c.name] {
          s.compositeChanged(at: tick, from: before, suppressorInAlarm: states[AlarmRule.alarmName(of: c.actionsSuppressor!)] == .alarm)
          suppression[c.name] = s
        } else {
          for action in c.actions(for: newState) {
            notifications.append(
              AlarmNotification(
                timestamp: tick, alarmName: c.name, alarmArn: c.arn, action: action, oldState: before, newState: newState, reason: reason))
          }
        }
      }
      // Suppressor transitions, then timers that have run out.
      for c in alarms.compositeAlarms {
        guard var s = suppression[c.name], let suppressor = c.actionsSuppressor else { continue }
        let suppressorName = AlarmRule.alarmName(of: suppressor)
        if let change = changed.first(where: { $0.0 == suppressorName }) {
          if change.2 == .alarm { s.suppressorEnteredAlarm() } else if change.1 == .alarm { s.suppressorLeftAlarm(at: tick) }
        }
        if let (from, by) = s.expire(at: tick) {
          let current = states[c.name]!
          for action in c.actions(for: current) {
            notifications.append(
              AlarmNotification(
                timestamp: tick, alarmName: c.name, alarmArn: c.arn, action: action, oldState: from, newState: current,
                reason: timelines[c.name]!.reason, releasedAfter: by))
          }
        }
        suppression[c.name] = s
        var timeline = timelines[c.name]!
        timeline.actionsSuppressedBy = s.suppressedBy
        timelines[c.name] = timeline
      }
      tick += step
    }
    return AlarmPreviewResult(
      from: start, until: end, step: step, history: history, notifications: notifications, timelines: timelines, order: order)
  }

  /// Composite alarms ordered so each comes after the composites it references; cycles are refused
  /// (CloudWatch stops evaluating alarms caught in a cycle).
  static func compositeOrder(_ alarms: AlarmSet) throws(AlarmPreviewError) -> [CompositeAlarm] {
    let byName = Dictionary(uniqueKeysWithValues: alarms.compositeAlarms.map { ($0.name, $0) })
    var done: Set<String> = [], visiting: [String] = [], result: [CompositeAlarm] = []
    func visit(_ c: CompositeAlarm) throws(AlarmPreviewError) {
      if done.contains(c.name) { return }
      if let at = visiting.firstIndex(of: c.name) {
        throw AlarmPreviewError(
          "composite alarms form a cycle (\((visiting[at...] + [c.name]).joined(separator: " -> "))); CloudWatch stops evaluating such alarms"
        )
      }
      visiting.append(c.name)
      for ref in c.rule.references { if let child = byName[AlarmRule.alarmName(of: ref)] { try visit(child) } }
      visiting.removeLast()
      done.insert(c.name)
      result.append(c)
    }
    for c in alarms.compositeAlarms { try visit(c) }
    return result
  }
}
