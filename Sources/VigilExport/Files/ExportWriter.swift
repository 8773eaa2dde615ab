import Foundation

#if canImport(Glibc)
  import Glibc
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  import Darwin
  private let systemWrite = Darwin.write
#endif

/// Why an export file could not be written.
public struct ExportWriteError: Error, Equatable, CustomStringConvertible {
  public var path: String
  public var reason: String
  public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes export files so that a reader never sees half a file and secrets in them are not world-readable.
///
/// Each file is written to a new temporary file in the same folder (`mkstemp`, which creates it 0600), flushed with
/// `fsync`, given the mode of the file it replaces (or left 0600 when it is new), then renamed over the target:
/// `rename` within one file system replaces the name atomically, so an interrupted export leaves the old file or
/// the new one, never a mix. https://pubs.opengroup.org/onlinepubs/9799919799/functions/rename.html
public enum ExportWriter {
  /// The mode of files that do not exist yet: owner read and write only.
  public static let newFileMode: mode_t = 0o600

  /// Writes every file of `files` under `directory`, creating folders as needed.
  public static func write(_ files: ExportedFiles, to directory: URL) throws {
    for (path, bytes) in files.files {
      try write(bytes, to: directory.appendingPathComponent(path))
    }
  }

  /// Writes one file atomically (see the type's documentation), creating its folder.
  public static func write(_ bytes: [UInt8], to url: URL) throws {
    let folder = url.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let target = url.path
    func failure(_ what: String) -> ExportWriteError {
      ExportWriteError(path: target, reason: "\(what): \(String(cString: strerror(errno)))")
    }
    var template = Array((folder.path + "/." + url.lastPathComponent + ".vigil-XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw failure("cannot create a temporary file") }
    let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    var done = false
    defer {
      if !done { unlink(temporary) }
    }
    var existing = stat()
    let mode = stat(target, &existing) == 0 ? existing.st_mode & 0o7777 : newFileMode
    var written = 0
    var ok = bytes.withUnsafeBytes { buffer -> Bool in
      while written < buffer.count {
        let n = systemWrite(fd, buffer.baseAddress! + written, buffer.count - written)
        if n < 0 {
          if errno == EINTR { continue }
          return false
        }
        written += n
      }
      return true
    }
    var error = ok ? nil : failure("write failed")
    if ok, fchmod(fd, mode) != 0 { ok = false; error = failure("cannot set the mode") }
    if ok, fsync(fd) != 0 { ok = false; error = failure("fsync failed") }
    if close(fd) != 0, ok { ok = false; error = failure("close failed") }
    if let error { throw error }
    guard rename(temporary, target) == 0 else { throw failure("cannot replace the file") }
    done = true
  }
}
