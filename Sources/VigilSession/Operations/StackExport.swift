import Foundation
import VigilCharts
import VigilExport

/// What `vigil export --format` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
  /// Terraform JSON (CDKTF layout, or plain with `--plain`).
  case terraform
  /// One CloudFormation template (`template.json`, or `template.yaml` with `--yaml`).
  case cloudformation
}

/// The session's stack as files: Terraform JSON (CDKTF layout or plain) or a CloudFormation template, dashboard bodies
/// and, on request, each dashboard drawn as an HTML page with the session's data. What `vigil export` writes.
public struct StackExport {
  /// Every file, relative to the output directory: the exporter's files first, then the HTML dashboards.
  public let files: [(path: String, bytes: [UInt8])]
  /// The main file among them: the Terraform file (`cdk.tf.json` or `main.tf.json`) or the CloudFormation template.
  public let terraformPath: String

  /// Exports the session's stack; `suffix` overrides the environment suffix, `plain` drops the CDKTF metadata,
  /// `html` adds `dashboards/NAME.html` per dashboard, `awsProvider` sets the Terraform provider constraint;
  /// `format` chooses Terraform or CloudFormation (`yaml` for a YAML template).
  public init(
    _ interpreter: Interpreter, suffix: String? = nil, plain: Bool = false, html: Bool = false, format: ExportFormat = .terraform,
    yaml: Bool = false, awsProvider: String? = nil
  ) throws {
    var files: [(path: String, bytes: [UInt8])]
    let main: String
    switch format {
    case .terraform:
      files = try TerraformExporter.export(interpreter.stack, options: ExportOptions(suffix: suffix, plain: plain, awsProvider: awsProvider)).files
      main = files.first { $0.path.hasSuffix(".tf.json") }?.path ?? (plain ? "main.tf.json" : "cdk.tf.json")
    case .cloudformation:
      files = try CloudFormationExporter.export(interpreter.stack, options: CloudFormationOptions(suffix: suffix, yaml: yaml)).files
      main = yaml ? "template.yaml" : "template.json"
    }
    if html {
      for dashboard in interpreter.previewDashboards(suffix: suffix) {
        files.append(("dashboards/" + HTMLDashboard.fileName(for: dashboard.name), Array(HTMLDashboard().render(dashboard).utf8)))
      }
    }
    self.files = files
    self.terraformPath = main
  }

  /// Writes every file under `directory`, creating the folders they need: each atomically, created 0600 or
  /// keeping the mode of the file it replaces (`ExportWriter`).
  public func write(to directory: URL) throws {
    try ExportWriter.write(ExportedFiles(files: files), to: directory)
  }
}
