import VigilCore
import VigilInsights

/// A Logs Insights saved query.
public struct QueryDefinition: Equatable, Sendable {
  public var name: String
  public var query: String
  public var services: [String]
}

extension ResourceKind {
  /// `query-definition NAME --query QUERY --logs SERVICE`: saved Logs Insights queries.
  public static let queryDefinition = ResourceKind("query definition", QueryDefinition.self)
}

extension QueryDefinition: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "query-definition", summary: "A Logs Insights saved query over services' log groups.",
    positionals: [PositionalSpec("name", help: "query name")],
    options: [
      OptionSpec("query", value: "QUERY", help: "Logs Insights query"),
      OptionSpec("logs", value: "SERVICE,...", .resource(.service), help: "services whose log groups it queries", repeatable: true),
    ], example: "query-definition top-errors --query 'filter level = \"ERROR\" | stats count(*) by service' --logs payment-api")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("query name")
    guard let query = c.value("query") else { throw c.missing("--query QUERY") }
    let parsed = try query.parseEmbedded { text throws(Diagnostic) in try QueryParser.parse(text) }
    // A saved query names its log groups beside its text (--logs); SOURCE is for queries started from the CLI or API.
    if let source = parsed.source {
      throw query.embedded(source.diagnostic("a query definition names its log groups with --logs; leave SOURCE out of its query", in: parsed))
    }
    var services: [String] = []
    for (name, token) in c.list("logs") {
      var t = token
      t.text = name
      services.append(try t.reference(.service, in: stack))
    }
    guard !services.isEmpty else { throw c.missing("--logs SERVICE") }
    let replaced = stack.upsert(
      QueryDefinition(name: name, query: query.text, services: services), into: \.queryDefinitions, name: \.name)
    return "\(verb(replaced)) query definition \(name) over \(services.joined(separator: ", "))"
  }

  static func names(in stack: Stack) -> [String] { stack.queryDefinitions.map(\.name) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section("query definitions", stack.queryDefinitions.map { "\($0.name)  \($0.query)" })
  }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let q = stack.queryDefinitions.first(where: { $0.name == name }) else { return nil }
    return "query definition \(env.stackName)-\(env.suffix)/\(name)\n  over: \(q.services.joined(separator: ", "))\n  query: \(q.query)"
  }
}

extension QueryDefinition {
  static func references(in stack: Stack) -> [ResourceReference] {
    stack.queryDefinitions.flatMap { query in query.services.map { ResourceReference(.queryDefinition, query.name, "--services", .service, $0) } }
  }
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    stack.removeNamed(name, from: \.queryDefinitions, name: \.name, origin: "query-definition")
  }
}

extension QueryDefinition {
  /// Its own name and the services whose log groups it queries.
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack) {
    if kind == .queryDefinition { stack.renameNamed(old, to: new, in: \.queryDefinitions, name: \.name, origin: "query-definition") }
    if kind == .service || kind == .logGroup {
      for i in stack.queryDefinitions.indices { stack.queryDefinitions[i].services = stack.queryDefinitions[i].services.map { $0 == old ? new : $0 } }
    }
  }
}
