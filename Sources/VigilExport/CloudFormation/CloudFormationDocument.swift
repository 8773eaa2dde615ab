import VigilCore
import VigilModel

/// A CloudFormation template under construction: parameters, rules, resources and outputs, each resource remembering
/// the session resource it comes from.
///
/// Values are plain `JSONValue`s. CloudFormation reads a string literally except inside `Fn::Sub` (which Vigil never
/// writes) and except for dynamic references (`{{resolve:…}}`), which `CloudFormationExporter` refuses in user text,
/// so no escaping is needed; intrinsic functions are objects built only by `CloudFormation` below.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
struct CloudFormationDocument {
  var resources: [String: JSONValue] = [:]
  /// Logical id → the session resource it was derived from.
  var provenance: [String: SessionResource] = [:]
  /// The session resource whose derived resources are being added; set by each `<Kind>+CloudFormation.swift` builder.
  var owner = SessionResource("stack")
  var parameters: [String: JSONValue] = [:]
  var outputs: [String: JSONValue] = [:]
  var rules: [String: JSONValue] = [:]

  /// Adds a resource owned by `owner`; two resources with one logical id would replace each other, so that is an
  /// error naming both session resources.
  mutating func resource(_ type: String, _ id: String, _ properties: [String: JSONValue]) throws(CloudFormationExportError) {
    guard resources[id] == nil, parameters[id] == nil else {
      throw CloudFormationExportError.duplicateLogicalID(id, first: provenance[id] ?? SessionResource("stack"), second: owner)
    }
    resources[id] = ["Type": .string(type), "Properties": .object(properties)]
    provenance[id] = owner
  }

  /// Adds a template parameter (`Type` is a CloudFormation parameter type such as `String` or `AWS::EC2::VPC::Id`).
  mutating func parameter(
    _ id: String, type: String, description: String, noEcho: Bool = false, default value: String? = nil
  ) throws(CloudFormationExportError) {
    guard parameters[id] == nil, resources[id] == nil else {
      throw CloudFormationExportError.duplicateLogicalID(id, first: provenance[id] ?? SessionResource("stack"), second: owner)
    }
    var body: [String: JSONValue] = ["Type": .string(type), "Description": .string(description)]
    if noEcho { body["NoEcho"] = true }
    if let value { body["Default"] = .string(value) }
    parameters[id] = .object(body)
    provenance[id] = owner
  }

  mutating func output(_ id: String, value: JSONValue, description: String) {
    outputs[id] = ["Value": value, "Description": .string(description)]
  }

  /// The whole template.
  func render(description: String) -> JSONValue {
    var root: [String: JSONValue] = [
      "AWSTemplateFormatVersion": "2010-09-09", "Description": .string(description), "Resources": .object(resources),
    ]
    if !parameters.isEmpty { root["Parameters"] = .object(parameters) }
    if !outputs.isEmpty { root["Outputs"] = .object(outputs) }
    if !rules.isEmpty { root["Rules"] = .object(rules) }
    return .object(root)
  }
}

/// The intrinsic functions Vigil writes. There is deliberately no `Fn::Sub`: text is joined with `Fn::Join`, whose
/// strings CloudFormation never parses, so user text cannot become a substitution.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
enum CloudFormation {
  static func ref(_ id: String) -> JSONValue { ["Ref": .string(id)] }
  static func getAtt(_ id: String, _ attribute: String) -> JSONValue { ["Fn::GetAtt": [.string(id), .string(attribute)]] }
  static func arn(_ id: String) -> JSONValue { getAtt(id, "Arn") }
  /// The account the stack is deployed in (the pseudo parameter).
  static let accountID = ref("AWS::AccountId")

  /// The pieces joined with no delimiter; adjacent strings are merged, and a join of strings only is one string.
  static func join(_ pieces: JSONValue...) -> JSONValue { join(pieces) }
  static func join(_ pieces: [JSONValue]) -> JSONValue {
    var merged: [JSONValue] = []
    for piece in pieces {
      if case .string(let next) = piece, case .string(let previous)? = merged.last {
        merged[merged.count - 1] = .string(previous + next)
      } else if piece != .string("") {
        merged.append(piece)
      }
    }
    if merged.isEmpty { return "" }
    if merged.count == 1, case .string = merged[0] { return merged[0] }
    return ["Fn::Join": ["", .array(merged)]]
  }

  /// A policy document (an object in CloudFormation, not a string as in Terraform).
  static func policy(_ statements: [JSONValue]) -> JSONValue { ["Version": "2012-10-17", "Statement": .array(statements)] }

  static func statement(
    sid: String, principal: JSONValue? = nil, actions: [String], resources: [JSONValue], condition: JSONValue? = nil
  ) -> JSONValue {
    var s: [String: JSONValue] = [
      "Sid": .string(sid), "Effect": "Allow", "Action": .array(actions.map { .string($0) }),
      "Resource": resources.count == 1 ? resources[0] : .array(resources),
    ]
    if let principal { s["Principal"] = principal }
    if let condition { s["Condition"] = condition }
    return .object(s)
  }

  static func assumeRole(_ service: JSONValue) -> JSONValue {
    policy([
      [
        "Effect": "Allow", "Principal": ["Service": service], "Action": "sts:AssumeRole",
        "Condition": ["StringEquals": ["aws:SourceAccount": accountID]],
      ]
    ])
  }

  /// A `[{Name|Key: …, Value: …}]` list from a dictionary, sorted by name so the template is deterministic.
  static func pairs(_ members: [String: String], name: String = "Name") -> JSONValue {
    .array(members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { [name: .string($0.key), "Value": .string($0.value)] })
  }
}
