import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// AWS::SSM::Parameter under the stack's path (`/STACK/SUFFIX/NAME`, where Vigil's parameters live) → `parameter NAME
  /// --value VALUE|var:NAME [--description TEXT]`. Any template; a parameter elsewhere is skipped with the path it needs.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ssm-parameter.html
  mutating func importParameter(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let p = properties(entry)
    guard let path = stringValue(p["Name"])?.literal else {
      return skip(entry, "no known Name: Vigil's parameters live under /STACK/SUFFIX/")
    }
    guard let environment = session.stack.environment else { return skip(entry, "no stack line to place the parameter under") }
    let prefix = "/\(environment.stackName)/\(environment.suffix)/"
    guard path.hasPrefix(prefix), path.count > prefix.count else {
      return skip(entry, "the parameter \(path) is not under \(prefix), where Vigil's parameters live")
    }
    if let kind = stringValue(p["Type"])?.literal, kind != "String" { return skip(entry, "a parameter of Type \(kind): Vigil writes String") }
    let name = String(path.dropFirst(prefix.count))
    sessionNames[entry.key] = name
    var words = ["parameter", word(name)]
    // In a template Vigil wrote, a value from a template parameter is a session variable's.
    if vigil != nil, let id = target(p["Value"]), let parameter = root["Parameters"]?.entry(id), !isGeneratedParameter(parameter) {
      words += ["--value", "var:\(Self.variableName(id))"]
    } else if let value = stringValue(p["Value"])?.literal {
      words += ["--value", word(value)]
    } else {
      return skip(entry, "its Value is known only after deployment")
    }
    if let description = stringValue(p["Description"])?.literal { words += ["--description", word(description)] }
    var notes: [String] = []
    for key in ["AllowedPattern", "Tier", "Policies", "DataType", "Tags"] where p[key] != nil { notes.append("\(key) not kept") }
    emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
  }
}
