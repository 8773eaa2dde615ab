import VigilCore
import VigilModel

/// `graph`: the stack's wiring as Mermaid or Graphviz DOT (`StackGraph`), the same text `vigil graph SESSION` prints.
enum GraphCommands {
  static let commands: [SessionCommand] = [
    SessionCommand(
      .unrecorded,
      CommandSpec(
        "graph", summary: "Draw the wiring (log group → filter → metric → alarm → topic) as Mermaid or DOT.",
        options: [
          OptionSpec("format", value: "mermaid|dot", .choice(StackGraph.Format.allCases.map(\.rawValue)), help: "output syntax (default mermaid)")
        ],
        example: "graph --format dot", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in
      let name = try command.value("format")?.choice("--format", StackGraph.Format.allCases.map(\.rawValue)) ?? "mermaid"
      let format = StackGraph.Format(rawValue: name) ?? .mermaid
      let text = StackGraph(interpreter.stack).render(format)
      return CommandOutcome(.ok, String(text.dropLast()))
    }
  ]
}
