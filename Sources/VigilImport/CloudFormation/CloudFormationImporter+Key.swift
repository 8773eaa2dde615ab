import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// AWS::KMS::Key → `key` (rotation and deletion window as the template has them, CloudFormation's defaults otherwise).
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html
  mutating func importKey(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let p = properties(entry)
    // Vigil's key has its name only in its alias (`alias/logs-key-dev`), which comes back on the key's line.
    let alias = vigil == nil ? nil : (root["Resources"]?.entries ?? []).first(where: { other in
      guard type(of: other) == "AWS::KMS::Alias", case .intrinsic("Ref", let target, _)? = properties(other)["TargetKeyId"] else { return false }
      return target.text == entry.key
    })
    var adopted: String?
    if let alias, let aliasName = stringValue(properties(alias)["AliasName"])?.literal, aliasName.hasPrefix("alias/") {
      adopted = vigil?.sessionName(physical: String(aliasName.dropFirst(6)), role: .key, logicalID: entry.key, prefix: .key)
    }
    let name = name(for: entry, kind: "key", preferred: adopted, in: &session)
    var notes: [String] = []
    let rotation = stringValue(p["EnableKeyRotation"])?.literal == "true"
    var window = 30
    if let text = stringValue(p["PendingWindowInDays"])?.literal {
      guard let days = Int(text) else {
        skip(entry, "PendingWindowInDays '\(text)' is not a number")
        return
      }
      window = days
    }
    if p["KeyPolicy"] != nil { notes.append("KeyPolicy not kept: Vigil's export writes the key policy its own resources need") }
    for key in ["KeySpec", "KeyUsage", "MultiRegion", "Enabled"] where p[key] != nil { notes.append("\(key) not kept") }
    emit(
      ["key", name, "--rotation", rotation ? "on" : "off", "--deletion-window", String(window)], for: entry, outcome: .imported,
      notes: notes, into: &session)
    if let alias, adopted == name, let line = outcomes[entry.key]?.sessionLine {
      outcomes[alias.key] = ImportedResource(
        logicalID: alias.key, type: type(of: alias), outcome: .imported, sessionLine: line, reason: "the alias Vigil writes for key \(name)",
        location: alias.keyLocation)
    }
  }
}
