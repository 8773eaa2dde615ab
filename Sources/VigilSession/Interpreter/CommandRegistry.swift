import VigilCore
import VigilModel

/// How an accepted command is kept in the session: what `history` lists, `save` writes and `undo` removes.
public enum CommandRecording: Sendable, Equatable {
  /// Changes the stack (a resource definition): recorded, and `undo` removes it.
  case stack
  /// Loads data, changes how previews behave or asserts on them (`expect`): recorded, and `undo` removes it.
  case data
  /// Only looks at the session (previews, queries, patterns): recorded so a saved session shows it again,
  /// but `undo` passes over it and takes it away with the command before it.
  case view
  /// Manages the session itself (help, show, save, undo, quit): never recorded.
  case unrecorded
}

/// One command of the session language: its spec (syntax, help, completion), how it is recorded and what it does.
public struct SessionCommand: Sendable {
  /// What runs the command.
  enum Handler: Sendable {
    /// Runs on the parsed command (the usual case).
    case parsed(@Sendable (Interpreter, ParsedCommand) throws(Diagnostic) -> CommandOutcome)
    /// Runs on the raw line, before the command parser: `query` keeps its quotes and pipes for the Insights parser.
    case line(@Sendable (Interpreter, CommandSource) -> CommandOutcome)
  }

  public let spec: CommandSpec
  public let recording: CommandRecording
  let handler: Handler

  init(
    _ recording: CommandRecording, _ spec: CommandSpec,
    handler: @escaping @Sendable (Interpreter, ParsedCommand) throws(Diagnostic) -> CommandOutcome
  ) {
    self.spec = spec
    self.recording = recording
    self.handler = .parsed(handler)
  }

  init(_ recording: CommandRecording, _ spec: CommandSpec, line: @escaping @Sendable (Interpreter, CommandSource) -> CommandOutcome) {
    self.spec = spec
    self.recording = recording
    self.handler = .line(line)
  }
}

/// Every command the interpreter knows, in the order `help` lists them; the one place a command is added.
public struct CommandRegistry: Sendable {
  public let commands: [SessionCommand]
  private let byName: [String: SessionCommand]

  init(_ commands: [SessionCommand]) {
    self.commands = commands
    self.byName = Dictionary(commands.map { ($0.spec.name, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// The session commands, the stack commands (applied by `StackBuilder`), then data, log and query commands.
  public static let standard = CommandRegistry(
    SessionCommands.commands
      + StackCommands.specs.map { spec in SessionCommand(.stack, spec) { interpreter, command throws(Diagnostic) in try interpreter.applyStackCommand(command) } }
      + DataCommands.commands + LogCommands.commands + QueryCommands.commands + GraphCommands.commands
      + StackEditCommands.commands + ImportCommands.commands)

  /// The specs, for the command parser, `help` and completion.
  public var specs: [CommandSpec] { commands.map(\.spec) }

  /// The command with this name (`preview alarm`, `load`).
  public func command(named name: String) -> SessionCommand? { byName[name] }

  /// The command a line of session text starts with: its two-word name, else its first word.
  public func command(startingLine text: String) -> SessionCommand? {
    let words = text.split(maxSplits: 2, whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
    if words.count > 1, let command = byName["\(words[0]) \(words[1])"] { return command }
    return words.first.flatMap { byName[$0] }
  }

  /// How a recorded line is kept (nil for a line that names no command).
  public func recording(ofLine text: String) -> CommandRecording? { command(startingLine: text)?.recording }
}
