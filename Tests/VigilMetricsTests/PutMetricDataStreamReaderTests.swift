import Testing
import VigilCore

@testable import VigilMetrics

/// The streaming reader must accept only what the tree-based reader accepts and then load the same
/// entries in the same order; for everything else it gives up and the tree-based reader decides.
@Suite struct PutMetricDataStreamReaderTests {
  /// Every entry of every stream, before and after sorting, so a wrong order or sortedness shows.
  static func dump(_ store: MetricStore) -> [String] {
    func lines(_ store: MetricStore) -> [String] {
      store.series.sorted { ($0.key.identity.description, $0.key.unit) < ($1.key.identity.description, $1.key.unit) }.map { key, s in
        "\(key.identity) [\(key.unit)] t=\(s.timestamps) n=\(s.sampleCounts) sum=\(s.sums) min=\(s.minimums) max=\(s.maximums) raw=\(s.rawEquivalent)"
      }
    }
    var sorted = store
    sorted.finishLoading()
    return lines(store) + ["sorted:"] + lines(sorted)
  }

  /// The public reader's outcome (store dump or diagnostic), starting from a store that already holds data.
  static func outcome(_ text: String, tree: Bool) -> Result<[String], Diagnostic> {
    var store = MetricStore()
    store.add(MetricIdentity(namespace: "N", name: "A"), timestamp: 1_767_225_660_000, value: 5)
    do {
      if tree {
        try PutMetricDataReader.readTree(Array(text.utf8), file: "m.json", into: &store)
      } else {
        try PutMetricDataReader.read(text, file: "m.json", into: &store)
      }
      return .success(dump(store))
    } catch {
      return .failure(error)
    }
  }

  static let accepted: [String] = [
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1767225600, "Value": 42.5}]}"#,
    // Several requests; data before the namespace; the same stream interleaved with another, out of order.
    #"""
    [{"MetricData": [{"MetricName": "A", "Timestamp": 1767225720, "Value": 1}, {"Timestamp": 1767225600, "MetricName": "B", "Value": 2},
                     {"MetricName": "A", "Timestamp": 1767225600, "Value": 3}], "Namespace": "N"},
     {"Namespace": "M", "MetricData": []}, {"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1767225540, "Value": 4}]}]
    """#,
    // Dimensions (extra keys in an entry are ignored), ISO and fractional epoch timestamps, units.
    #"""
    {"Namespace": "Payments", "MetricData": [
      {"MetricName": "Latency", "Dimensions": [{"Value": "payment-api", "Name": "Service", "Note": [1, {"x": null}]}, {"Name": "Env", "Value": "dev"}],
       "Timestamp": "2026-03-02T10:00:00.250Z", "Value": 120, "Unit": "Milliseconds"},
      {"MetricName": "Latency", "Dimensions": [{"Name": "Env", "Value": "dev"}, {"Name": "Service", "Value": "payment-api"}],
       "Timestamp": 1772445600.5, "Value": 130, "Unit": "Milliseconds"},
      {"MetricName": "Latency", "Dimensions": [], "Timestamp": 1772445600.0004, "Value": 1, "Unit": "Seconds"}
    ]}
    """#,
    // Values with and without Counts (a zero count adds nothing), statistic sets with extra keys.
    #"""
    {"Namespace": "N", "MetricData": [
      {"MetricName": "A", "Timestamp": 1767225600, "Values": [100, 900, 5], "Counts": [9, 0, 1.5]},
      {"MetricName": "A", "Timestamp": 1767225610, "Values": [7, 8]},
      {"MetricName": "A", "Timestamp": 1767225620, "StatisticValues": {"SampleCount": 2, "Sum": 400, "Minimum": 200, "Maximum": 200, "Extra": "x"}},
      {"MetricName": "A", "Timestamp": 1767225630, "StatisticValues": {"Maximum": 15, "Minimum": 5, "Sum": 30, "SampleCount": 3}, "StorageResolution": 1}
    ]}
    """#,
    // Number spellings, literals in skipped values, non-ASCII names, all four whitespace bytes.
    "{\t\"Namespace\" :\r\n\"Zählung-μs\" , \"MetricData\":[ {\"MetricName\":\"ÄÖ\",\"Timestamp\":-0,\"Value\":-0,\"StorageResolution\":{\"a\":[true,false,null,\"s\\\"\\u00e9\"]}},"
      + "{\"MetricName\":\"ÄÖ\",\"Timestamp\":1e9,\"Value\":-2.5E-3},{\"MetricName\":\"ÄÖ\",\"Timestamp\":12,\"Value\":123456789012345678901234},"
      + "{\"MetricName\":\"ÄÖ\",\"Timestamp\":13,\"Value\":999999999999999999},{\"MetricName\":\"ÄÖ\",\"Timestamp\":14,\"Value\":1E+2} ] }\n",
    "[]",
    "  {\"Namespace\": \"N\", \"MetricData\": []}  ",
  ]

  @Test(arguments: accepted)
  func streamingMatchesTheTree(text: String) throws {
    #expect(PutMetricDataStreamReader.read(Array(text.utf8)) != nil)
    let streamed = try Self.outcome(text, tree: false).get()
    #expect(streamed == (try Self.outcome(text, tree: true).get()))
  }

  /// Inputs the streaming reader leaves to the tree-based reader, valid and invalid.
  static let leftToTheTree: [String] = [
    #"{"Namespace": "N", "MetricData": [{"MetricName": "L\u0061tency", "Timestamp": 1767225600, "Value": 1}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1767225600, "Value": 1, "Value": 2}]}"#,
    #"{"Namespace": "N", "Namespace": "M", "MetricData": []}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1767225600, "Value": 1, "Counts": "ignored"}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1767225600, "Value": 1, "Unit": 7}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1767225600, "Value": 1, "Unit": "Milisecond"}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1767225600, "Value": 1, "Colour": 1}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Value": 1}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1767225600}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1767225600, "Value": 1, "Values": [1]}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1767225600, "Values": [1, 2], "Counts": [1]}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1767225600, "Values": [1], "Counts": [-1]}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1767225600, "Value": 1e400}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1767225600, "StatisticValues": {"SampleCount": 0, "Sum": 0, "Minimum": 0, "Maximum": 0}}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1767225600, "StatisticValues": {"SampleCount": 1, "Sum": 0, "Minimum": 2, "Maximum": 1}}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": "yesterday", "Value": 1}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 9223372036854775807, "Value": 1}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1e300, "Value": 1}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Dimensions": [{"Name": "S", "Value": "a"}, {"Name": "S", "Value": "b"}], "Timestamp": 1, "Value": 1}]}"#,
    #"{"Namespace": "", "MetricData": []}"#,
    #"{"Namespace": "N"}"#,
    #"{"Namespace": "N", "MetricData": [], "Extra": 1}"#,
    #"{"Namespace": "N", "MetricData": [1,]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 01, "Value": 1}]}"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1, "Value": 1, "StorageResolution": tru}]}"#,
    "{\"Namespace\": \"N\", \"MetricData\": [{\"MetricName\": \"A\tB\", \"Timestamp\": 1, \"Value\": 1}]}",
    #"{"Namespace": "N", "MetricData": []} x"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1, "Value": 1"#,
    #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1, "Value": 1, "StorageResolution": "\x"}]}"#,
    "",
    "42",
  ]

  @Test(arguments: leftToTheTree)
  func givesUpAndTheTreeDecides(text: String) {
    #expect(PutMetricDataStreamReader.read(Array(text.utf8)) == nil)
    #expect(Self.outcome(text, tree: false) == Self.outcome(text, tree: true))
  }

  @Test func outOfRangeTimestampsAreErrorsNotCrashes() {
    let text = #"{"Namespace": "N", "MetricData": [{"MetricName": "A", "Timestamp": 1e300, "Value": 1}]}"#
    var store = MetricStore()
    #expect(throws: Diagnostic("\"Timestamp\" is out of range", in: text, offset: 67)) {
      try PutMetricDataReader.read(text, into: &store)
    }
  }
  /// Decimal values are converted without text where that is exact; every one must be bit for bit `Double(text)`.
  @Test func decimalsConvertExactlyAsDoubleParsingDoes() throws {
    var texts = [
      "0.1", "-0.0", "0.0", "-12.75", "123456789012345.6", "9007199254740.993", "1.7976931348623157", "0.000000000000000000001",
      "0.30000000000000004", "5e-324", "1.5E3", "100.000000000000000000000", "99999999999999.9", "0.00000000000000000000000123",
    ]
    var state: UInt64 = 11
    for _ in 0..<3000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let digits = Int(state >> 60) + 1
      let mantissa = (state >> 8) % UInt64(String(repeating: "9", count: min(digits, 18)))!
      let fraction = Int((state >> 40) % 24) + 1  // integers are read as Int, not through this path
      var text = String(mantissa)
      if fraction > 0 {
        text = String(repeating: "0", count: max(0, fraction + 1 - text.count)) + text
        text.insert(".", at: text.index(text.endIndex, offsetBy: -fraction))
      }
      texts.append(state & 1 == 0 ? text : "-" + text)
    }
    let data = texts.enumerated().map { #"{"MetricName": "A", "Timestamp": \#(1_767_225_600 + $0.offset * 60), "Value": \#($0.element)}"# }
    let batches = try #require(PutMetricDataStreamReader.read(Array(#"{"Namespace": "N", "MetricData": [\#(data.joined(separator: ","))]}"#.utf8)))
    #expect(batches.count == 1)
    let read = batches[0].minimums
    #expect(read.count == texts.count)
    let wrong = zip(texts, read).filter { Double($0.0)!.bitPattern != $0.1.bitPattern }.map(\.0)
    #expect(wrong.isEmpty, "\(wrong.prefix(5))")
  }
}
