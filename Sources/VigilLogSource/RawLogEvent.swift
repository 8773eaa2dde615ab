import VigilCore

/// One log event as the query engine reads it: the message as raw bytes (valid only during the call that
/// receives it; the engine copies what it keeps) and the system fields.
public struct RawLogEvent {
  /// `@timestamp`, epoch milliseconds.
  public var timestamp: EpochMillis
  /// `@ingestionTime`, epoch milliseconds.
  public var ingestionTime: EpochMillis
  /// `@message` bytes (UTF-8, without the trailing newline).
  public var message: UnsafeBufferPointer<UInt8>
  /// `@logStream`.
  public var logStream: String
  /// `@log`. Logs Insights shows `account-id:log-group-name`; local files have no account, so this is the group name.
  public var logGroup: String

  public init(
    timestamp: EpochMillis, ingestionTime: EpochMillis? = nil, message: UnsafeBufferPointer<UInt8>, logStream: String,
    logGroup: String
  ) {
    self.timestamp = timestamp
    self.ingestionTime = ingestionTime ?? timestamp
    self.message = message
    self.logStream = logStream
    self.logGroup = logGroup
  }
}
