import ArgumentParser
import Foundation
import VigilCore

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

/// Why a file cannot be read: "no such file", "is a directory", "permission denied" or "not UTF-8 text".
func unreadableReason(_ path: String) -> String {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such file" }
  if isDirectory.boolValue { return "is a directory" }
  guard FileManager.default.isReadableFile(atPath: path) else { return "permission denied" }
  return "not UTF-8 text"
}

/// Writes to standard error without a newline (progress lines).
func printErrorInline(_ text: String) {
  FileHandle.standardError.write(Data(text.utf8))
}

/// Writes to standard error.
func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}
