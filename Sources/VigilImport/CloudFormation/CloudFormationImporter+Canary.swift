import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// A template Vigil wrote: AWS::Synthetics::Canary with Vigil's inline script → `canary NAME --url URL [--every
  /// DURATION]`; the URL is the script's `const url = "…";` (`Canary+CloudFormation.swift`).
  mutating func importCanary(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let p = properties(entry)
    guard let script = stringValue(p["Code"]?["Script"])?.literal, let url = TerraformImporter.canaryURL(in: Array(script.utf8)) else {
      return skip(entry, "the canary's URL is in its script, and the script is not Vigil's")
    }
    let actual = stringValue(p["Name"])?.literal
    let adopted = actual.flatMap { vigil?.sessionName(physical: $0, role: nil, logicalID: entry.key, prefix: .canary) }
    let name = name(for: entry, kind: "canary", preferred: adopted, in: &session)
    var words = ["canary", name, "--url", word(url)]
    let schedule = stringValue(p["Schedule"]?["Expression"])?.literal ?? ""
    let minutes = Int(schedule.dropFirst("rate(".count).prefix { $0.isNumber }) ?? 5
    if minutes != 5 { words += ["--every", "\(minutes)m"] }
    var notes: [String] = []
    if let actual, adopted != name { notes.append("Name \(actual) not kept: Vigil names it after the session name \(name)") }
    emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
  }
}
