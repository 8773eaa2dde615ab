import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// A monitored resource Vigil does not model → `reference NAME --type TYPE --attribute K=V`.
  mutating func importReference(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let type = type(of: entry)
    guard let known = CloudFormationTypes.references[type] else { return }
    let p = properties(entry)
    let name = name(for: entry, kind: "reference", in: &session)
    var words = ["reference", name, "--type", type]
    var deployed = known.deployed
    for (attribute, property) in known.attributes {
      guard let node = p[property] else {
        deployed.append(attribute)
        continue
      }
      guard let value = stringValue(node), !value.isSymbolic, let text = value.string else {
        deployed.append(attribute)
        continue
      }
      words += ["--attribute", word("\(attribute)=\(text)")]
    }
    let notes = deployed.isEmpty ? [] : ["known only after deployment: \(deployed.joined(separator: ", "))"]
    emit(words, for: entry, outcome: .reference, notes: notes, into: &session)
  }
}
