import ArgumentParser
import Foundation
import VigilSession
import VigilNotebook

/// `vigil test NOTEBOOK|DIR...`: re-run notebooks and session files and compare their outputs (CI).
struct TestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test",
    abstract: "Re-run notebooks and session files, compare outputs: exit 0 all passed, 1 a difference, 2 invalid.",
    discussion: reflowed(NotebookFormat.helpText))

  @Argument(help: "Notebooks (.md), session files (.vigil) or directories searched for both.") var paths: [String]
  @Flag(help: "Record the actual outputs in place of differing ones (the accept step).") var update = false
  @Option(help: ArgumentHelp("Write a JUnit XML report for CI.", valueName: "FILE")) var junit: String?
  @Option(
    help: ArgumentHelp(
      "Check only the cells whose notebook path or heading contains X, or the cell at PATH:LINE (repeatable).",
      valueName: "X"))
  var filter: [String] = []

  func run() throws {
    let report = NotebookTesting.test(paths: paths, update: update, filter: filter)
    print(report.consoleText, terminator: "")
    if let junit {
      do {
        try JUnitWriter.xml(for: report).write(toFile: junit, atomically: true, encoding: .utf8)
      } catch {
        printError("vigil: error: cannot write the JUnit report \(junit): \(error.localizedDescription)")
        throw ExitCode.invalidInput
      }
    }
    if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
  }

  /// The help text with each prose paragraph on one line, so ArgumentParser wraps it to the terminal
  /// instead of breaking the source's own line ends again; indented lines (the rule table) and
  /// lines starting an option (`--update ...`) keep their own line.
  static func reflowed(_ text: String) -> String {
    var lines: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if let last = lines.last, !last.isEmpty, !last.hasPrefix(" "), !line.isEmpty, !line.hasPrefix(" "), !line.hasPrefix("--") {
        lines[lines.count - 1] = last + " " + line
      } else {
        lines.append(line)
      }
    }
    return lines.joined(separator: "\n")
  }
}
