#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A Lambda platform line (`START`, `END`, `REPORT`) or JSON-format system record (`platform.start`,
/// `platform.report`) and the fields Logs Insights discovers from it
/// (`@type`, `@requestId`, `@duration`, `@billedDuration`, `@memorySize`, `@maxMemoryUsed`, `@initDuration`).
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html
///
/// A function whose log format is JSON writes its system logs as one JSON object per event,
/// `{"time":"…","type":"platform.report","record":{"requestId":"…","metrics":{"durationMs":…,"billedDurationMs":…,
/// "memorySizeMB":…,"maxMemoryUsedMB":…,"initDurationMs":…},"status":"success"}}` (the Telemetry API's `Event`
/// shapes, https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html, written to CloudWatch as
/// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html describes). `@type` is then
/// the record's `type` (`platform.report`), so `filter @type = "REPORT"` finds no JSON-format record.
public struct LambdaPlatformLine: Equatable, Sendable {
  public enum Kind: String, Sendable { case start = "START", end = "END", report = "REPORT" }
  /// The function's log format the line was written in.
  public enum Format: Sendable { case text, json }

  public var kind: Kind
  public var format: Format = .text
  public var requestId: String
  /// `@type`: `START`/`END`/`REPORT` for text lines, the record's `type` (`platform.start`, `platform.report`) for JSON.
  public var type: String {
    guard format == .json else { return kind.rawValue }
    return kind == .report ? "platform.report" : "platform.start"
  }
  /// `Duration` in milliseconds (REPORT only).
  public var duration: Double?
  /// `Billed Duration` in milliseconds.
  public var billedDuration: Double?
  /// `Memory Size` in MB.
  public var memorySize: Double?
  /// `Max Memory Used` in MB.
  public var maxMemoryUsed: Double?
  /// `Init Duration` in milliseconds (cold starts only).
  public var initDuration: Double?

  /// The discovered fields by their Insights names (`@type`, `@requestId`, `@duration`, ...); numbers as Double.
  public var fields: [(name: String, value: FieldValue)] {
    var out: [(String, FieldValue)] = [("@type", .string(type)), ("@requestId", .string(requestId))]
    if let duration { out.append(("@duration", .number(duration))) }
    if let billedDuration { out.append(("@billedDuration", .number(billedDuration))) }
    if let memorySize { out.append(("@memorySize", .number(memorySize))) }
    if let maxMemoryUsed { out.append(("@maxMemoryUsed", .number(maxMemoryUsed))) }
    if let initDuration { out.append(("@initDuration", .number(initDuration))) }
    return out
  }

  /// A discovered value.
  public enum FieldValue: Equatable, Sendable {
    case string(String)
    case number(Double)
  }

  /// Parses a message such as `REPORT RequestId: 8f5…\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\t…`.
  /// An ISO-8601 timestamp and whitespace before the keyword (as in exported text files) are skipped.
  public static func parse(_ message: String) -> LambdaPlatformLine? {
    var copy = message
    return copy.withUTF8 { parse(bytes: $0) }
  }

  /// Where the CloudWatch message of a text line starts. A Lambda platform line (START, END, REPORT,
  /// INIT_START) printed with a leading timestamp, as `aws logs tail` and exported text files show it,
  /// is stored by CloudWatch without that timestamp; runtime lines keep theirs (it is part of the message).
  public static func messageStart(_ line: UnsafeBufferPointer<UInt8>) -> Int {
    guard let (_, used) = LogTimestamps.leadingTimeAndLength(line) else { return 0 }
    var i = used
    while i < line.count, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
    let platform =
      hasPrefix(line, i, "START RequestId: ") || hasPrefix(line, i, "END RequestId: ")
      || hasPrefix(line, i, "REPORT RequestId: ") || hasPrefix(line, i, "INIT_START ")
    return platform ? i : 0
  }

  /// Byte-level form of `parse(_:)`; allocates only when the line is a platform line.
  public static func parse(bytes: UnsafeBufferPointer<UInt8>) -> LambdaPlatformLine? {
    var i = 0
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
    if i < bytes.count, bytes[i] == UInt8(ascii: "{") { return parseJSONRecord(bytes) }
    i = 0
    if let (_, used) = LogTimestamps.leadingTimeAndLength(bytes) { i = used }
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
    let kind: Kind
    if hasPrefix(bytes, i, "START RequestId: ") {
      kind = .start
      i += 17
    } else if hasPrefix(bytes, i, "END RequestId: ") {
      kind = .end
      i += 15
    } else if hasPrefix(bytes, i, "REPORT RequestId: ") {
      kind = .report
      i += 18
    } else {
      return nil
    }
    var idEnd = i
    while idEnd < bytes.count, bytes[idEnd] != 0x20, bytes[idEnd] != 0x09 { idEnd += 1 }
    guard idEnd > i else { return nil }
    var line = LambdaPlatformLine(
      kind: kind, requestId: String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<idEnd]), as: UTF8.self))
    guard kind == .report else { return line }
    // Fields are tab-separated `Name: number unit`.
    var j = idEnd
    while j < bytes.count {
      while j < bytes.count, bytes[j] == 0x09 || bytes[j] == 0x20 { j += 1 }
      var colon = j
      while colon < bytes.count, bytes[colon] != 0x3A, bytes[colon] != 0x09 { colon += 1 }
      guard colon < bytes.count, bytes[colon] == 0x3A else { break }
      let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[j..<colon]), as: UTF8.self)
      var v = colon + 1
      while v < bytes.count, bytes[v] == 0x20 { v += 1 }
      var vEnd = v
      while vEnd < bytes.count, bytes[vEnd] != 0x20, bytes[vEnd] != 0x09 { vEnd += 1 }
      let value = NumberParser.parse(bytes, v, vEnd)
      switch name {
      case "Duration": line.duration = value
      case "Billed Duration": line.billedDuration = value
      case "Memory Size": line.memorySize = value
      case "Max Memory Used": line.maxMemoryUsed = value
      case "Init Duration": line.initDuration = value
      default: break
      }
      j = vEnd
      while j < bytes.count, bytes[j] != 0x09 { j += 1 }
    }
    return line
  }

  /// A JSON-format system record: `type` `platform.start` or `platform.report` with a string `record.requestId`;
  /// the report's numbers come from `record.metrics` (`initDurationMs` only on cold starts). Other records
  /// (`platform.initStart`, application lines) are not platform lines.
  static func parseJSONRecord(_ bytes: UnsafeBufferPointer<UInt8>) -> LambdaPlatformLine? {
    let json = JSONScanner(bytes)
    guard let root = json.rootStart, let typeAt = json.member(root, key: Keys.type),
      let type = json.decodedString(typeAt)
    else { return nil }
    let kind: Kind
    if type == Keys.platformReport {
      kind = .report
    } else if type == Keys.platformStart {
      kind = .start
    } else {
      return nil
    }
    guard let record = json.member(root, key: Keys.record), let idAt = json.member(record, key: Keys.requestId),
      let id = json.decodedString(idAt), !id.isEmpty
    else { return nil }
    var line = LambdaPlatformLine(kind: kind, requestId: String(decoding: id, as: UTF8.self))
    line.format = .json
    guard kind == .report, let metrics = json.member(record, key: Keys.metrics) else { return line }
    func number(_ key: [UInt8]) -> Double? { json.member(metrics, key: key).flatMap { json.number($0) } }
    line.duration = number(Keys.durationMs)
    line.billedDuration = number(Keys.billedDurationMs)
    line.memorySize = number(Keys.memorySizeMB)
    line.maxMemoryUsed = number(Keys.maxMemoryUsedMB)
    line.initDuration = number(Keys.initDurationMs)
    return line
  }

  /// The request id of a JSON-format application line (`{"timestamp":…,"level":"INFO","requestId":"…","message":…}`:
  /// a `timestamp`, a `level` and a string `requestId`), which Insights shows as `@requestId`; nil for anything else.
  public static func applicationRequestId(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    let json = JSONScanner(bytes)
    guard let root = json.rootStart, json.kind(at: root) == .object, json.member(root, key: Keys.timestamp) != nil,
      json.member(root, key: Keys.level) != nil, let idAt = json.member(root, key: Keys.requestId),
      let id = json.decodedString(idAt), !id.isEmpty
    else { return nil }
    return String(decoding: id, as: UTF8.self)
  }

  /// The member names of Lambda's JSON records, as bytes for `JSONScanner`.
  private enum Keys {
    static let type = Array("type".utf8)
    static let record = Array("record".utf8)
    static let requestId = Array("requestId".utf8)
    static let timestamp = Array("timestamp".utf8)
    static let level = Array("level".utf8)
    static let metrics = Array("metrics".utf8)
    static let platformReport = Array("platform.report".utf8)
    static let platformStart = Array("platform.start".utf8)
    static let durationMs = Array("durationMs".utf8)
    static let billedDurationMs = Array("billedDurationMs".utf8)
    static let memorySizeMB = Array("memorySizeMB".utf8)
    static let maxMemoryUsedMB = Array("maxMemoryUsedMB".utf8)
    static let initDurationMs = Array("initDurationMs".utf8)
  }

  init(kind: Kind, requestId: String) {
    self.kind = kind
    self.requestId = requestId
  }

  private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ prefix: StaticString) -> Bool {
    let n = prefix.utf8CodeUnitCount
    guard at + n <= bytes.count else { return false }
    return memcmp(bytes.baseAddress! + at, prefix.utf8Start, n) == 0
  }
}
