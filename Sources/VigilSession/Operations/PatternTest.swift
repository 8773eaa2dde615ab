import VigilCore
import VigilLogSource
import VigilLogs

/// A CloudWatch filter pattern run over log files, as `TestMetricFilter` runs it over sample events:
/// the one implementation behind the shell's `test-pattern` and `vigil test-pattern`.
///
/// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TestMetricFilter.html
public struct PatternTest {
  /// One event the pattern matched; `bytes` is only valid inside the callback.
  public struct Match {
    /// Which match this is, counting across all files from 1.
    public let ordinal: Int
    /// The line of the event in its file, from 1.
    public let line: Int
    /// The line counted across all files scanned so far, from 1: the number the human table shows.
    public let inputLine: Int
    /// TestMetricFilter's `eventNumber`: the event's index in the input, from **0**, as every example of the API
    /// reference numbers `logEventMessages` (the first message is `"eventNumber": 0`)
    /// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TestMetricFilter.html.
    /// (The AWS CLI's own `test-metric-filter` example shows 1 and 2 for the first two messages; the API
    /// reference is the contract Vigil follows.) Here the index is the line across the inputs, so blank lines keep their numbers.
    public var eventNumber: Int { inputLine - 1 }
    public let bytes: UnsafeBufferPointer<UInt8>
    /// What the pattern extracted, in `PatternTest.ordered` order.
    public let extractedValues: [(name: String, value: String)]
    /// The event's message.
    public var message: String { String(decoding: bytes, as: UTF8.self) }
  }

  public let pattern: FilterPattern
  /// Matching events so far.
  public private(set) var matches = 0
  /// Events read so far.
  public private(set) var events = 0
  /// Lines of the files scanned so far (blank and skipped ones included): event numbers continue from here.
  public private(set) var lines = 0
  /// Lines of the scanned files that are not events (reported as warnings).
  public private(set) var issues: [LogReadIssue] = []

  public init(_ pattern: FilterPattern) {
    self.pattern = pattern
  }

  /// Scans one file, calling `onMatch` for each matching event.
  public mutating func scan(_ path: String, onMatch: (Match) throws -> Void) throws {
    var reader = LogFileReader(path: path)
    let offset = lines
    try reader.forEachMessage { bytes, line in
      events += 1
      guard let match = pattern.match(bytes: bytes) else { return }
      matches += 1
      try onMatch(
        Match(ordinal: matches, line: line, inputLine: offset + line, bytes: bytes, extractedValues: Self.ordered(match.extractedValues)))
    }
    lines += reader.lineCount
    issues += reader.issues.first
  }

  /// Counts the matching events of one file without building matches (`--count`).
  public mutating func count(_ path: String) throws {
    var reader = LogFileReader(path: path)
    matches += try reader.countMatches(pattern)
    lines += reader.lineCount
    issues += reader.issues.first
  }

  /// Extracted values in reading order: named fields by name, then `$1`, `$2`, ... by number (so `$10` follows `$9`).
  public static func ordered(_ values: [String: String]) -> [(name: String, value: String)] {
    values.sorted { a, b in
      switch (Int(a.key.dropFirst()), Int(b.key.dropFirst())) {
      case (nil, nil): return a.key < b.key
      case (nil, _): return true
      case (_, nil): return false
      case (let x?, let y?): return x < y
      }
    }.map { (name: $0.key, value: $0.value) }
  }
}
