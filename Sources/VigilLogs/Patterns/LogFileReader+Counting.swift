import VigilLogSource

extension LogFileReader {
  /// The number of messages the pattern matches, skipping lines that cannot match at `memmem` speed when the
  /// pattern has a required substring (the `test-pattern --count` path).
  public mutating func countMatches(_ pattern: FilterPattern) throws -> Int {
    var count = 0
    if let required = pattern.requiredSubstring, try detectFormat() != .cloudWatchEvents {
      let text = try detectFormat() == .text
      try ByteLineReader(input: input).forEachLine(containing: required.bytes, orAllLinesOfChunksWith: required.unlessByte) { line in
        let start = text ? LambdaPlatformLine.messageStart(line) : 0
        if pattern.matches(bytes: start == 0 ? line : UnsafeBufferPointer(rebasing: line[start...])) { count += 1 }
      }
      return count
    }
    try forEachMessage { bytes, _ in if pattern.matches(bytes: bytes) { count += 1 } }
    return count
  }
}
