import VigilCore

/// One node of a CloudFormation template, YAML or JSON, with where it was written. Intrinsic functions are kept as
/// their own case in both spellings (`!Ref X` and `{"Ref": "X"}`), so the resolver sees one shape.
indirect enum TemplateNode: Sendable {
  /// A scalar as written (numbers and booleans stay text: CloudFormation passes most of them on as strings).
  case scalar(String, SourceLocation)
  case list([TemplateNode], SourceLocation)
  /// Keys in template order, each with its own position.
  case map([TemplateEntry], SourceLocation)
  /// `Ref` or `Fn::NAME` (the short form's name is normalised: `!GetAtt` → `Fn::GetAtt`), its argument.
  case intrinsic(String, TemplateNode, SourceLocation)

  var location: SourceLocation {
    switch self {
    case .scalar(_, let l), .list(_, let l), .map(_, let l), .intrinsic(_, _, let l): l
    }
  }

  var text: String? { if case .scalar(let s, _) = self { return s }; return nil }
  var entries: [TemplateEntry]? { if case .map(let e, _) = self { return e }; return nil }
  var items: [TemplateNode]? { if case .list(let i, _) = self { return i }; return nil }

  /// The value under `key` in a map.
  subscript(key: String) -> TemplateNode? { entries?.first { $0.key == key }?.value }

  /// The entry (with the key's own position) under `key` in a map.
  func entry(_ key: String) -> TemplateEntry? { entries?.first { $0.key == key } }

  /// What the node is, in words, for messages (`a list`, `a string`).
  var kindDescription: String {
    switch self {
    case .scalar: "a string"
    case .list: "a list"
    case .map: "a mapping"
    case .intrinsic(let name, _, _): "the function \(name)"
    }
  }
}

/// A key of a template mapping, its position, and its value.
struct TemplateEntry: Sendable {
  var key: String
  var keyLocation: SourceLocation
  var value: TemplateNode
}

/// The intrinsic functions and condition functions CloudFormation defines, by their short YAML tag.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
enum IntrinsicName {
  static let byTag: [String: String] = [
    "!Ref": "Ref", "!Sub": "Fn::Sub", "!GetAtt": "Fn::GetAtt", "!Select": "Fn::Select", "!Join": "Fn::Join", "!If": "Fn::If",
    "!GetAZs": "Fn::GetAZs", "!Split": "Fn::Split", "!FindInMap": "Fn::FindInMap", "!Equals": "Fn::Equals", "!Not": "Fn::Not",
    "!And": "Fn::And", "!Or": "Fn::Or", "!Condition": "Condition", "!Base64": "Fn::Base64", "!ImportValue": "Fn::ImportValue",
    "!Cidr": "Fn::Cidr", "!Length": "Fn::Length", "!ToJsonString": "Fn::ToJsonString",
  ]
  /// The long forms a single-key mapping may use.
  static let longForms: Set<String> = Set(byTag.values).subtracting(["Condition"])
}
