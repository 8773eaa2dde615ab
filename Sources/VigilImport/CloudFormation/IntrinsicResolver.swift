import Foundation
import VigilCore

/// A template value after intrinsic functions: strings may hold `${…}` parts that stay symbolic (a pseudo parameter
/// without a value, an ARN CloudFormation generates), in the syntax of `Fn::Sub`.
indirect enum TemplateValue: Equatable, Sendable {
  /// `symbolic`: some part is known only once the stack is deployed.
  case string(String, symbolic: Bool)
  case list([TemplateValue])
  case map([String: TemplateValue])
  /// `AWS::NoValue`: the property is left out.
  case noValue

  var string: String? { if case .string(let s, _) = self { return s }; return nil }
  var isSymbolic: Bool {
    switch self {
    case .string(_, let symbolic): symbolic
    case .list(let items): items.contains(where: \.isSymbolic)
    case .map(let members): members.values.contains(where: \.isSymbolic)
    case .noValue: false
    }
  }
  /// A known string (not symbolic).
  var literal: String? { if case .string(let s, false) = self { return s }; return nil }
  static func known(_ s: String) -> TemplateValue { .string(s, symbolic: false) }
  static func symbolic(_ s: String) -> TemplateValue { .string(s, symbolic: true) }
}

/// A value CloudFormation resolves but the importer cannot, and why, at the function's position.
struct UnresolvedIntrinsic: Equatable, Sendable {
  var message: String
  var location: SourceLocation
}

/// Evaluates intrinsic and condition functions over the template's parameters, pseudo parameters, mappings,
/// conditions and resources. What cannot be known before deployment stays symbolic; what cannot be resolved at all
/// (a reference to nothing, `Fn::ImportValue`, a parameter without value) is recorded in ``problems``.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
struct IntrinsicResolver {
  /// Parameter values: given with `--parameter`, else the template's defaults.
  var parameters: [String: String]
  /// Declared parameters (a `Ref` to one without a value is a problem, not a resource).
  var declaredParameters: Set<String>
  /// Pseudo parameter values given with `--parameter AWS::Region=…`.
  var pseudo: [String: String]
  var resources: [String: (type: String, node: TemplateNode)]
  var mappings: TemplateNode?
  var conditions: TemplateNode?
  var problems: [UnresolvedIntrinsic] = []
  private var conditionValues: [String: Bool?] = [:]
  private var evaluating: Set<String> = []

  /// Pseudo parameters CloudFormation defines.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
  static let pseudoParameters: Set<String> = [
    "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName",
    "AWS::URLSuffix",
  ]

  init(
    parameters: [String: String], declaredParameters: Set<String>, pseudo: [String: String],
    resources: [String: (type: String, node: TemplateNode)], mappings: TemplateNode?, conditions: TemplateNode?
  ) {
    self.parameters = parameters
    self.declaredParameters = declaredParameters
    self.pseudo = pseudo
    self.resources = resources
    self.mappings = mappings
    self.conditions = conditions
  }

  private mutating func problem(_ message: String, _ location: SourceLocation) {
    let p = UnresolvedIntrinsic(message: message, location: location)
    if !problems.contains(p) { problems.append(p) }
  }

  /// Resolves a node to a value.
  mutating func resolve(_ node: TemplateNode) -> TemplateValue {
    switch node {
    case .scalar(let s, _): return .known(s)
    case .list(let items, _):
      return .list(items.map { resolve($0) }.filter { $0 != .noValue })
    case .map(let entries, _):
      var members: [String: TemplateValue] = [:]
      for e in entries {
        let v = resolve(e.value)
        if v != .noValue { members[e.key] = v }
      }
      return .map(members)
    case .intrinsic(let name, let argument, let location):
      return function(name, argument, location)
    }
  }

  /// Resolves a node that must be a string (a number is its text); nil for a list or mapping.
  mutating func string(_ node: TemplateNode) -> TemplateValue? {
    let value = resolve(node)
    if case .string = value { return value }
    return nil
  }

  /// The value of `Ref NAME`.
  mutating func ref(_ name: String, at location: SourceLocation) -> TemplateValue {
    if name == "AWS::NoValue" { return .noValue }
    if Self.pseudoParameters.contains(name) { return pseudo[name].map(TemplateValue.known) ?? .symbolic("${\(name)}") }
    if let value = parameters[name] { return .known(value) }
    if declaredParameters.contains(name) {
      problem("parameter \(name) has no default and no value; give one with --parameter \(name)=VALUE", location)
      return .symbolic("${\(name)}")
    }
    guard let resource = resources[name] else {
      problem("Ref to '\(name)', which is neither a parameter nor a resource of this template", location)
      return .symbolic("${\(name)}")
    }
    // A resource's Ref is its name where the template gives the name and the type's Ref returns it.
    if let property = CloudFormationTypes.refNameProperty[resource.type], let nameNode = resource.node["Properties"]?[property],
      let value = string(nameNode), !value.isSymbolic
    {
      return value
    }
    return .symbolic("${\(name)}")
  }

  private mutating func function(_ name: String, _ argument: TemplateNode, _ location: SourceLocation) -> TemplateValue {
    switch name {
    case "Ref":
      guard let target = argument.text else {
        problem("Ref takes a parameter or resource name, got \(argument.kindDescription)", location)
        return .symbolic("${Ref}")
      }
      return ref(target, at: location)
    case "Fn::GetAtt":
      var parts: [String] = []
      if let text = argument.text, let dot = text.firstIndex(of: ".") {
        parts = [String(text[..<dot]), String(text[text.index(after: dot)...])]
      } else if let items = argument.items, items.count == 2, let first = items[0].text, let second = string(items[1])?.literal {
        parts = [first, second]
      }
      guard parts.count == 2 else {
        problem("Fn::GetAtt takes LogicalId.Attribute or [LogicalId, Attribute]", location)
        return .symbolic("${Fn::GetAtt}")
      }
      if resources[parts[0]] == nil { problem("Fn::GetAtt of '\(parts[0])', which is not a resource of this template", location) }
      return .symbolic("${\(parts[0]).\(parts[1])}")
    case "Fn::Sub": return sub(argument, location)
    case "Fn::Join":
      guard let items = argument.items, items.count == 2, let delimiter = string(items[0])?.string else {
        problem("Fn::Join takes [delimiter, [values]]", location)
        return .symbolic("${Fn::Join}")
      }
      guard case .list(let values) = resolve(items[1]) else {
        problem("Fn::Join needs a list of values", location)
        return .symbolic("${Fn::Join}")
      }
      var symbolic = false
      var parts: [String] = []
      for value in values {
        guard case .string(let s, let sym) = value else {
          problem("Fn::Join can only join strings", location)
          return .symbolic("${Fn::Join}")
        }
        parts.append(s)
        symbolic = symbolic || sym
      }
      return .string(parts.joined(separator: delimiter), symbolic: symbolic)
    case "Fn::Select":
      guard let items = argument.items, items.count == 2, let indexText = string(items[0])?.literal, let index = Int(indexText) else {
        problem("Fn::Select takes [index, [values]]", location)
        return .symbolic("${Fn::Select}")
      }
      let list = resolve(items[1])
      guard case .list(let values) = list else {
        // Fn::GetAZs and the like stay symbolic: so does what is selected from them.
        if list.isSymbolic { return .symbolic("${Fn::Select(\(index))}") }
        problem("Fn::Select needs a list", location)
        return .symbolic("${Fn::Select}")
      }
      guard index >= 0 && index < values.count else {
        problem("Fn::Select index \(index) is outside the list of \(values.count)", location)
        return .symbolic("${Fn::Select}")
      }
      return values[index]
    case "Fn::Split":
      guard let items = argument.items, items.count == 2, let delimiter = string(items[0])?.literal, !delimiter.isEmpty,
        case .string(let s, let symbolic) = resolve(items[1])
      else {
        problem("Fn::Split takes [delimiter, string]", location)
        return .symbolic("${Fn::Split}")
      }
      if symbolic { return .symbolic("${Fn::Split}") }
      return .list(s.components(separatedBy: delimiter).map(TemplateValue.known))
    case "Fn::If":
      guard let items = argument.items, items.count == 3, let condition = items[0].text else {
        problem("Fn::If takes [condition, value if true, value if false]", location)
        return .symbolic("${Fn::If}")
      }
      switch self.condition(condition, at: location) {
      case true?: return resolve(items[1])
      case false?: return resolve(items[2])
      case nil:
        problem("Fn::If on condition \(condition), which cannot be decided before deployment", location)
        return .symbolic("${Fn::If}")
      }
    case "Fn::FindInMap":
      guard let items = argument.items, items.count >= 3 else {
        problem("Fn::FindInMap takes [map, top-level key, second-level key]", location)
        return .symbolic("${Fn::FindInMap}")
      }
      let keys = items.prefix(3).map { resolve($0) }
      guard let map = keys[0].literal, let top = keys[1].literal, let second = keys[2].literal else {
        return .symbolic("${Fn::FindInMap}")
      }
      guard let value = mappings?[map]?[top]?[second] else {
        problem("Fn::FindInMap: mapping \(map) has no \(top).\(second)", location)
        return .symbolic("${Fn::FindInMap}")
      }
      return resolve(value)
    case "Fn::GetAZs": return .symbolic("${Fn::GetAZs}")
    case "Fn::Base64":
      guard case .string(let s, let symbolic) = resolve(argument) else { return .symbolic("${Fn::Base64}") }
      return symbolic ? .symbolic("${Fn::Base64}") : .known(Data(s.utf8).base64EncodedString())
    case "Fn::ImportValue":
      problem("Fn::ImportValue reads another stack's export, which only the deployed account knows", location)
      return .symbolic("${Fn::ImportValue}")
    case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition":
      switch evaluate(.intrinsic(name, argument, location)) {
      case true?: return .known("true")
      case false?: return .known("false")
      case nil: return .symbolic("${\(name)}")
      }
    default:
      problem("\(name) is not resolved by the importer", location)
      return .symbolic("${\(name)}")
    }
  }

  /// `Fn::Sub`: `${Name}` is a Ref, `${Name.Attr}` a GetAtt, `${!Literal}` the literal `${Literal}`.
  private mutating func sub(_ argument: TemplateNode, _ location: SourceLocation) -> TemplateValue {
    var template: String
    var variables: [String: TemplateValue] = [:]
    if let text = argument.text {
      template = text
    } else if let items = argument.items, items.count == 2, let text = items[0].text, let entries = items[1].entries {
      template = text
      for e in entries { variables[e.key] = resolve(e.value) }
    } else {
      problem("Fn::Sub takes a string or [string, {variables}]", location)
      return .symbolic("${Fn::Sub}")
    }
    var out = ""
    var symbolic = false
    while let start = template.range(of: "${") {
      out += template[..<start.lowerBound]
      let rest = template[start.upperBound...]
      guard let end = rest.firstIndex(of: "}") else {
        out += template[start.lowerBound...]
        template = ""
        break
      }
      let name = String(rest[..<end])
      template = String(rest[rest.index(after: end)...])
      if name.hasPrefix("!") {
        out += "${" + name.dropFirst() + "}"
        continue
      }
      let value: TemplateValue
      if let v = variables[name] {
        value = v
      } else if let dot = name.firstIndex(of: "."), !Self.pseudoParameters.contains(name) {
        let resource = String(name[..<dot])
        if resources[resource] == nil { problem("${\(name)}: '\(resource)' is not a resource of this template", location) }
        value = .symbolic("${\(name)}")
      } else {
        value = ref(name, at: location)
      }
      guard case .string(let s, let sym) = value else {
        problem("${\(name)} is not a string", location)
        out += "${\(name)}"
        symbolic = true
        continue
      }
      out += s
      symbolic = symbolic || sym
    }
    out += template
    return .string(out, symbolic: symbolic)
  }

  /// The value of a named condition in the Conditions section; nil when it depends on what only deployment knows.
  mutating func condition(_ name: String, at location: SourceLocation) -> Bool? {
    if let known = conditionValues[name] { return known }
    guard let node = conditions?[name] else {
      problem("condition \(name) is not defined in Conditions", location)
      return nil
    }
    guard evaluating.insert(name).inserted else {
      problem("condition \(name) refers to itself", location)
      return nil
    }
    let value = evaluate(node)
    evaluating.remove(name)
    conditionValues[name] = value
    return value
  }

  /// A condition function's value, three-valued: nil when undecidable.
  mutating func evaluate(_ node: TemplateNode) -> Bool? {
    guard case .intrinsic(let name, let argument, let location) = node else {
      if let entry = node.entries, entry.count == 1, entry[0].key == "Condition", let target = entry[0].value.text {
        return condition(target, at: node.location)
      }
      if let text = node.text { return text == "true" ? true : text == "false" ? false : nil }
      return nil
    }
    switch name {
    case "Condition":
      guard let target = argument.text else { return nil }
      return condition(target, at: location)
    case "Fn::Equals":
      guard let items = argument.items, items.count == 2 else {
        problem("Fn::Equals takes [value, value]", location)
        return nil
      }
      let a = resolve(items[0])
      let b = resolve(items[1])
      if a.isSymbolic || b.isSymbolic { return nil }
      return a == b
    case "Fn::Not":
      guard let items = argument.items, items.count == 1 else {
        problem("Fn::Not takes [condition]", location)
        return nil
      }
      return evaluate(items[0]).map { !$0 }
    case "Fn::And", "Fn::Or":
      guard let items = argument.items, (2...10).contains(items.count) else {
        problem("\(name) takes 2 to 10 conditions", location)
        return nil
      }
      let values = items.map { evaluate($0) }
      let decisive = name == "Fn::And" ? false : true
      if values.contains(decisive) { return decisive }
      if values.contains(nil) { return nil }
      return !decisive
    default:
      if case .string(let s, false) = resolve(node) { return s == "true" ? true : s == "false" ? false : nil }
      return nil
    }
  }
}
