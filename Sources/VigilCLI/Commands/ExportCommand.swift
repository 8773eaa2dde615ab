import ArgumentParser
import Foundation
import VigilExport

/// `vigil export SESSION --out DIR`: Terraform JSON (CDKTF layout or plain) and dashboard bodies.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export the session's stack as Terraform JSON (cdktf layout) plus dashboard bodies.")

  @Argument(help: "The session file (.vigil).") var session: String
  @Option(name: .long, help: "Output directory.") var out: String
  @Option(name: .long, help: "Override the environment suffix (per-branch deployments).") var suffix: String?
  @Flag(name: .long, help: "Write plain Terraform/OpenTofu (main.tf.json) without CDKTF metadata.") var plain = false

  func run() throws {
    let (interpreter, _) = try SessionLoading.replay(session)
    let exported: ExportedFiles
    do {
      exported = try TerraformExporter.export(interpreter.stack, options: ExportOptions(suffix: suffix, plain: plain))
    } catch {
      printError("vigil export: \(error)")
      throw ExitCode.invalidInput
    }
    let root = URL(fileURLWithPath: out)
    for (path, bytes) in exported.files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url)
    }
    let main = exported.files.first { $0.path.hasSuffix(".tf.json") }!.path
    print("wrote \(exported.files.count) files to \(out) (Terraform: \(out)/\(main))")
  }
}
