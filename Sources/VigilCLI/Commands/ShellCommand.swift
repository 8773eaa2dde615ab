import ArgumentParser
import Foundation
import VigilSession

/// `vigil shell [SESSION]` (also `vigil` alone): the interactive shell.
struct ShellCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shell", abstract: "Open the interactive shell, optionally continuing a session file.")

  @Argument(help: "A session file (.vigil) or notebook (.md; its cells' commands) to open and continue.") var session: String?

  func run() throws {
    // A notebook that does not parse is reported with its own positions before the shell starts.
    if let session, NotebookDocument.isNotebook(session) {
      do { _ = try NotebookDocument.read(session) } catch {
        printError(error.description)
        throw ExitCode.invalidInput
      }
    }
    var shell = Shell(sessionPath: session)
    try shell.run()
  }
}
