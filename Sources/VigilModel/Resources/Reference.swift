import VigilCore

/// A monitored resource the stack does not own (a load balancer, a database, a cache, a table, an ECS service of
/// another team's template): its CloudFormation type and the attributes alarms and dashboards name it by
/// (`LoadBalancerFullName`, `DBInstanceIdentifier`, node ids). References are never exported as resources; metric
/// checks read them to validate dimensions.
public struct Reference: Equatable, Sendable {
  public var name: String
  /// The CloudFormation resource type, e.g. `AWS::ElasticLoadBalancingV2::LoadBalancer`.
  public var type: String
  /// Attribute name → value, as the source wrote or resolved it (`LoadBalancerFullName` → `app/web/50dc6c495c0c9188`).
  public var attributes: [String: String]

  public init(name: String, type: String, attributes: [String: String]) {
    self.name = name
    self.type = type
    self.attributes = attributes
  }
}

extension ResourceKind {
  /// `reference NAME --type TYPE --attribute K=V`: resources the stack watches but does not own.
  public static let reference = ResourceKind("reference", Reference.self)
}

extension Stack {
  /// The reference called `name`.
  public func reference(_ name: String) -> Reference? { element(name, in: references, name: \.name) }
}

extension Reference: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "reference", summary: "A resource the stack watches but does not own (never exported), with the attributes metrics name it by.",
    positionals: [PositionalSpec("name", help: "reference name, e.g. web-alb")],
    options: [
      OptionSpec("type", value: "TYPE", help: "CloudFormation type, e.g. AWS::ElasticLoadBalancingV2::LoadBalancer"),
      OptionSpec("attribute", value: "NAME=VALUE", help: "an attribute alarms and dashboards use", repeatable: true),
    ],
    example: "reference web-alb --type AWS::ElasticLoadBalancingV2::LoadBalancer --attribute LoadBalancerFullName=app/web/50dc6c495c0c9188")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("reference name")
    guard let typeToken = c.value("type") else { throw c.missing("--type TYPE") }
    // Resource type identifiers are service-provider::service-name::data-type-name.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
    let parts = typeToken.text.components(separatedBy: "::")
    let isWord = { (part: String) in
      !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
    guard parts.count == 3, parts.allSatisfy(isWord) else {
      throw typeToken.error("--type must be a CloudFormation type such as AWS::RDS::DBInstance, got '\(typeToken.text)'")
    }
    var attributes: [String: String] = [:]
    for token in c.values("attribute") {
      guard let eq = token.text.firstIndex(of: "="), eq != token.text.startIndex else {
        throw token.error("--attribute must be NAME=VALUE, got '\(token.text)'")
      }
      let key = String(token.text[..<eq])
      guard isWord(key) else { throw token.error("attribute name '\(key)' may contain only letters and digits") }
      if attributes[key] != nil { throw token.error("attribute \(key) given twice") }
      attributes[key] = String(token.text[token.text.index(after: eq)...])
    }
    let replaced = stack.upsert(Reference(name: name, type: typeToken.text, attributes: attributes), into: \.references, name: \.name)
    let shown = attributes.keys.sorted().map { "\($0)=\(attributes[$0] ?? "")" }.joined(separator: ", ")
    return "\(verb(replaced)) reference \(name) (\(typeToken.text)\(shown.isEmpty ? "" : "; \(shown)")), not exported"
  }

  static func names(in stack: Stack) -> [String] { stack.references.map(\.name) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section(
      "references (not exported)",
      stack.references.map { r in
        ([r.name, r.type] + r.attributes.keys.sorted().map { "\($0)=\(r.attributes[$0] ?? "")" }).joined(separator: "  ")
      })
  }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let r = stack.reference(name) else { return nil }
    return (["reference \(name) (\(r.type)), not exported"] + r.attributes.keys.sorted().map { "  \($0): \(r.attributes[$0] ?? "")" })
      .joined(separator: "\n")
  }
}
