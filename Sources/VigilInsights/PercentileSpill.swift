#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation

/// Where a stats run puts its `pct` value tables when they outgrow their memory budget, so that peak memory stays
/// flat however many groups and distinct values a file holds (issue 17: at most 100 MB for a stats query over a
/// 4 GB file). An exact percentile needs every distinct value of its group, so nothing is summarised: each spill
/// writes every (aggregate state, value, count) entry of the in-memory tables and empties them. Entries are split
/// into `partitions` by the group's key hash, so `finish` can rebuild one partition's groups at a time and hold
/// only a sixteenth of the values at once.
///
/// The file is created in `TMPDIR` (or `/tmp`) and unlinked at once: it lives only as long as the open
/// descriptor, so nothing is left behind when the process ends, however it ends. When the file cannot be made or
/// written (a full disk), the tables simply stay in memory: the answer is the same, only the memory bound is lost.
final class PercentileSpill {
  /// Each partition holds the groups whose key hash has these top bits.
  static let partitions = 16
  private let descriptor: Int32
  /// Per spill, per partition: where its words start in the file and how many there are.
  private var segments: [[(offset: Int, words: Int)]] = []
  private var end = 0

  /// A new, already unlinked spill file in `folder` (nil: `TMPDIR`, or `/tmp`), or nil when none can be made.
  init?(folder: String? = nil) {
    let folder = Self.folder(folder)
    var template = Array((folder + "/vigil-pct-XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
    guard fd >= 0 else { return nil }
    template.withUnsafeBufferPointer { buffer in _ = buffer.baseAddress.map { unlink($0) } }
    descriptor = fd
  }

  deinit { close(descriptor) }

  /// The folder spill files go to: `folder`, else `TMPDIR`, else `/tmp`.
  static func folder(_ folder: String?) -> String {
    folder ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
  }

  /// How many spills the file holds.
  var count: Int { segments.count }

  /// Collects one spill's words, partition by partition, and writes them to the file in large blocks. Each
  /// aggregate state's values are a run: its index, then the value count with the top bit set for (value, count)
  /// pairs, then the values' bits (and counts).
  final class Writer {
    private unowned let file: PercentileSpill
    private var buffer: [UInt64] = []
    /// Set when a block could not be written: the rest of the spill is dropped, and `write` keeps none of it.
    fileprivate private(set) var failed = false
    private static let blockWords = 1 << 16

    fileprivate init(_ file: PercentileSpill) {
      self.file = file
      buffer.reserveCapacity(Self.blockWords + 2)
    }

    /// Where the next word lands in the file.
    fileprivate var position: Int { file.end + buffer.count * MemoryLayout<UInt64>.size }

    /// Values as they came, each counted once.
    func values(_ state: Int, _ values: [Double]) {
      guard !values.isEmpty else { return }
      buffer.append(UInt64(state))
      buffer.append(UInt64(values.count))
      for value in values {
        buffer.append(value.bitPattern)
        if buffer.count >= Self.blockWords { flush() }
      }
    }

    /// A value→count table.
    func counted(_ state: Int, _ table: ValueCounts) {
      guard table.distinct > 0 else { return }
      buffer.append(UInt64(state))
      buffer.append(UInt64(table.distinct) | 1 << 63)
      table.forEach { value, count in
        buffer.append(value.bitPattern)
        buffer.append(UInt64(count))
        if buffer.count >= Self.blockWords { flush() }
      }
    }

    fileprivate func flush() {
      guard !buffer.isEmpty, !failed else { return }
      let bytes = buffer.count * MemoryLayout<UInt64>.size
      let at = file.end
      let written = buffer.withUnsafeBytes { raw in
        guard let base = raw.baseAddress else { return false }
        return file.transferAll(bytes) { done in pwrite(file.descriptor, base + done, bytes - done, off_t(at + done)) }
      }
      if written { file.end += bytes } else { failed = true }
      buffer.removeAll(keepingCapacity: true)
    }
  }

  /// Writes one spill: `entries(partition, writer)` gives every state's values of that partition. Returns false
  /// (and keeps nothing of this spill) when the file cannot be written.
  func write(_ entries: (Int, Writer) -> Void) -> Bool {
    let start = end
    let writer = Writer(self)
    var spill: [(offset: Int, words: Int)] = []
    for partition in 0..<Self.partitions {
      let offset = writer.position
      entries(partition, writer)
      spill.append((offset, (writer.position - offset) / MemoryLayout<UInt64>.size))
    }
    writer.flush()
    if writer.failed {
      end = start
      return false
    }
    segments.append(spill)
    return true
  }

  /// Gives, spill after spill, each state's values of `partition`: `values(state, values)` for values as they
  /// came, `counted(state, value, count)` for table entries. Returns false when the file cannot be read back.
  func read(partition: Int, values: (Int, UnsafeBufferPointer<UInt64>) -> Void, counted: (Int, Double, Int) -> Void) -> Bool {
    for spill in segments {
      let (offset, words) = spill[partition]
      guard words > 0 else { continue }
      var block = [UInt64](repeating: 0, count: words)
      let bytes = words * MemoryLayout<UInt64>.size
      let ok = block.withUnsafeMutableBytes { raw in
        guard let base = raw.baseAddress else { return false }
        return transferAll(bytes) { done in pread(descriptor, base + done, bytes - done, off_t(offset + done)) }
      }
      guard ok else { return false }
      let complete: Bool = block.withUnsafeBufferPointer { w in
        var i = 0
        while i + 2 <= w.count {
          let state = Int(truncatingIfNeeded: w[i])
          let isCounted = w[i + 1] >> 63 == 1
          let n = Int(truncatingIfNeeded: w[i + 1] & ~(1 << 63))
          i += 2
          let width = isCounted ? 2 * n : n
          guard n >= 0, width <= w.count - i else { return false }
          if isCounted {
            for k in 0..<n { counted(state, Double(bitPattern: w[i + 2 * k]), Int(truncatingIfNeeded: w[i + 2 * k + 1])) }
          } else {
            values(state, UnsafeBufferPointer(rebasing: w[i..<i + n]))
          }
          i += width
        }
        return i == w.count
      }
      guard complete else { return false }
    }
    return true
  }
  /// Runs `step(done)` (a `pwrite` or `pread` of what is left after `done` bytes) until `count` bytes are through,
  /// retrying interrupted calls; false when a call fails or makes no progress.
  fileprivate func transferAll(_ count: Int, _ step: (_ done: Int) -> Int) -> Bool {
    var done = 0
    while done < count {
      let n = step(done)
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return false }
      done += n
    }
    return true
  }
}
