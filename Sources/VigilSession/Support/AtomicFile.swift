import Foundation
import VigilCore

/// Writing a file the way `save` must: whole or not at all, and no more readable than before.
public enum AtomicFile {
  /// Why a file could not be written.
  public struct WriteError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
  }

  /// Writes `text` to a temporary file beside `url`, flushes it and renames it over `url`, so a crash leaves the old
  /// file or the new one, never a mix. The new file keeps the mode of the file it replaces (a 0600 session stays
  /// 0600); a new file is created 0600, because sessions and notebooks hold what was typed, secrets included.
  public static func write(_ text: String, to url: URL) throws(WriteError) {
    // Said in words that name the folder, rather than the temporary file's "No such file or directory".
    let folder = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
      throw WriteError(description: "the folder \(folder) does not exist")
    }
    guard isDirectory.boolValue else { throw WriteError(description: "\(folder) is not a folder") }
    do throws(FileWriteFailure) {
      try FileWriting.replace(url, with: Array(text.utf8))
    } catch {
      throw WriteError(description: error.reason)
    }
  }
}
