import VigilModel

/// Commands that act on the session rather than the stack.
enum ShellCommands {
  static let specs: [CommandSpec] = [
    CommandSpec(
      "help", summary: "List commands, or show one command's usage and options.",
      positionals: [PositionalSpec("command", .choice([]), help: "a command name", optional: true, variadic: true)],
      example: "help alarm", changesStack: false),
    CommandSpec(
      "show", summary: "Show the stack, or one resource by name.",
      positionals: [PositionalSpec("name", .anyResource, help: "a resource name", optional: true)],
      example: "show api-p99", changesStack: false),
    CommandSpec(
      "show dashboard", summary: "Draw a dashboard with the loaded data: charts, thresholds, ALARM spans, alarm states.",
      positionals: [PositionalSpec("name", .resource(.dashboard), help: "a service name or 'overview'")],
      example: "show dashboard payment-api", changesStack: false),
    CommandSpec("undo", summary: "Remove the last accepted command.", example: "undo", changesStack: false),
    CommandSpec(
      "save", summary: "Save the session's accepted commands to a file, or as a notebook with their outputs.",
      positionals: [PositionalSpec("file", .file, help: "session file (.vigil)", optional: true)],
      options: [
        OptionSpec(
          "notebook", value: "FILE.md", .file,
          help: "write a Markdown notebook instead: the commands as cells with their outputs (replayed fresh)")
      ],
      example: "save payments.vigil", changesStack: false),
    CommandSpec(
      "load", summary: "Replay a session file into this session, or load log files into a service's log group.",
      positionals: [
        PositionalSpec("files", .file, help: "a .vigil session, or log files followed by 'into SERVICE'", variadic: true)
      ], example: "load samples/payments.vigil", changesStack: false),
    CommandSpec("history", summary: "List the accepted commands of this session.", example: "history", changesStack: false),
    CommandSpec("quit", summary: "Leave the shell (also Ctrl-D).", example: "quit", changesStack: false),
  ]
}
