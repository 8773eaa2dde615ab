import ArgumentParser
import Foundation
import VigilAWS
import VigilCore
import VigilImport
import VigilSession

/// `vigil import FILE…`: a stack written in another format (a CloudFormation template) as a Vigil session, with a
/// report of what became of each source resource and what the import found wrong.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import a CloudFormation template, Terraform JSON or describe-alarms output as a session: prints the session (or writes it with --out).",
    discussion: """
      Each command follows a comment with the template position it came from. Monitored resources Vigil does not
      model become `reference` lines; everything else is imported or reported as skipped, with the reason.
      --report prints the report (to standard error when the session goes to standard output). Exit codes: 0 imported
      (findings included), 2 invalid input (malformed template, unknown parameter).
      """)

  @Argument(help: "Template files (YAML or JSON), Terraform JSON (*.tf.json) or describe-alarms output (JSON).") var files: [String] = []
  @Option(name: .long, help: "cloudformation, terraform or describe-alarms (detected when not given).") var format: String?
  @Option(name: .long, help: "A template parameter or pseudo parameter: NAME=VALUE (repeatable).") var parameter: [String] = []
  @Option(name: .long, help: "Write the session to this file (atomically) instead of standard output.") var out: String?
  @Option(name: .long, help: "Print the import report: text or json.") var report: String?
  @Flag(name: .customLong("from-account"), help: "Import the account's alarms (DescribeAlarms through the AWS CLI) instead of files.") var fromAccount = false
  @Option(name: .long, help: "With --from-account: only alarms whose names start with this (AlarmNamePrefix).") var prefix: String?
  @Option(name: .customLong("save-alarms"), help: "With --from-account: also write the pulled describe-alarms output to this file.") var saveAlarms: String?
  @OptionGroup var account: AWSAccountOptions

  func run() throws {
    var chosen: ImportFormat?
    if let format {
      guard let known = ImportFormat(rawValue: format) else {
        printError("vigil import: --format must be \(ImportFormat.allCases.map(\.rawValue).joined(separator: " or ")), got '\(format)'")
        throw ExitCode.invalidInput
      }
      chosen = known
    }
    if let report, report != "text" && report != "json" {
      printError("vigil import: --report must be text or json, got '\(report)'")
      throw ExitCode.invalidInput
    }
    var parameters: [(String, String)] = []
    for text in parameter {
      guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
        printError("vigil import: --parameter must be NAME=VALUE, got '\(text)'")
        throw ExitCode.invalidInput
      }
      parameters.append((String(text[..<eq]), String(text[text.index(after: eq)...])))
    }
    if files.isEmpty && !fromAccount {
      printError("vigil import: give template files, or --from-account to import the account's alarms")
      throw ExitCode.invalidInput
    }
    let imported: StackImport
    if fromAccount {
      imported = try AccountImport.pull(files: files, format: format, prefix: prefix, saveAlarms: saveAlarms, account: account)
    } else {
      do { imported = try TemplateImport.read(files, format: chosen, parameters: parameters) } catch {
        printError(error.description)
        throw ExitCode.invalidInput
      }
    }
    let reportText = report.map { $0 == "json" ? imported.report.json.serialized() + "\n" : imported.report.text }
    if let out {
      do { try FileWriting.replace(URL(fileURLWithPath: out), with: Array(imported.session.utf8)) } catch {
        printError("vigil import: cannot write \(out): \(error.step): \(error.reason)")
        throw ExitCode.invalidInput
      }
      print(reportText ?? "wrote \(imported.commands.count) commands to \(out)", terminator: reportText == nil ? "\n" : "")
    } else {
      print(imported.session, terminator: "")
      if let reportText { printErrorInline(reportText) }
    }
  }
}
