import Foundation

import VigilCore

/// Why an export file could not be written.
public struct ExportWriteError: Error, Equatable, CustomStringConvertible {
  public var path: String
  public var reason: String
  public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes export files so that a reader never sees half a file and secrets in them are not world-readable.
///
/// Each file replaces its target through `FileWriting.replace`: written beside it, flushed, given the mode of the
/// file it replaces (0600 when new), then renamed over it, so an interrupted export leaves the old file or the new one.
public enum ExportWriter {
  /// Writes every file of `files` under `directory`, creating folders as needed.
  public static func write(_ files: ExportedFiles, to directory: URL) throws {
    for (path, bytes) in files.files {
      try write(bytes, to: directory.appendingPathComponent(path))
    }
  }

  /// Writes one file atomically (see the type's documentation), creating its folder.
  public static func write(_ bytes: [UInt8], to url: URL) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    do throws(FileWriteFailure) {
      try FileWriting.replace(url, with: bytes)
    } catch {
      throw ExportWriteError(path: url.path, reason: "\(error.step): \(error.reason)")
    }
  }
}
