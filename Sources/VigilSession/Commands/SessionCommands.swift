import VigilCore
import VigilModel

/// Commands that act on the session rather than the stack: help, show, undo, save, load, history, quit.
enum SessionCommands {
  /// The commands, with how each is recorded and what runs it.
  static let commands: [SessionCommand] = [
    SessionCommand(
      .unrecorded,
      CommandSpec(
        "help", summary: "List commands, or show one command's usage and options.",
        positionals: [PositionalSpec("command", .choice([]), help: "a command name", optional: true, variadic: true)],
        example: "help alarm", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.help(command) },
    SessionCommand(
      .unrecorded,
      CommandSpec(
        "show", summary: "Show the stack, or one resource by name.",
        positionals: [PositionalSpec("name", .anyResource, help: "a resource name", optional: true)],
        example: "show api-p99", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.show(command) },
    SessionCommand(
      .unrecorded,
      CommandSpec(
        "show dashboard", summary: "Draw a dashboard with the loaded data: charts, thresholds, ALARM spans, alarm states.",
        positionals: [PositionalSpec("name", .resource(.dashboard), help: "a service name or 'overview'")],
        example: "show dashboard payment-api", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.showDashboard(command) },
    SessionCommand(
      .unrecorded,
      CommandSpec(
        "show metrics", summary: "Every metric the stack publishes or reads: its publisher and the alarms and widgets reading it.",
        example: "show metrics", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in interpreter.showMetrics() },
    SessionCommand(
      .unrecorded,
      CommandSpec("undo", summary: "Remove the last accepted command.", example: "undo", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in interpreter.undo() },
    SessionCommand(
      .unrecorded,
      CommandSpec(
        "save", summary: "Save the session's accepted commands to a file, or as a notebook with their outputs.",
        positionals: [PositionalSpec("file", .file, help: "session file (.vigil)", optional: true)],
        options: [
          OptionSpec(
            "notebook", value: "FILE.md", .file,
            help: "write a Markdown notebook instead: the commands as cells with their outputs (replayed fresh)"),
          OptionSpec(
            "compact", value: nil,
            help: "write the resulting stack: one command per resource, no views, no superseded definitions, data loads kept"),
        ],
        example: "save payments.vigil", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.save(command) },
    SessionCommand(
      .data,
      CommandSpec(
        "load", summary: "Replay a session file into this session, or load log files into a service's log group.",
        positionals: [
          PositionalSpec("files", .file, help: "a .vigil session, or log files followed by 'into SERVICE'", variadic: true)
        ], example: "load samples/payments.vigil", changesStack: false,
        usage: "load SESSION.vigil | load FILE... into SERVICE")
    ) { interpreter, command throws(Diagnostic) in try interpreter.load(command) },
    SessionCommand(
      .unrecorded,
      CommandSpec("history", summary: "List the accepted commands of this session.", example: "history", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in interpreter.history() },
    SessionCommand(
      .unrecorded,
      CommandSpec("quit", summary: "Leave the shell (also Ctrl-D).", example: "quit", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in CommandOutcome(.quit, "") },
  ]
}
