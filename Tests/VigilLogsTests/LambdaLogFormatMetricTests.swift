import Testing
import VigilCore
import VigilLogSource
import VigilLogs
import VigilTestSupport

/// The sample's duration metric in both Lambda log formats: the text format's space-delimited REPORT filter over
/// `payment-authorizer.log` and the JSON format's filter over `payment-authorizer-json-format.jsonl` publish the same
/// values for the same invocations; each format's pattern finds nothing in the other.
@Suite struct LambdaLogFormatMetricTests {
  static let textPattern = "[type=REPORT, request_id_label, request_id, duration_label, duration, ...]"
  static let jsonPattern = #"{ $.type = "platform.report" }"#
  static let from = TimeFormat.parse("2026-03-02T10:14:30Z")!
  static let until = TimeFormat.parse("2026-03-02T10:20:30Z")!

  /// The values a filter publishes from a file's events inside the JSON sample's window, in event order.
  static func values(_ filter: MetricFilter, _ file: String) throws -> [Double] {
    var reader = LogFileReader(path: TestPaths.sample("logs/\(file)").path)
    var values: [Double] = []
    try reader.forEachRecord { record in
      guard record.timestamp >= from, record.timestamp < until, let hit = filter.evaluate(bytes: record.bytes), let value = hit.value
      else { return }
      values.append(value)
    }
    return values
  }

  @Test func bothFormatsPublishTheSameDurations() throws {
    let text = try MetricFilter(
      pattern: try FilterPattern(Self.textPattern), metricName: "DurationMs", metricNamespace: "Payments", metricValue: "$duration")
    let json = try MetricFilter(
      pattern: try FilterPattern(Self.jsonPattern), metricName: "DurationMs", metricNamespace: "Payments",
      metricValue: "$.record.metrics.durationMs")
    let fromText = try Self.values(text, "payment-authorizer.log")
    let fromJSON = try Self.values(json, "payment-authorizer-json-format.jsonl")
    #expect(fromJSON.count == 120)
    #expect(fromJSON == fromText)
    #expect(fromJSON.max() == 3002.94)
  }

  @Test func eachFormatsPatternFindsNothingInTheOther() throws {
    var json = LogFileReader(path: TestPaths.sample("logs/payment-authorizer-json-format.jsonl").path)
    #expect(try json.countMatches(try FilterPattern(Self.textPattern)) == 0)
    #expect(try json.countMatches(try FilterPattern("REPORT")) == 0)
    var jsonAgain = LogFileReader(path: TestPaths.sample("logs/payment-authorizer-json-format.jsonl").path)
    #expect(try jsonAgain.countMatches(try FilterPattern(Self.jsonPattern)) == 120)
    var text = LogFileReader(path: TestPaths.sample("logs/payment-authorizer.log").path)
    #expect(try text.countMatches(try FilterPattern(Self.jsonPattern)) == 0)
  }
}
