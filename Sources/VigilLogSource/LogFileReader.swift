import Foundation
import VigilCore

/// The log file layouts Vigil reads.
public enum LogFileFormat: String, Sendable, CaseIterable {
  /// One JSON object per line (ECS/application logs); `@timestamp` from a time field.
  case jsonLines = "json"
  /// The JSON printed by `aws logs filter-log-events` / `get-log-events` (`events[].timestamp/message/logStreamName`),
  /// or its bare events array (`--query events`).
  case cloudWatchEvents = "aws"
  /// Text lines that start with an ISO-8601 timestamp (Lambda runtime lines, ECS awslogs lines).
  case text = "text"
}

/// Options for reading log files into events.
public struct LogReadOptions: Sendable {
  /// A JSON field to take `@timestamp` from; nil tries `timestamp`, `time`, `@timestamp`, `ts` in that order.
  public var timestampField: String?
  /// `@log` of the events.
  public var logGroup: String
  /// `@logStream`; nil uses the file name (CloudWatch exports carry their own).
  public var logStream: String?
  /// Forces a format instead of detecting it from the first bytes.
  public var format: LogFileFormat?

  public init(timestampField: String? = nil, logGroup: String = "", logStream: String? = nil, format: LogFileFormat? = nil) {
    self.timestampField = timestampField
    self.logGroup = logGroup
    self.logStream = logStream
    self.format = format
  }
}

/// A line or event that was skipped or changed while reading, with where it is.
public struct LogReadIssue: Equatable, Sendable, CustomStringConvertible {
  public var location: SourceLocation
  public var message: String
  public init(location: SourceLocation, message: String) {
    self.location = location
    self.message = message
  }
  public var description: String { "\(location.file ?? "-"):\(location.line): warning: \(message)" }
}

/// The issues of one read: the first `limit` in full and a count of all of them.
public struct LogReadIssues: Sendable {
  public private(set) var first: [LogReadIssue] = []
  public private(set) var count = 0
  public var limit = 50
  public init() {}
  public mutating func append(_ issue: LogReadIssue) {
    count += 1
    if first.count < limit { first.append(issue) }
  }
}

/// One message seen by a reader: its bytes (valid only inside the callback), its 1-based line
/// (or event index for CloudWatch JSON exports) and, when asked for, its timestamp.
public struct RawLogRecord {
  public var bytes: UnsafeBufferPointer<UInt8>
  public var line: Int
  public var timestamp: EpochMillis
  /// Stream and ingestion time, present only for CloudWatch JSON exports.
  public var logStream: String?
  public var ingestionTime: EpochMillis?
}

/// Reads one log file as CloudWatch messages, streaming with constant memory (except CloudWatch JSON exports,
/// which are single JSON documents and are parsed whole).
///
/// Rules (each a CloudWatch constraint or a documented local decision):
/// - blank lines are not events (CloudWatch messages are at least 1 byte) and are skipped silently;
/// - lines over 1 MB are not events (CloudWatch's maximum event size): skipped and reported;
/// - the message is the raw line, timestamp included, as the awslogs driver and Lambda store it;
/// - a line without a readable timestamp is skipped and reported when timestamps are needed;
/// - invalid UTF-8 is matched as bytes; when a `LogEvent` (a `String`) is built it is replaced by U+FFFD and reported.
public struct LogFileReader {
  public var path: String { input.path }
  /// The input the format probe and the read share, so a pipe is opened once and the probe's bytes are read too.
  public let input: LogInput
  public var options: LogReadOptions
  public private(set) var issues = LogReadIssues()
  /// Lines (blank and skipped ones included) or exported events seen by the last read.
  public private(set) var lineCount = 0

  public init(path: String, options: LogReadOptions = LogReadOptions()) {
    self.init(input: LogInput(path: path), options: options)
  }

  /// Reads an input another reader may share (its format probe, or byte ranges read by workers).
  public init(input: LogInput, options: LogReadOptions = LogReadOptions()) {
    self.input = input
    self.options = options
  }

  /// The file's format: forced by the options, else `aws` when the document starts like `{"events": [`,
  /// `json` when the first non-blank line starts with `{`, and `text` otherwise.
  public func detectFormat() throws -> LogFileFormat {
    if let format = options.format { return format }
    return try input.format()
  }

  /// The format of a file that starts with `head`, or nil when more bytes are needed to tell (`complete`: there
  /// are no more). The first non-blank line (spaces and tabs are blank) decides: not `{` is text; `{` is JSON
  /// lines unless the document, whitespace removed, starts like the CLI's output (`{"events":[`, …).
  static func format(ofHead head: [UInt8], complete: Bool) -> LogFileFormat? {
    var i = 0
    // Skip blank lines.
    while true {
      var j = i
      while j < head.count, head[j] == 0x20 || head[j] == 0x09 { j += 1 }
      if j < head.count, head[j] == 0x0A {
        i = j + 1
        continue
      }
      if j < head.count, head[j] == 0x0D {
        // "\r\n" ends a blank line; a lone "\r" is a character of the line.
        if j + 1 < head.count, head[j + 1] == 0x0A {
          i = j + 2
          continue
        }
        if j + 1 == head.count { return complete ? .text : nil }
      }
      guard j < head.count else { return complete ? .text : nil }
      i = j
      break
    }
    let first = head[i]
    guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return .text }
    // `aws logs filter-log-events --query events` (or `get-log-events --query events`) prints the bare array of
    // events, whose first key is one of the FilteredLogEvent / OutputLogEvent fields
    // (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilteredLogEvent.html); a text line
    // starting with `[` (`[INFO] …`) is still text.
    let markers = (["{\"events\":[", "{\"nextForwardToken\"", "{\"searchedLogStreams\""]
      + ["logStreamName", "timestamp", "message", "ingestionTime", "eventId"].map { "[{\"\($0)\"" }).map { Array($0.utf8) }
    let needed = markers.map(\.count).max() ?? 0
    var compact: [UInt8] = []
    while i < head.count, compact.count < needed {
      let byte = head[i]
      if byte != 0x20 && byte != 0x0A && byte != 0x09 && byte != 0x0D { compact.append(byte) }
      i += 1
    }
    if markers.contains(where: { compact.starts(with: $0) }) { return .cloudWatchEvents }
    if first == UInt8(ascii: "[") {
      // The CLI prints `[]` when no event matched; anything else starting with `[` is a text line.
      if complete, compact == Array("[]".utf8) { return .cloudWatchEvents }
      return compact.count < needed && !complete ? nil : .text
    }
    return compact.count < needed && !complete ? nil : .jsonLines
  }

  /// Streams every message without looking at timestamps (the fast path for pattern matching).
  /// `line` numbers count physical lines (blank ones included) or, for exports, events.
  public mutating func forEachMessage(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
    let format = try detectFormat()
    if format == .cloudWatchEvents {
      try forEachExportedEvent { record in try body(record.bytes, record.line) }
      return
    }
    var issues = self.issues
    var lineCount = 0
    defer {
      self.issues = issues
      self.lineCount = lineCount
    }
    let path = self.path
    try ByteLineReader(input: input).forEachLine(
      onOverlong: { line in
        lineCount = line
        issues.append(LogReadIssue(location: SourceLocation(file: path, line: line), message: LogFileReader.overlongMessage))
      },
      onBareCarriageReturn: { line in
        issues.append(LogReadIssue(location: SourceLocation(file: path, line: line), message: LogFileReader.bareCarriageReturnMessage))
      }
    ) { line, number in
      lineCount = number
      if line.isEmpty { return }
      let start = format == .text ? LambdaPlatformLine.messageStart(line) : 0
      try body(start == 0 ? line : UnsafeBufferPointer(rebasing: line[start...]), number)
    }
  }

  /// Streams every message with its timestamp; lines without one are reported and skipped
  /// (the rules are `LogTimestamps`', shared with Logs Insights).
  public mutating func forEachRecord(_ body: (RawLogRecord) throws -> Void) throws {
    let format = try detectFormat()
    if format == .cloudWatchEvents {
      try forEachExportedEvent(body)
      return
    }
    var jsonTime = JSONTimestampReader(field: options.timestampField)
    var issues = self.issues
    defer { self.issues = issues }
    let path = self.path
    try ByteLineReader(input: input).forEachLine(
      onOverlong: { line in
        issues.append(LogReadIssue(location: SourceLocation(file: path, line: line), message: LogFileReader.overlongMessage))
      },
      onBareCarriageReturn: { line in
        issues.append(LogReadIssue(location: SourceLocation(file: path, line: line), message: LogFileReader.bareCarriageReturnMessage))
      }
    ) { line, number in
      if line.isEmpty { return }
      let timestamp: Result<EpochMillis, SkipReason>
      switch format {
      case .jsonLines: timestamp = jsonTime.timestamp(line)
      default:
        timestamp = LogTimestamps.leadingTime(line).map { .success($0) } ?? .failure(SkipReason(message: LogTimestamps.noLeadingTimeMessage))
      }
      switch timestamp {
      case .success(let time):
        let start = format == .text ? LambdaPlatformLine.messageStart(line) : 0
        try body(RawLogRecord(bytes: start == 0 ? line : UnsafeBufferPointer(rebasing: line[start...]), line: number, timestamp: time))
      case .failure(let reason):
        issues.append(LogReadIssue(location: SourceLocation(file: path, line: number), message: reason.message))
      }
    }
  }

  /// The warning for a line over CloudWatch's event size.
  public static let overlongMessage = "line is longer than CloudWatch's 1 MB event limit; skipped"

  /// The warning for a `\r` that is not part of a `\r\n` line end (the line is still one event).
  public static let bareCarriageReturnMessage =
    "line contains a carriage return (\\r) that does not end it; only \\n (or \\r\\n) ends an event, as in CloudWatch, so it is one event"

  /// Reads the file into `LogEvent`s (use `forEachRecord` for constant memory).
  public mutating func readEvents() throws -> [LogEvent] {
    var events: [LogEvent] = []
    try forEachEvent { events.append($0) }
    return events
  }

  /// Streams `LogEvent`s (messages become `String`; invalid UTF-8 is replaced and reported).
  public mutating func forEachEvent(_ body: (LogEvent) throws -> Void) throws {
    let stream = options.logStream ?? (path as NSString).lastPathComponent
    let group = options.logGroup
    let path = self.path
    var utf8Issues: [LogReadIssue] = []
    try forEachRecord { record in
      let message: String
      if let valid = String(validating: record.bytes, as: UTF8.self) {
        message = valid
      } else {
        message = String(decoding: record.bytes, as: UTF8.self)
        utf8Issues.append(
          LogReadIssue(location: SourceLocation(file: path, line: record.line), message: "invalid UTF-8 replaced with U+FFFD"))
      }
      try body(
        LogEvent(
          timestamp: record.timestamp, message: message, logStream: record.logStream ?? stream, logGroup: group,
          ingestionTime: record.ingestionTime, source: SourceLocation(file: path, line: record.line)))
    }
    for issue in utf8Issues { issues.append(issue) }
  }

  /// `aws logs filter-log-events` / `get-log-events` output: `{"events":[{"timestamp":…,"message":"…",…}]}`.
  private mutating func forEachExportedEvent(_ body: (RawLogRecord) throws -> Void) throws {
    // The whole document, through the same opened input as the format probe (gzip decompressed).
    var bytes: [UInt8] = []
    let source = try input.makeSource()
    let chunk = 1 << 20
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
    defer { buffer.deallocate() }
    while true {
      try Cancellation.check()
      let n = try source.read(into: buffer, count: chunk)
      if n == 0 { break }
      bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: n))
    }
    let document: JSONValue
    do { document = try JSONValue.parse(bytes: bytes) } catch {
      let line = bytes.prefix(min(error.offset, bytes.count)).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
      throw LogReadError(path: path, message: "line \(line): not valid JSON: \(error.message)")
    }
    guard let events = document.arrayValue ?? document["events"]?.arrayValue else {
      throw LogReadError(
        path: path, message: "expected the `aws logs filter-log-events` shape {\"events\": [...]} or its bare events array (--query events)")
    }
    lineCount = events.count
    for (index, event) in events.enumerated() {
      let number = index + 1
      guard let message = event["message"]?.stringValue else {
        issues.append(
          LogReadIssue(location: SourceLocation(file: path, line: number), message: "event \(number) has no string \"message\"; skipped"))
        continue
      }
      guard let timestamp = event["timestamp"]?.doubleValue.flatMap(LogFileReader.exportedMillis) else {
        issues.append(
          LogReadIssue(location: SourceLocation(file: path, line: number), message: "event \(number) has no numeric \"timestamp\"; skipped")
        )
        continue
      }
      if message.isEmpty { continue }
      var text = message
      try text.withUTF8 { buffer in
        try body(
          RawLogRecord(
            bytes: buffer, line: number, timestamp: timestamp, logStream: event["logStreamName"]?.stringValue,
            ingestionTime: event["ingestionTime"]?.doubleValue.flatMap(LogFileReader.exportedMillis)))
      }
    }
  }
}

extension LogFileReader {
  /// An exported `timestamp`/`ingestionTime` (epoch milliseconds), truncated as before; nil when it does not
  /// fit `Int64` (`1e30` or an infinity is no time, not a trap).
  static func exportedMillis(_ value: Double) -> EpochMillis? {
    Int64(exactly: value.rounded(.towardZero))
  }
}
