/// One log event as CloudWatch Logs sees it: what the readers produce and filter patterns,
/// metric filters and Insights consume.
public struct LogEvent: Equatable, Sendable {
  /// `@timestamp`, in epoch milliseconds.
  public var timestamp: EpochMillis
  /// `@message`: the raw line (or the `message` of an exported event).
  public var message: String
  /// `@logStream`.
  public var logStream: String
  /// `@log`: the log group the event was loaded into.
  public var logGroup: String
  /// `@ingestionTime`; readers without one use the timestamp.
  public var ingestionTime: EpochMillis
  /// Where the event came from (file and line), for error messages and `eventNumber`.
  public var source: SourceLocation?

  public init(
    timestamp: EpochMillis, message: String, logStream: String = "", logGroup: String = "",
    ingestionTime: EpochMillis? = nil, source: SourceLocation? = nil
  ) {
    self.timestamp = timestamp
    self.message = message
    self.logStream = logStream
    self.logGroup = logGroup
    self.ingestionTime = ingestionTime ?? timestamp
    self.source = source
  }
}
