import Foundation
import Testing
import VigilAlarms
import VigilSession

/// `vigil preview-alarm` reads metric data files as bytes: UTF-8 beyond ASCII is read, anything else refused by name.
@Suite struct AlarmReplayFileTests {
  static func write(_ bytes: [UInt8], _ name: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-replay-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent(name).path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  static let alarms = Array(
    #"{"MetricAlarms": [{"AlarmName": "a", "Namespace": "N", "MetricName": "Latência", "Period": 60, "EvaluationPeriods": 1, "Threshold": 50, "ComparisonOperator": "GreaterThanThreshold", "Statistic": "Average"}], "CompositeAlarms": []}"#
      .utf8)

  @Test func readsUTF8BeyondASCII() throws {
    let data = try Self.write(
      Array(
        #"{"Namespace": "N", "MetricData": [{"MetricName": "Latência", "Timestamp": 1767225600, "Value": 42.5}, {"MetricName": "Latência", "Timestamp": 1767225660, "Value": 90.25}]}"#
          .utf8), "m.json")
    let replay = try AlarmReplay(describeAlarmsFile: try Self.write(Self.alarms, "a.json"), metricDataFiles: [data])
    let result = try replay.run()
    #expect(result.history.map(\.newState) == [.ok, .alarm])
    #expect(result.history.map(\.timestamp) == [1_767_225_660_000, 1_767_225_720_000])
  }

  @Test func refusesBytesThatAreNotUTF8() throws {
    let data = try Self.write(Array(#"{"Namespace": "N", "MetricData": [{"MetricName": "Lat"#.utf8) + [0xFF] + Array(#"ncia"}]}"#.utf8), "bad.json")
    #expect(throws: AlarmPreviewError("cannot read \(data): \(data):1:54: error: not UTF-8 text (byte 0xFF); save the file as UTF-8")) {
      _ = try AlarmReplay(describeAlarmsFile: try Self.write(Self.alarms, "a.json"), metricDataFiles: [data])
    }
  }
}
