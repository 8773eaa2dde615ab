import ArgumentParser
import Foundation
import VigilCore
import VigilSession

/// Replays a session file (`SessionReplay`); invalid sessions exit 2 with the first error.
enum SessionLoading {
  /// On a terminal, large log files the session loads show their progress on standard error.
  static func replay(_ path: String) throws -> (Interpreter, [CommandOutcome]) {
    // A CloudFormation template is imported in memory, then taken like its session.
    if TemplateImport.isImportable(path) {
      do { return try TemplateImport.interpreter(for: path) } catch {
        printError(error.description)
        throw ExitCode.invalidInput
      }
    }
    let progress: ((LoadProgress) -> Void)? = TerminalOutput.isTerminal(STDERR_FILENO) ? { ProgressBar.draw($0) } : nil
    do throws(SessionReplayError) {
      let replay = try SessionReplay(file: path, progress: progress)
      return (replay.interpreter, replay.outcomes)
    } catch {
      switch error {
      case .unreadable: printError("vigil: error: \(error)")
      case .invalid: printError(error.description)
      }
      throw ExitCode.invalidInput
    }
  }
}
