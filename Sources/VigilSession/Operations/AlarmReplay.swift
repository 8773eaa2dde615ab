import VigilAlarms
import VigilCore
import VigilMetrics
import VigilModel
import Foundation

/// Alarms replayed over metric data, minute by minute as CloudWatch evaluates them: the one implementation behind
/// the shell's `preview alarm`, `preview composite` and `expect`, and `vigil preview-alarm`.
///
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html
public struct AlarmReplay {
  /// How a result is printed: the state timeline table, or API-shaped JSON.
  public enum Format: String, CaseIterable, Sendable {
    case table, json
  }

  public let alarms: AlarmSet
  public let store: MetricStore

  /// Alarms and the data they are evaluated over.
  public init(alarms: AlarmSet, store: MetricStore) {
    self.alarms = alarms
    self.store = store
  }

  /// Reads `aws cloudwatch describe-alarms` output and PutMetricData-shaped files (`vigil preview-alarm`).
  /// Throws a `Diagnostic` for a file that does not parse, an `AlarmPreviewError` for one that cannot be read.
  public init(describeAlarmsFile alarmsPath: String, metricDataFiles: [String]) throws {
    let alarms = try DescribeAlarmsReader.read(try Self.text(of: alarmsPath), file: alarmsPath)
    var store = MetricStore()
    for path in metricDataFiles { try MetricDataReader.read(utf8: try Self.utf8(of: path), file: path, into: &store) }
    store.finishLoading()
    self.init(alarms: alarms, store: store)
  }

  /// The bytes of a file of UTF-8 text, refused as `text(of:)` refuses it; metric data is read as bytes.
  private static func utf8(of path: String) throws(AlarmPreviewError) -> [UInt8] {
    guard unreadableReason(path) == "not UTF-8 text", let bytes = contents(of: path) else {
      throw AlarmPreviewError("cannot read \(path): \(unreadableReason(path))")
    }
    // ASCII is UTF-8: the usual file needs no decoding; any other is checked (and its error worded) by the decoder.
    if !Self.isASCII(bytes), case .failure(let diagnostic) = CommandLexer.decode(bytes, file: path) {
      throw AlarmPreviewError("cannot read \(path): \(diagnostic.headline)")
    }
    return bytes
  }

  /// The whole file read straight into one array, without a `Data` copy beside it (metric files run to hundreds of
  /// MB); nil when it cannot be read.
  private static func contents(of path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0, status.st_size >= 0 else { return nil }
    // One byte more than the size, so the end of the file is seen without growing the array.
    let capacity = Int(status.st_size) + 1
    var complete = false
    let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
      count = 0
      guard let base = buffer.baseAddress else { return }
      while count < capacity {
        let n = read(fd, base + count, capacity - count)
        if n > 0 {
          count += n
        } else if n < 0 && errno == EINTR {
          continue
        } else {
          complete = n == 0
          return
        }
      }
    }
    // A file that grew while it was read: read it the ordinary way.
    if complete { return bytes }
    return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
  }

  /// Whether every byte is below 0x80, eight bytes at a time.
  private static func isASCII(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { raw in
      let words = raw.count / 8
      var high: UInt64 = 0
      for i in 0..<words { high |= raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self) }
      for i in (words * 8)..<raw.count { high |= UInt64(raw[i]) }
      return high & 0x8080_8080_8080_8080 == 0
    }
  }

  private static func text(of path: String) throws(AlarmPreviewError) -> String {
    // Say why: a directory, a FIFO, a missing file and a non-UTF-8 byte each need a different fix.
    guard unreadableReason(path) == "not UTF-8 text", let data = FileManager.default.contents(atPath: path) else {
      throw AlarmPreviewError("cannot read \(path): \(unreadableReason(path))")
    }
    switch CommandLexer.decode(data, file: path) {
    case .success(let text): return text
    case .failure(let diagnostic): throw AlarmPreviewError("cannot read \(path): \(diagnostic.headline)")
    }
  }

  /// Evaluates every alarm from `from` (default: the first datapoint) to `until` (default: the end of the last
  /// datapoint's period).
  public func run(from: EpochMillis? = nil, until: EpochMillis? = nil) throws(AlarmPreviewError) -> AlarmPreviewResult {
    try AlarmPreview(alarms: alarms, store: store).run(from: from, until: until)
  }

  /// The result as text ending with a newline.
  public func render(_ result: AlarmPreviewResult, format: Format) -> String {
    switch format {
    case .table: return Self.timeline(result)
    case .json: return PreviewReport.jsonText(result, alarms: alarms)
    }
  }

  /// One row per alarm (A = ALARM, . = OK, ? = INSUFFICIENT_DATA) and the transitions with CloudWatch's reasons;
  /// `names` keeps only those alarms, in that order (nil: every alarm).
  public static func timeline(_ result: AlarmPreviewResult, only names: [String]? = nil) -> String {
    guard let names else { return PreviewReport.table(result) }
    var filtered = result
    filtered.order = names.filter { result.timelines[$0] != nil }
    filtered.history = result.history.filter { names.contains($0.alarmName) }
    filtered.notifications = result.notifications.filter { names.contains($0.alarmName) }
    return PreviewReport.table(filtered)
  }
}
