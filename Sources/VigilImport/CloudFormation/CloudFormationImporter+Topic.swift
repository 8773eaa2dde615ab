import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// AWS::SNS::Topic → `topic` with its name and key as written.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html
  mutating func importTopic(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let p = properties(entry)
    let topicName = stringValue(p["TopicName"])?.literal
    let adopted = topicName.flatMap { vigil?.sessionName(physical: $0, role: .topic, logicalID: entry.key, prefix: .topic) }
    let name = name(for: entry, kind: "topic", preferred: adopted, in: &session)
    var words = ["topic", name]
    var notes: [String] = []
    if let value = stringValue(p["TopicName"]) {
      guard let text = value.literal else {
        skip(entry, "TopicName \(value.string ?? "") is known only after deployment")
        return
      }
      // A name that follows Vigil's conventions is the one Vigil gives it again.
      if adopted != name { words += ["--physical-name", word(text)] }
    } else {
      notes.append("no TopicName: CloudFormation generates one, Vigil names it \(name)-topic-SUFFIX")
    }
    words += keyWords(p["KmsMasterKeyId"], notes: &notes)
    if p["DisplayName"] != nil { notes.append("DisplayName not kept") }
    // E-mail and HTTPS subscriptions, inline or as AWS::SNS::Subscription resources, go on the topic line.
    var subscriptionWords: [String] = []
    var folded: [TemplateEntry] = []
    func subscription(_ node: TemplateNode, what: String) -> Bool {
      let kind = stringValue(node["Protocol"])?.literal
      guard kind == "email" || kind == "https" else { return false }
      var endpointText: String?
      // In a template Vigil wrote, an endpoint from a parameter is the session's `var:NAME` or `ssm:PATH`.
      if vigil != nil, let id = target(node["Endpoint"]), let parameter = root["Parameters"]?.entry(id) {
        if parameter.value["Type"]?.text == "AWS::SSM::Parameter::Value<String>", let path = parameter.value["Default"]?.text {
          endpointText = "ssm:\(path)"
        } else if !isGeneratedParameter(parameter) {
          endpointText = "var:\(Self.variableName(id))"
        }
      }
      if endpointText == nil {
        guard let endpoint = stringValue(node["Endpoint"]) else { return false }
        guard let text = endpoint.literal else {
          notes.append("\(what) endpoint \(endpoint.string ?? "") is known only after deployment: not kept")
          return false
        }
        endpointText = text
      }
      subscriptionWords += [kind == "email" ? "--email" : "--webhook", word(endpointText ?? "")]
      return true
    }
    for item in p["Subscription"]?.items ?? [] where !subscription(item, what: "an inline subscription's") {
      notes.append("an inline subscription (\(stringValue(item["Protocol"])?.string ?? "?")) not kept")
    }
    var subscriptions = (root["Resources"]?.entries ?? []).filter { other in
      guard type(of: other) == "AWS::SNS::Subscription", case .intrinsic("Ref", let target, _)? = other.value["Properties"]?["TopicArn"] else {
        return false
      }
      return target.text == entry.key
    }
    // Vigil numbers a topic's subscriptions (`SubOncallEmail0`, …, `SubOncallEmail10`): keep the session's order.
    if vigil != nil {
      subscriptions = subscriptions.enumerated().sorted { a, b in
        let na = Self.trailingNumber(a.element.key) ?? a.offset, nb = Self.trailingNumber(b.element.key) ?? b.offset
        return na != nb ? na < nb : a.offset < b.offset
      }.map(\.element)
    }
    var deadLetters = false
    var maxReceive: Int?
    for other in subscriptions {
      let q = properties(other)
      // Vigil's `--dlq`: the subscriptions' redrive policy, and the relay queue whose own redrive policy gives
      // `--max-receive` (`Topic+CloudFormation.swift`).
      if vigil != nil, q["RedrivePolicy"] != nil { deadLetters = true }
      if vigil != nil, stringValue(q["Protocol"])?.literal == "sqs", let relay = resource(target(q["Endpoint"])),
        let count = properties(relay)["RedrivePolicy"]?["maxReceiveCount"]?.text
      {
        maxReceive = Int(count)
        folded.append(other)
        continue
      }
      if subscription(q, what: "\(other.key)'s") { folded.append(other) }
    }
    if deadLetters {
      subscriptionWords.append("--dlq")
      if let maxReceive, maxReceive != 3 { subscriptionWords += ["--max-receive", String(maxReceive)] }
    }
    let plain = words
    for key in ["FifoTopic", "ContentBasedDeduplication", "TracingConfig", "DeliveryStatusLogging", "ArchivePolicy", "DataProtectionPolicy"]
    where p[key] != nil { notes.append("\(key) not kept") }
    guard !subscriptionWords.isEmpty else {
      emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
      return
    }
    // A subscription the session refuses (a webhook with a token in clear) must not lose the topic with it.
    emit(plain + subscriptionWords, for: entry, outcome: .imported, notes: notes, into: &session)
    if outcomes[entry.key]?.outcome == .skipped {
      let refusal = outcomes[entry.key]?.reason ?? ""
      emit(plain, for: entry, outcome: .imported, notes: notes + ["subscriptions not kept: \(refusal)"], into: &session)
      for other in folded { skip(other, "its topic's line refuses it: \(refusal)") }
      return
    }
    let line = outcomes[entry.key]?.sessionLine
    for other in folded {
      outcomes[other.key] = ImportedResource(
        logicalID: other.key, type: type(of: other), outcome: .imported, sessionLine: line,
        reason: "on the line of topic \(entry.key)", location: other.keyLocation)
    }
  }

  /// `--key NAME` for a key this import defines, else `--no-key` (Vigil would otherwise use the stack's first key).
  mutating func keyWords(_ node: TemplateNode?, notes: inout [String]) -> [String] {
    guard let node else { return ["--no-key"] }
    if case .intrinsic(let function, let argument, _) = node, function == "Ref" || function == "Fn::GetAtt",
      let target = argument.text.map({ String($0.split(separator: ".").first ?? "") }) ?? argument.items?.first?.text,
      let key = sessionNames[target]
    {
      return ["--key", key]
    }
    let shown = stringValue(node)?.string ?? "?"
    notes.append("key \(shown) is not a key of this template: not kept (AWS-managed keys are not modelled)")
    return ["--no-key"]
  }

  /// The number a logical id ends with (`SubOncallEmail12` → 12).
  static func trailingNumber(_ id: String) -> Int? {
    let digits = id.reversed().prefix { $0.isNumber }
    return digits.isEmpty ? nil : Int(String(digits.reversed()))
  }
}
