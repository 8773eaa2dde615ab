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

/// The fields Logs Insights discovers in Lambda platform lines (`START`, `END`, `REPORT RequestId: ...`)
/// ([discovered fields](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html)).
/// Memory sizes are in bytes (Insights queries divide `@maxMemoryUsed` by 1000 twice to get MB).
struct LambdaFields {
  var type: InsightsValue = .null
  var requestId: InsightsValue = .null
  var duration: InsightsValue = .null
  var billedDuration: InsightsValue = .null
  var memorySize: InsightsValue = .null
  var maxMemoryUsed: InsightsValue = .null
  var initDuration: InsightsValue = .null

  init(message b: UnsafeBufferPointer<UInt8>) {
    func hasPrefix(_ p: String) -> Bool {
      let u = Array(p.utf8)
      guard b.count >= u.count else { return false }
      for k in 0..<u.count where b[k] != u[k] { return false }
      return true
    }
    let text: String
    if hasPrefix("REPORT RequestId: ") {
      type = .string("REPORT")
    } else if hasPrefix("START RequestId: ") {
      type = .string("START")
    } else if hasPrefix("END RequestId: ") {
      type = .string("END")
    } else {
      // Application lines in the Lambda text format: `timestamp<TAB>requestId<TAB>LEVEL<TAB>message`.
      guard b.contains(0x09) else { return }
      let parts = String(decoding: b, as: UTF8.self).split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
      if parts.count >= 3, parts[1].count == 36, parts[1].filter({ $0 == "-" }).count == 4 {
        requestId = .string(String(parts[1]))
      }
      return
    }
    text = String(decoding: b, as: UTF8.self)
    func after(_ label: String) -> Substring? {
      guard let r = text.range(of: label) else { return nil }
      let rest = text[r.upperBound...]
      return rest.prefix { $0 != "\t" && $0 != " " && $0 != "\n" }
    }
    if let id = after("RequestId: ") { requestId = .string(String(id)) }
    func number(_ label: String, scale: Double = 1) -> InsightsValue {
      guard let s = after(label), let d = Double(s) else { return .null }
      return .number(d * scale)
    }
    duration = number("\tDuration: ")
    billedDuration = number("Billed Duration: ")
    memorySize = number("Memory Size: ", scale: 1_000_000)
    maxMemoryUsed = number("Max Memory Used: ", scale: 1_000_000)
    initDuration = number("Init Duration: ")
    if duration.isNull { duration = number(" Duration: ") }
  }
}
