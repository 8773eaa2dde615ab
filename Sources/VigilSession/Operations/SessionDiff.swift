import Foundation
import VigilAlarms
import VigilCore
import VigilMetrics
import VigilModel

/// `vigil diff OLD NEW`: what changed in the stack, like a plan, and what changes in behaviour over the same data —
/// per alarm and composite: transitions, minutes in ALARM, notifications, time to first ALARM in each marked
/// incident; notifications per topic. Both sides are replayed by the one alarm replay (`evaluateAlarms`).
public struct SessionDiff {
  /// One line of the plan: `+ alarm x`, `- topic y`, `~ alarm api-p99: --when '> 800' → '> 1000'`.
  public struct Change: Equatable, Sendable {
    public var symbol: Character
    public var kind: String
    public var name: String
    public var details: [String]
    public var line: String {
      "\(symbol) \(kind) \(name)" + (details.isEmpty ? "" : ": " + details.joined(separator: ", "))
    }
  }

  /// An alarm's behaviour over the data.
  public struct Behaviour: Equatable, Sendable {
    public var transitions: Int
    public var minutesInAlarm: Int
    public var notifications: Int
    /// Minutes from each incident's start to the first ALARM inside it (nil: none).
    public var timeToFirstAlarm: [Int?]
  }

  /// One alarm or composite before → after (nil: not in that stack).
  public struct AlarmRow: Equatable, Sendable {
    public var name: String
    public var isComposite: Bool
    public var before: Behaviour?
    public var after: Behaviour?
  }

  public var changes: [Change] = []
  /// Nil when neither side has data.
  public var alarms: [AlarmRow]?
  /// Topic → notifications before, after.
  public var topics: [(topic: String, before: Int, after: Int)] = []
  public var incidents: [Range<EpochMillis>] = []

  /// Notifications sent by each side.
  public var notificationsBefore: Int { topics.reduce(0) { $0 + $1.before } }
  public var notificationsAfter: Int { topics.reduce(0) { $0 + $1.after } }

  /// Compares two replayed sessions; `data` are PutMetricData files loaded into both.
  public init(old: Interpreter, new: Interpreter, data: [String] = []) throws(SessionDiffError) {
    for (interpreter, side) in [(old, "old"), (new, "new")] {
      for path in data {
        let outcomes = interpreter.execute("load-metrics " + SessionPaths.quoted(path), file: "--data")
        if let failure = outcomes.first(where: { $0.status == .invalid }) { throw .data("\(side): \(failure.output)") }
      }
    }
    changes = Self.changes(old.stack, new.stack, oldEntries: old.entries, newEntries: new.entries)
    incidents = new.workspace.incidents.isEmpty ? old.workspace.incidents : new.workspace.incidents
    let hasData = (try? old.metricStore(for: MetricDemand()).timeRange) != nil || (try? new.metricStore(for: MetricDemand()).timeRange) != nil
    guard hasData else { return }
    var before = try Self.evaluate(old, "old")
    var after = try Self.evaluate(new, "new")
    // One window for both, so a longer period on one side does not count minutes the other never saw.
    let from = min(before.from, after.from)
    let until = max(before.until, after.until)
    if before.from != from || before.until != until { before = try Self.evaluate(old, "old", from: from, until: until) }
    if after.from != from || after.until != until { after = try Self.evaluate(new, "new", from: from, until: until) }
    var names = before.order
    for name in after.order where !names.contains(name) { names.append(name) }
    alarms = names.map { name in
      AlarmRow(
        name: name, isComposite: (before.timelines[name] ?? after.timelines[name])?.isComposite ?? false,
        before: Self.behaviour(name, before, incidents), after: Self.behaviour(name, after, incidents))
    }
    var topicNames: [String] = []
    for n in before.notifications + after.notifications where !topicNames.contains(n.topic) { topicNames.append(n.topic) }
    topics = topicNames.map { topic in
      (topic, before.notifications.filter { $0.topic == topic }.count, after.notifications.filter { $0.topic == topic }.count)
    }
  }

  static func evaluate(_ interpreter: Interpreter, _ side: String, from: EpochMillis? = nil, until: EpochMillis? = nil)
    throws(SessionDiffError) -> AlarmPreviewResult
  {
    do throws(AlarmEvaluationError) {
      return try interpreter.evaluateAlarms(from: from, until: until)
    } catch {
      throw .data("\(side): \(error)")
    }
  }

  static func behaviour(_ name: String, _ result: AlarmPreviewResult, _ incidents: [Range<EpochMillis>]) -> Behaviour? {
    guard let timeline = result.timelines[name] else { return nil }
    // The state in force at each step, from the timeline's changes.
    var inAlarm = 0
    var firstAlarm = incidents.map { _ -> Int? in nil }
    var change = 0
    var state = timeline.changes.first?.1 ?? .insufficientData
    var t = result.from
    while t < result.until {
      while change < timeline.changes.count, timeline.changes[change].0 <= t {
        state = timeline.changes[change].1
        change += 1
      }
      if state == .alarm {
        inAlarm += 1
        for (i, incident) in incidents.enumerated() where firstAlarm[i] == nil && incident.contains(t) {
          firstAlarm[i] = Int((t - incident.lowerBound) / 60_000)
        }
      }
      t += result.step
    }
    return Behaviour(
      transitions: max(0, timeline.changes.count - 1),
      minutesInAlarm: inAlarm * Int(result.step / 60_000),
      notifications: result.notifications.filter { $0.alarmName == name }.count,
      timeToFirstAlarm: firstAlarm)
  }

  /// The plan: per kind, in kind order, `+` added, `-` removed, `~` changed (the defining commands' differing
  /// arguments, else the `show` text).
  static func changes(_ old: Stack, _ new: Stack, oldEntries: [SessionEntry], newEntries: [SessionEntry]) -> [Change] {
    var result: [Change] = []
    for kind in ResourceKind.allCases where kind.spec != nil && kind != .dashboard {
      let before = old.names(of: kind)
      let after = new.names(of: kind)
      for name in after where !before.contains(name) { result.append(Change(symbol: "+", kind: kind.commandWord, name: name, details: [])) }
      for name in before where !after.contains(name) { result.append(Change(symbol: "-", kind: kind.commandWord, name: name, details: [])) }
      for name in before where after.contains(name) {
        let key = "\(kind.commandWord) \(name)"
        let a = definition(key, old), b = definition(key, new)
        if let a, let b, a != b {
          result.append(Change(symbol: "~", kind: kind.commandWord, name: name, details: argumentChanges(a, b)))
        } else if kind.description(of: name, in: old) != kind.description(of: name, in: new) {
          result.append(Change(symbol: "~", kind: kind.commandWord, name: name, details: []))
        }
      }
    }
    let widgetsBefore = old.dashboardWidgets.map(\.widgetName), widgetsAfter = new.dashboardWidgets.map(\.widgetName)
    for widget in widgetsAfter where !widgetsBefore.contains(widget) { result.append(Change(symbol: "+", kind: "widget", name: widget, details: [])) }
    for widget in widgetsBefore where !widgetsAfter.contains(widget) { result.append(Change(symbol: "-", kind: "widget", name: widget, details: [])) }
    return result
  }

  /// The command that last defined the resource, read back from its file (origins name file and line).
  static func definition(_ key: String, _ stack: Stack) -> String? {
    guard let location = stack.origin(key), let file = location.file,
      let text = try? String(contentsOfFile: file, encoding: .utf8)
    else { return nil }
    for case .success(let command) in CommandLexer.split(text, file: file) where command.location.line == location.line {
      return command.text
    }
    return nil
  }

  /// `--when '> 800' → '> 1000'`: the options and positionals that differ between two defining commands.
  static func argumentChanges(_ a: String, _ b: String) -> [String] {
    let parser = CommandParser(specs: Interpreter.allSpecs)
    guard case .success(let sa)? = CommandLexer.split(a).first, case .success(let sb)? = CommandLexer.split(b).first,
      let pa = try? parser.parse(sa), let pb = try? parser.parse(sb)
    else { return [] }
    var details: [String] = []
    func show(_ tokens: [Token]?) -> String {
      guard let tokens, !tokens.isEmpty else { return "(unset)" }
      return tokens.map { $0.text.isEmpty ? "''" : ($0.text.contains(" ") ? "'\($0.text)'" : $0.text) }.joined(separator: " ")
    }
    if pa.positionals.map(\.text) != pb.positionals.map(\.text) {
      details.append("\(show(pa.positionals)) → \(show(pb.positionals))")
    }
    for option in pa.spec.options where pa.values(option.name).map(\.text) != pb.values(option.name).map(\.text) {
      if option.valueName == nil {
        details.append("--\(option.name) \(pb.has(option.name) ? "added" : "removed")")
      } else {
        details.append("--\(option.name) \(show(pa.options[option.name])) → \(show(pb.options[option.name]))")
      }
    }
    return details
  }
}

extension SessionDiff {
  /// How `vigil diff` prints.
  public enum Format: String, CaseIterable, Sendable {
    case text, json, markdown
  }

  /// The diff as text ending with a newline.
  public func render(_ format: Format) -> String {
    switch format {
    case .text: return text()
    case .markdown: return markdown()
    case .json: return json().serialized() + "\n"
    }
  }

  static func value(_ b: Behaviour?, _ field: (Behaviour) -> String) -> String { b.map(field) ?? "—" }
  static func first(_ minutes: Int?) -> String { minutes.map { "\($0) min" } ?? "none" }

  /// The behaviour columns: label and how one side reads.
  var columns: [(String, (Behaviour) -> String)] {
    var columns: [(String, (Behaviour) -> String)] = [
      ("transitions", { "\($0.transitions)" }), ("minutes in ALARM", { "\($0.minutesInAlarm)" }),
      ("notifications", { "\($0.notifications)" }),
    ]
    for i in incidents.indices {
      let label = incidents.count == 1 ? "first ALARM in incident" : "first ALARM in incident \(i + 1)"
      columns.append((label, { Self.first($0.timeToFirstAlarm[i]) }))
    }
    return columns
  }

  /// The rows whose behaviour changed (every row when `all`).
  func changedRows(all: Bool = false) -> [AlarmRow] { (alarms ?? []).filter { all || $0.before != $0.after } }

  func text() -> String {
    var out = "Stack:\n"
    out += changes.isEmpty ? "  no changes\n" : changes.map { "  \($0.line)\n" }.joined()
    guard alarms != nil else { return out + "Behaviour: no data (give --data FILE, or load data in the sessions)\n" }
    out += "Behaviour (before → after):\n"
    let rows = changedRows()
    if rows.isEmpty { out += "  no alarm behaves differently\n" }
    for row in rows {
      out += "  \(row.isComposite ? "composite" : "alarm") \(row.name):"
      out += columns.filter { Self.value(row.before, $0.1) != Self.value(row.after, $0.1) }
        .map { " \($0.0) \(Self.value(row.before, $0.1)) → \(Self.value(row.after, $0.1))" }.joined(separator: ",")
      out += "\n"
    }
    out += "Notifications per topic (before → after):\n"
    out += topics.isEmpty ? "  none\n" : topics.map { "  \($0.topic): \($0.before) → \($0.after)\n" }.joined()
    out += "Total notifications: \(notificationsBefore) → \(notificationsAfter)\n"
    return out
  }

  func markdown() -> String {
    var out = "### Stack changes\n\n"
    out += changes.isEmpty ? "No changes.\n" : "```diff\n" + changes.map { $0.line + "\n" }.joined() + "```\n"
    guard alarms != nil else { return out + "\n_No data: behaviour not compared._\n" }
    out += "\n### Behaviour (before → after)\n\n"
    let rows = changedRows()
    if rows.isEmpty {
      out += "No alarm behaves differently.\n"
    } else {
      out += "| alarm | " + columns.map(\.0).joined(separator: " | ") + " |\n"
      out += "|---|" + columns.map { _ in "---|" }.joined() + "\n"
      for row in rows {
        out += "| `\(row.name)` | "
          + columns.map { column in
            let a = Self.value(row.before, column.1), b = Self.value(row.after, column.1)
            return a == b ? a : "\(a) → **\(b)**"
          }.joined(separator: " | ") + " |\n"
      }
    }
    out += "\n| topic | notifications |\n|---|---|\n"
    out += topics.map { "| `\($0.topic)` | \($0.before == $0.after ? "\($0.before)" : "\($0.before) → **\($0.after)**") |\n" }.joined()
    out += "\n**Total notifications: \(notificationsBefore) → \(notificationsAfter)**\n"
    return out
  }

  func json() -> JSONValue {
    func side(_ b: Behaviour?) -> JSONValue {
      guard let b else { return .null }
      return .object([
        "transitions": .int(b.transitions), "minutesInAlarm": .int(b.minutesInAlarm), "notifications": .int(b.notifications),
        "minutesToFirstAlarm": .array(b.timeToFirstAlarm.map { $0.map(JSONValue.int) ?? .null }),
      ])
    }
    var object: [String: JSONValue] = [
      "changes": .array(
        changes.map {
          .object([
            "change": .string(String($0.symbol)), "kind": .string($0.kind), "name": .string($0.name),
            "details": .array($0.details.map(JSONValue.string)),
          ])
        })
    ]
    if let alarms {
      object["alarms"] = .array(
        alarms.map { .object(["name": .string($0.name), "composite": .bool($0.isComposite), "before": side($0.before), "after": side($0.after)]) })
      object["topics"] = .array(topics.map { .object(["topic": .string($0.topic), "before": .int($0.before), "after": .int($0.after)]) })
      object["notifications"] = .object(["before": .int(notificationsBefore), "after": .int(notificationsAfter)])
    }
    return .object(object)
  }
}

/// Why two sessions could not be compared.
public enum SessionDiffError: Error, Equatable, CustomStringConvertible {
  case data(String)
  public var description: String {
    switch self {
    case .data(let message): return message
    }
  }
}
