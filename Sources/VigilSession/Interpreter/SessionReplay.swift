import Foundation
import VigilCore

/// A session file replayed into a fresh interpreter: where `vigil run`, `check`, `export` and `metrics SESSION`
/// start, and how a library user reads a session's results (`interpreter.stack`, `evaluateAlarms()`, `metricStore()`).
public struct SessionReplay {
  /// The session after the replay; relative paths inside the file resolved against the file's folder.
  public let interpreter: Interpreter
  /// One outcome per command, in order.
  public let outcomes: [CommandOutcome]

  /// The `expect` lines that did not hold.
  public var expectationFailures: [CommandOutcome] { outcomes.filter { $0.status == .expectationFailed } }

  /// Replays a session file; throws when it cannot be read or a command in it is rejected.
  public init(file path: String) throws(SessionReplayError) { try self.init(file: path, progress: nil) }

  /// Replays a session file, reporting how far each large log file it loads has been read (`vigil run` on a terminal).
  public init(file path: String, progress: ((LoadProgress) -> Void)?) throws(SessionReplayError) {
    let url = URL(fileURLWithPath: path)
    let text: String
    switch readSessionText(atPath: path, file: path) {
    case .success(let read): text = read
    case .failure(.unreadable(let reason)): throw .unreadable(path: path, reason: reason)
    case .failure(.notUTF8(let diagnostic)): throw .invalid(diagnostic.description)
    }
    let interpreter = Interpreter(baseDirectory: url.deletingLastPathComponent())
    interpreter.onLoadProgress = progress
    let outcomes = interpreter.execute(text, file: path)
    if let failure = outcomes.first(where: { $0.status == .invalid }) { throw .invalid(failure.output) }
    self.interpreter = interpreter
    self.outcomes = outcomes
  }
}

/// Why a session file could not be replayed.
public enum SessionReplayError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file cannot be read: "no such file", "is a directory", "permission denied" or "not UTF-8 text".
  case unreadable(path: String, reason: String)
  /// A command was rejected: its diagnostic, with position and caret.
  case invalid(String)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): return "cannot read session file \(path): \(reason)"
    case .invalid(let output): return output
    }
  }
}
