import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// AWS::CloudWatch::CompositeAlarm → `composite NAME --rule RULE [--notify TOPIC]… [--suppressor ALARM
  /// --suppress-wait D --suppress-extension D]`, in the overview's order and after the composites each rule names.
  /// Any template: the rule's alarms (`Ref` or `Fn::GetAtt …Arn` in an `Fn::Join` or `Fn::Sub`, or names written in
  /// the text) must be alarms this import keeps.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-compositealarm.html
  mutating func importComposites(into session: inout SessionAssembler) {
    var pending = ordered(of("AWS::CloudWatch::CompositeAlarm")) { entry in
      self.properties(entry)["AlarmName"]?.text.flatMap { self.position(of: ":alarm:\($0)\"") }
    }
    // Names first: a rule may name a composite defined after it in the template.
    for entry in pending {
      let actual = stringValue(properties(entry)["AlarmName"])?.literal
      let adopted = actual.flatMap { vigil?.sessionName(physical: $0, role: .composite, logicalID: entry.key, prefix: .composite) }
      _ = name(for: entry, kind: "alarm", preferred: adopted, in: &session)
    }
    while !pending.isEmpty {
      let waiting = Set(pending.map(\.key))
      let ready = pending.filter { entry in !ruleTargets(properties(entry)["AlarmRule"]).contains { $0 != entry.key && waiting.contains($0) } }
      let batch = ready.isEmpty ? pending : [ready[0]]
      for entry in batch { importComposite(entry, into: &session) }
      let done = Set(batch.map(\.key))
      pending.removeAll { done.contains($0.key) }
    }
  }

  /// The logical ids a rule's `Ref`s and `Fn::GetAtt`s name.
  func ruleTargets(_ node: TemplateNode?) -> [String] {
    guard let node else { return [] }
    if let id = target(node) { return [id] }
    switch node {
    case .list(let items, _): return items.flatMap(ruleTargets)
    case .intrinsic(_, let argument, _): return ruleTargets(argument)
    case .map(let entries, _): return entries.flatMap { ruleTargets($0.value) }
    case .scalar: return []
    }
  }

  /// The rule in session terms: each `Ref`/`Fn::GetAtt` of an alarm of this template becomes its session name, and
  /// so does an alarm's physical name written in the text (`ALARM("api-p99-alarm-dev")`).
  mutating func sessionRule(_ node: TemplateNode) -> String? {
    var text = ""
    switch node {
    case .scalar(let s, _): text = s
    case .intrinsic("Fn::Join", let argument, _):
      guard let parts = argument.items, parts.count == 2, let separator = parts[0].text, let pieces = parts[1].items else { return nil }
      var out: [String] = []
      for piece in pieces {
        if let s = piece.text {
          out.append(s)
        } else if let id = target(piece), let name = sessionNames[id], isAlarm(id) {
          out.append(name)
        } else {
          return nil
        }
      }
      text = out.joined(separator: separator)
    case .intrinsic("Fn::Sub", let argument, _):
      guard let raw = argument.text else { return nil }
      var out = ""
      var rest = Substring(raw)
      while let start = rest.range(of: "${") {
        out += rest[..<start.lowerBound]
        guard let end = rest[start.upperBound...].firstIndex(of: "}") else { return nil }
        let id = String(rest[start.upperBound..<end].split(separator: ".").first ?? "")
        guard let name = sessionNames[id], isAlarm(id) else { return nil }
        out += name
        rest = rest[rest.index(after: end)...]
      }
      text = out + rest
    default: return nil
    }
    // Alarm names written in the text: each imported alarm's physical name becomes its session name.
    for entry in of("AWS::CloudWatch::Alarm") + of("AWS::CloudWatch::CompositeAlarm") {
      guard let physical = properties(entry)["AlarmName"]?.text, let name = sessionNames[entry.key], physical != name else { continue }
      text = text.replacingOccurrences(of: "(\"\(physical)\")", with: "(\(name))").replacingOccurrences(of: "(\(physical))", with: "(\(name))")
    }
    return text
  }

  func isAlarm(_ id: String) -> Bool {
    let type = resolver.resources[id]?.type
    return type == "AWS::CloudWatch::Alarm" || type == "AWS::CloudWatch::CompositeAlarm"
  }

  mutating func importComposite(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    guard let name = sessionNames[entry.key] else { return }
    let p = properties(entry)
    guard let ruleNode = p["AlarmRule"], let rule = sessionRule(ruleNode) else {
      return skip(entry, "its AlarmRule names something that is not an alarm this import keeps")
    }
    var words = ["composite", name, "--rule", word(rule)]
    var notes: [String] = []
    for action in p["AlarmActions"]?.items ?? [] {
      if let id = target(action), let topic = sessionNames[id], resolver.resources[id]?.type == "AWS::SNS::Topic" {
        words += ["--notify", topic]
      } else {
        notes.append("alarm action \(stringValue(action)?.string ?? "?") is not a topic of this template: not kept")
      }
    }
    // Vigil's composites send OK to the topics they notify in ALARM; other OK or INSUFFICIENT_DATA actions are not kept.
    let alarmActions = p["AlarmActions"]?.items?.compactMap(target) ?? []
    if let ok = p["OKActions"]?.items?.compactMap(target), ok != alarmActions { notes.append("OKActions other than the AlarmActions not kept") }
    if p["InsufficientDataActions"] != nil { notes.append("InsufficientDataActions not kept") }
    if let suppressor = p["ActionsSuppressor"] {
      let id = target(suppressor)
      let physical = stringValue(suppressor)?.literal
      let byName = of("AWS::CloudWatch::Alarm").first { properties($0)["AlarmName"]?.text == physical }?.key
      guard let alarm = (id ?? byName).flatMap({ sessionNames[$0] }) else {
        return skip(entry, "its ActionsSuppressor is not an alarm this import keeps")
      }
      words += ["--suppressor", alarm]
      for (key, flag) in [("ActionsSuppressorWaitPeriod", "--suppress-wait"), ("ActionsSuppressorExtensionPeriod", "--suppress-extension")] {
        if let text = stringValue(p[key])?.literal {
          guard let seconds = Int(text) else { return skip(entry, "\(key) '\(text)' is not a number of seconds") }
          words += [flag, DescribeAlarmsImporter.duration(seconds)]
        }
      }
    }
    if let actual = stringValue(p["AlarmName"])?.literal, vigil?.names.physical(name, .composite) != actual {
      words += ["--physical-name", word(actual)]
    }
    if stringValue(p["ActionsEnabled"])?.literal == "false" { notes.append("ActionsEnabled false not kept") }
    emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
  }
}
