import Foundation
import VigilCore
import VigilModel

/// The formats `vigil import` reads; each has its own folder (`CloudFormation/`).
public enum ImportFormat: String, CaseIterable, Sendable {
  case cloudformation

  /// The format of a file from its name and first bytes; nil when none fits.
  public static func detect(path: String, text: String) -> ImportFormat? {
    let lower = path.lowercased()
    if lower.hasSuffix(".tf.json") { return nil }
    // A CloudFormation template names its resources under Resources (YAML or JSON), usually with the version line.
    let head = text.prefix(65536)
    if head.contains("AWSTemplateFormatVersion") || head.contains("Resources:") || head.contains("\"Resources\"") {
      return .cloudformation
    }
    return nil
  }
}

/// One file to import.
public struct ImportSource: Sendable {
  public var path: String
  public var text: String
  public init(path: String, text: String) {
    self.path = path
    self.text = text
  }
}

/// The session an import produced, its report and the stack it defines.
public struct StackImport: Sendable {
  /// The session text: every command replays through the normal interpreter.
  public var session: String
  /// The session's commands with the source positions they came from.
  public var commands: [ImportedCommand]
  public var report: ImportReport
  public var stack: Stack
}

/// Imports stacks written in other tools' formats into one session.
public enum StackImporter {
  /// Imports `sources` (one session; the first file names the stack). `parameters` are `--parameter K=V` values:
  /// template parameters and pseudo parameters (`AWS::Region`, `AWS::AccountId`, `AWS::StackName`).
  /// Malformed input throws a positioned diagnostic; a sound template with errors imports what is sound and reports the rest.
  public static func run(_ sources: [ImportSource], format: ImportFormat? = nil, parameters: [(String, String)] = []) throws(Diagnostic) -> StackImport {
    var values: [String: String] = [:]
    for (key, value) in parameters { values[key] = value }
    var importers: [CloudFormationImporter] = []
    for source in sources {
      let chosen = format ?? ImportFormat.detect(path: source.path, text: source.text)
      guard chosen == .cloudformation else {
        throw Diagnostic(
          "cannot tell the format of \(source.path): not a CloudFormation template (no Resources section)",
          at: SourceLocation(file: source.path), sourceLine: String(source.text.prefix { $0 != "\n" }),
          suggestion: "give --format cloudformation if it is one")
      }
      importers.append(try CloudFormationImporter(file: source.path, text: source.text, parameters: values))
    }
    let declared = importers.reduce(into: Set<String>()) { $0.formUnion($1.declaredParameters) }
    for (key, _) in parameters where !declared.contains(key) && !IntrinsicResolver.pseudoParameters.contains(key) {
      throw Diagnostic(
        "--parameter \(key): no template declares a parameter \(key)", at: SourceLocation(), sourceLine: "",
        suggestion: closestMatch(to: key, in: declared.union(IntrinsicResolver.pseudoParameters)).map { "did you mean \($0)?" })
    }
    var session = SessionAssembler()
    let first = sources.first?.path ?? "imported"
    session.comment("Imported from \(sources.map(\.path).joined(separator: ", ")) by vigil import (CloudFormation).")
    session.comment("Each command follows the template position it came from; references are watched, never exported.")
    let (stackLine, notes) = stackCommand(file: first, importer: importers.first, parameters: values)
    session.report.notes = notes
    if case .failure(let error) = session.add(stackLine, source: SourceLocation(file: first), label: "the stack") { throw error }
    for index in importers.indices { importers[index].run(into: &session) }
    return StackImport(session: session.text, commands: session.commands, report: session.report, stack: session.stack)
  }

  /// `stack NAME --suffix SUFFIX [--region REGION]`: the name from AWS::StackName or the file, the suffix from the
  /// template's environment parameter, the region from AWS::Region.
  static func stackCommand(file: String, importer: CloudFormationImporter?, parameters: [String: String]) -> (String, [String]) {
    var notes: [String] = []
    // A template Vigil's own export wrote names its stack, suffix and region.
    if parameters["AWS::StackName"] == nil, let vigil = importer?.vigil?.environment {
      notes.append("stack \(vigil.stackName), suffix \(vigil.suffix) and region \(vigil.region) from the template Vigil wrote")
      return ("stack \(vigil.stackName) --suffix \(vigil.suffix) --region \(SessionAssembler.word(vigil.region))", notes)
    }
    let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    let name = CloudFormationImporter.kebab(parameters["AWS::StackName"] ?? base)
    notes.append("stack name \(name) from \(parameters["AWS::StackName"] != nil ? "AWS::StackName" : "the file name")")
    var suffix = "cfn"
    var suffixSource = "no Environment, Env or Stage parameter: Vigil's suffix is cfn"
    for candidate in ["Environment", "EnvironmentName", "Env", "Stage"] {
      guard let value = importer?.parameter(candidate) else { continue }
      let valid = !value.isEmpty && value.count <= 12 && value.unicodeScalars.first.map { ("a"..."z").contains($0) } == true
        && value.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
      if valid {
        suffix = value
        suffixSource = "suffix \(value) from the parameter \(candidate)"
        break
      }
    }
    notes.append(suffixSource)
    var line = "stack \(name) --suffix \(suffix)"
    if let region = parameters["AWS::Region"] {
      line += " --region \(SessionAssembler.word(region))"
    } else {
      notes.append("AWS::Region not given: it stays symbolic in values, and the stack uses Vigil's default region us-east-1")
    }
    return (line, notes)
  }
}
