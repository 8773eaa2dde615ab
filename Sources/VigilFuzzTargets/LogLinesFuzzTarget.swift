import Foundation
import VigilLogSource

/// Log files: the input is written to a temporary file and read the ways Vigil reads logs — format detection,
/// every format forced (JSON lines, an `aws logs` export, text), messages only (the filter-pattern fast path),
/// records with timestamps, `LogEvent`s, and `LogFileSource` (the Insights path, whole and as line ranges).
/// A gzip input (magic bytes) goes through zlib.
public enum LogLinesFuzzTarget {
  /// One file per process, rewritten for each input.
  static let path: String = {
    let directory = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    return "\(directory)/vigil-fuzz-log-lines-\(getpid()).log"
  }()

  public static func fuzz(_ data: [UInt8]) {
    guard FileManager.default.createFile(atPath: path, contents: Data(data)) else { return }
    defer { try? FileManager.default.removeItem(atPath: path) }
    let formats: [LogFileFormat?] = [nil] + LogFileFormat.allCases
    for format in formats {
      var reader = LogFileReader(path: path, options: LogReadOptions(logGroup: "fuzz", format: format))
      _ = try? reader.detectFormat()
      // Every message also goes through the Lambda readers (text platform lines, JSON-format records and lines).
      try? reader.forEachMessage { message, _ in
        _ = LambdaPlatformLine.parse(bytes: message)
        _ = LambdaPlatformLine.applicationRequestId(message)
      }
      try? reader.forEachRecord { _ in }
      try? reader.forEachEvent { _ in }
    }
    let source = LogFileSource(path: path)
    try? source.forEachEvent { _ in }
    if let (format, splittable) = try? source.layout(), splittable {
      let half = data.count / 2
      _ = try? source.forEachEvent(lines: 0..<half, format: format) { _, _ in }
      _ = try? source.forEachEvent(lines: half..<data.count, format: format) { _, _ in }
    }
  }
}
