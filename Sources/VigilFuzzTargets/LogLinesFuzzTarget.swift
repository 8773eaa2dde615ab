import Foundation
import VigilInsights
import VigilLogSource

/// Log files: the input is written to a temporary file and read the ways Vigil reads logs — format detection,
/// every format forced (JSON lines, an `aws logs` export, text), messages only (the filter-pattern fast path),
/// records with timestamps, `LogEvent`s, and `LogFileSource` (the Insights path, whole and as line ranges).
/// A gzip input (magic bytes) goes through zlib. Then the issue 17 benchmark queries run over the file on one
/// thread and split at every byte on two, with a `pct` budget small enough to spill: the word-at-a-time JSON
/// scan, number parsing, group keys and the spill all read the fuzzer's bytes.
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
    let spilling = QueryOptions(percentileBytesInMemory: 64)
    for query in queries {
      _ = try? InsightsEngine.run(query, files: [source], options: spilling, threads: 1)
      _ = try? InsightsEngine.run(query, files: [source], options: spilling, threads: 2, minimumChunkBytes: 1)
    }
  }

  static let queries = [
    #"filter level = "ERROR" and latency_ms > 200 | stats count(*) as n"#,
    "stats count(*) as n, avg(latency_ms) as mean, pct(latency_ms, 99) as p99 by service, bin(1m)",
    "fields @timestamp, service, latency_ms | sort latency_ms desc | limit 10",
    "stats count(*) by route, status",
    #"filter customer.tier = "gold" | stats sum(amount) by service"#,
    "filter message like /timeout/ | stats count(*) by service",
  ]
}
