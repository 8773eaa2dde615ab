import Foundation
import VigilCore
import VigilExport
import VigilModel

extension CloudFormationImporter {
  /// A template Vigil wrote: exports the imported session in memory; a resource of the template that this export writes
  /// under the same logical id and type is what a session command produces (a role, a queue, a policy, a dashboard),
  /// reported with that command's line, and whether the template's copy is the same. Like
  /// `TerraformImporter.recogniseGenerated`.
  mutating func recogniseGenerated(_ session: SessionAssembler) {
    guard let export = try? CloudFormationExporter.template(session.stack) else { return }
    let exported = export.template["Resources"]
    for entry in active where outcomes[entry.key] == nil {
      guard let mine = exported?[entry.key], mine["Type"]?.stringValue == type(of: entry), let owner = export.provenance[entry.key] else {
        continue
      }
      let same = Self.json(entry.value) == Self.textual(mine)
      outcomes[entry.key] = ImportedResource(
        logicalID: entry.key, type: type(of: entry), outcome: .imported, sessionLine: session.line(defining: owner),
        reason: "written by Vigil's export for \(owner.description)" + (same ? "" : "; this template's copy differs from what the session exports"),
        location: entry.keyLocation)
    }
  }

  /// A template node as JSON with every scalar as text (a template reader keeps numbers and booleans as written) and
  /// intrinsics in their long form, to compare with ``textual(_:)`` of what the exporter writes.
  static func json(_ node: TemplateNode) -> JSONValue {
    switch node {
    case .scalar(let text, _): return .string(text)
    case .list(let items, _): return .array(items.map(json))
    case .map(let entries, _): return .object(Dictionary(entries.map { ($0.key, json($0.value)) }, uniquingKeysWith: { a, _ in a }))
    case .intrinsic(let name, let argument, _): return .object([name: json(argument)])
    }
  }

  /// `value` with numbers and booleans as the text a template holds.
  static func textual(_ value: JSONValue) -> JSONValue {
    switch value {
    case .null: return .string("null")
    case .bool(let b): return .string(b ? "true" : "false")
    case .int(let i): return .string(String(i))
    case .double(let d): return .string(JSONValue.format(d))
    case .string: return value
    case .array(let items): return .array(items.map(textual))
    case .object(let members): return .object(members.mapValues(textual))
    }
  }
}
