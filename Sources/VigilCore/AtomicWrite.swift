import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a file could not be written: the step that failed and the system's reason.
public struct FileWriteFailure: Error, Equatable, Sendable {
  public var step: String
  public var reason: String
}

/// Writing files the way sessions, journals and exports must: every byte or an error, and replacing a file whole
/// or not at all, no more readable than the file it replaces.
public enum FileWriting {
  /// Writes every byte to `descriptor`, retrying interrupted writes; the system's reason on failure.
  public static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> String? {
    bytes.withUnsafeBytes { buffer -> String? in
      guard let base = buffer.baseAddress else { return nil }
      var offset = 0
      while offset < buffer.count {
        let written = write(descriptor, base + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return String(cString: strerror(errno))
        }
        offset += written
      }
      return nil
    }
  }

  /// Replaces `url` with `bytes`: a new temporary file in the same folder (`mkstemp`, created 0600), flushed with
  /// `fsync`, given the mode of the file it replaces (a new file stays 0600, since sessions and exports can hold
  /// secrets), then renamed over the target. `rename` within one file system is atomic, so an interrupted write
  /// leaves the old file or the new one, never a mix. The folder must exist.
  /// https://pubs.opengroup.org/onlinepubs/9799919799/functions/rename.html
  public static func replace(_ url: URL, with bytes: [UInt8]) throws(FileWriteFailure) {
    let target = url.path
    func failure(_ step: String) -> FileWriteFailure { FileWriteFailure(step: step, reason: String(cString: strerror(errno))) }
    var template = Array((url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".vigil-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
    guard descriptor >= 0 else { throw failure("cannot create a temporary file") }
    let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var existing = stat()
    let mode: mode_t = stat(target, &existing) == 0 ? existing.st_mode & 0o7777 : 0o600
    var problem: FileWriteFailure?
    if let reason = writeAll(descriptor, bytes) { problem = FileWriteFailure(step: "write failed", reason: reason) }
    // fchmod after creation: the umask cannot widen it, and a mode wider than 0600 comes only from the replaced file.
    if problem == nil, fchmod(descriptor, mode) != 0 { problem = failure("cannot set the mode") }
    if problem == nil, fsync(descriptor) != 0 { problem = failure("fsync failed") }
    if close(descriptor) != 0, problem == nil { problem = failure("close failed") }
    if problem == nil, rename(temporary, target) != 0 { problem = failure("cannot replace the file") }
    if let problem {
      unlink(temporary)
      throw problem
    }
  }
}
