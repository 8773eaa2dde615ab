import VigilCore
import VigilModel

/// Options of `vigil export --format cloudformation`.
public struct CloudFormationOptions: Sendable {
  /// Overrides the environment suffix (per-branch deployments).
  public var suffix: String?
  /// Writes `template.yaml` (long-form intrinsics, `Fn::Join` / `Ref`) instead of `template.json`.
  public var yaml: Bool
  public init(suffix: String? = nil, yaml: Bool = false) {
    self.suffix = suffix
    self.yaml = yaml
  }
}

/// Why a stack cannot be exported as a CloudFormation template.
public enum CloudFormationExportError: Error, Equatable, CustomStringConvertible {
  /// What stops the Terraform export too (no stack, a bad suffix, a name collision, a bad canary URL or handler).
  case export(ExportError)
  /// Two session resources produced the same logical id (CloudFormation ids keep only letters and digits).
  case duplicateLogicalID(String, first: SessionResource, second: SessionResource)
  /// The session uses something CloudFormation cannot create; the reason says what and the way out.
  case notInCloudFormation(SessionResource, String)
  /// User text holds `{{resolve:`, which CloudFormation would resolve as a dynamic reference (a parameter or secret
  /// read at deploy time) and which has no escape.
  case dynamicReference(SessionResource, logicalID: String)

  public var description: String {
    switch self {
    case .export(let error): return error.description
    case .duplicateLogicalID(let id, let first, let second):
      return "\(second) and \(first) both need the CloudFormation logical id \(id) (ids keep only letters and digits); rename one of them"
    case .notInCloudFormation(let resource, let reason): return "\(resource): \(reason)"
    case .dynamicReference(let resource, let id):
      return "\(resource): its text contains '{{resolve:', which CloudFormation would resolve as a dynamic reference "
        + "in \(id) (a value read from SSM or Secrets Manager at deploy time); CloudFormation has no escape for it, so remove it"
    }
  }
}

/// A stack's CloudFormation template as a value, and where each of its resources and parameters comes from.
public struct CloudFormationExport: Sendable {
  /// The template as written to `template.json` / `template.yaml` (before serialisation).
  public var template: JSONValue
  /// Logical id (resource or parameter) → the session resource it was derived from.
  public var provenance: [String: SessionResource]
  /// The environment the names carry (the stack's, or `--suffix`'s).
  public var environment: Environment
}

/// Writes the stack as one CloudFormation template with every resource the Terraform export has, mapped to its
/// CloudFormation type. Names come from `ResourceNames` (the same physical names as the Terraform export; logical
/// ids from `ResourceNames.cloudFormationID`), so both exports deploy the same stack. One `<Kind>+CloudFormation.swift`
/// per kind, mirroring `Terraform/`.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
public struct CloudFormationExporter {
  let stack: Stack
  let env: Environment
  var doc = CloudFormationDocument()
  /// Files deployed beside the template (Lambda bundles), relative to the output directory.
  var bundles: [(String, [UInt8])] = []
  /// The stack's dashboards, built once by `buildDashboards`: the template's resources and the `dashboards/NAME.json`
  /// files both need them.
  var dashboards: [Dashboard] = []

  static let account = CloudFormation.accountID
  /// The parameter naming the S3 bucket the Lambda bundles are uploaded to (`LambdaArtifactBucket`).
  static let artifactBucket = "LambdaArtifactBucket"

  var names: ResourceNames { ResourceNames(env) }

  static func built(_ stack: Stack, _ options: CloudFormationOptions) throws(CloudFormationExportError) -> CloudFormationExporter {
    let env: Environment
    do { env = try TerraformExporter.environment(stack, ExportOptions(suffix: options.suffix)) } catch { throw .export(error) }
    if let collision = ResourceNames(env).collisions(in: stack).first { throw .export(.nameCollision(collision)) }
    var exporter = CloudFormationExporter(stack: stack, env: env)
    try exporter.build()
    try exporter.refuseDynamicReferences()
    return exporter
  }

  /// The stack's template as a value (no files).
  public static func template(_ stack: Stack, options: CloudFormationOptions = CloudFormationOptions()) throws(CloudFormationExportError)
    -> CloudFormationExport
  {
    let exporter = try built(stack, options)
    return CloudFormationExport(template: exporter.rendered, provenance: exporter.doc.provenance, environment: exporter.env)
  }

  /// Every file of the export: the template, the Lambda bundles it names and the dashboard bodies.
  public static func export(_ stack: Stack, options: CloudFormationOptions = CloudFormationOptions()) throws(CloudFormationExportError)
    -> ExportedFiles
  {
    let exporter = try built(stack, options)
    let text = options.yaml ? CloudFormationYAML.render(exporter.rendered) : exporter.rendered.serialized() + "\n"
    var files: [(String, [UInt8])] = [(options.yaml ? "template.yaml" : "template.json", Array(text.utf8))]
    files += exporter.bundles
    for dashboard in exporter.dashboards {
      files.append(("dashboards/\(dashboard.name).json", TerraformExporter.dashboardFileBytes(dashboard)))
    }
    return ExportedFiles(files: files.sorted { $0.0 < $1.0 })
  }

  var rendered: JSONValue {
    doc.render(description: "\(env.stackName) observability stack (\(env.suffix)), written by vigil-\(VigilVersion.string)")
  }

  mutating func build() throws(CloudFormationExportError) {
    buildRegionRule()
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

  /// The names, ARNs and dashboards carry the stack's region, as the Terraform provider block pins it; a rule makes
  /// CloudFormation refuse to create the stack in another region instead of creating resources that point elsewhere.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html
  mutating func buildRegionRule() {
    doc.rules["StackRegion"] = [
      "Assertions": [
        [
          "Assert": ["Fn::Equals": [CloudFormation.ref("AWS::Region"), .string(env.region)]],
          "AssertDescription": .string("This template was exported for \(env.region); deploy it there or export with another region."),
        ]
      ]
    ]
  }

  /// Refuses user text that CloudFormation would resolve: a `{{resolve:…}}` anywhere in a property, a parameter's
  /// default or an output is replaced at deploy time by an SSM parameter or a Secrets Manager secret. Vigil writes
  /// no dynamic reference itself (SSM values come in through `AWS::SSM::Parameter::Value<String>` parameters), so
  /// any occurrence is the user's.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
  func refuseDynamicReferences() throws(CloudFormationExportError) {
    func contains(_ value: JSONValue) -> Bool {
      switch value {
      case .string(let s): return s.lowercased().contains("{{resolve:")
      case .array(let items): return items.contains(where: contains)
      case .object(let members): return members.contains { contains(.string($0.key)) || contains($0.value) }
      default: return false
      }
    }
    for (id, value) in (doc.resources.merging(doc.parameters) { a, _ in a }).sorted(by: { $0.key < $1.key }) where contains(value) {
      throw .dynamicReference(doc.provenance[id] ?? SessionResource("stack"), logicalID: id)
    }
    for (id, value) in doc.outputs.sorted(by: { $0.key < $1.key }) where contains(value) {
      throw .dynamicReference(SessionResource("stack"), logicalID: id)
    }
  }
}
