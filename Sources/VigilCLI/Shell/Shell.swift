import ArgumentParser
import Foundation
import VigilSession
import VigilCharts
import VigilModel

/// The interactive loop: read a line, execute it, print the result. Errors never end the shell and
/// never drop an accepted command; the journal keeps them if the process dies.
struct Shell {
  let sessionPath: String?
  let interactive = isatty(STDIN_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"

  init(sessionPath: String?) { self.sessionPath = sessionPath }

  mutating func run() throws {
    // One path rule: what the user types resolves against the current directory; the opened file's own commands
    // resolve against its folder.
    let interpreter = Interpreter(baseDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    interpreter.commandLineForms = VigilCommand.commandLineForms
    interpreter.remoteQuery = ShellRemoteQuery.runner(progress: interactive)
    if interactive {
      interpreter.policyWarnings = true
      interpreter.onLoadProgress = ProgressBar.draw
      let (columns, rows) = TerminalCapabilities.size()
      let color = TerminalCapabilities.colorEnabled()
      let boldYellow: @Sendable (String) -> String = { "\u{1B}[1;33m\($0)\u{1B}[0m" }
      interpreter.display = DisplayOptions(
        width: columns, chartHeight: max(8, min(20, rows / 3)), color: color, highlight: color ? boldYellow : nil)
    }
    var reader: any LineReader = interactive ? LibeditLineReader(historyPath: historyPath()) : PlainLineReader()

    var openedIntact = false
    if let sessionPath {
      let text: String
      if NotebookDocument.isNotebook(sessionPath) {
        do throws(NotebookReadError) {
          text = NotebookDocument.sessionText(of: try NotebookDocument.read(sessionPath))
        } catch {
          printError(error.description)
          throw ExitCode.invalidInput
        }
      } else {
        switch readSessionText(atPath: sessionPath, file: sessionPath) {
        case .success(let read): text = read
        case .failure(.unreadable(let reason)):
          printError("vigil: error: cannot read session file \(sessionPath): \(reason)")
          throw ExitCode.invalidInput
        case .failure(.notUTF8(let diagnostic)):
          printError(diagnostic.description)
          throw ExitCode.invalidInput
        }
      }
      let outcomes = interpreter.execute(
        text, file: sessionPath, relativeTo: URL(fileURLWithPath: sessionPath).deletingLastPathComponent())
      if let failure = outcomes.first(where: { $0.status == .invalid }) {
        print(failure.output)
        print("opened \(sessionPath) up to the error: \(interpreter.entries.count) command(s)")
      } else {
        print("opened \(sessionPath): \(interpreter.entries.count) command(s)")
        openedIntact = true
      }
    }
    // The journal protects typed work; piped input can be replayed, so it keeps none.
    let keeper = interactive ? JournalKeeper(session: sessionPath, directory: Journal.directory()) : nil
    keeper?.start(interpreter, openedIntact: openedIntact) { reader.readLine(prompt: $0) }
    if interactive {
      print("Vigil \(VigilVersion.string) — type 'help' for commands, Tab to complete, Ctrl-R to search history, Ctrl-D to leave.")
    }
    var pending = ""
    var rejected = 0
    var lineNumber = 0
    var startLine = 1
    while true {
      var completer = Completer(specs: interpreter.parser.specs, stack: interpreter.stack)
      completer.queryWords = interpreter.queryCompletionWords
      completer.metricNames = interpreter.metricCompletionNames
      activeCompleter.withLock { [completer] in $0 = completer }
      let prompt = pending.isEmpty ? promptText(interpreter) : "... "
      guard let line = reader.readLine(prompt: prompt) else { break }
      lineNumber += 1
      if pending.isEmpty { startLine = lineNumber }
      if line.hasSuffix("\\") {
        pending += line + "\n"
        continue
      }
      let text = pending + line
      pending = ""
      if text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
      if interactive { reader.addHistory(text.replacingOccurrences(of: "\\\n", with: " ")) }
      // Ctrl-C while the command runs stops it and comes back here with the session as it was (a terminal only:
      // piped input keeps Ctrl-C's usual meaning).
      if interactive { CommandInterrupt.begin() }
      let outcomes = interpreter.execute(text, file: nil, firstLine: interactive ? 1 : startLine)
      if interactive { CommandInterrupt.end() }
      var quit = false
      for outcome in outcomes {
        if outcome.status == .invalid { rejected += 1 }
        if !outcome.output.isEmpty {
          // A stopped load leaves its progress bar on the line: clear it first.
          if outcome.output == Interpreter.interruptedMessage { printErrorInline("\r\u{1B}[2K") }
          if outcome.status == .invalid { printError(outcome.output) } else { printOutput(outcome.output) }
        }
        if outcome.status == .quit { quit = true }
      }
      fflush(nil)  // all streams; avoids the non-Sendable `stdout` global
      if quit { break }
    }
    reader.saveHistory()
    keeper?.finish(interpreter)
    // Piped input is a script: a rejected line makes the run fail, as in `vigil run`.
    if !interactive && rejected > 0 { throw ExitCode.invalidInput }
  }

  func promptText(_ interpreter: Interpreter) -> String {
    guard interactive else { return "" }
    let name = interpreter.stack.environment.map { "\($0.stackName)/\($0.suffix)" } ?? "vigil"
    return "\(name)> "
  }

  func historyPath() -> String {
    let state = ProcessInfo.processInfo.environment["XDG_STATE_HOME"] ?? (NSHomeDirectory() + "/.local/state")
    return state + "/vigil/history"
  }
}
