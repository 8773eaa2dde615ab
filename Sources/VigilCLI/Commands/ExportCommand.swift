import ArgumentParser
import Foundation
import VigilCore
import VigilSession

extension ExportFormat: ExpressibleByArgument {}

/// `vigil export SESSION --out DIR`: Terraform JSON (CDKTF layout or plain) or a CloudFormation template, and
/// dashboard bodies.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export the session's stack as Terraform JSON (cdktf layout) or a CloudFormation template, plus dashboard bodies.")

  @Argument(help: "The session file (.vigil).") var session: String
  @Option(name: .long, help: "Output directory (default: out).") var out: String = "out"
  @Option(name: .long, help: "Override the environment suffix (per-branch deployments).") var suffix: String?
  @Option(name: .long, help: "terraform (default) or cloudformation (DIR/template.json, Lambda bundles to upload, dashboards).")
  var format: ExportFormat = .terraform
  @Flag(name: .long, help: "With --format cloudformation: write DIR/template.yaml instead of template.json.") var yaml = false
  @Flag(name: .long, help: "Write plain Terraform/OpenTofu (main.tf.json) without CDKTF metadata.") var plain = false
  @Option(name: .long, help: "Version constraint of the hashicorp/aws provider (default: 6.25.0, the version the schema check validates), e.g. '~> 5.100'.")
  var awsProvider: String?
  @Flag(name: .long, help: "Also write DIR/dashboards/NAME.html: each dashboard drawn with the session's data.") var html = false
  @Flag(name: .long, help: "Remove the files an earlier export into DIR wrote that this one does not (else refused).") var force = false

  func validate() throws {
    if format == .cloudformation, plain { throw ValidationError("--plain applies to --format terraform only") }
    if format == .cloudformation, awsProvider != nil { throw ValidationError("--aws-provider applies to --format terraform only") }
    if format == .terraform, yaml { throw ValidationError("--yaml applies to --format cloudformation only") }
  }

  func run() throws {
    let (interpreter, _) = try SessionLoading.replay(session)
    let export: StackExport
    do {
      export = try StackExport(interpreter, suffix: suffix, plain: plain, html: html, format: format, yaml: yaml, awsProvider: awsProvider)
    } catch {
      printError("vigil: error: \(error)")
      throw ExitCode.invalidInput
    }
    let directory = URL(fileURLWithPath: out)
    let paths = export.files.map(\.path)
    // Files of an earlier export that this one would not overwrite would be applied with it: refused unless --force.
    let (stale, replaced) = ExportManifest.compare(previous: ExportManifest.read(in: directory), next: paths)
    if !stale.isEmpty && !force {
      CommandLineErrors.report(
        "\(out) holds \(stale.count) file(s) of an earlier export that this one would not write: "
          + stale.joined(separator: ", ") + "; export into an empty folder, or add --force to remove them")
      throw ExitCode.invalidInput
    }
    try export.write(to: directory)
    for path in stale { try FileManager.default.removeItem(at: directory.appendingPathComponent(path)) }
    do throws(FileWriteFailure) { try ExportManifest.write(paths, in: directory) } catch {
      CommandLineErrors.report("cannot write \(out)/\(ExportManifest.fileName): \(error.step): \(error.reason)")
      throw ExitCode.invalidInput
    }
    let kind = format == .terraform ? "Terraform" : "CloudFormation"
    print("wrote \(export.files.count) files to \(out) (\(kind): \(out)/\(export.terraformPath))")
    if !stale.isEmpty {
      print("removed \(stale.count) file(s) of the earlier export: " + stale.joined(separator: ", "))
      print("replaced \(replaced.count) file(s) of the earlier export" + (replaced.isEmpty ? "" : ": " + replaced.joined(separator: ", ")))
    }
  }
}
