import ArgumentParser
import Foundation
import VigilCharts
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
  @Flag(name: .long, help: "Also write DIR/dashboards/NAME.html: each dashboard drawn with the session's data.") var html = false

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
    try ExportWriter.write(exported, to: root)
    var count = exported.files.count
    if html {
      for dashboard in interpreter.previewDashboards(suffix: suffix) {
        let url = root.appendingPathComponent("dashboards").appendingPathComponent(HTMLDashboard.fileName(for: dashboard.name))
        try ExportWriter.write(Array(HTMLDashboard().render(dashboard).utf8), to: url)
        count += 1
      }
    }
    let main = exported.files.first { $0.path.hasSuffix(".tf.json") }!.path
    print("wrote \(count) files to \(out) (Terraform: \(out)/\(main))")
  }
}
