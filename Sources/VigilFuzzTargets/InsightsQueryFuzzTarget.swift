import VigilCore
import VigilInsights

/// Logs Insights queries: the whole input is the query text, parsed and checked; a query that is accepted is
/// run over a few fixed events (JSON, text and a Lambda REPORT line), so the planner and the evaluator see
/// every accepted shape too.
public enum InsightsQueryFuzzTarget {
  static let events: [LogEvent] = [
    LogEvent(
      timestamp: 1_772_446_500_000,
      message:
        #"{"level":"ERROR","service":"payment-api","latency_ms":812.5,"status":500,"requestId":"r-1","user":{"id":7,"tags":["a","b"]}}"#,
      logStream: "s1", logGroup: "payment-api"),
    LogEvent(
      timestamp: 1_772_446_560_000,
      message: #"{"level":"INFO","service":"payment-api","latency_ms":95,"status":200,"requestId":"r-2","msg":"ok \u00e9"}"#,
      logStream: "s1", logGroup: "payment-api"),
    LogEvent(
      timestamp: 1_772_446_620_000,
      message: "2026-03-02T10:17:00.000Z r-3 ERROR Task timed out after 10.01 seconds ip=10.0.0.1 user=bob",
      logStream: "s2", logGroup: "payment-authorizer"),
    LogEvent(
      timestamp: 1_772_446_680_000,
      message: "REPORT RequestId: 3f9c Duration: 1204.55 ms Billed Duration: 1205 ms Memory Size: 512 MB Max Memory Used: 88 MB",
      logStream: "s2", logGroup: "payment-authorizer"),
    LogEvent(timestamp: 1_772_446_740_000, message: "", logStream: "s3", logGroup: "ledger-writer"),
  ]

  public static func fuzz(_ data: [UInt8]) {
    let text = FuzzInput.text(data)
    guard (try? QueryParser.parse(text, file: "fuzz.query")) != nil else { return }
    _ = try? InsightsEngine.run(text, events: events)
  }
}
