import ArgumentParser
import Foundation

/// `vigil shell [SESSION]` (also `vigil` alone): the interactive shell.
struct ShellCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shell", abstract: "Open the interactive shell, optionally continuing a session file.")

  @Argument(help: "A session file (.vigil) to open and continue.") var session: String?

  func run() throws {
    var shell = Shell(sessionPath: session)
    try shell.run()
  }
}
