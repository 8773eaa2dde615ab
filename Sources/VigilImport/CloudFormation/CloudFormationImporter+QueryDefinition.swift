import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// AWS::Logs::QueryDefinition over services' log groups of this template → `query-definition NAME --query Q
  /// --logs A,B`. Any template; the session refuses log groups of no service, with its reason.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-querydefinition.html
  mutating func importQueryDefinition(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let p = properties(entry)
    guard let query = stringValue(p["QueryString"])?.literal else { return skip(entry, "no known QueryString") }
    var groups: [String] = []
    for node in p["LogGroupNames"]?.items ?? [] {
      guard let id = target(node), let group = sessionNames[id] else {
        return skip(entry, "a log group of the query is not a log group this import keeps")
      }
      guard session.stack.service(group) != nil else {
        return skip(entry, "Vigil's saved queries read services' log groups, and \(id) belongs to no service of this template")
      }
      groups.append(group)
    }
    // Vigil names a saved query `STACK-SUFFIX/NAME` (a folder per stack in the console).
    let actual = stringValue(p["Name"])?.literal ?? ""
    let folder = session.stack.environment.map { "\(ResourceNames($0).physical($0.stackName))/" } ?? "/"
    let base = actual.hasPrefix(folder) ? String(actual.dropFirst(folder.count)) : ""
    let name = name(for: entry, kind: "query-definition", preferred: ResourceNames.cloudFormationID(.query, base) == entry.key ? base : nil, in: &session)
    var words = ["query-definition", name, "--query", word(query)]
    if !groups.isEmpty { words += ["--logs", groups.joined(separator: ",")] }
    var notes: [String] = []
    if actual != session.stack.environment.map({ ResourceNames($0).queryDefinitionName(name) }) {
      notes.append("Name \(actual) not kept: Vigil names it after the session name \(name)")
    }
    emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
  }
}
