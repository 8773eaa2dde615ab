import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The bytes of a log file: the file itself, or, for gzip files, its members decompressed in process with zlib
/// (as `gzip -dc` would print them: every member of a multi-member file, one after the other).
///
/// A gzip file is inflated into the caller's buffer one read at a time, so memory stays flat whatever the
/// compression ratio (a gzip bomb streams like any large file). A truncated or corrupt file is an error
/// naming the file, never a silently short read.
final class ByteSource {
  let path: String
  private let fd: Int32
  private let gzip: GzipInflater?

  init(path: String) throws {
    self.path = path
    var info = stat()
    guard stat(path, &info) == 0 else {
      throw LogReadError(path: path, message: String(cString: strerror(errno)))
    }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw LogReadError(path: path, message: "is a directory") }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw LogReadError(path: path, message: String(cString: strerror(errno))) }
    self.fd = fd
    if ByteLineReader.isGzip(path: path) {
      guard let inflater = GzipInflater() else {
        _ = systemClose(fd)
        throw LogReadError(path: path, message: "cannot start zlib to decompress the file")
      }
      gzip = inflater
    } else {
      gzip = nil
    }
  }

  /// Whether the bytes are the file's own, so a reader can seek to a byte offset.
  var isSeekable: Bool { gzip == nil }

  /// Moves to a byte offset of a plain file.
  func seek(to offset: Int) throws {
    guard gzip == nil, lseek(fd, off_t(offset), SEEK_SET) >= 0 else {
      throw LogReadError(path: path, message: "cannot seek to byte \(offset)")
    }
  }

  /// Reads up to `count` bytes; 0 only at the end of the data.
  func read(into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
    if let gzip { return try gzip.read(from: self, into: pointer, count: count) }
    return try readFile(into: pointer, count: count)
  }

  fileprivate func readFile(into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
    while true {
      let n = systemRead(fd, pointer, count)
      if n >= 0 { return n }
      if errno == EINTR { continue }
      throw LogReadError(path: path, message: String(cString: strerror(errno)))
    }
  }

  /// Kept for the readers' end-of-data step; all checks happen while reading.
  func finish() throws {}

  func close() {
    _ = systemClose(fd)
  }
}

/// zlib's `inflate` over the gzip members of a file, with a fixed input buffer.
/// See https://www.zlib.net/manual.html (`inflateInit2`: window bits 15 + 16 decode the gzip format only).
private final class GzipInflater {
  private var stream = z_stream()
  private let inputCapacity = 64 * 1024
  private let input: UnsafeMutablePointer<UInt8>
  private var inputEnded = false
  /// Between two members: the last one ended and the next has not started.
  private var memberEnded = false
  private var finished = false

  init?() {
    input = UnsafeMutablePointer<UInt8>.allocate(capacity: inputCapacity)
    let rc = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    if rc != Z_OK {
      input.deallocate()
      return nil
    }
  }

  deinit {
    inflateEnd(&stream)
    input.deallocate()
  }

  func read(from source: ByteSource, into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
    if finished || count == 0 { return 0 }
    stream.next_out = pointer
    stream.avail_out = UInt32(clamping: count)
    let wanted = stream.avail_out
    while stream.avail_out == wanted {
      if stream.avail_in == 0 && !inputEnded {
        let n = try source.readFile(into: input, count: inputCapacity)
        if n == 0 { inputEnded = true }
        stream.next_in = input
        stream.avail_in = UInt32(n)
      }
      if stream.avail_in == 0 && inputEnded {
        // The end of the file is the end of the data only right after a complete member.
        guard memberEnded else {
          throw LogReadError(path: source.path, message: "the gzip data is truncated (unexpected end of file)")
        }
        finished = true
        break
      }
      if memberEnded {
        // Another member follows (`cat a.gz b.gz`): `gzip -dc` prints both.
        inflateReset(&stream)
        memberEnded = false
      }
      let rc = inflate(&stream, Z_NO_FLUSH)
      switch rc {
      case Z_STREAM_END: memberEnded = true
      case Z_OK, Z_BUF_ERROR: break
      default:
        let reason = stream.msg.map { String(cString: $0) } ?? "error \(rc)"
        throw LogReadError(path: source.path, message: "not valid gzip data (\(reason))")
      }
    }
    return Int(wanted - stream.avail_out)
  }
}

#if canImport(Glibc)
  private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { Glibc.read(fd, p, n) }
  private func systemClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
#else
  private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { Darwin.read(fd, p, n) }
  private func systemClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
#endif
