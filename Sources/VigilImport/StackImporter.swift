import Foundation
import VigilCore
import VigilModel

/// The formats `vigil import` reads; each has its own folder (`CloudFormation/`, `Terraform/`, `DescribeAlarms/`).
public enum ImportFormat: String, CaseIterable, Sendable {
  case cloudformation
  /// Terraform/OpenTofu JSON (`*.tf.json`): Vigil's CDKTF layout or plain JSON written by any tool.
  case terraform
  /// The output of `aws cloudwatch describe-alarms`.
  case describeAlarms = "describe-alarms"

  /// The format of a file from its name and first bytes; nil when none fits.
  public static func detect(path: String, text: String) -> ImportFormat? {
    let lower = path.lowercased()
    if lower.hasSuffix(".tf.json") { return .terraform }
    let head = text.prefix(65536)
    // describe-alarms output is a JSON object whose members are MetricAlarms and CompositeAlarms.
    if lower.hasSuffix(".json") || head.first == "{" || head.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).first == "{" {
      if head.contains("\"MetricAlarms\"") || head.contains("\"CompositeAlarms\"") { return .describeAlarms }
      if !head.contains("\"Resources\"") && head.contains("\"resource\"") { return .terraform }
    }
    // A CloudFormation template names its resources under Resources (YAML or JSON), usually with the version line.
    if head.contains("AWSTemplateFormatVersion") || head.contains("Resources:") || head.contains("\"Resources\"") {
      return .cloudformation
    }
    return nil
  }

  /// What the format is called in messages.
  var title: String {
    switch self {
    case .cloudformation: "CloudFormation"
    case .terraform: "Terraform JSON"
    case .describeAlarms: "describe-alarms output"
    }
  }
}

/// One file to import.
public struct ImportSource: Sendable {
  public var path: String
  public var text: String
  /// The folder the file is in, for the files it names (a Terraform file's canary bundles); nil: the path's folder.
  public var directory: String?
  public init(path: String, text: String, directory: String? = nil) {
    self.path = path
    self.text = text
    self.directory = directory
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
    var terraform: [TerraformImporter] = []
    var describeAlarms: [DescribeAlarmsImporter] = []
    var formats: [ImportFormat] = []
    for source in sources {
      guard let chosen = format ?? ImportFormat.detect(path: source.path, text: source.text) else {
        throw Diagnostic(
          "cannot tell the format of \(source.path): not a CloudFormation template (no Resources section), Terraform JSON or describe-alarms output",
          at: SourceLocation(file: source.path), sourceLine: String(source.text.prefix { $0 != "\n" }),
          suggestion: "give --format cloudformation, terraform or describe-alarms if it is one")
      }
      formats.append(chosen)
      switch chosen {
      case .cloudformation: importers.append(try CloudFormationImporter(file: source.path, text: source.text, parameters: values))
      case .terraform: terraform.append(try TerraformImporter(file: source.path, text: source.text, directory: source.directory))
      case .describeAlarms: describeAlarms.append(try DescribeAlarmsImporter(file: source.path, text: source.text))
      }
    }
    let declared = importers.reduce(into: Set<String>()) { $0.formUnion($1.declaredParameters) }
    for (key, _) in parameters where !declared.contains(key) && !IntrinsicResolver.pseudoParameters.contains(key) {
      throw Diagnostic(
        "--parameter \(key): no template declares a parameter \(key)", at: SourceLocation(), sourceLine: "",
        suggestion: closestMatch(to: key, in: declared.union(IntrinsicResolver.pseudoParameters)).map { "did you mean \($0)?" })
    }
    var session = SessionAssembler()
    let first = sources.first?.path ?? "imported"
    let titles = formats.reduce(into: [String]()) { if !$0.contains($1.title) { $0.append($1.title) } }
    session.comment("Imported from \(sources.map(\.path).joined(separator: ", ")) by vigil import (\(titles.joined(separator: ", "))).")
    let what = formats.allSatisfy { $0 == .cloudformation } ? "template" : "source"
    session.comment("Each command follows the \(what) position it came from; references are watched, never exported.")
    let (stackLine, notes): (String, [String])
    switch formats.first {
    case .terraform?: (stackLine, notes) = terraform[0].stackCommand(values)
    case .describeAlarms?: (stackLine, notes) = Self.describeAlarmsStackCommand(file: first, importer: describeAlarms[0], parameters: values)
    default: (stackLine, notes) = stackCommand(file: first, importer: importers.first, parameters: values)
    }
    session.report.notes = notes
    if case .failure(let error) = session.add(stackLine, source: SourceLocation(file: first), label: "the stack") { throw error }
    for index in importers.indices {
      importers[index].run(into: &session)
      session.report.findings += DeprecatedRuntimes.cloudFormationFindings(importers[index])
    }
    for index in terraform.indices { terraform[index].run(into: &session) }
    for index in describeAlarms.indices { describeAlarms[index].run(into: &session) }
    return StackImport(session: session.text, commands: session.commands, report: session.report, stack: session.stack)
  }

  /// `stack NAME --suffix live --region REGION` for describe-alarms output: the name from AWS::StackName or the file,
  /// the region from AWS::Region or the alarms' ARNs. Every alarm keeps its AWS name, so the suffix names nothing of it.
  static func describeAlarmsStackCommand(file: String, importer: DescribeAlarmsImporter, parameters: [String: String]) -> (String, [String]) {
    let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    let name = CloudFormationImporter.kebab(parameters["AWS::StackName"] ?? base)
    var notes = ["stack name \(name) from \(parameters["AWS::StackName"] != nil ? "AWS::StackName" : "the file name")"]
    notes.append("suffix live: every alarm and topic keeps its AWS name with --physical-name")
    var line = "stack \(name) --suffix live"
    if let region = parameters["AWS::Region"] ?? importer.region {
      line += " --region \(SessionAssembler.word(region))"
      notes.append("region \(region) from \(parameters["AWS::Region"] != nil ? "AWS::Region" : "the alarms' ARNs")")
    } else {
      notes.append("no region in the alarms' ARNs: the stack uses Vigil's default region us-east-1")
    }
    return (line, notes)
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
