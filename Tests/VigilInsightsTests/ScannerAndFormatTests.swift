import Foundation
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilInsights

@Suite("JSON field scanner")
struct JSONFieldScannerTests {
  func values(_ paths: [String], in message: String) -> [InsightsValue] {
    let scanner = JSONFieldScanner(paths: paths)
    var slots: [JSONSlot] = []
    var text = message
    return text.withUTF8 { bytes in
      scanner.scan(bytes, into: &slots)
      return slots.map { JSONFieldScanner.value(of: $0, in: bytes) }
    }
  }

  @Test func nestedArraysEscapesAndDottedKeys() {
    let message = #"{"a":{"b":{"c":7}},"list":[1,{"x":"y"}],"s":"tab\tquote\" \u00e9 \ud83d\ude00","a.b2":true,"n":null,"e":-1.5e2}"#
    #expect(
      values(["a.b.c", "list.0", "list.1.x", "s", "a.b2", "n", "e", "missing", "a"], in: message) == [
        .number(7), .number(1), .string("y"), .string("tab\tquote\" é 😀"), .string("true"), .null, .number(-150), .null,
        .null,
      ])
  }

  @Test func firstKeyWinsAndScanStopsEarly() {
    #expect(values(["k"], in: #"{"k":1,"k":2}"#) == [.number(1)])
    // Everything after the last wanted field may be malformed: the scan has already stopped.
    #expect(values(["k"], in: #"{"k":"v", oops"#) == [.string("v")])
  }

  @Test func embeddedJSONInLambdaLine() {
    let line = "2026-03-02T10:00:00.000Z\tabc\tINFO\t{\"latency_ms\":12,\"customer\":{\"tier\":\"gold\"}}"
    #expect(values(["latency_ms", "customer.tier"], in: line) == [.number(12), .string("gold")])
  }

  @Test func malformedAndPlainText() {
    #expect(values(["a"], in: "plain text line") == [.null])
    #expect(values(["b", "a"], in: #"{"a":1,"b":"#) == [.null, .number(1)])
    #expect(values(["a"], in: "") == [.null])
  }

  @Test func discoveredFieldsForCompletion() {
    let names = InsightsEngine.discoveredFields(in: [
      #"{"service":"payment-api","customer":{"id":"c-1","tier":"gold"},"items":[{"sku":"x"}]}"#, "plain",
    ])
    #expect(Array(names.suffix(4)) == ["customer.id", "customer.tier", "items.0.sku", "service"])
    #expect(names.first == "@timestamp")
  }
}

@Suite("Result formats and files")
struct ResultFormatTests {
  let events = [
    ("2026-03-02T10:15:03.120Z", #"{"service":"payment-api","latency_ms":142}"#),
    ("2026-03-02T10:16:03.120Z", #"{"service":"payment-api","latency_ms":1842}"#),
    ("2026-03-02T10:16:33.000Z", #"{"service":"notifier"}"#),
  ]

  @Test func getQueryResultsShape() throws {
    let result = try runQuery("fields @timestamp, service, latency_ms | limit 2", Array(events.suffix(2)))
    #expect(
      QueryResultFormatter.json(result) == """
        {
          "results": [
            [
              {
                "field": "@timestamp",
                "value": "2026-03-02 10:16:33.000"
              },
              {
                "field": "service",
                "value": "notifier"
              }
            ],
            [
              {
                "field": "@timestamp",
                "value": "2026-03-02 10:16:03.120"
              },
              {
                "field": "service",
                "value": "payment-api"
              },
              {
                "field": "latency_ms",
                "value": "1842"
              }
            ]
          ],
          "statistics": {
            "bytesScanned": 65,
            "recordsMatched": 2,
            "recordsScanned": 2
          },
          "status": "Complete"
        }
        """)
  }

  @Test func csv() throws {
    let result = try runQuery("stats count(*), avg(latency_ms) as mean by service", events)
    #expect(QueryResultFormatter.csv(result) == "service,count(*),mean\nnotifier,1,\npayment-api,2,992\n")
  }

  @Test func tableWithBarChartForBins() throws {
    let result = try runQuery("stats count(*) by bin(1m)", events)
    #expect(
      QueryResultFormatter.table(result, barWidth: 10) == """
        bin(1m)                  count(*)
        -----------------------  --------  ----------
        2026-03-02 10:15:00.000  1         █████
        2026-03-02 10:16:00.000  2         ██████████
        2 rows; 3 records matched, 3 scanned, 107 bytes

        """)
  }

  @Test func fileSourceSplitsLinesExactlyOnce() throws {
    let url = TestPaths.temporaryDirectory().appendingPathComponent("lines.log")
    let lines = (0..<500).map { "2026-03-02T10:00:\(String(format: "%02d", $0 % 60)).000Z line \($0) " + String(repeating: "x", count: $0 % 37) }
    // No trailing newline and a CRLF line: both still give events.
    try (lines.joined(separator: "\n") + "\r\nlast").write(to: url, atomically: true, encoding: .utf8)
    let source = LogFileSource(path: url.path)
    let size = try source.size()
    for parts in [1, 2, 7, 64] {
      var seen: [String] = []
      let step = size / parts + 1
      for k in 0..<parts {
        try source.forEachEvent(lines: (k * step)..<min(size, (k + 1) * step)) { event, _ in
          seen.append(String(decoding: event.message, as: UTF8.self))
        }
      }
      #expect(seen == lines + ["last"], "parts: \(parts)")
    }
    #expect(source.logGroup == "lines")
  }

  @Test(arguments: [1, 2])
  func severalFilesAreSeveralLogGroups(threads: Int) throws {
    let dir = TestPaths.temporaryDirectory()
    let api = dir.appendingPathComponent("payment-api.jsonl")
    let auth = dir.appendingPathComponent("payment-authorizer.log")
    try #"{"timestamp":"2026-03-02T10:20:01Z","status":502}"#.appending("\n").appending(#"{"timestamp":"2026-03-02T10:21:01Z","status":200}"#)
      .write(to: api, atomically: true, encoding: .utf8)
    try "2026-03-02T10:20:30.000Z ERROR card declined\n2026-03-02T10:20:31.000Z INFO ok\n2026-03-02T10:20:32.000Z ERROR timeout\n"
      .write(to: auth, atomically: true, encoding: .utf8)
    let files = [LogFileSource(path: api.path), LogFileSource(path: auth.path)]
    let counts = try InsightsEngine.run(
      "filter status >= 500 or @message like \"ERROR\" | stats count(*) as errors by @log", files: files, threads: threads,
      minimumChunkBytes: 1)
    #expect(counts.textRows == [["payment-api", "1"], ["payment-authorizer", "2"]])
    let newest = try InsightsEngine.run("fields @timestamp, @logStream | limit 2", files: files, threads: threads, minimumChunkBytes: 1)
    #expect(newest.textRows == [["2026-03-02 10:21:01.000", "payment-api.jsonl"], ["2026-03-02 10:20:32.000", "payment-authorizer.log"]])
  }

  @Test func anyEventProducer() throws {
    let query = try QueryParser.parse("filter @message like \"ERROR\" | stats count(*) as n by @logStream")
    let result = try InsightsEngine.run(query: query) { emit in
      for (stream, line) in [("a", "ERROR x"), ("b", "INFO y"), ("a", "ERROR z")] {
        var text = line
        text.withUTF8 { emit(RawLogEvent(timestamp: 0, message: $0, logStream: stream, logGroup: "g")) }
      }
    }
    #expect(result.textRows == [["a", "2"]])
  }

  @Test func noFiles() throws {
    let result = try InsightsEngine.run("stats count(*) as n", files: [], threads: 2)
    #expect(result.textRows == [["0"]])
  }

  @Test func unreadableFile() {
    #expect(throws: LogFileSource.ReadError.self) { try LogFileSource(path: "/nonexistent/x.log").forEachEvent { _ in } }
  }
}
