import VigilCore

/// Where a subscription endpoint comes from: written as-is, a sensitive Terraform variable, or an SSM SecureString.
public enum Endpoint: Equatable, Sendable {
  case literal(String)
  case variable(String)
  case ssm(String)

  public var display: String {
    switch self {
    case .literal(let s): return s
    case .variable(let v): return "var:\(v)"
    case .ssm(let p): return "ssm:\(p)"
    }
  }
}

/// An SNS topic (KMS) with e-mail and HTTPS subscriptions, each with an SQS dead-letter queue.
public struct Topic: Equatable, Sendable {
  public var name: String
  public var emails: [Endpoint]
  public var webhooks: [Endpoint]
  public var deadLetterQueue: Bool
  public var maxReceiveCount: Int
  public var key: String?
}

extension ResourceKind {
  /// `topic NAME`: SNS topics that composite alarms notify.
  public static let topic = ResourceKind("topic", Topic.self)
}

extension Topic: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "topic", summary: "An SNS topic (KMS) with e-mail and HTTPS webhook subscriptions and their dead-letter queues.",
    positionals: [PositionalSpec("name", help: "topic name")],
    options: [
      OptionSpec("email", value: "ADDRESS|var:NAME|ssm:PATH", help: "e-mail subscription", repeatable: true),
      OptionSpec("webhook", value: "URL|var:NAME|ssm:PATH", help: "HTTPS webhook subscription", repeatable: true),
      .flag("dlq", help: "give every subscription an SQS dead-letter queue"),
      OptionSpec("max-receive", value: "N", .number, help: "maxReceiveCount of the DLQ redrive (default 3)"),
      OptionSpec("key", value: "KEY", .resource(.key), help: "KMS key for the topic and queues (default: the first key)"),
      .flag("no-key", help: "no customer-managed KMS key (as an adopted topic without one; policy reports it)"),
      PhysicalNames.option,
    ], example: "topic oncall --email oncall@example.com --webhook https://hooks.example.com/alarms --dlq --max-receive 3")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("topic name")
    func endpoint(_ token: Token, webhook: Bool, index: Int) throws(Diagnostic) -> Endpoint {
      let text = token.text
      if text.hasPrefix("var:") {
        let variable = String(text.dropFirst(4))
        guard stack.variables.contains(where: { $0.name == variable }) else {
          throw token.error(
            "unknown variable '\(variable)'", suggestion: "define it first: variable \(variable) --sensitive")
        }
        return .variable(variable)
      }
      if text.hasPrefix("ssm:") {
        let path = String(text.dropFirst(4))
        guard path.hasPrefix("/"), path.count > 1 else {
          throw token.error("ssm: needs a parameter path such as ssm:/payments/oncall/webhook")
        }
        return .ssm(path)
      }
      if webhook {
        guard text.hasPrefix("https://"), text.count > 8 else {
          throw token.error("webhook endpoints must use HTTPS, got '\(text)'")
        }
        // A token typed here would be written in clear to the session, the journal and the export.
        if let reason = SecretHeuristics.tokenReason(text) {
          let variable = SecretHeuristics.webhookVariableName(topic: name, index: index)
          throw token.error(
            "webhook \(SecretHeuristics.redacted(text)) carries a token (\(reason)), which would be written in clear to the session, "
              + "the journal and the Terraform export",
            suggestion: "take it from a sensitive variable the deployer sets: variable \(variable) --sensitive, then --webhook var:\(variable)")
        }
        // Parsed like the canary's URL: SNS delivers to it, and it is written into the export.
        do { _ = try HTTPSURL(validating: text) } catch { throw token.error("--webhook \(error)") }
      } else {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
          throw token.error("'\(text)' is not an e-mail address")
        }
      }
      return .literal(text)
    }
    var emails: [Endpoint] = []
    for (index, token) in c.values("email").enumerated() { emails.append(try endpoint(token, webhook: false, index: index)) }
    var webhooks: [Endpoint] = []
    for (index, token) in c.values("webhook").enumerated() { webhooks.append(try endpoint(token, webhook: true, index: index)) }
    let maxReceive = try c.value("max-receive")?.integer("--max-receive", in: 1...1000) ?? 3
    if let word = c.optionWords["max-receive"], !c.has("dlq") { throw word.error("--max-receive needs --dlq") }
    if let word = c.optionWords["no-key"], c.has("key") { throw word.error("give either --key or --no-key, not both") }
    let key =
      c.has("no-key")
      ? nil : try c.value("key").map { token throws(Diagnostic) in try token.reference(.key, in: stack) } ?? stack.keys.first?.name
    let topic = Topic(name: name, emails: emails, webhooks: webhooks, deadLetterQueue: c.has("dlq"), maxReceiveCount: maxReceive, key: key)
    let replaced = stack.upsert(topic, into: \.topics, name: \.name)
    var parts = ["\(emails.count) e-mail", "\(webhooks.count) webhook subscription(s)"]
    if topic.deadLetterQueue { parts.append("dead-letter queues with maxReceiveCount \(maxReceive)") }
    return "\(verb(replaced)) topic \(name) (\(parts.joined(separator: ", ")))"
  }

  static func names(in stack: Stack) -> [String] { stack.topics.map(\.name) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section(
      "topics",
      stack.topics.map {
        "\($0.name)  \($0.emails.count) e-mail, \($0.webhooks.count) webhook\($0.deadLetterQueue ? ", DLQ maxReceiveCount \($0.maxReceiveCount)" : "")"
      })
  }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let t = stack.topic(name) else { return nil }
    return
      "topic \(ResourceNames(env).physical(name, .topic))\n  e-mail: \(t.emails.map(\.display).joined(separator: ", "))\n  webhooks: \(t.webhooks.map(\.display).joined(separator: ", "))\n  dead-letter queues: \(t.deadLetterQueue ? "yes, maxReceiveCount \(t.maxReceiveCount)" : "no")"
  }
}

extension Topic {
  static func references(in stack: Stack) -> [ResourceReference] {
    stack.topics.compactMap { topic in topic.key.map { ResourceReference(.topic, topic.name, "--key", .key, $0) } }
  }
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    stack.removeNamed(name, from: \.topics, name: \.name, origin: "topic")
  }
}

extension Topic {
  /// Its own name and its `--key`.
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack) {
    if kind == .topic { stack.renameNamed(old, to: new, in: \.topics, name: \.name, origin: "topic") }
    if kind == .key { for i in stack.topics.indices where stack.topics[i].key == old { stack.topics[i].key = new } }
  }
}
