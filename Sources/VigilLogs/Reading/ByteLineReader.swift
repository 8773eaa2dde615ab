#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation
import VigilCore

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

/// A readable file descriptor: the file itself, or the stdout of `gzip -dc FILE`.
final class ByteSource {
  let path: String
  let fd: Int32
  let process: Process?

  init(path: String) throws {
    self.path = path
    var info = stat()
    guard stat(path, &info) == 0 else {
      throw LogReadError(path: path, message: String(cString: strerror(errno)))
    }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw LogReadError(path: path, message: "is a directory") }
    if ByteLineReader.isGzip(path: path) {
      // zlib is not linked into the package; a gzip child process streams just as well.
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["gzip", "-dc", "--", path]
      let pipe = Pipe()
      process.standardOutput = pipe
      process.standardError = FileHandle.nullDevice
      do { try process.run() } catch {
        throw LogReadError(path: path, message: "cannot run gzip to decompress: \(error)")
      }
      self.process = process
      self.fd = pipe.fileHandleForReading.fileDescriptor
      // Keep the read end alive as long as we are.
      self.pipeHandle = pipe.fileHandleForReading
    } else {
      let fd = open(path, O_RDONLY)
      guard fd >= 0 else { throw LogReadError(path: path, message: String(cString: strerror(errno))) }
      self.fd = fd
      self.process = nil
      self.pipeHandle = nil
    }
  }

  private let pipeHandle: FileHandle?

  func read(into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
    while true {
      let n = systemRead(fd, pointer, count)
      if n >= 0 { return n }
      if errno == EINTR { continue }
      throw LogReadError(path: path, message: String(cString: strerror(errno)))
    }
  }

  /// Checks that a gzip child exited cleanly (a truncated or corrupt .gz is an error, not a short file).
  func finish() throws {
    guard let process else { return }
    process.waitUntilExit()
    if process.terminationStatus != 0 {
      throw LogReadError(path: path, message: "gzip could not decompress the file (exit status \(process.terminationStatus))")
    }
  }

  func close() {
    if process == nil {
      _ = systemClose(fd)
    } else if let process, process.isRunning {
      process.terminate()
      process.waitUntilExit()
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
