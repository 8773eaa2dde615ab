import ArgumentParser
import Foundation
import VigilNotebook

/// `vigil test NOTEBOOK|DIR...`: re-run notebooks and session files and compare their outputs (CI).
struct TestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test",
    abstract: "Re-run notebooks and session files, compare outputs: exit 0 all passed, 1 a difference, 2 invalid.",
    discussion: NotebookFormat.helpText)

  @Argument(help: "Notebooks (.md), session files (.vigil) or directories searched for both.") var paths: [String]
  @Flag(help: "Record the actual outputs in place of differing ones (the accept step).") var update = false
  @Option(help: ArgumentHelp("Write a JUnit XML report for CI.", valueName: "FILE")) var junit: String?
  @Option(
    help: ArgumentHelp(
      "Check only the cells whose notebook path or heading contains X, or the cell at PATH:LINE (repeatable).",
      valueName: "X"))
  var filter: [String] = []

  func run() throws {
    let report = Self.test(paths: paths, update: update, filter: filter)
    print(report.consoleText, terminator: "")
    if let junit {
      do {
        try JUnitWriter.xml(for: report).write(toFile: junit, atomically: true, encoding: .utf8)
      } catch {
        printError("vigil: cannot write the JUnit report \(junit): \(error.localizedDescription)")
        throw ExitCode.invalidInput
      }
    }
    if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
  }

  /// Runs the documents, each in a fresh interpreter session, and (with `update`) rewrites outputs.
  static func test(paths: [String], update: Bool = false, filter: [String] = []) -> TestRunReport {
    let options = NotebookRunOptions(update: update, filter: filter.isEmpty ? nil : CellFilter(filter))
    return NotebookRunner(options: options) { InterpreterCellExecutor(session: $0) }.test(paths: paths)
  }
}
