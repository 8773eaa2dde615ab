import Testing
import VigilCore
import VigilLogSource
import VigilTestSupport

@testable import VigilLogs

/// Cross-checks between the generated samples (samples/logs, from bench/logs/generate_payment_logs.py).
@Suite struct SampleLogsTests {
  let errorBurst: ClosedRange<EpochMillis> = 1_772_446_800_000...(1_772_447_220_000 - 1)  // 10:20–10:27

  /// The filter-log-events file was written by the generator's own filter; Vigil must find the same events.
  @Test func errorEventsAgreeWithTheFilterLogEventsExport() throws {
    let pattern = try FilterPattern("{ $.level = \"ERROR\" }")
    var api = LogFileReader(path: TestPaths.sample("logs/payment-api.jsonl.gz").path)
    var fromLines: [String] = []
    try api.forEachRecord { record in
      if errorBurst.contains(record.timestamp), pattern.matches(bytes: record.bytes) {
        fromLines.append(String(decoding: record.bytes, as: UTF8.self))
      }
    }
    var export = LogFileReader(path: TestPaths.sample("logs/payment-api-errors.filter-log-events.json").path)
    let exported = try export.readEvents()
    #expect(!fromLines.isEmpty)
    #expect(fromLines == exported.map(\.message))
    #expect(api.issues.count == 0)
  }

  @Test func everyLambdaInvocationHasStartEndAndReport() throws {
    for name in ["payment-authorizer", "ledger-writer"] {
      var reader = LogFileReader(path: TestPaths.sample("logs/\(name).log").path)
      var kinds: [LambdaPlatformLine.Kind: Int] = [:]
      var reports = 0
      try reader.forEachRecord { record in
        if let line = LambdaPlatformLine.parse(bytes: record.bytes) {
          kinds[line.kind, default: 0] += 1
          if line.kind == .report, line.duration != nil, line.billedDuration != nil, line.memorySize != nil { reports += 1 }
        }
      }
      #expect(kinds[.start] == kinds[.end])
      #expect(kinds[.start] == kinds[.report])
      #expect(reports == kinds[.report])
      #expect(reader.issues.count == 0)
    }
  }
}
