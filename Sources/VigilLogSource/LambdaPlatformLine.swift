#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A Lambda platform line (`START`, `END`, `REPORT`) and the fields Logs Insights discovers from it
/// (`@type`, `@requestId`, `@duration`, `@billedDuration`, `@memorySize`, `@maxMemoryUsed`, `@initDuration`).
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html
public struct LambdaPlatformLine: Equatable, Sendable {
  public enum Kind: String, Sendable { case start = "START", end = "END", report = "REPORT" }

  public var kind: Kind
  public var requestId: String
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
    var out: [(String, FieldValue)] = [("@type", .string(kind.rawValue)), ("@requestId", .string(requestId))]
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
