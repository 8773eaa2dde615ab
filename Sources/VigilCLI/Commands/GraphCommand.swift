import ArgumentParser
import Foundation
import VigilSession

/// `vigil graph SESSION --format mermaid|dot`: the stack's wiring (`StackGraph`), for a README or a pull request.
struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph",
    abstract: "Draw the session's wiring as Mermaid or Graphviz DOT: exit 0, or 2 for invalid input.",
    discussion:
      "Log group → metric filter → metric → alarm → composite → topic → subscription, and the dashboard widgets that show a "
      + "metric or an alarm. A metric with no edge in is one nothing in the stack publishes.")

  @Argument(help: "The session file (.vigil).") var session: String
  @Option(name: .long, help: "Output syntax: mermaid or dot.") var format: String = "mermaid"

  func run() throws {
    guard let format = StackGraph.Format(rawValue: format) else {
      printError("vigil graph: --format must be mermaid or dot, got '\(format)'")
      throw ExitCode.invalidInput
    }
    let (interpreter, _) = try SessionLoading.replay(session)
    print(StackGraph(interpreter.stack).render(format), terminator: "")
  }
}
