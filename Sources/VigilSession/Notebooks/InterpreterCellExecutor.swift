import Foundation
import VigilCore
import VigilModel
import VigilNotebook

/// Runs notebook cells and session files through the command interpreter, the same one the shell
/// and `vigil run` use, so a notebook shows exactly what a person typing its cells would see.
///
/// Each document gets a fresh `Interpreter` whose base directory is the document's directory, so a
/// notebook in `notebooks/` can say `load ../samples/payments.vigil` wherever it is run from.
/// A cell's output is its commands' outputs, each ended by a newline, as the shell prints them.
public struct InterpreterCellExecutor: CellExecutor {
  /// The session the cells run in.
  public let interpreter: Interpreter
  let kind: Notebook.Kind
  /// Set by `quit` in a session file: like `vigil run`, nothing after it runs.
  var quitted = false

  /// A fresh session for one document.
  public init(session: SessionContext) {
    interpreter = Interpreter(baseDirectory: session.directory)
    kind = session.kind
  }

  /// Runs the cell's commands in order and stops at the first rejected one.
  ///
  /// A rejected command makes the cell invalid with its diagnostic, located relative to the cell
  /// (the runner moves it to the notebook line); `expect` lines that do not hold become failed
  /// expectations at their cell line, and their message is not part of the output.
  public mutating func run(cell source: String, context: CellContext) -> CellResult {
    var output = ""
    var failures: [ExpectationFailure] = []
    guard !quitted else { return CellResult(output: "") }
    for item in CommandLexer.split(source, file: nil, firstLine: 1) {
      let command: CommandSource
      switch item {
      case .failure(let diagnostic):
        return CellResult(output: output, failedExpectations: failures, error: diagnostic)
      case .success(let next):
        command = next
      }
      let outcome = interpreter.execute(command)
      switch outcome.status {
      case .ok:
        Self.append(outcome.output, to: &output)
      case .expectationFailed:
        // The interpreter prefixes the command's location; the runner adds the notebook's own.
        let prefix = "\(command.location.description): expectation failed: "
        let message = outcome.output.hasPrefix(prefix) ? String(outcome.output.dropFirst(prefix.count)) : outcome.output
        failures.append(ExpectationFailure(message, line: command.location.line))
      case .invalid:
        if let diagnostic = outcome.diagnostic, diagnostic.location.file == nil {
          return CellResult(output: output, failedExpectations: failures, error: diagnostic)
        }
        // The error is inside another file (a `load`ed session): show it whole, and point the
        // cell's error at the command that loaded it.
        Self.append(outcome.output, to: &output)
        let headline = outcome.output.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return CellResult(
          output: output, failedExpectations: failures, error: Self.error(at: command, "this command failed: \(headline)"))
      case .quit:
        if kind == .session {
          quitted = true
          return CellResult(output: output, failedExpectations: failures)
        }
        return CellResult(
          output: output, failedExpectations: failures,
          error: Self.error(at: command, "'quit' leaves the shell; a notebook cell cannot use it"))
      }
    }
    return CellResult(output: output, failedExpectations: failures)
  }

  static func append(_ text: String, to output: inout String) {
    guard !text.isEmpty else { return }
    output += text
    if !text.hasSuffix("\n") { output += "\n" }
  }

  static func error(at command: CommandSource, _ message: String) -> Diagnostic {
    if let head = command.tokens.first { return head.error(message) }
    return Diagnostic(message, at: command.location, sourceLine: command.text)
  }
}
