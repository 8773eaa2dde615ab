import Foundation
import VigilCore
import VigilModel

/// A Terraform JSON configuration under construction: resources, data sources, variables, outputs.
/// Rendering follows Terraform's JSON syntax; the CDKTF layout adds `//` metadata blocks.
struct TerraformDocument {
  var resources: [String: [String: TerraformValue]] = [:]
  /// The session resource each resource address comes from.
  var provenance: [String: SessionResource] = [:]
  /// The session resource whose derived resources are being added; set by each `<Kind>+Terraform.swift` builder.
  var owner = SessionResource("stack")
  var data: [String: [String: TerraformValue]] = [:]
  var variables: [String: TerraformValue] = [:]
  var outputs: [String: TerraformValue] = [:]

  /// Adds a resource owned by `owner` and returns its address (`aws_sns_topic.oncall`) for references.
  /// Two resources with one address would silently replace each other in Terraform JSON, so that is an error
  /// naming both session resources (`ResourceNames.collisions` reports the known clashes earlier, with positions).
  @discardableResult
  mutating func resource(_ type: String, _ id: String, _ body: [String: TerraformValue]) throws(ExportError) -> String {
    let address = "\(type).\(id)"
    if resources[type]?[id] != nil {
      throw ExportError.duplicateResource(address, first: provenance[address] ?? SessionResource("stack"), second: owner)
    }
    resources[type, default: [:]][id] = .object(body)
    provenance[address] = owner
    return address
  }

  @discardableResult
  mutating func dataSource(_ type: String, _ id: String, _ body: [String: TerraformValue]) -> String {
    data[type, default: [:]][id] = .object(body)
    return "data.\(type).\(id)"
  }

  mutating func variable(_ name: String, type: String, description: String, sensitive: Bool = false, default value: TerraformValue? = nil) {
    // `type` is a type constraint expression, not a string template.
    var body: [String: TerraformValue] = ["type": .template(TerraformTemplate(rendered: type)), "description": .string(description)]
    if sensitive { body["sensitive"] = true }
    if let value { body["default"] = value }
    variables[name] = .object(body)
  }

  mutating func output(_ name: String, value: TerraformTemplate, description: String) {
    outputs[name] = ["value": .template(value), "description": .string(description)]
  }

  /// The whole document, rendered: every literal string escaped for Terraform's templates (`TerraformValue.rendered`).
  /// With `cdktf`, adds the top-level and per-resource `//` metadata the way
  /// `cdktf synth` writes it (path `stack/id`, uniqueId `id`).
  func render(stackName: String, region: String, cdktf: Bool, tags: [String: String], awsProvider: String) -> JSONValue {
    var root: [String: TerraformValue] = [:]
    var resourceBlocks: [String: TerraformValue] = [:]
    for (type, items) in resources {
      var typed: [String: TerraformValue] = [:]
      for (id, body) in items {
        guard cdktf, case .object(var members) = body else {
          typed[id] = body
          continue
        }
        members["//"] = ["metadata": ["path": .string("\(stackName)/\(id)"), "uniqueId": .string(id)]]
        typed[id] = .object(members)
      }
      resourceBlocks[type] = .object(typed)
    }
    root["resource"] = .object(resourceBlocks)
    if !data.isEmpty { root["data"] = .object(data.mapValues { .object($0) }) }
    if !variables.isEmpty { root["variable"] = .object(variables) }
    if !outputs.isEmpty { root["output"] = .object(outputs) }
    root["provider"] = [
      "aws": [["region": .string(region), "default_tags": [["tags": .object(tags.mapValues { .string($0) })]]]]
    ]
    // No `required_version`: Checkov's terraform_json parser fails on the whole file when the terraform block
    // holds a plain string (https://github.com/bridgecrewio/checkov/issues/7454); the provider pin stays.
    var terraform: [String: TerraformValue] = [
      "required_providers": ["aws": ["source": "hashicorp/aws", "version": .string(awsProvider)]]
    ]
    if cdktf {
      terraform["backend"] = ["local": ["path": "terraform.tfstate"]]
      root["//"] = [
        "metadata": ["backend": "local", "stackName": .string(stackName), "version": .string("vigil-\(VigilVersion.string)")],
        "outputs": .object([stackName: .object(Dictionary(uniqueKeysWithValues: outputs.keys.map { ($0, TerraformValue.string($0)) }))]),
      ]
    }
    root["terraform"] = .object(terraform)
    return TerraformValue.object(root).rendered
  }
}

extension TerraformDocument {
  /// The `hashicorp/aws` version an export pins unless `--aws-provider` says otherwise: the provider whose schema
  /// `tfjson-check` validates the export against.
  static let defaultAWSProvider = "6.25.0"
}

/// Terraform's version constraint syntax, checked before it is written into `required_providers`.
/// https://developer.hashicorp.com/terraform/language/expressions/version-constraints
enum ProviderConstraint {
  static let operators = ["~>", ">=", "<=", "!=", "=", ">", "<"]

  /// One or more comma-separated `[OPERATOR] VERSION`, VERSION being one to three dot-separated numbers with an
  /// optional `-prerelease` (letters, digits, `.`, `-`).
  static func isValid(_ text: String) -> Bool {
    let pieces = text.split(separator: ",", omittingEmptySubsequences: false)
    return !pieces.isEmpty && pieces.allSatisfy { piece in
      var rest = Substring(piece.trimmingCharacters(in: .whitespaces))
      if let op = operators.first(where: { rest.hasPrefix($0) }) {
        rest = Substring(rest.dropFirst(op.count).trimmingCharacters(in: .whitespaces))
      }
      let parts = rest.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
      guard let release = parts.first else { return false }
      let numbers = release.split(separator: ".", omittingEmptySubsequences: false)
      guard (1...3).contains(numbers.count), numbers.allSatisfy({ !$0.isEmpty && $0.count <= 9 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
        return false
      }
      guard parts.count == 2 else { return true }
      return !parts[1].isEmpty && parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
    }
  }
}

/// Vigil's version, written into export metadata.
public enum VigilVersion {
  public static let string = "0.1.0"
}

/// Builds IAM-style policy documents as JSON strings (Terraform reads them as string templates,
/// so `${...}` references inside stay live and any literal text is escaped).
enum PolicyDocument {
  static func statement(
    sid: String, principal: TerraformValue? = nil, actions: [String], resources: [TerraformTemplate], condition: TerraformValue? = nil
  ) -> TerraformValue {
    var s: [String: TerraformValue] = [
      "Sid": .string(sid), "Effect": "Allow", "Action": .array(actions.map { .string($0) }),
      "Resource": resources.count == 1 ? .template(resources[0]) : .array(resources.map { .template($0) }),
    ]
    if let principal { s["Principal"] = principal }
    if let condition { s["Condition"] = condition }
    return .object(s)
  }

  static func render(_ statements: [TerraformValue]) -> TerraformValue {
    (["Version": "2012-10-17", "Statement": .array(statements)] as TerraformValue).serializedTemplate
  }

  static func assumeRole(_ service: String, sourceAccount: TerraformTemplate? = nil) -> TerraformValue {
    var s: [String: TerraformValue] = [
      "Effect": "Allow", "Principal": ["Service": .string(service)], "Action": "sts:AssumeRole",
    ]
    if let sourceAccount { s["Condition"] = ["StringEquals": ["aws:SourceAccount": .template(sourceAccount)]] }
    return (["Version": "2012-10-17", "Statement": [.object(s)]] as TerraformValue).serializedTemplate
  }
}
