import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One log input: a plain file, a gzip file, a pipe (`<(cat log.jsonl)`, `/dev/stdin`) or a FIFO.
///
/// Everything that reads the input goes through this object, so a pipe is never opened a second time and the
/// bytes the format probe reads are the bytes the reader then sees:
/// - a plain file is read with `pread(2)` at each reader's own offset (no `lseek`); each reader opens it while it
///   reads, so a query over thousands of files does not hold thousands of descriptors;
/// - a pipe or FIFO is read once, front to back: the probe's bytes are kept and given back to the one reader,
///   it is never split across threads, and a second read is an error naming the file, not an empty file;
/// - a FIFO nobody writes to is not a silent hang: after `fifoWaitSeconds` without a writer the open fails
///   with a message (a writer that connects keeps the read going as long as it likes).
///
/// The input opens lazily on first use (the initializer does not throw) and stays open until the object goes.
public final class LogInput: @unchecked Sendable {
  public let path: String
  /// How long to wait for a writer to open a FIFO before giving up.
  public let fifoWaitSeconds: Double
  /// The largest number of bytes the format probe reads before deciding.
  static let probeLimit = 64 * 1024

  private let lock = NSLock()
  private var state: Result<Opened, LogReadError>?
  private var streamTaken = false

  struct Opened {
    let isRegular: Bool
    /// The size of a plain file (0 for a pipe).
    let size: Int
    let isGzip: Bool
    let format: LogFileFormat
    /// The one sequential reader of a pipe or FIFO (nil for a plain file), holding the bytes the probe read.
    let stream: ByteSource?
  }

  public init(path: String, fifoWaitSeconds: Double = 30) {
    self.path = path
    self.fifoWaitSeconds = fifoWaitSeconds
  }

  /// Whether the input is a plain file (it can be split into byte ranges and read again).
  public func isRegularFile() throws(LogReadError) -> Bool { try opened().isRegular }

  /// The size in bytes of a plain file (0 for a pipe or FIFO, whose size is unknown).
  public func size() throws(LogReadError) -> Int { try opened().size }

  /// Whether the bytes are gzip data (a `.gz` name or the gzip magic bytes 1f 8b).
  public func isGzip() throws(LogReadError) -> Bool { try opened().isGzip }

  /// The format probed from the first bytes (see `LogFileReader.detectFormat`).
  public func format() throws(LogReadError) -> LogFileFormat { try opened().format }

  /// Whether readers can start at a byte offset: a plain file that is not gzip.
  public func isSplittable() throws(LogReadError) -> Bool {
    let o = try opened()
    return o.isRegular && !o.isGzip
  }

  /// A reader of the (decompressed) bytes from `offset`. A pipe or FIFO has one reader, from offset 0.
  func makeSource(at offset: Int = 0) throws(LogReadError) -> ByteSource {
    let o = try opened()
    if o.isRegular {
      // A plain file can be opened again safely; each reader holds its own descriptor only while it reads, so a
      // query over thousands of files does not keep thousands open.
      if o.isGzip && offset != 0 { throw LogReadError(path: path, message: "cannot seek to byte \(offset) of gzip data") }
      return try ByteSource(path: path, file: try OpenFile(path: path, fifoWaitSeconds: fifoWaitSeconds), offset: offset, gzip: o.isGzip)
    }
    lock.lock()
    defer { lock.unlock() }
    guard let stream = o.stream, offset == 0, !streamTaken else {
      throw LogReadError(
        path: path, message: "is a pipe or FIFO: it can be read only once, from the start (save it to a file to read it again)")
    }
    streamTaken = true
    return stream
  }

  private func opened() throws(LogReadError) -> Opened {
    lock.lock()
    defer { lock.unlock() }
    if let state { return try state.get() }
    let result: Result<Opened, LogReadError>
    do throws(LogReadError) { result = .success(try open()) } catch { result = .failure(error) }
    state = result
    return try result.get()
  }

  private func open() throws(LogReadError) -> Opened {
    let file = try OpenFile(path: path, fifoWaitSeconds: fifoWaitSeconds)
    // Gzip magic from the raw bytes: `pread` for a plain file, the kept head for a pipe.
    var isGzip = path.hasSuffix(".gz")
    if !isGzip {
      let magic = try file.rawHead(2)
      isGzip = magic.count == 2 && magic[0] == 0x1f && magic[1] == 0x8b
    }
    let probe = try ByteSource(path: path, file: file, offset: 0, gzip: isGzip)
    let head = try probe.peek(limit: LogInput.probeLimit) { LogFileReader.format(ofHead: $0, complete: false) != nil }
    let format = LogFileReader.format(ofHead: head, complete: true) ?? .text
    return Opened(isRegular: file.isRegular, size: file.size, isGzip: isGzip, format: format, stream: file.isRegular ? nil : probe)
  }
}

/// An open file descriptor, closed when the last reader lets it go.
final class OpenFile {
  let fd: Int32
  let isRegular: Bool
  let size: Int
  /// Raw bytes a pipe gave before any reader started (the gzip probe's), handed to the one sequential reader.
  private(set) var pending: [UInt8] = []
  private let path: String

  init(path: String, fifoWaitSeconds: Double) throws(LogReadError) {
    self.path = path
    var info = stat()
    guard stat(path, &info) == 0 else { throw LogReadError(path: path, message: String(cString: strerror(errno))) }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw LogReadError(path: path, message: "is a directory") }
    let isFIFO = (info.st_mode & S_IFMT) == S_IFIFO
    // A FIFO's blocking open waits for a writer forever; open it non-blocking and wait with a limit instead.
    let fd = systemOpen(path, isFIFO ? O_RDONLY | O_NONBLOCK : O_RDONLY)
    guard fd >= 0 else { throw LogReadError(path: path, message: String(cString: strerror(errno))) }
    guard fstat(fd, &info) == 0 else {
      let message = String(cString: strerror(errno))
      _ = systemClose(fd)
      throw LogReadError(path: path, message: message)
    }
    self.fd = fd
    isRegular = (info.st_mode & S_IFMT) == S_IFREG
    size = isRegular ? Int(info.st_size) : 0
    if isFIFO { try waitForWriter(seconds: fifoWaitSeconds) }
  }

  deinit { _ = systemClose(fd) }

  /// Waits until a writer has the FIFO open (or came and went), then makes reads blocking again.
  /// On Linux a non-blocking `read` says which: bytes, `EAGAIN` (a writer, no bytes yet) or 0 (no writer);
  /// `poll` reports `POLLHUP` only once a writer has closed, so "no writer yet" waits in short polls.
  private func waitForWriter(seconds: Double) throws(LogReadError) {
    let deadline = Date().addingTimeInterval(seconds)
    waiting: while true {
      var byte: UInt8 = 0
      let n = systemRead(fd, &byte, 1)
      if n == 1 {
        pending = [byte]
        break waiting
      }
      if n < 0 {
        if errno == EINTR { continue }
        if errno == EAGAIN || errno == EWOULDBLOCK { break waiting }
        throw LogReadError(path: path, message: String(cString: strerror(errno)))
      }
      var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let remaining = deadline.timeIntervalSinceNow
      if remaining <= 0 {
        throw LogReadError(
          path: path, message: "is a FIFO and no writer opened it within \(Int(seconds.rounded(.up))) s")
      }
      if poll(&p, 1, Int32(min(100, max(1, remaining * 1000)))) > 0, p.revents & Int16(POLLHUP) != 0 {
        break waiting  // a writer came and closed: the FIFO is empty, read gives its end
      }
    }
    let flags = fcntl(fd, F_GETFL)
    _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
  }

  /// The first `count` raw bytes (fewer at the end): `pread` for a plain file; for a pipe they are read once and
  /// kept for the sequential reader.
  func rawHead(_ count: Int) throws(LogReadError) -> [UInt8] {
    if isRegular {
      var bytes = [UInt8](repeating: 0, count: count)
      let n = try bytes.withUnsafeMutableBufferPointer { (b) throws(LogReadError) -> Int in
        guard let base = b.baseAddress else { return 0 }
        return try readRaw(into: base, count: count, at: 0)
      }
      return Array(bytes.prefix(n))
    }
    while pending.count < count {
      var byte: UInt8 = 0
      let n = try readRaw(into: &byte, count: 1, at: nil)
      if n == 0 { break }
      pending.append(byte)
    }
    return Array(pending.prefix(count))
  }

  /// Hands over the kept raw bytes of a pipe (once).
  func takePending() -> [UInt8] {
    defer { pending = [] }
    return pending
  }

  /// One `pread` at `offset` (plain files) or `read` (pipes, `offset` nil); 0 only at the end of the data.
  func readRaw(into pointer: UnsafeMutablePointer<UInt8>, count: Int, at offset: Int?) throws(LogReadError) -> Int {
    while true {
      let n = offset.map { systemPread(fd, pointer, count, off_t($0)) } ?? systemRead(fd, pointer, count)
      if n >= 0 { return n }
      if errno == EINTR { continue }
      throw LogReadError(path: path, message: String(cString: strerror(errno)))
    }
  }
}

#if canImport(Glibc)
  private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { Glibc.open(path, flags) }
  private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { Glibc.read(fd, p, n) }
  private func systemPread(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int, _ o: off_t) -> Int { Glibc.pread(fd, p, n, o) }
  private func systemClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
#else
  private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { Darwin.open(path, flags) }
  private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { Darwin.read(fd, p, n) }
  private func systemPread(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int, _ o: off_t) -> Int { Darwin.pread(fd, p, n, o) }
  private func systemClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
#endif
