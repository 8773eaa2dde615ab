import Foundation
import VigilCharts
import VigilExport

/// The session's stack as files: Terraform JSON (CDKTF layout or plain), dashboard bodies and, on request,
/// each dashboard drawn as an HTML page with the session's data. What `vigil export` writes.
public struct StackExport {
  /// Every file, relative to the output directory: the exporter's files first, then the HTML dashboards.
  public let files: [(path: String, bytes: [UInt8])]
  /// The Terraform file among them (`cdk.tf.json` or `main.tf.json`).
  public let terraformPath: String

  /// Exports the session's stack; `suffix` overrides the environment suffix, `plain` drops the CDKTF metadata,
  /// `html` adds `dashboards/NAME.html` per dashboard.
  public init(_ interpreter: Interpreter, suffix: String? = nil, plain: Bool = false, html: Bool = false) throws {
    var files = try TerraformExporter.export(interpreter.stack, options: ExportOptions(suffix: suffix, plain: plain)).files
    let terraform = files.first { $0.path.hasSuffix(".tf.json") }?.path ?? (plain ? "main.tf.json" : "cdk.tf.json")
    if html {
      for dashboard in interpreter.previewDashboards(suffix: suffix) {
        files.append(("dashboards/" + HTMLDashboard.fileName(for: dashboard.name), Array(HTMLDashboard().render(dashboard).utf8)))
      }
    }
    self.files = files
    self.terraformPath = terraform
  }

  /// Writes every file under `directory`, creating the folders they need: each atomically, created 0600 or
  /// keeping the mode of the file it replaces (`ExportWriter`).
  public func write(to directory: URL) throws {
    try ExportWriter.write(ExportedFiles(files: files), to: directory)
  }
}
