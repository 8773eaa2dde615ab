import ArgumentParser
import Foundation
import VigilSession
import VigilPolicy

/// `vigil check SESSION`: the platform's rules and the scanner rules over the session's stack and its export.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check a session against the platform rules: exit 0 clean, 1 findings, 2 invalid input.",
    discussion:
      "Each finding names the rule (VIGIL-...), the session line that defined the resource, why it matters and the command that fixes it. "
      + "Metrics are followed from alarms and widgets to their publishers, with the session's loaded data.")

  @Argument(help: "The session file (.vigil).") var session: String
  @Option(name: .long, help: "Output format: text, json or sarif (SARIF 2.1.0).") var format: String = "text"
  @Option(name: .long, help: "Check the names as exported with this environment suffix.") var suffix: String?

  func run() throws {
    guard let format = PolicyReport.Format(rawValue: format) else {
      printError("vigil: error: --format must be text, json or sarif, got '\(format)'")
      throw ExitCode.invalidInput
    }
    let (interpreter, _) = try SessionLoading.replay(session)
    var findings: [PolicyFinding]
    do { findings = try interpreter.sessionFindings(suffix: suffix) } catch {
      printError("vigil: error: \(error)")
      throw ExitCode.invalidInput
    }
    // A template also gets what its import found (dimensions without data, invalid resources), at template positions.
    if TemplateImport.isImportable(session), let imported = try? TemplateImport.read([session]) {
      findings = TemplateImport.merging(imported.report, into: findings)
    }
    let report = PolicyReport.render(findings, format: format, session: session)
    // SARIF and JSON are for machines: byte for byte; text is for whoever reads the terminal.
    if format == .text { printOutput(report, terminator: "") } else { print(report, terminator: "") }
    if !findings.isEmpty { throw ExitCode.checkFailed }
  }
}
