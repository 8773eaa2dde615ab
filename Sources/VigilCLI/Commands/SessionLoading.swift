import ArgumentParser
import Foundation
import VigilCore
import VigilSession

/// Replays a session file into a fresh interpreter; invalid sessions exit 2 with the first error.
enum SessionLoading {
  static func replay(_ path: String, quiet: Bool = true) throws -> (Interpreter, [CommandOutcome]) {
    let url = URL(fileURLWithPath: path)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      printError("vigil: cannot read session file \(path): \(unreadableReason(path))")
      throw ExitCode.invalidInput
    }
    let interpreter = Interpreter(baseDirectory: url.deletingLastPathComponent())
    let outcomes = interpreter.execute(text, file: path)
    if let failure = outcomes.first(where: { $0.status == .invalid }) {
      printError(failure.output)
      throw ExitCode.invalidInput
    }
    return (interpreter, outcomes)
  }
}
