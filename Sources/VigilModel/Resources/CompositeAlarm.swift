import VigilAlarms
import VigilCore

/// A composite alarm: the only kind that notifies.
public struct CompositeAlarm: Equatable, Sendable {
  public var name: String
  public var rule: String
  /// Alarm names the rule references (parsed from the rule).
  public var references: [String]
  public var notify: [String]
  public var suppressor: String?
  public var suppressWaitSeconds: Int
  public var suppressExtensionSeconds: Int

  /// The alarm names a rule references, each with the offset of its first character in the rule (Unicode scalars
  /// from 0), parsed by the alarm engine's AlarmRule parser; empty for a rule that does not parse. An ARN
  /// reference yields the alarm name after `:alarm:` at the ARN's offset.
  public static func alarmReferences(in rule: String) -> [(name: String, offset: Int)] {
    do throws(Diagnostic) {
      return try AlarmRule.locatedReferences(in: rule).map { (AlarmRule.alarmName(of: $0.reference), $0.offset) }
    } catch {
      return []
    }
  }
}

extension ResourceKind {
  /// `composite NAME --rule RULE`: composite alarms.
  public static let composite = ResourceKind("composite", CompositeAlarm.self)
}

extension CompositeAlarm: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "composite", summary: "A composite alarm: a rule over alarms, the actions, an actions suppressor.",
    positionals: [PositionalSpec("name", help: "composite alarm name")],
    options: [
      OptionSpec("rule", value: "RULE", help: "AlarmRule, e.g. 'ALARM(api-p99) AND ALARM(api-errors)'"),
      OptionSpec("notify", value: "TOPIC", .resource(.topic), help: "SNS topic to notify in ALARM", repeatable: true),
      OptionSpec("suppressor", value: "ALARM", help: "alarm whose ALARM state suppresses actions"),
      OptionSpec("suppress-wait", value: "DURATION", .duration, help: "ActionsSuppressorWaitPeriod (default 1m)"),
      OptionSpec("suppress-extension", value: "DURATION", .duration, help: "ActionsSuppressorExtensionPeriod (default 1m)"),
      PhysicalNames.option,
    ], example: "composite api-degraded --rule 'ALARM(api-p99) AND ALARM(api-errors)' --notify oncall")

  /// PutCompositeAlarm: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html
  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("composite alarm name")
    if stack.alarm(name) != nil { throw c.positionals[0].error("'\(name)' is already a metric alarm") }
    guard let rule = c.value("rule") else { throw c.missing("--rule RULE") }
    let located = try rule.parseEmbedded { text throws(Diagnostic) in try AlarmRule.locatedReferences(in: text) }
    let references = located.map { (AlarmRule.alarmName(of: $0.reference), $0.offset) }
    // Checked through the stack's index; the list of names is built only for the suggestion.
    for (reference, offset) in references where !(stack.alarm(reference) != nil || (reference != name && stack.composite(reference) != nil)) {
      let known = stack.names(of: .alarm) + stack.names(of: .composite).filter { $0 != name }
      let suggestion = closestMatch(to: reference, in: known).map { "did you mean '\($0)'?" }
      throw rule.embedded(Diagnostic("unknown alarm '\(reference)' in rule", in: rule.text, offset: offset, suggestion: suggestion))
    }
    guard !references.isEmpty || rule.text.contains("TRUE") || rule.text.contains("FALSE") else {
      throw rule.error("the rule names no alarm; use ALARM(name), OK(name) or INSUFFICIENT_DATA(name)")
    }
    var topics: [String] = []
    for (topicName, token) in c.list("notify") {
      var t = token
      t.text = topicName
      topics.append(try t.reference(.topic, in: stack))
    }
    if topics.count > 5, let last = c.values("notify").last { throw last.error("an alarm has at most 5 actions per state") }
    var suppressor: String?
    if let token = c.value("suppressor") {
      suppressor = try token.reference(.alarm, among: [.alarm, .composite], in: stack, excluding: name)
    } else {
      for option in ["suppress-wait", "suppress-extension"] {
        if let word = c.optionWords[option] { throw word.error("--\(option) needs --suppressor") }
      }
    }
    let wait = try c.value("suppress-wait")?.seconds("--suppress-wait") ?? 60
    let extensionPeriod = try c.value("suppress-extension")?.seconds("--suppress-extension") ?? 60
    let composite = CompositeAlarm(
      name: name, rule: rule.text, references: references.map(\.0).uniqued, notify: topics, suppressor: suppressor,
      suppressWaitSeconds: wait, suppressExtensionSeconds: extensionPeriod)
    let replaced = stack.upsert(composite, into: \.composites, name: \.name)
    let notifies = topics.isEmpty ? "no notification" : "notifies \(topics.joined(separator: ", "))"
    return "\(verb(replaced)) composite alarm \(name) over \(composite.references.joined(separator: ", ")); \(notifies)"
  }

  static func names(in stack: Stack) -> [String] { stack.composites.map(\.name) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section(
      "composite alarms",
      stack.composites.map { "\($0.name)  \($0.rule)" + ($0.notify.isEmpty ? "" : " → \($0.notify.joined(separator: ", "))") })
  }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let c = stack.composite(name) else { return nil }
    return
      "composite alarm \(ResourceNames(env).physical(name, .composite))\n  rule: \(c.rule)\n  notifies: \(c.notify.isEmpty ? "nobody" : c.notify.joined(separator: ", "))"
      + (c.suppressor.map { "\n  suppressor: \($0) (wait \(c.suppressWaitSeconds)s, extension \(c.suppressExtensionSeconds)s)" } ?? "")
  }
}

extension Array where Element: Hashable {
  /// The elements in order, each first occurrence only.
  var uniqued: [Element] {
    var seen = Set<Element>()
    return filter { seen.insert($0).inserted }
  }
}

extension CompositeAlarm {
  static func references(in stack: Stack) -> [ResourceReference] {
    stack.composites.flatMap { composite in
      composite.references.map { ResourceReference(.composite, composite.name, "rule", ResourceKind.alarmKind(of: $0, in: stack), $0) }
        + composite.notify.map { ResourceReference(.composite, composite.name, "--notify", .topic, $0) }
        + (composite.suppressor.map {
          [ResourceReference(.composite, composite.name, "--suppressor", ResourceKind.alarmKind(of: $0, in: stack), $0)]
        } ?? [])
    }
  }
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    stack.removeNamed(name, from: \.composites, name: \.name, origin: "composite")
  }
}

extension CompositeAlarm {
  /// Its own name; the alarms its rule and `--suppressor` name (the rule text rewritten where the parser found each
  /// name); the topics it notifies.
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack) {
    if kind == .composite { stack.renameNamed(old, to: new, in: \.composites, name: \.name, origin: "composite") }
    if kind == .topic {
      for i in stack.composites.indices { stack.composites[i].notify = stack.composites[i].notify.map { $0 == old ? new : $0 } }
    }
    guard kind == .alarm || kind == .composite else { return }
    for i in stack.composites.indices where stack.composites[i].references.contains(old) || stack.composites[i].suppressor == old {
      stack.composites[i].rule = renaming(old, to: new, inRule: stack.composites[i].rule)
      stack.composites[i].references = alarmReferences(in: stack.composites[i].rule).map(\.name).uniqued
      if stack.composites[i].suppressor == old { stack.composites[i].suppressor = new }
    }
  }

  /// `rule` with each reference to alarm `old` (bare or in double quotes) naming `new`; an ARN is left as it is
  /// (the rename then refuses, naming the composite that still references it).
  static func renaming(_ old: String, to new: String, inRule rule: String) -> String {
    var scalars = Array(rule.unicodeScalars)
    let name = Array(old.unicodeScalars)
    // From the end, so earlier offsets stay valid.
    for (reference, offset) in alarmReferences(in: rule).reversed() where reference == old {
      for start in [offset, offset + 1] where start + name.count <= scalars.count && Array(scalars[start..<start + name.count]) == name {
        scalars.replaceSubrange(start..<start + name.count, with: new.unicodeScalars)
        break
      }
    }
    var text = String.UnicodeScalarView()
    text.append(contentsOf: scalars)
    return String(text)
  }
}
