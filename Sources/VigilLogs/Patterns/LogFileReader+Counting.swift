import Foundation
import VigilLogSource

extension LogFileReader {
  /// Plain files at least this large are counted by several threads, each over its own newline-aligned byte
  /// range (below it, starting threads costs more than it saves).
  public static let parallelCountMinimumBytes = 8 << 20

  /// The number of messages the pattern matches, skipping lines that cannot match at `memchr` speed when the
  /// pattern has a required substring (the `test-pattern --count` path). A large plain file is split into
  /// `threads` byte ranges counted at once; every line belongs to the range its first byte is in, so the sum is
  /// the count of one sequential pass.
  public mutating func countMatches(
    _ pattern: FilterPattern, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
    parallelAbove minimumBytes: Int = LogFileReader.parallelCountMinimumBytes
  ) throws -> Int {
    if let candidates = pattern.candidateSubstrings, try detectFormat() != .cloudWatchEvents {
      let text = try detectFormat() == .text
      let input = self.input
      @Sendable func count(_ range: Range<Int>?) throws -> Int {
        var count = 0
        try ByteLineReader(input: input).forEachLine(
          containingAnyOf: candidates.anyOf, orAllLinesOfChunksWith: candidates.unlessByte, startingIn: range
        ) { line in
          let start = text ? LambdaPlatformLine.messageStart(line) : 0
          if pattern.matches(bytes: start == 0 ? line : UnsafeBufferPointer(rebasing: line[start...])) { count += 1 }
        }
        return count
      }
      let size = try input.isSplittable() ? try input.size() : 0
      guard threads > 1, size >= minimumBytes, size > 0 else { return try count(nil) }
      let ranges = (0..<threads).map { k in (size * k / threads)..<(size * (k + 1) / threads) }
      let results = ParallelResults(ranges.count)
      DispatchQueue.concurrentPerform(iterations: ranges.count) { k in
        results.set(k, Result { try count(ranges[k]) })
      }
      return try results.values.reduce(0) { $0 + (try $1.get()) }
    }
    var count = 0
    try forEachMessage { bytes, _ in if pattern.matches(bytes: bytes) { count += 1 } }
    return count
  }
}

/// One result per worker, written once each from its own thread.
private final class ParallelResults: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Result<Int, any Error>?]
  init(_ count: Int) { slots = Array(repeating: nil, count: count) }
  func set(_ index: Int, _ value: Result<Int, any Error>) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }
  var values: [Result<Int, any Error>] {
    lock.lock()
    defer { lock.unlock() }
    return slots.map { $0 ?? .success(0) }
  }
}
