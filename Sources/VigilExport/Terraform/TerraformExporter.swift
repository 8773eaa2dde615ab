import Foundation
import VigilCore
import VigilModel

/// The files an export writes, relative to the output directory, in a stable order.
public struct ExportedFiles: Sendable {
  public var files: [(path: String, bytes: [UInt8])]
  public init(files: [(path: String, bytes: [UInt8])]) { self.files = files }
}

/// Options of `vigil export`.
public struct ExportOptions: Sendable {
  /// Overrides the environment suffix (per-branch deployments).
  public var suffix: String?
  /// Plain Terraform/OpenTofu: `main.tf.json` without CDKTF metadata.
  public var plain: Bool
  /// The version constraint of the `hashicorp/aws` provider (`--aws-provider '~> 5.100'`); nil keeps
  /// `TerraformDocument.defaultAWSProvider`, the version the provider schema check validates.
  public var awsProvider: String?
  public init(suffix: String? = nil, plain: Bool = false, awsProvider: String? = nil) {
    self.suffix = suffix
    self.plain = plain
    self.awsProvider = awsProvider
  }
}

/// Why a stack cannot be exported.
public enum ExportError: Error, Equatable, CustomStringConvertible {
  case noStack
  case invalidSuffix(String)
  /// Two session resources would get the same name (from `ResourceNames.collisions`, at the later definition).
  case nameCollision(Diagnostic)
  /// Two session resources produced the same Terraform address (a clash `ResourceNames.collisions` does not know).
  case duplicateResource(String, first: SessionResource, second: SessionResource)
  /// A canary's URL is not one Vigil writes into the canary's code (`HTTPSURL`).
  case invalidCanaryURL(canary: String, HTTPSURLError)
  /// A Lambda `--handler` would name a file outside the bundle or is not `MODULE.FUNCTION` (`LambdaHandlerName`).
  case invalidHandler(service: String, LambdaHandlerNameError)
  /// `--aws-provider` is not a Terraform version constraint (`ProviderConstraint`).
  case invalidProviderConstraint(String)
  public var description: String {
    switch self {
    case .noStack: return "the session defines no stack: start it with 'stack NAME --suffix SUFFIX'"
    case .invalidSuffix(let s): return "--suffix '\(s)' must be 1 to 12 lowercase letters, digits or '-', starting with a letter"
    case .nameCollision(let diagnostic): return diagnostic.headline
    case .duplicateResource(let address, let first, let second):
      return "\(second) and \(first) both need the Terraform resource \(address); rename one of them"
    case .invalidCanaryURL(let canary, let error): return "canary \(canary): --url \(error)"
    case .invalidHandler(let service, let error): return "service \(service): --handler \(error)"
    case .invalidProviderConstraint(let text):
      return "--aws-provider '\(text)' is not a Terraform version constraint: one or more of VERSION or OPERATOR VERSION "
        + "separated by commas, OPERATOR one of = != > >= < <= ~> (e.g. '~> 5.100')"
    }
  }
}

/// The Terraform configuration of a stack as a value, and where each of its resources comes from.
public struct TerraformExport: Sendable {
  /// The configuration as written to `cdk.tf.json` / `main.tf.json` (before serialisation).
  public var document: JSONValue
  /// Resource address (`aws_sqs_queue.dlq_oncall`) → the session resource it was derived from.
  public var provenance: [String: SessionResource]
  /// The environment the names carry (the stack's, or `--suffix`'s).
  public var environment: Environment
}

/// Writes the stack as Terraform JSON in the layout `cdktf synth` produces
/// (`stacks/<stack>/cdk.tf.json`), or plain `main.tf.json`, plus dashboard bodies and bundled code.
public struct TerraformExporter {
  let stack: Stack
  let env: Environment
  let options: ExportOptions
  var doc = TerraformDocument()
  var bundles: [(String, [UInt8])] = []
  /// The stack's dashboards, built once: the Terraform resources and the `dashboards/NAME.json` files both need them.
  let dashboards: [Dashboard]

  init(stack: Stack, env: Environment, options: ExportOptions) {
    self.stack = stack
    self.env = env
    self.options = options
    dashboards = DashboardBuilder(stack: stack, env: env).dashboards()
  }

  static let account: TerraformTemplate = "${data.aws_caller_identity.current.account_id}"
  static let insightsLayerVariable = "lambda_insights_layer_arn"

  /// The environment an export uses: the stack's, with `options.suffix` when given.
  static func environment(_ stack: Stack, _ options: ExportOptions) throws(ExportError) -> Environment {
    guard var env = stack.environment else { throw ExportError.noStack }
    if let suffix = options.suffix {
      let ok =
        suffix.count <= 12 && suffix.first.map { $0.isLowercase && $0.isLetter } == true
        && suffix.allSatisfy { ($0.isLowercase && $0.isLetter) || $0.isNumber || $0 == "-" }
      guard ok else { throw ExportError.invalidSuffix(suffix) }
      env.suffix = suffix
    }
    if let constraint = options.awsProvider, !ProviderConstraint.isValid(constraint) {
      throw ExportError.invalidProviderConstraint(constraint)
    }
    return env
  }

  /// Builds the exporter's document; name collisions are reported before anything is built.
  static func built(_ stack: Stack, _ options: ExportOptions) throws(ExportError) -> TerraformExporter {
    let env = try environment(stack, options)
    if let collision = ResourceNames(env).collisions(in: stack).first { throw ExportError.nameCollision(collision) }
    var exporter = TerraformExporter(stack: stack, env: env, options: options)
    try exporter.build()
    return exporter
  }

  /// The rendered document with its provenance: what policy rules read, without serialising and parsing it again.
  func terraform() -> TerraformExport {
    let tags = ["Stack": env.stackName, "Environment": env.suffix, "ManagedBy": "vigil"]
    let document = doc.render(
      stackName: env.stackName, region: env.region, cdktf: !options.plain, tags: tags,
      awsProvider: options.awsProvider ?? TerraformDocument.defaultAWSProvider)
    return TerraformExport(document: document, provenance: doc.provenance, environment: env)
  }

  /// The stack's Terraform configuration as a value (no files, bundles or dashboards).
  public static func terraform(_ stack: Stack, options: ExportOptions = ExportOptions()) throws(ExportError) -> TerraformExport {
    try built(stack, options).terraform()
  }

  /// Every file of the export; throws an `ExportError`.
  public static func export(_ stack: Stack, options: ExportOptions = ExportOptions()) throws -> ExportedFiles {
    let exporter = try built(stack, options)
    let env = exporter.env
    let document = exporter.terraform().document
    let directory = options.plain ? "" : "stacks/\(env.stackName)/"
    var files: [(String, [UInt8])] = []
    var main = document.serializedBytes()
    main.append(0x0A)
    files.append((directory + (options.plain ? "main.tf.json" : "cdk.tf.json"), main))
    for (path, bytes) in exporter.bundles { files.append((directory + path, bytes)) }
    // Checkov reads .checkov.yaml from the directory given with -d: next to the Terraform file, and at the
    // root of a CDKTF-layout export so `checkov -d OUT` finds it too.
    let checkovConfig = Array(CheckovSkips.yaml(for: stack).utf8)
    files.append((directory + ".checkov.yaml", checkovConfig))
    if !options.plain { files.append((".checkov.yaml", checkovConfig)) }
    for dashboard in exporter.dashboards {
      files.append(("dashboards/\(dashboard.name).json", dashboardFileBytes(dashboard)))
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

  /// `dashboards/NAME.json`: the body for `aws cloudwatch put-dashboard`, with the `${AWS_ACCOUNT_ID}` placeholder
  /// the deployer substitutes (by hand or with a tool such as `envsubst`). A `${…}` or `%{…}` in user text must not
  /// take part in that substitution, so the body spells `$` and `%` before `{` as the JSON escapes `\u0024` and
  /// `\u0025`: the same string for CloudWatch, without the characters a substitution looks for. `$` and `%` occur
  /// only inside JSON strings, where the escape is valid.
  static func dashboardFile(_ dashboard: Dashboard) -> String {
    String(decoding: dashboardFileBytes(dashboard).dropLast(), as: UTF8.self)
  }

  /// ``dashboardFile(_:)`` as bytes with its closing newline, made in one pass over the serialised body (three
  /// Foundation `replacingOccurrences` over every body were a fifth of a large export's time).
  static func dashboardFileBytes(_ dashboard: Dashboard) -> [UInt8] {
    let body = dashboard.body(accountID: AccountPlaceholder.text).serializedBytes()
    var out: [UInt8] = []
    out.reserveCapacity(body.count + 64)
    body.withUnsafeBufferPointer { bytes in
      var accounts = AccountPlaceholder.occurrences(in: bytes)[...]
      var i = 0
      while i < bytes.count {
        if accounts.first == i {
          accounts.removeFirst()
          out.append(contentsOf: "${AWS_ACCOUNT_ID}".utf8)
          i += AccountPlaceholder.text.utf8.count
          continue
        }
        let byte = bytes[i]
        if (byte == UInt8(ascii: "$") || byte == UInt8(ascii: "%")) && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "{") {
          out.append(contentsOf: (byte == UInt8(ascii: "$") ? "\\u0024" : "\\u0025").utf8)
        } else {
          out.append(byte)
        }
        i += 1
      }
    }
    out.append(0x0A)
    return out
  }

  /// Every physical name and logical id comes from the one naming owner.
  var names: ResourceNames { ResourceNames(env) }

  mutating func build() throws(ExportError) {
    doc.dataSource("aws_caller_identity", "current", [:])
    try buildKeys()
    try buildNetwork()
    try buildArchive()
    try buildLogGroups()
    try buildTopics()
    try buildClusters()
    try buildServices()
    try buildMetricFilters()
    try buildAlarms()
    try buildComposites()
    try buildTracing()
    try buildFlowLogs()
    try buildRemediations()
    try buildCanaries()
    try buildParameters()
    try buildQueryDefinitions()
    try buildDashboards()
    try buildVariables()
  }
}

extension String {
  var replacingHyphens: String { String(map { $0 == "-" ? "_" : $0 }) }
}
