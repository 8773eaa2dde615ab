import VigilCore
import VigilModel

/// Commands that edit the stack other than by defining a resource: `remove`.
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
    ) { interpreter, command throws(Diagnostic) in try interpreter.remove(command) }
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
