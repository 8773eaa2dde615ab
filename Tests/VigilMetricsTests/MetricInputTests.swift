import Testing
import VigilCore
import VigilMetrics

@Suite struct SeriesNotationTests {
  @Test func expands() throws {
    #expect(try SeriesNotation.parse("40x3 _x2 1+2x4 10-1x3 7").slots == [40, 40, 40, nil, nil, 1, 3, 5, 7, 10, 9, 8, 7])
    #expect(try SeriesNotation.parse("'40x30 95x10 _x3 40x20'".trimmingCharacters(in: ["'"])).slots.count == 63)
  }

  @Test func errorsHaveCarets() {
    #expect(throws: Diagnostic("expected a repeat count of at least 1 after x", in: "40x30 95x", offset: 9)) {
      try SeriesNotation.parse("40x30 95x")
    }
    #expect(throws: Diagnostic("a step (+N or -N) needs a number before it, not _", in: "_+1x3", offset: 1)) {
      try SeriesNotation.parse("_+1x3")
    }
    #expect(throws: Diagnostic("expected a number or _", in: "40 abc", offset: 3)) { try SeriesNotation.parse("40 abc") }
  }
}

@Suite struct PutMetricDataReaderTests {
  static let id = MetricIdentity(namespace: "Payments", name: "Latency", dimensions: ["Service": "payment-api"])

  @Test func readsValuesCountsAndStatisticSets() throws {
    let text = """
      {"Namespace": "Payments", "MetricData": [
        {"MetricName": "Latency", "Dimensions": [{"Name": "Service", "Value": "payment-api"}], "Timestamp": "2026-03-02T10:00:00Z",
         "Values": [100, 900], "Counts": [9, 1], "Unit": "Milliseconds"},
        {"MetricName": "Latency", "Dimensions": [{"Name": "Service", "Value": "payment-api"}], "Timestamp": "2026-03-02T10:00:30Z",
         "StatisticValues": {"SampleCount": 2, "Sum": 400, "Minimum": 200, "Maximum": 200}, "Unit": "Milliseconds"}
      ]}
      """
    var store = MetricStore()
    try PutMetricDataReader.read(text, into: &store)
    store.finishLoading()
    let series = try #require(try store.lookup(Self.id, unit: nil).get())
    let t = TimeFormat.parse("2026-03-02T10:00:00Z")!
    #expect(series.aggregate(.sampleCount, from: t, to: t + 60_000)?.value == 12)
    #expect(series.aggregate(.sum, from: t, to: t + 60_000)?.value == 2200)
    // The statistic set has Min = Max and Sum = Min × SampleCount, so percentiles stay available.
    #expect(series.aggregate(.percentile(90), from: t, to: t + 60_000)?.value == 200)
    #expect(series.aggregate(.percentile(95), from: t, to: t + 60_000)?.value == 900)
  }

  @Test func statisticSetsWithSpreadHaveNoPercentiles() {
    var series = MetricSeries(identity: Self.id)
    series.appendStatisticSet(timestamp: 0, sampleCount: 3, sum: 30, minimum: 5, maximum: 15)
    #expect(series.aggregate(.percentile(50), from: 0, to: 60_000) == nil)
    #expect(series.aggregate(.average, from: 0, to: 60_000) == PeriodValue(value: 10, sampleCount: 3))
  }

  @Test func errorsPointIntoTheFile() {
    let text =
      "{\"Namespace\": \"P\", \"MetricData\": [\n  {\"MetricName\": \"X\", \"Timestamp\": \"2026-03-02T10:00:00Z\", \"Value\": 1, \"Unit\": \"Milisecond\"}\n]}"
    var store = MetricStore()
    #expect(
      throws: Diagnostic(
        "unknown Unit \"Milisecond\"", at: SourceLocation(file: "m.json", line: 2, column: 80),
        sourceLine: "  {\"MetricName\": \"X\", \"Timestamp\": \"2026-03-02T10:00:00Z\", \"Value\": 1, \"Unit\": \"Milisecond\"}",
        suggestion: "did you mean Milliseconds?")
    ) {
      try PutMetricDataReader.read(text, file: "m.json", into: &store)
    }
  }

  @Test func severalUnitsWithoutAnAlarmUnitAreRefused() {
    var store = MetricStore()
    store.add(Self.id, unit: "Milliseconds", timestamp: 0, value: 1)
    store.add(Self.id, unit: "Seconds", timestamp: 0, value: 1)
    guard case .failure(let error) = store.lookup(Self.id, unit: nil) else { Issue.record("expected a failure"); return }
    #expect(error.units == ["Milliseconds", "Seconds"])
  }
}
