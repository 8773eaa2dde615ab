import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// AWS::XRay::SamplingRule → `tracing` (Vigil keeps one fixed-rate rule that matches every request).
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-xray-samplingrule.html
  mutating func importSamplingRule(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    if session.stack.tracing != nil {
      skip(entry, "a second sampling rule: Vigil keeps one")
      return
    }
    let p = properties(entry)
    var rule = p["SamplingRule"] ?? p
    if p["SamplingRule"] == nil, p["FixedRate"] != nil || p["RuleName"] != nil {
      // The properties of the rule belong under SamplingRule; CloudFormation rejects them at the top.
      let location = entry.value.entry("Properties")?.keyLocation ?? entry.keyLocation
      session.report.findings.append(
        ImportFinding(
          kind: "sampling-rule-wrapper",
          message: "\(entry.key): the rule's properties (\(p.entries?.map(\.key).joined(separator: ", ") ?? "")) must sit under "
            + "SamplingRule:, so CloudFormation rejects the resource as written; imported as meant",
          location: location, fix: "indent them under 'SamplingRule:' inside Properties"))
      rule = p
    }
    guard let rateText = stringValue(rule["FixedRate"])?.literal, Double(rateText) != nil else {
      skip(entry, "FixedRate must be a number")
      return
    }
    var words = ["tracing", "--sampling", word(rateText)]
    if let reservoir = stringValue(rule["ReservoirSize"])?.literal { words += ["--reservoir", word(reservoir)] }
    var notes: [String] = []
    if let value = stringValue(rule["RuleName"]) {
      if let text = value.literal {
        // The name Vigil's export gives its rule is given again.
        let given = vigil.map { String($0.names.physical($0.environment.stackName, .sampling).prefix(32)) }
        if text != given { words += ["--physical-name", word(text)] }
      } else {
        notes.append("RuleName known only after deployment")
      }
    }
    for (key, expected) in [("Priority", "1000"), ("Version", "1")] {
      if let value = stringValue(rule[key])?.literal, value != expected { notes.append("\(key) \(value) not kept (Vigil writes \(expected))") }
    }
    for key in ["ServiceName", "ServiceType", "Host", "HTTPMethod", "URLPath", "ResourceARN"] {
      if let value = stringValue(rule[key])?.string, value != "*" { notes.append("\(key) \(value) not kept (Vigil's rule matches *)") }
    }
    if rule["Attributes"] != nil { notes.append("Attributes not kept") }
    emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
  }
}
