import VigilCore
import VigilModel

/// Commands that edit the stack other than by defining a resource: `remove`, `rename`.
enum StackEditCommands {
  /// The commands, with how each is recorded and what runs it.
  static let commands: [SessionCommand] = [
    SessionCommand(
      .stack,
      CommandSpec(
        "remove", summary: "Remove a resource; refuses, naming them, when others use it, unless --cascade removes them too.",
        positionals: [
          PositionalSpec("kind-or-name", .anyResource, help: "the resource's name, or its kind (alarm, logs, ...) then its name"),
          PositionalSpec("name", .anyResource, help: "the name, when a kind comes first", optional: true),
        ],
        options: [OptionSpec("cascade", value: nil, help: "also remove every resource that uses it")],
        example: "remove api-p99 --cascade")
    ) { interpreter, command throws(Diagnostic) in try interpreter.remove(command) },
    SessionCommand(
      .stack,
      CommandSpec(
        "rename", summary: "Rename a resource and rewrite every reference to it; refuses when the new name is taken.",
        positionals: [
          PositionalSpec("kind-or-old", .anyResource, help: "the resource's name, or its kind (alarm, topic, ...) then its name"),
          PositionalSpec("new", help: "the new name (the old one when a kind comes first)"),
          PositionalSpec("new-name", help: "the new name, when a kind comes first", optional: true),
        ],
        example: "rename api-p99 api-latency-p99")
    ) { interpreter, command throws(Diagnostic) in try interpreter.rename(command) },
  ]
}

extension Interpreter {
  /// `remove [KIND] NAME [--cascade]`.
  func remove(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    guard let first = c.positional(0) else { throw c.missing("NAME") }
    if c.positionals.count > 2 { throw c.positionals[2].error("remove takes one resource", suggestion: "usage: remove [KIND] NAME [--cascade]") }
    let (kind, name) = c.positionals.count == 2 ? (first, c.positionals[1]) : (nil, first)
    let cascade = c.has("cascade")
    return CommandOutcome(.ok, try editStack { builder throws(Diagnostic) in try builder.remove(name, kind: kind, cascade: cascade) })
  }
}

extension Interpreter {
  /// `rename [KIND] OLD NEW`.
  func rename(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    guard c.positionals.count >= 2 else { throw c.missing("NEW") }
    if c.positionals.count > 3 { throw c.positionals[3].error("rename takes one resource", suggestion: "usage: rename [KIND] OLD NEW") }
    let (kind, old, new) = c.positionals.count == 3 ? (c.positionals[0], c.positionals[1], c.positionals[2]) : (nil, c.positionals[0], c.positionals[1])
    let service = builder.stack.service(old.text) != nil && (kind == nil || kind?.text == "service")
    let message = try editStack { builder throws(Diagnostic) in try builder.rename(old, to: new, kind: kind) }
    // Logs loaded into the service are its log group's: they follow it.
    if service {
      for i in workspace.logFiles.indices where workspace.logFiles[i].service == old.text { workspace.logFiles[i].service = new.text }
    }
    return CommandOutcome(.ok, message)
  }
}
