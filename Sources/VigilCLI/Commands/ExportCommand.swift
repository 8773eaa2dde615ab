import ArgumentParser
import Foundation
import VigilSession

/// `vigil export SESSION --out DIR`: Terraform JSON (CDKTF layout or plain) and dashboard bodies.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export the session's stack as Terraform JSON (cdktf layout) plus dashboard bodies.")

  @Argument(help: "The session file (.vigil).") var session: String
  @Option(name: .long, help: "Output directory.") var out: String
  @Option(name: .long, help: "Override the environment suffix (per-branch deployments).") var suffix: String?
  @Flag(name: .long, help: "Write plain Terraform/OpenTofu (main.tf.json) without CDKTF metadata.") var plain = false
  @Flag(name: .long, help: "Also write DIR/dashboards/NAME.html: each dashboard drawn with the session's data.") var html = false

  func run() throws {
    let (interpreter, _) = try SessionLoading.replay(session)
    let export: StackExport
    do { export = try StackExport(interpreter, suffix: suffix, plain: plain, html: html) } catch {
      printError("vigil export: \(error)")
      throw ExitCode.invalidInput
    }
    try export.write(to: URL(fileURLWithPath: out))
    print("wrote \(export.files.count) files to \(out) (Terraform: \(out)/\(export.terraformPath))")
  }
}
