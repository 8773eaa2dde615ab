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
/// Each file replaces its target through `FileWriting.replaceAll`: written beside it, given the mode of the file it
/// replaces (0600 when new), flushed (once for all the files), then renamed over it, so an interrupted export leaves
/// the old file or the new one. A file that already holds the bytes is left as it is.
public enum ExportWriter {
  /// Writes every file of `files` under `directory`, creating folders as needed.
  /// One flush for all the files (`FileWriting.replaceAll`), not one per file: exporting 1,500 files took 7 s of
  /// `fsync`s.
  public static func write(_ files: ExportedFiles, to directory: URL) throws {
    let targets = files.files.map { (url: directory.appendingPathComponent($0.path), bytes: $0.bytes) }
    var folders = Set<String>()
    for target in targets where folders.insert(target.url.deletingLastPathComponent().path).inserted {
      try FileManager.default.createDirectory(at: target.url.deletingLastPathComponent(), withIntermediateDirectories: true)
    }
    do throws(FileWriting.BatchFailure) {
      try FileWriting.replaceAll(targets)
    } catch {
      throw ExportWriteError(path: targets[error.index].url.path, reason: "\(error.failure.step): \(error.failure.reason)")
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
