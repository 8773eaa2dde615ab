import Foundation
import VigilCore
import VigilModel

/// Why a file cannot be read: "no such file", "is a directory", "is a named pipe (FIFO), not a file",
/// "permission denied" or "not UTF-8 text".
public func unreadableReason(_ path: String) -> String {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such file" }
  if isDirectory.boolValue { return "is a directory" }
  var status = stat()
  if stat(path, &status) == 0 {
    switch status.st_mode & S_IFMT {
    case S_IFIFO: return "is a named pipe (FIFO), not a file"
    case S_IFSOCK: return "is a socket, not a file"
    case S_IFCHR, S_IFBLK: return "is a device, not a file"
    default: break
    }
  }
  guard FileManager.default.isReadableFile(atPath: path) else { return "permission denied" }
  return "not UTF-8 text"
}

/// Why a session file gives no text.
public enum SessionTextFailure: Error, Equatable, Sendable {
  /// It cannot be opened: "no such file", "is a directory" or "permission denied".
  case unreadable(reason: String)
  /// A byte is not UTF-8: the diagnostic points at its line and column.
  case notUTF8(Diagnostic)
}

/// The text of a session file; `file` is the name its diagnostics show.
public func readSessionText(atPath path: String, file: String?) -> Result<String, SessionTextFailure> {
  guard let data = FileManager.default.contents(atPath: path) else { return .failure(.unreadable(reason: unreadableReason(path))) }
  return CommandLexer.decode(data, file: file).mapError { .notUTF8($0) }
}
