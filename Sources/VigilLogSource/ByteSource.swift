import CZlib
import Foundation

/// The bytes of a log input from one offset: the file itself, or, for gzip data, its members decompressed in
/// process with zlib (as `gzip -dc` would print them: every member of a multi-member file, one after the other).
///
/// A plain file is read with `pread` at this reader's own offset, on its own descriptor (`LogInput`);
/// a pipe is read in order, after the raw and decoded bytes the format probe already took from it.
/// A gzip file is inflated into the caller's buffer one read at a time, so memory stays flat whatever the
/// compression ratio (a gzip bomb streams like any large file). A truncated or corrupt file is an error
/// naming the file, never a silently short read.
final class ByteSource {
  let path: String
  private let file: OpenFile
  /// The next raw byte to read from a plain file (nil: a pipe, read in order).
  private var position: Int?
  private let gzip: GzipInflater?
  /// Raw bytes of a pipe read before this reader started (the gzip probe's).
  private var rawPending: [UInt8]
  private var rawPendingIndex = 0
  /// Decoded bytes the format probe read, given back first.
  private var peeked: [UInt8] = []
  private var peekedIndex = 0
  /// Gzip decompressing on its own thread, ahead of the reader (started by the first `read` on a machine with
  /// more than one core), so inflating and scanning overlap.
  private var prefetcher: Prefetcher?
  /// Whether gzip data may be decompressed on a second thread.
  static let decompressesAhead = ProcessInfo.processInfo.activeProcessorCount > 1

  init(path: String, file: OpenFile, offset: Int, gzip: Bool) throws(LogReadError) {
    self.path = path
    self.file = file
    position = file.isRegular ? offset : nil
    rawPending = file.isRegular ? [] : file.takePending()
    if gzip {
      guard let inflater = GzipInflater() else {
        throw LogReadError(path: path, message: "cannot start zlib to decompress the file")
      }
      self.gzip = inflater
    } else {
      self.gzip = nil
    }
  }

  /// Reads decoded bytes until `decided(bytes so far)` holds, `limit` bytes are read or the data ends; the bytes
  /// stay in the source and the next `read`s return them first. Returns the bytes read.
  func peek(limit: Int, until decided: ([UInt8]) -> Bool) throws(LogReadError) -> [UInt8] {
    let chunk = 4096
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
    defer { buffer.deallocate() }
    while peeked.count < limit, !decided(peeked) {
      let n = try readDecoded(into: buffer, count: min(chunk, limit - peeked.count))
      if n == 0 { break }
      peeked.append(contentsOf: UnsafeBufferPointer(start: buffer, count: n))
    }
    return peeked
  }

  /// Reads up to `count` bytes; 0 only at the end of the data.
  func read(into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws(LogReadError) -> Int {
    if peekedIndex < peeked.count {
      let n = min(count, peeked.count - peekedIndex)
      peeked.withUnsafeBufferPointer { p in
        guard let base = p.baseAddress else { return }
        pointer.update(from: base + peekedIndex, count: n)
      }
      peekedIndex += n
      if peekedIndex == peeked.count {
        peeked = []
        peekedIndex = 0
      }
      return n
    }
    if let gzip, ByteSource.decompressesAhead {
      if prefetcher == nil {
        prefetcher = Prefetcher { [weak self] buffer, capacity throws(LogReadError) -> Int in
          guard let self else { return 0 }
          return try gzip.read(from: self, into: buffer, count: capacity)
        }
      }
      return try prefetcher!.read(into: pointer, count: count)
    }
    return try readDecoded(into: pointer, count: count)
  }

  deinit { prefetcher?.stop() }

  private func readDecoded(into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws(LogReadError) -> Int {
    if let gzip { return try gzip.read(from: self, into: pointer, count: count) }
    return try readRaw(into: pointer, count: count)
  }

  fileprivate func readRaw(into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws(LogReadError) -> Int {
    if rawPendingIndex < rawPending.count {
      let n = min(count, rawPending.count - rawPendingIndex)
      for k in 0..<n { pointer[k] = rawPending[rawPendingIndex + k] }
      rawPendingIndex += n
      return n
    }
    let n = try file.readRaw(into: pointer, count: count, at: position)
    if let p = position { position = p + n }
    return n
  }

  /// Kept for the readers' end-of-data step; all checks happen while reading.
  func finish() throws {}
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

  func read(from source: ByteSource, into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws(LogReadError) -> Int {
    if finished || count == 0 { return 0 }
    stream.next_out = pointer
    stream.avail_out = UInt32(clamping: count)
    let wanted = stream.avail_out
    while stream.avail_out == wanted {
      if stream.avail_in == 0 && !inputEnded {
        let n = try source.readRaw(into: input, count: inputCapacity)
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


/// Runs a producer of bytes on its own thread, a few buffers ahead of the one consumer that calls `read`.
/// The producer stops at its end of data (0), its first error (handed to the consumer), or `stop()`.
private final class Prefetcher: @unchecked Sendable {
  private static let bufferBytes = 1 << 20
  private static let bufferCount = 3
  private let condition = NSCondition()
  private var buffers: [UnsafeMutablePointer<UInt8>]
  /// Filled buffers in order: (index, byte count); count 0 is the end of the data.
  private var filled: [(index: Int, count: Int)] = []
  private var free: [Int]
  private var failure: LogReadError?
  private var stopped = false
  /// The consumer's current buffer and how far it has read.
  private var current: (index: Int, count: Int)?
  private var currentOffset = 0
  private var ended = false

  init(produce: @escaping (UnsafeMutablePointer<UInt8>, Int) throws(LogReadError) -> Int) {
    buffers = (0..<Prefetcher.bufferCount).map { _ in UnsafeMutablePointer<UInt8>.allocate(capacity: Prefetcher.bufferBytes) }
    free = Array(0..<Prefetcher.bufferCount)
    // The producer touches only its own decompressor and file: handing it to one other thread is safe.
    let transfer = ProducerTransfer(produce: produce)
    let thread = Thread { [self] in run(transfer.produce) }
    thread.stackSize = 1 << 20
    thread.start()
  }

  private func run(_ produce: (UnsafeMutablePointer<UInt8>, Int) throws(LogReadError) -> Int) {
    while true {
      condition.lock()
      while free.isEmpty && !stopped { condition.wait() }
      if stopped {
        condition.unlock()
        break
      }
      let index = free.removeFirst()
      condition.unlock()
      var count = 0
      var error: LogReadError?
      do throws(LogReadError) {
        // Fill the whole buffer (a read may return less) so the consumer wakes once per MiB.
        while count < Prefetcher.bufferBytes {
          let n = try produce(buffers[index] + count, Prefetcher.bufferBytes - count)
          if n == 0 { break }
          count += n
        }
      } catch let e {
        error = e
      }
      condition.lock()
      if let error { failure = error }
      let last = error != nil || count < Prefetcher.bufferBytes
      if count > 0 { filled.append((index, count)) }
      // The end of the data (or the error) comes after the last bytes.
      if last { filled.append((-1, 0)) }
      condition.broadcast()
      condition.unlock()
      if last { break }
    }
    condition.lock()
    stopped = true
    let owned = buffers
    let consumerGone = consumerReleased
    condition.broadcast()
    condition.unlock()
    if consumerGone { for b in owned { b.deallocate() } }
  }

  /// Set by `stop()`: the consumer is gone, so the producer thread frees the buffers when it ends.
  private var consumerReleased = false

  /// Copies up to `count` produced bytes; 0 only at the end of the data.
  func read(into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws(LogReadError) -> Int {
    if ended || count == 0 { return 0 }
    while true {
      if let c = current, currentOffset < c.count {
        let n = min(count, c.count - currentOffset)
        pointer.update(from: buffers[c.index] + currentOffset, count: n)
        currentOffset += n
        return n
      }
      condition.lock()
      if let c = current {
        free.append(c.index)
        current = nil
        condition.broadcast()
      }
      while filled.isEmpty { condition.wait() }
      let next = filled.removeFirst()
      let failure = self.failure
      condition.unlock()
      if next.count == 0 {
        ended = true
        if let failure { throw failure }
        return 0
      }
      current = next
      currentOffset = 0
    }
  }

  /// Ends the producer (the consumer is going away); it frees the buffers when its thread ends.
  func stop() {
    condition.lock()
    let finished = stopped
    stopped = true
    consumerReleased = true
    condition.broadcast()
    condition.unlock()
    if finished { for b in buffers { b.deallocate() } }
  }
}

/// The producer closure, moved to the prefetching thread once.
private struct ProducerTransfer: @unchecked Sendable {
  let produce: (UnsafeMutablePointer<UInt8>, Int) throws(LogReadError) -> Int
}
