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

/// The one line splitter of Vigil: streams the lines of a file (gzip decompressed in process) as byte views into
/// one fixed, reused buffer: `read(2)` + `memchr`, constant memory whatever the file or line size.
///
/// Lines longer than `maxLineBytes` are never buffered whole: their bytes are dropped as they arrive and
/// `onOverlong` gets their position instead. A trailing `\r` (CRLF files) is removed. A plain file can be
/// read by byte range, so workers can share it: every line belongs to the range its first byte is in.
///
/// Only `\n` ends a line, as it ends an event for CloudWatch's log agents and the Lambda runtimes (a `\r` alone
/// is how Lambda users keep a stack trace in one event). A `\r` that is not part of a `\r\n` line end stays in
/// the line, and `onBareCarriageReturn` says so, since a file with old Mac line ends would otherwise be one event.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AgentReference.html
public struct ByteLineReader {
  /// CloudWatch's largest event: 1 MB including 26 bytes of per-event overhead
  /// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html).
  public static let cloudWatchMaxMessageBytes = 1_048_576 - 26

  public var path: String { input.path }
  /// The input, shared with whoever else reads it (its format probe, other byte ranges), so a pipe is opened once.
  public let input: LogInput
  public var maxLineBytes: Int
  /// Size of each `read(2)`.
  public var chunkBytes: Int

  public init(path: String, maxLineBytes: Int = ByteLineReader.cloudWatchMaxMessageBytes, chunkBytes: Int = 1 << 20) {
    self.init(input: LogInput(path: path), maxLineBytes: maxLineBytes, chunkBytes: chunkBytes)
  }

  /// Reads an input that is already open (or opens on first read), so a pipe is never opened twice.
  public init(input: LogInput, maxLineBytes: Int = ByteLineReader.cloudWatchMaxMessageBytes, chunkBytes: Int = 1 << 20) {
    self.input = input
    self.maxLineBytes = maxLineBytes
    self.chunkBytes = chunkBytes
  }

  /// Whether the file starts with the gzip magic bytes (1f 8b) or is named `.gz`.
  public static func isGzip(path: String) -> Bool {
    (try? LogInput(path: path).isGzip()) ?? path.hasSuffix(".gz")
  }

  /// Calls `body(line, lineNumber)` for every line (1-based numbers). The buffer is only valid during the call.
  public func forEachLine(
    onOverlong: (Int) -> Void = { _ in },
    onBareCarriageReturn: (Int) -> Void = { _ in },
    _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
  ) throws {
    try forEachLine(
      startingIn: nil, onOverlong: { number, _ in onOverlong(number) },
      onBareCarriageReturn: { number, _ in onBareCarriageReturn(number) }
    ) { line, number, _ in try body(line, number) }
  }

  /// Calls `body(line, number, offset)` for every line whose first byte is inside `range` (nil: the whole file;
  /// a range needs a plain file). `offset` is the line's first byte in the file; `number` counts lines from the
  /// start of the range (1-based), so it is the line number only when reading from the start.
  /// Over-long lines go to `onOverlong(number, offset)` and are not delivered.
  /// Lines with a `\r` inside (not their `\r\n` end) go to `onBareCarriageReturn(number, offset)` and are delivered.
  public func forEachLine(
    startingIn range: Range<Int>?,
    onOverlong: (_ number: Int, _ offset: Int) -> Void,
    onBareCarriageReturn: (_ number: Int, _ offset: Int) -> Void = { _, _ in },
    _ body: (UnsafeBufferPointer<UInt8>, _ number: Int, _ offset: Int) throws -> Void
  ) throws {
    let rangeStart = max(range?.lowerBound ?? 0, 0)
    let rangeEnd = range?.upperBound ?? Int.max
    let capacity = maxLineBytes + chunkBytes + 1
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    defer { buffer.deallocate() }
    var bufferOffset = 0  // file offset of buffer[0]
    var start = 0  // first byte of the current (incomplete) line
    var end = 0  // end of valid data
    var lineNumber = 0
    // Dropping bytes up to the next newline: an over-long line (reported) or, when starting inside a range, the
    // end of a line that belongs to the previous range (begin one byte early so a line starting exactly at the
    // range start is kept).
    var dropping = false
    var droppingReports = false
    var droppedOffset = 0
    let source = try input.makeSource(at: max(rangeStart - 1, 0))
    if rangeStart > 0 {
      bufferOffset = rangeStart - 1
      dropping = true
    }

    // Set once any read brings a `\r`: only then are lines searched for one (one `memchr` per read otherwise).
    var sawCarriageReturn = false
    func deliver(_ from: Int, _ to: Int) throws {
      var to = to
      if to > from, buffer[to - 1] == 0x0D { to -= 1 }
      if to - from > maxLineBytes {
        onOverlong(lineNumber, bufferOffset + from)
        return
      }
      if sawCarriageReturn, memchr(buffer + from, 0x0D, to - from) != nil { onBareCarriageReturn(lineNumber, bufferOffset + from) }
      try body(UnsafeBufferPointer(start: buffer + from, count: to - from), lineNumber, bufferOffset + from)
    }

    var atEOF = false
    while !atEOF {
      // Ctrl-C in the shell: stop between chunks (one atomic load per MiB read).
      try Cancellation.check()
      // Make room: move the partial line to the front.
      if start > 0 {
        if end > start { memmove(buffer, buffer + start, end - start) }
        end -= start
        bufferOffset += start
        start = 0
      }
      let n = try source.read(into: buffer + end, count: min(chunkBytes, capacity - end))
      if n == 0 { atEOF = true }
      if !sawCarriageReturn, n > 0, memchr(buffer + end, 0x0D, n) != nil { sawCarriageReturn = true }
      var scan = end
      end += n
      while scan < end {
        guard let hit = memchr(buffer + scan, 0x0A, end - scan) else { break }
        let newline = UnsafeMutablePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - buffer
        if dropping {
          dropping = false
          if droppingReports {
            lineNumber += 1
            onOverlong(lineNumber, droppedOffset)
          }
        } else {
          if bufferOffset + start >= rangeEnd { return }
          lineNumber += 1
          try deliver(start, newline)
        }
        start = newline + 1
        scan = start
      }
      if dropping {
        start = end
      } else if end - start > maxLineBytes {
        // Too long already: drop what we have and skip to the next newline.
        if bufferOffset + start >= rangeEnd { return }
        dropping = true
        droppingReports = true
        droppedOffset = bufferOffset + start
        start = end
      }
    }
    if dropping {
      if droppingReports { onOverlong(lineNumber + 1, droppedOffset) }
    } else if end > start, bufferOffset + start < rangeEnd {
      lineNumber += 1
      try deliver(start, end)
    }
    try source.finish()
  }
}

extension ByteLineReader {
  /// Calls `body` only for lines that contain `needle` (found with `ByteSearch.Finder` across the whole buffer,
  /// the way `grep` does, instead of line by line), and for every line of a buffer that contains `unlessByte`.
  /// Only lines whose first byte is inside `range` (nil: the whole file; a range needs a plain file), so workers
  /// can share a file. Over-long lines are skipped. No line numbers: this is the counting path.
  public func forEachLine(
    containing needle: [UInt8], orAllLinesOfChunksWith unlessByte: UInt8? = nil, startingIn range: Range<Int>? = nil,
    _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
  ) throws {
    try forEachLine(containingAnyOf: [needle], orAllLinesOfChunksWith: unlessByte, startingIn: range, body)
  }

  /// `forEachLine(containing:)` for lines that contain at least one of `needles` (each line once).
  public func forEachLine(
    containingAnyOf needles: [[UInt8]], orAllLinesOfChunksWith unlessByte: UInt8? = nil, startingIn range: Range<Int>? = nil,
    _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
  ) throws {
    if needles.isEmpty { return }  // no line contains one of no strings
    guard !needles.contains(where: \.isEmpty) else {
      // Every line contains the empty string.
      try forEachLine(startingIn: range, onOverlong: { _, _ in }) { line, _, _ in if !line.isEmpty { try body(line) } }
      return
    }
    let rangeStart = max(range?.lowerBound ?? 0, 0)
    let rangeEnd = range?.upperBound ?? Int.max
    let source = try input.makeSource(at: max(rangeStart - 1, 0))
    let capacity = maxLineBytes + chunkBytes + 1
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    defer { buffer.deallocate() }
    var bufferOffset = max(rangeStart - 1, 0)  // file offset of buffer[0]
    var start = 0
    var end = 0
    // Starting inside a range: the bytes up to the first newline belong to a line of the previous range (begin
    // one byte early so a line starting exactly at the range start is kept).
    var skipping = rangeStart > 0
    var atEOF = false
    var done = false
    var finders: [ByteSearch.Finder] = []
    func emit(_ from: Int, _ to: Int) throws {
      var to = to
      if to > from, buffer[to - 1] == 0x0D { to -= 1 }
      guard to > from, to - from <= maxLineBytes else { return }
      try body(UnsafeBufferPointer(start: buffer + from, count: to - from))
    }
    func newline(after i: Int, before to: Int) -> Int {
      memchr(buffer + i, 0x0A, to - i).map { UnsafeMutablePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - buffer } ?? to
    }
    /// Lines of [from, to) (which ends just after a newline, or at EOF) that start before the range's end.
    func scanRegion(_ from: Int, _ to: Int) throws {
      let stop = rangeEnd == Int.max ? Int.max : rangeEnd - bufferOffset
      if let unlessByte, memchr(buffer + from, Int32(unlessByte), to - from) != nil {
        var i = from
        while i < to {
          if i >= stop {
            done = true
            return
          }
          let nl = newline(after: i, before: to)
          try emit(i, nl)
          i = nl + 1
        }
        return
      }
      if finders.isEmpty {
        let sample = UnsafeBufferPointer(start: buffer + from, count: min(to - from, 1 << 16))
        finders = needles.map { ByteSearch.Finder(needle: $0, sample: sample) }
      }
      // The next hit of each needle at or after `i` (-1: not searched yet; Int.max: none in this region).
      var next = [Int](repeating: -1, count: finders.count)
      var i = from
      while true {
        var h = Int.max
        for k in finders.indices {
          if next[k] != Int.max && next[k] < i {
            next[k] = Int.max
            if to - i >= needles[k].count, let hit = finders[k].find(buffer + i, to - i) { next[k] = UnsafeMutablePointer(mutating: hit) - buffer }
          }
          h = min(h, next[k])
        }
        if h == Int.max { return }
        var lineStart = h
        while lineStart > i, buffer[lineStart - 1] != 0x0A { lineStart -= 1 }
        if lineStart >= stop {
          done = true
          return
        }
        let lineEnd = newline(after: h, before: to)
        try emit(lineStart, lineEnd)
        i = lineEnd + 1
      }
    }
    while !atEOF && !done {
      try Cancellation.check()
      if start > 0 {
        if end > start { memmove(buffer, buffer + start, end - start) }
        end -= start
        bufferOffset += start
        start = 0
      }
      let n = try source.read(into: buffer + end, count: min(chunkBytes, capacity - end))
      if n == 0 { atEOF = true }
      let fresh = end
      end += n
      if skipping {
        // Drop the rest of an over-long line (or of the previous range's line).
        guard let nl = memchr(buffer + fresh, 0x0A, end - fresh) else {
          start = end
          continue
        }
        start = UnsafeMutablePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - buffer + 1
        skipping = false
      }
      if bufferOffset + start >= rangeEnd { break }
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
    if !done && !skipping && end > start && bufferOffset + start < rangeEnd { try scanRegion(start, end) }
    try source.finish()
  }
}
