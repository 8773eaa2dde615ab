import VigilCore

/// A CloudWatch Synthetics canary checking an HTTPS endpoint.
public struct Canary: Equatable, Sendable {
  public var name: String
  public var url: String
  public var everyMinutes: Int
}

extension ResourceKind {
  /// `canary NAME --url URL`: Synthetics canaries.
  public static let canary = ResourceKind("canary", Canary.self)
}

extension Canary: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "canary", summary: "A CloudWatch Synthetics canary for an HTTPS endpoint.",
    positionals: [PositionalSpec("name", help: "canary name (at most 21 characters with the suffix)")],
    options: [
      OptionSpec("url", value: "URL", help: "HTTPS endpoint to check"),
      OptionSpec("every", value: "DURATION", .duration, help: "schedule (default 5m)"),
    ], example: "canary checkout --url https://api.example.com/health --every 5m")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    let name = try c.positionals[0].resourceName("canary name")
    // Synthetics canary names are at most 21 characters: lowercase letters, digits, - and _.
    let physical = stack.environment.map { ResourceNames($0).physical(name) } ?? name
    guard physical.count <= 21 else {
      throw c.positionals[0].error("canary name '\(physical)' (with suffix) is longer than Synthetics' 21 characters")
    }
    guard let urlToken = c.value("url") else { throw c.missing("--url URL") }
    guard urlToken.text.hasPrefix("https://"), urlToken.text.count > 8 else {
      throw urlToken.error("canary --url must be an https:// URL, got '\(urlToken.text)'")
    }
    // The URL ends up in the canary's script: refuse what is not a plain https URL when it is typed.
    do { _ = try HTTPSURL(validating: urlToken.text) } catch { throw urlToken.error("canary --url \(error)") }
    let everyToken = c.value("every")
    let every = try everyToken?.seconds("--every") ?? 300
    if let everyToken, !(every % 60 == 0 && (1...60).contains(every / 60)) {
      throw everyToken.error("--every must be whole minutes between 1m and 60m")
    }
    let replaced = stack.upsert(Canary(name: name, url: urlToken.text, everyMinutes: every / 60), into: \.canaries, name: \.name)
    return "\(verb(replaced)) canary \(name) checking \(urlToken.text) every \(every / 60) minute(s)"
  }

  static func names(in stack: Stack) -> [String] { stack.canaries.map(\.name) }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    section("canaries", stack.canaries.map { "\($0.name)  \($0.url) every \($0.everyMinutes)m" })
  }

  static func describe(_ name: String, in stack: Stack, environment env: Environment) -> String? {
    guard let c = stack.canaries.first(where: { $0.name == name }) else { return nil }
    return "canary \(ResourceNames(env).physical(name))\n  checks \(c.url) every \(c.everyMinutes) minute(s)"
  }
}

extension Canary {
  static func remove(_ name: String, from stack: inout Stack) -> Bool {
    stack.removeNamed(name, from: \.canaries, name: \.name, origin: "canary")
  }
}

extension Canary {
  /// Its own name.
  static func rename(_ kind: ResourceKind, from old: String, to new: String, in stack: inout Stack) {
    if kind == .canary { stack.renameNamed(old, to: new, in: \.canaries, name: \.name, origin: "canary") }
  }
}
