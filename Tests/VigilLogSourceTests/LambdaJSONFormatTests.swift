import Testing
import VigilCore
import VigilLogSource
import VigilTestSupport

/// Lambda's JSON log format (`--log-format json`): platform records and application lines, read as CloudWatch stores them.
@Suite struct LambdaJSONFormatTests {
  static let report =
    #"{"time":"2026-03-02T10:14:49.241Z","type":"platform.report","record":{"requestId":"c5ec1325-aaf3-418c-ad67-6b1f2e91900f","metrics":{"durationMs":57.33,"billedDurationMs":58,"memorySizeMB":512,"maxMemoryUsedMB":90,"initDurationMs":321.38},"status":"success"}}"#

  @Test func aReportRecordGivesTheReportFields() throws {
    let line = try #require(LambdaPlatformLine.parse(Self.report))
    #expect(line.kind == .report)
    #expect(line.format == .json)
    #expect(line.type == "platform.report")
    #expect(line.requestId == "c5ec1325-aaf3-418c-ad67-6b1f2e91900f")
    #expect(line.duration == 57.33)
    #expect(line.billedDuration == 58)
    #expect(line.memorySize == 512)
    #expect(line.maxMemoryUsed == 90)
    #expect(line.initDuration == 321.38)
  }

  @Test func aStartRecordGivesTypeAndRequestId() throws {
    let line = try #require(
      LambdaPlatformLine.parse(
        #"{"time":"2026-03-02T10:14:33.238Z","type":"platform.start","record":{"requestId":"a1","version":"$LATEST"}}"#))
    #expect(line.fields.map(\.name) == ["@type", "@requestId"])
    #expect(line.fields.map(\.value) == [.string("platform.start"), .string("a1")])
  }

  @Test func otherJSONIsNoPlatformLine() {
    #expect(LambdaPlatformLine.parse(#"{"time":"2026-03-02T10:14:33.238Z","type":"platform.initStart","record":{}}"#) == nil)
    #expect(LambdaPlatformLine.parse(#"{"timestamp":"2026-03-02T10:14:33.238Z","level":"INFO","requestId":"a1","message":"x"}"#) == nil)
    #expect(LambdaPlatformLine.parse(#"{"type":"platform.report","record":{"requestId":7}}"#) == nil)
    #expect(LambdaPlatformLine.parse(#"{"type":"platform.report""#) == nil)
  }

  @Test func anApplicationLineHasItsRequestId() {
    var line = #"{"timestamp":"2026-03-02T10:20:05.198Z","level":"ERROR","requestId":"d344b0dd","message":"Invoke Error"}"#
    #expect(line.withUTF8 { LambdaPlatformLine.applicationRequestId($0) } == "d344b0dd")
    // An object without Lambda's timestamp and level is not Lambda's application line.
    var other = #"{"requestId":"d344b0dd","message":"x"}"#
    #expect(other.withUTF8 { LambdaPlatformLine.applicationRequestId($0) } == nil)
  }

  /// The sample: 120 invocations of payment-authorizer 10:14:30–10:20:30 in the JSON format.
  @Test func theJSONFormatSampleReadsAsJSONLinesWithEveryTime() throws {
    var reader = LogFileReader(path: TestPaths.sample("logs/payment-authorizer-json-format.jsonl").path)
    #expect(try reader.detectFormat() == .jsonLines)
    var events = 0
    var reports: [LambdaPlatformLine] = []
    var starts = 0
    var first: EpochMillis?
    var last: EpochMillis = 0
    try reader.forEachRecord { record in
      events += 1
      if first == nil { first = record.timestamp }
      last = record.timestamp
      if let line = LambdaPlatformLine.parse(bytes: record.bytes) {
        if line.kind == .report { reports.append(line) } else { starts += 1 }
      }
    }
    #expect(reader.issues.count == 0)
    #expect(events == 480)
    #expect(starts == 120)
    #expect(reports.count == 120)
    #expect(first == TimeFormat.parse("2026-03-02T10:14:33.238Z"))
    #expect(last == TimeFormat.parse("2026-03-02T10:20:29.717Z"))
    #expect(reports.compactMap(\.duration).max() == 3002.94)
    #expect((reports.compactMap(\.duration).reduce(0, +) * 100).rounded() / 100 == 29315.84)
    #expect(reports.compactMap(\.maxMemoryUsed).max() == 111)
    #expect(reports.compactMap(\.initDuration) == [321.38])
    #expect(Set(reports.map(\.type)) == ["platform.report"])
  }
}
