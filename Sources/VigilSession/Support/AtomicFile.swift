import Foundation
import Glibc

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
    let path = url.path
    var existing = stat()
    let mode: mode_t = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : 0o600
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard descriptor >= 0 else { throw WriteError(description: String(cString: strerror(errno))) }
    var failure: String?
    Array(text.utf8).withUnsafeBytes { buffer in
      guard let base = buffer.baseAddress else { return }
      var offset = 0
      while offset < buffer.count {
        let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failure = String(cString: strerror(errno))
          return
        }
        offset += written
      }
    }
    // fchmod after open: the umask cannot widen it, and a mode wider than 0600 comes only from the replaced file.
    if failure == nil, fchmod(descriptor, mode) != 0 { failure = String(cString: strerror(errno)) }
    if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
    close(descriptor)
    if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
    if let failure {
      unlink(temporary)
      throw WriteError(description: failure)
    }
  }
}
