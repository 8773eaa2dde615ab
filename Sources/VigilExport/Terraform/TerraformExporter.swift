import VigilCore
import VigilModel

/// The files an export writes, relative to the output directory, in a stable order.
public struct ExportedFiles: Sendable {
  public var files: [(path: String, bytes: [UInt8])]
}

/// Options of `vigil export`.
public struct ExportOptions: Sendable {
  /// Overrides the environment suffix (per-branch deployments).
  public var suffix: String?
  /// Plain Terraform/OpenTofu: `main.tf.json` without CDKTF metadata.
  public var plain: Bool
  public init(suffix: String? = nil, plain: Bool = false) {
    self.suffix = suffix
    self.plain = plain
  }
}

public enum ExportError: Error, Equatable, CustomStringConvertible {
  case noStack
  case invalidSuffix(String)
  public var description: String {
    switch self {
    case .noStack: return "the session defines no stack: start it with 'stack NAME --suffix SUFFIX'"
    case .invalidSuffix(let s): return "--suffix '\(s)' must be 1 to 12 lowercase letters, digits or '-', starting with a letter"
    }
  }
}

/// Writes the stack as Terraform JSON in the layout `cdktf synth` produces
/// (`stacks/<stack>/cdk.tf.json`), or plain `main.tf.json`, plus dashboard bodies and bundled code.
public struct TerraformExporter {
  let stack: Stack
  let env: Environment
  let options: ExportOptions
  var doc = TerraformDocument()
  var bundles: [(String, [UInt8])] = []

  static let account = "${data.aws_caller_identity.current.account_id}"
  static let insightsLayerVariable = "lambda_insights_layer_arn"

  public static func export(_ stack: Stack, options: ExportOptions = ExportOptions()) throws -> ExportedFiles {
    guard var env = stack.environment else { throw ExportError.noStack }
    if let suffix = options.suffix {
      let ok =
        suffix.count <= 12 && suffix.first.map { $0.isLowercase && $0.isLetter } == true
        && suffix.allSatisfy { ($0.isLowercase && $0.isLetter) || $0.isNumber || $0 == "-" }
      guard ok else { throw ExportError.invalidSuffix(suffix) }
      env.suffix = suffix
    }
    var exporter = TerraformExporter(stack: stack, env: env, options: options)
    exporter.build()
    let tags = ["Stack": env.stackName, "Environment": env.suffix, "ManagedBy": "vigil"]
    let document = exporter.doc.render(stackName: env.stackName, region: env.region, cdktf: !options.plain, tags: tags)
    let directory = options.plain ? "" : "stacks/\(env.stackName)/"
    var files: [(String, [UInt8])] = []
    files.append((directory + (options.plain ? "main.tf.json" : "cdk.tf.json"), Array((document.serialized() + "\n").utf8)))
    for (path, bytes) in exporter.bundles { files.append((directory + path, bytes)) }
    // Checkov reads .checkov.yaml from the directory given with -d: next to the Terraform file, and at the
    // root of a CDKTF-layout export so `checkov -d OUT` finds it too.
    let checkovConfig = Array(CheckovSkips.yaml(for: stack).utf8)
    files.append((directory + ".checkov.yaml", checkovConfig))
    if !options.plain { files.append((".checkov.yaml", checkovConfig)) }
    for dashboard in DashboardBuilder(stack: stack, env: env).dashboards() {
      files.append(("dashboards/\(dashboard.name).json", Array((dashboard.body(accountID: "${AWS_ACCOUNT_ID}").serialized() + "\n").utf8)))
    }
    if !options.plain {
      let manifest: JSONValue = [
        "version": .string("vigil-\(VigilVersion.string)"),
        "stacks": .object([
          env.stackName: [
            "name": .string(env.stackName), "constructPath": .string(env.stackName),
            "workingDirectory": .string("stacks/\(env.stackName)"),
            "synthesizedStackPath": .string("stacks/\(env.stackName)/cdk.tf.json"), "annotations": [], "dependencies": [],
          ]
        ]),
      ]
      files.append(("manifest.json", Array((manifest.serialized() + "\n").utf8)))
    }
    return ExportedFiles(files: files.sorted { $0.0 < $1.0 })
  }

  /// Every physical name and logical id comes from the one naming owner.
  var names: ResourceNames { ResourceNames(env) }

  mutating func build() {
    doc.dataSource("aws_caller_identity", "current", [:])
    buildKeys()
    buildNetwork()
    buildArchive()
    buildLogGroups()
    buildTopics()
    buildClusters()
    buildServices()
    buildMetricFilters()
    buildAlarms()
    buildComposites()
    buildTracing()
    buildFlowLogs()
    buildRemediations()
    buildCanaries()
    buildParameters()
    buildQueryDefinitions()
    buildDashboards()
    buildVariables()
  }
}

extension String {
  var replacingHyphens: String { String(map { $0 == "-" ? "_" : $0 }) }
}
