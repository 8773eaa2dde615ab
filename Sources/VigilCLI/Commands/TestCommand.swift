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
    // On a terminal, a run past its first second names the document it is on (cleared when done).
    let started = Date()
    let showsProgress = TerminalOutput.isTerminal(STDERR_FILENO)
    var progress: (@Sendable (String) -> Void)?
    if showsProgress { progress = { path in TestCommand.drawProgress(path, started: started) } }
    let report = NotebookTesting.test(paths: paths, update: update, filter: filter, onDocument: progress)
    if showsProgress && Date().timeIntervalSince(started) >= 1 { printErrorInline("\r\u{1B}[2K") }
    // The summary (the last line) in green when everything passed, red otherwise.
    var text = report.consoleText
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.count >= 2, lines[lines.count - 1].isEmpty {
      lines[lines.count - 2] = TerminalOutput.paint(lines[lines.count - 2], report.exitStatus == 0 ? .green : .red, descriptor: STDOUT_FILENO)
      text = lines.joined(separator: "\n")
    }
    printOutput(text, terminator: "")
    if let junit {
      // A missing folder is named, rather than Foundation's "The file doesn't exist."
      let folder = URL(fileURLWithPath: junit).deletingLastPathComponent().path
      guard FileManager.default.fileExists(atPath: folder) else {
        printError("vigil: error: cannot write the JUnit report \(junit): the folder \(folder) does not exist")
        throw ExitCode.invalidInput
      }
      do {
        try JUnitWriter.xml(for: report).write(toFile: junit, atomically: true, encoding: .utf8)
      } catch {
        printError("vigil: error: cannot write the JUnit report \(junit): \(error.localizedDescription)")
        throw ExitCode.invalidInput
      }
    }
    if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
  }

  /// The document being tested, once the run has taken a second (quicker runs stay quiet).
  @Sendable static func drawProgress(_ path: String, started: Date) {
    if Date().timeIntervalSince(started) >= 1 { printErrorInline("\r\u{1B}[2Ktesting \(path) …") }
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
