import Foundation
import Testing
import VigilCore
import VigilLogSource
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
              },
              {
                "field": "@ptr",
                "value": "/ecs/payment-api-dev:stream-1:2"
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
              },
              {
                "field": "@ptr",
                "value": "/ecs/payment-api-dev:stream-1:1"
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
    let lines = (0..<500).map {
      "2026-03-02T10:00:\(String(format: "%02d", $0 % 60)).000Z line \($0) " + String(repeating: "x", count: $0 % 37)
    }
    // A CRLF line, a blank line, and a last line without a time and without a newline.
    try (lines.joined(separator: "\n") + "\r\n\nlast").write(to: url, atomically: true, encoding: .utf8)
    let source = LogFileSource(path: url.path)
    let size = try source.size()
    for parts in [1, 2, 7, 64] {
      var seen: [String] = []
      var skipped: [LogFileSource.SkippedLine] = []
      let step = size / parts + 1
      for k in 0..<parts {
        skipped += try source.forEachEvent(lines: (k * step)..<min(size, (k + 1) * step), format: .text) { event, _ in
          seen.append(String(decoding: event.message, as: UTF8.self))
        }
      }
      #expect(seen == lines, "parts: \(parts)")
      #expect(skipped.map(\.message) == ["line does not start with an ISO-8601 timestamp; skipped"])
      #expect(try source.lineNumbers(ofOffsets: skipped.map(\.offset)) == [502])
    }
    #expect(source.logGroup == "lines")
  }

  /// Lines that are not events are skipped and reported with their line numbers, the same with one or more workers.
  @Test(arguments: [1, 3])
  func skippedLinesAreReported(threads: Int) throws {
    let url = TestPaths.temporaryDirectory().appendingPathComponent("mixed.jsonl")
    var text = ""
    for i in 0..<300 {
      switch i {
      case 10: text += "not json\n"
      case 20: text += #"{"level":"INFO"}"# + "\n"
      case 30: text += #"{"time":1772445600,"level":"INFO"}"# + "\n"
      case 40: text += #"{"ts":"1772445600123","level":"INFO"}"# + "\n"
      default: text += #"{"timestamp":"2026-03-02T10:00:00Z","level":"INFO","i":\#(i)}"# + "\n"
      }
    }
    try text.write(to: url, atomically: true, encoding: .utf8)
    let (result, skipped) = try InsightsEngine.runReportingSkippedLines(
      query: try QueryParser.parse("stats count(*) as n, max(@timestamp) as last"), files: [LogFileSource(path: url.path)],
      threads: threads, minimumChunkBytes: 1)
    #expect(result.textRows == [["298", "2026-03-02 10:00:00.123"]])
    #expect(skipped.count == 2)
    #expect(
      skipped.first.map(\.description) == [
        "\(url.path):11: warning: not a JSON object; skipped",
        "\(url.path):21: warning: no timestamp, time, @timestamp or ts field with an ISO-8601 or epoch time; skipped",
      ])
  }

  /// Gzip files and CloudWatch exports go through VigilLogs' reader.
  @Test func gzipAndExportsUseTheLogReader() throws {
    let dir = TestPaths.temporaryDirectory()
    let plain = dir.appendingPathComponent("api.jsonl")
    try (#"{"timestamp":"2026-03-02T10:00:00Z","status":502}"# + "\n" + #"{"timestamp":"2026-03-02T10:00:01Z","status":200}"# + "\n")
      .write(to: plain, atomically: true, encoding: .utf8)
    try TestFiles.gzip(plain.path)
    let export = dir.appendingPathComponent("export.json")
    try #"{"events":[{"logStreamName":"s-1","timestamp":1772445600000,"message":"{\"status\":503}","ingestionTime":1772445601000}]}"#
      .write(to: export, atomically: true, encoding: .utf8)
    let result = try InsightsEngine.run(
      "fields @timestamp, @log, @logStream, status, @ingestionTime | sort @timestamp asc",
      files: [LogFileSource(path: plain.path + ".gz"), LogFileSource(path: export.path)])
    #expect(
      result.textRows == [
        ["2026-03-02 10:00:00.000", "api", "api.jsonl.gz", "502", "2026-03-02 10:00:00.000"],
        ["2026-03-02 10:00:00.000", "export", "s-1", "503", "2026-03-02 10:00:01.000"],
        ["2026-03-02 10:00:01.000", "api", "api.jsonl.gz", "200", "2026-03-02 10:00:01.000"],
      ])
  }

  @Test(arguments: [1, 2])
  func severalFilesAreSeveralLogGroups(threads: Int) throws {
    let dir = TestPaths.temporaryDirectory()
    let api = dir.appendingPathComponent("payment-api.jsonl")
    let auth = dir.appendingPathComponent("payment-authorizer.log")
    try #"{"timestamp":"2026-03-02T10:20:01Z","status":502}"#.appending("\n").appending(
      #"{"timestamp":"2026-03-02T10:21:01Z","status":200}"#
    )
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
    #expect(throws: (any Error).self) { try LogFileSource(path: "/nonexistent/x.log").forEachEvent { _ in } }
  }
}
