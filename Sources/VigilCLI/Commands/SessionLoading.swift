import ArgumentParser
import Foundation
import VigilCore
import VigilSession

/// Replays a session file (`SessionReplay`); invalid sessions exit 2 with the first error.
enum SessionLoading {
  static func replay(_ path: String) throws -> (Interpreter, [CommandOutcome]) {
    // A CloudFormation template is imported in memory, then taken like its session.
    if TemplateImport.isImportable(path) {
      do { return try TemplateImport.interpreter(for: path) } catch {
        printError(error.description)
        throw ExitCode.invalidInput
      }
    }
    do {
      let replay = try SessionReplay(file: path)
      return (replay.interpreter, replay.outcomes)
    } catch {
      switch error {
      case .unreadable: printError("vigil: \(error)")
      case .invalid: printError(error.description)
      }
      throw ExitCode.invalidInput
    }
  }
}
