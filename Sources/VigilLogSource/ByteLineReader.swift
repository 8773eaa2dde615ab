import Synchronization
import VigilCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a log file could not be read at all (a bad line is a `LogReadIssue`, not an error).
public struct LogReadError: Error, Equatable, Sendable, CustomStringConvertible {
  public var path: String
  public var message: String
  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }
  public var description: String { "\(path): error: \(message)" }
}

/// Streams the lines of a file (or of a gzip file through `gzip -dc`) as byte views into one reused
/// buffer: `read(2)` + `memchr`, constant memory whatever the file size.
///
/// Lines longer than `maxLineBytes` are not delivered; `onOverlong` gets their line number instead.
/// A trailing `\r` (CRLF files) is removed.
public struct ByteLineReader {
  /// CloudWatch's largest event: 1 MB including 26 bytes of per-event overhead
  /// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html).
  public static let cloudWatchMaxMessageBytes = 1_048_576 - 26

  public let path: String
  public var maxLineBytes: Int
  /// Size of each `read(2)`.
  public var chunkBytes: Int

  public init(path: String, maxLineBytes: Int = ByteLineReader.cloudWatchMaxMessageBytes, chunkBytes: Int = 1 << 20) {
    self.path = path
    self.maxLineBytes = maxLineBytes
    self.chunkBytes = chunkBytes
  }

  /// Whether the file starts with the gzip magic bytes (1f 8b) or is named `.gz`.
  public static func isGzip(path: String) -> Bool {
    if path.hasSuffix(".gz") { return true }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var magic: (UInt8, UInt8) = (0, 0)
    let n = withUnsafeMutableBytes(of: &magic) { read(fd, $0.baseAddress, 2) }
    return n == 2 && magic.0 == 0x1f && magic.1 == 0x8b
  }

  /// Calls `body(line, lineNumber)` for every line (1-based numbers). The buffer is only valid during the call.
  public func forEachLine(
    onOverlong: (Int) -> Void = { _ in },
    _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
  ) throws {
    let source = try ByteSource(path: path)
    defer { source.close() }
    let capacity = maxLineBytes + chunkBytes + 1
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    defer { buffer.deallocate() }
    var start = 0  // first byte of the current (incomplete) line
    var end = 0  // end of valid data
    var lineNumber = 0
    var skipping = false  // inside a line already known to be too long
    var atEOF = false
    while !atEOF {
      // Make room: move the partial line to the front.
      if start > 0 {
        if end > start { memmove(buffer, buffer + start, end - start) }
        end -= start
        start = 0
      }
      let n = try source.read(into: buffer + end, count: min(chunkBytes, capacity - end))
      if n == 0 { atEOF = true }
      var scan = end
      end += n
      while scan < end {
        guard let hit = memchr(buffer + scan, 0x0A, end - scan) else { break }
        let newline = UnsafeMutablePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - buffer
        lineNumber += 1
        if skipping {
          skipping = false
          onOverlong(lineNumber)
        } else {
          try deliver(start, newline, lineNumber, onOverlong, body)
        }
        start = newline + 1
        scan = start
      }
      if end - start > maxLineBytes {
        // Too long already: drop what we have and skip to the next newline.
        skipping = true
        start = end
      }
    }
    if skipping {
      onOverlong(lineNumber + 1)
    } else if end > start {
      try deliver(start, end, lineNumber + 1, onOverlong, body)
    }
    try source.finish()

    func deliver(
      _ from: Int, _ to: Int, _ number: Int, _ onOverlong: (Int) -> Void,
      _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) throws {
      var to = to
      if to > from, buffer[to - 1] == 0x0D { to -= 1 }
      if to - from > maxLineBytes {
        onOverlong(number)
        return
      }
      try body(UnsafeBufferPointer(start: buffer + from, count: to - from), number)
    }
  }
}

extension ByteLineReader {
  /// Calls `body` only for lines that contain `needle` (found with `memmem` across the whole buffer, the way
  /// `grep` does, instead of line by line), and for every line of a buffer that contains `unlessByte`.
  /// Over-long lines are skipped. No line numbers: this is the counting path.
  public func forEachLine(
    containing needle: [UInt8], orAllLinesOfChunksWith unlessByte: UInt8? = nil,
    _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
  ) throws {
    precondition(!needle.isEmpty)
    let source = try ByteSource(path: path)
    defer { source.close() }
    let capacity = maxLineBytes + chunkBytes + 1
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    defer { buffer.deallocate() }
    var start = 0
    var end = 0
    var skipping = false
    var atEOF = false
    func emit(_ from: Int, _ to: Int) throws {
      var to = to
      if to > from, buffer[to - 1] == 0x0D { to -= 1 }
      guard to > from, to - from <= maxLineBytes else { return }
      try body(UnsafeBufferPointer(start: buffer + from, count: to - from))
    }
    /// Lines of [from, to) (which ends just after a newline, or at EOF).
    func scanRegion(_ from: Int, _ to: Int) throws {
      if let unlessByte, memchr(buffer + from, Int32(unlessByte), to - from) != nil {
        var i = from
        while i < to {
          let nl =
            memchr(buffer + i, 0x0A, to - i).map { UnsafeMutablePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - buffer } ?? to
          try emit(i, nl)
          i = nl + 1
        }
        return
      }
      var i = from
      try needle.withUnsafeBufferPointer { n in
        while to - i >= n.count {
          guard let hit = ByteSearch.find(buffer + i, to - i, n.baseAddress!, n.count) else { return }
          let h = UnsafeMutablePointer(mutating: hit) - buffer
          var lineStart = h
          while lineStart > from, buffer[lineStart - 1] != 0x0A { lineStart -= 1 }
          let lineEnd =
            memchr(buffer + h, 0x0A, to - h).map { UnsafeMutablePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - buffer } ?? to
          try emit(lineStart, lineEnd)
          i = lineEnd + 1
        }
      }
    }
    while !atEOF {
      if start > 0 {
        if end > start { memmove(buffer, buffer + start, end - start) }
        end -= start
        start = 0
      }
      let n = try source.read(into: buffer + end, count: min(chunkBytes, capacity - end))
      if n == 0 { atEOF = true }
      let fresh = end
      end += n
      if skipping {
        // Drop the rest of an over-long line.
        guard let nl = memchr(buffer + fresh, 0x0A, end - fresh) else {
          start = end
          continue
        }
        start = UnsafeMutablePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - buffer + 1
        skipping = false
      }
      // The complete lines end at the last newline of the buffer.
      var last = end
      while last > start, buffer[last - 1] != 0x0A { last -= 1 }
      if last > start {
        try scanRegion(start, last)
        start = last
      }
      if end - start > maxLineBytes {
        skipping = true
        start = end
      }
    }
    if !skipping && end > start { try scanRegion(start, end) }
    try source.finish()
  }
}

/// A readable file descriptor: the file itself, or the read end of a pipe from `gzip -dc FILE`
/// (spawned with `posix_spawnp`; zlib is not linked into the package and a child process streams as well).
/// Serialises gzip spawns (see `ByteSource.spawnGzip`).
private let pipeCreation = Mutex<Void>(())

final class ByteSource {
  let path: String
  let fd: Int32
  private var child: pid_t = 0
  private var exitStatus: Int32?

  init(path: String) throws {
    self.path = path
    var info = stat()
    guard stat(path, &info) == 0 else {
      throw LogReadError(path: path, message: String(cString: strerror(errno)))
    }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw LogReadError(path: path, message: "is a directory") }
    if ByteLineReader.isGzip(path: path) {
      (child, fd) = try ByteSource.spawnGzip(path: path)
    } else {
      let fd = open(path, O_RDONLY)
      guard fd >= 0 else { throw LogReadError(path: path, message: String(cString: strerror(errno))) }
      self.fd = fd
    }
  }

  /// Starts `gzip -dc PATH` writing into a pipe; returns its pid and the pipe's read end. Pipes are created
  /// close-on-exec and spawned under one lock, so no gzip started by another thread inherits this pipe's
  /// write end (that would keep the pipe open and the reader waiting for an end of file that never comes).
  private static func spawnGzip(path: String) throws -> (pid_t, Int32) {
    try pipeCreation.withLock { _ throws -> (pid_t, Int32) in
      var fds: [Int32] = [0, 0]
      guard pipe(&fds) == 0 else { throw LogReadError(path: path, message: "cannot create a pipe for gzip") }
      _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
      _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
      var actions = posix_spawn_file_actions_t()
      posix_spawn_file_actions_init(&actions)
      defer { posix_spawn_file_actions_destroy(&actions) }
      // dup2 clears close-on-exec on the child's standard output.
      posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
      posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
      let arguments = ["gzip", "-dc", "--", path]
      var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
      defer { for a in argv { free(a) } }
      var pid: pid_t = 0
      let rc = posix_spawnp(&pid, "gzip", &actions, nil, &argv, environ)
      _ = systemClose(fds[1])
      guard rc == 0 else {
        _ = systemClose(fds[0])
        throw LogReadError(path: path, message: "cannot run gzip to decompress the file: \(String(cString: strerror(rc)))")
      }
      return (pid, fds[0])
    }
  }

  func read(into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
    while true {
      let n = systemRead(fd, pointer, count)
      if n >= 0 { return n }
      if errno == EINTR { continue }
      throw LogReadError(path: path, message: String(cString: strerror(errno)))
    }
  }

  /// Waits for a gzip child after end of data: a truncated or corrupt .gz is an error, not a short file.
  func finish() throws {
    guard child != 0 else { return }
    let status = reap()
    if status != 0 {
      throw LogReadError(path: path, message: "gzip could not decompress the file (exit status \(status))")
    }
  }

  private func reap() -> Int32 {
    if let exitStatus { return exitStatus }
    var status: Int32 = 0
    while waitpid(child, &status, 0) < 0 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS by hand (macros are not imported).
    let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    exitStatus = code
    return code
  }

  /// Closes the descriptor; a gzip child still writing gets SIGPIPE/SIGTERM and is reaped.
  func close() {
    _ = systemClose(fd)
    if child != 0 && exitStatus == nil {
      kill(child, SIGTERM)
      _ = reap()
    }
  }
}

#if canImport(Glibc)
  private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { Glibc.read(fd, p, n) }
  private func systemClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
#else
  private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { Darwin.read(fd, p, n) }
  private func systemClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
#endif
