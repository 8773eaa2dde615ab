import VigilCore

/// A service's CloudWatch log group: KMS key, retention, archive to S3 with transition to Glacier.
public struct LogGroup: Equatable, Sendable {
  public var service: String
  public var retentionDays: Int
  public var key: String?
  /// Storage class the archive moves to (`GLACIER`), nil for no archive.
  public var archive: String?
  /// Days after which archived objects transition.
  public var archiveAfterDays: Int

  /// The retention values PutRetentionPolicy accepts:
  /// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
  static let allowedRetentionDays = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
  ]

  /// Every service has a log group; defaults follow the platform rules until `logs` changes them.
  static func ensure(for service: String, in stack: inout Stack) {
    guard stack.logGroup(for: service) == nil else { return }
    stack.upsert(
      LogGroup(service: service, retentionDays: 30, key: stack.keys.first?.name, archive: "GLACIER", archiveAfterDays: 30),
      into: \.logGroups, name: \.service)
  }
}

extension ResourceKind {
  /// `logs SERVICE`: a service's log group (named by its service).
  public static let logGroup = ResourceKind("log group", LogGroup.self)
}

extension LogGroup: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "logs", summary: "Configure a service's log group: KMS key, retention, archive to S3 Glacier.",
    positionals: [PositionalSpec("service", .resource(.service), help: "the service whose log group this is")],
    options: [
      OptionSpec("retention", value: "DAYS", .number, help: "retention in days (a CloudWatch-allowed value; platform rule 30)"),
      OptionSpec("key", value: "KEY", .resource(.key), help: "KMS key for the log group"),
      .flag("no-key", help: "no customer-managed KMS key (as an adopted log group without one; policy reports it)"),
      OptionSpec("archive", value: "glacier|none", .choice(["glacier", "none"]), help: "archive everything to S3, then Glacier"),
      OptionSpec("archive-after", value: "DAYS", .number, help: "days before archived objects move to Glacier (default 30)"),
      PhysicalNames.option,
    ], example: "logs payment-api --retention 30 --key logs --archive glacier")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    // With --physical-name a log group need not belong to a service (an adopted template's group); once defined,
    // it is changed by its name like a service's.
    let name = c.positionals[0].text
    let standalone = stack.service(name) == nil && (c.has("physical-name") || stack.logGroup(for: name) != nil)
    let service = standalone ? try c.positionals[0].resourceName("log group name") : try c.positionals[0].reference(.service, in: stack)
    var group = stack.logGroup(for: service) ?? LogGroup(service: service, retentionDays: 30, key: nil, archive: nil, archiveAfterDays: 30)
    if let token = c.value("retention") {
      let days = try token.integer("--retention", in: 1...3653)
      guard allowedRetentionDays.contains(days) else {
        let nearest = allowedRetentionDays.min { abs($0 - days) < abs($1 - days) } ?? 30
        throw token.error(
          "CloudWatch does not allow a retention of \(days) days",
          suggestion: "allowed values include 7, 14, 30, 60, 90, 365; nearest is \(nearest)")
      }
      group.retentionDays = days
    }
    if let token = c.value("key") {
      if let word = c.optionWords["no-key"] { throw word.error("give either --key or --no-key, not both") }
      group.key = try token.reference(.key, in: stack)
    }
    if c.has("no-key") { group.key = nil }
    if let token = c.value("archive") {
      group.archive = try token.choice("--archive", ["glacier", "none"]) == "glacier" ? "GLACIER" : nil
    }
    if let token = c.value("archive-after") { group.archiveAfterDays = try token.integer("--archive-after", in: 0...3650) }
    let replaced = stack.upsert(group, into: \.logGroups, name: \.service)
    var parts = ["retention \(group.retentionDays) days"]
    parts.append(group.key.map { "KMS key \($0)" } ?? "no KMS key")
    if group.archive != nil { parts.append("archived to S3 then Glacier after \(group.archiveAfterDays) days") }
    return "\(verb(replaced)) log group \(physicalName(of: group, in: stack)) (\(parts.joined(separator: ", ")))"
  }

  static func names(in stack: Stack) -> [String] { stack.logGroups.map(\.service) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section(
      "log groups",
      stack.logGroups.map { g in
        "\(physicalName(of: g, in: stack))  \(g.retentionDays) days, key \(g.key ?? "none")\(g.archive == nil ? "" : ", archived to Glacier")"
      })
  }

  /// The group's CloudWatch name, from its service (every log group belongs to a defined service).
  static func physicalName(of group: LogGroup, in stack: Stack) -> String {
    guard let env = stack.environment else { return group.service }
    return stack.logGroupName(of: group, in: env)
  }
}

extension LogGroup {
  static func references(in stack: Stack) -> [ResourceReference] {
    stack.logGroups.flatMap { group in
      [ResourceReference(.logGroup, group.service, "service", .service, group.service)]
        + (group.key.map { [ResourceReference(.logGroup, group.service, "--key", .key, $0)] } ?? [])
    }
  }
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    stack.removeNamed(name, from: \.logGroups, name: \.service, origin: "logs")
  }
}

extension LogGroup {
  /// A log group takes its service's name, so it follows its service; a log group without a service is renamed
  /// itself. Its `--key` follows the key.
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack) {
    if kind == .service || kind == .logGroup { stack.renameNamed(old, to: new, in: \.logGroups, name: \.service, origin: "logs") }
    if kind == .key { for i in stack.logGroups.indices where stack.logGroups[i].key == old { stack.logGroups[i].key = new } }
  }
}
