import Foundation
import Testing
import VigilCore
import VigilLogSource
import VigilTestSupport

@testable import VigilInsights

/// The fast paths of issue 17 pinned against the general ones: the word-at-a-time field scan against member
/// lookup, the cached minute of `JSONTimestampReader` against a fresh parse per line, the stats group and
/// argument shortcuts against evaluating the same expressions, and a file split across threads against one pass.
@Suite struct FastPathTests {
  /// A small deterministic generator (the same documents every run).
  struct Generator {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(n))
    }
    mutating func space() -> String { ["", "", "", " ", "\t", " \n "][next(6)] }
    /// String contents with escapes where the eight-byte steps of the scan fall: before, on and after a boundary.
    mutating func text() -> String {
      let pieces = ["a", "bcdefgh", #"\""#, #"\\"#, #"\\\""#, #"\n"#, #"\u00e9"#, "é", "timeout", " ", "{", "}", "[", ","]
      return (0..<next(12)).map { _ in pieces[next(pieces.count)] }.joined()
    }
    mutating func scalar() -> String {
      switch next(6) {
      case 0: return "\"\(text())\""
      case 1: return String(next(1000))
      case 2: return "-\(next(100)).\(next(100))"
      case 3: return ["true", "false", "null"][next(3)]
      case 4: return "[\(space())\(next(9)),\(space())\"\(text())\"\(space())]"
      default: return "{\"x\":\(space())\"\(text())\"}"
      }
    }
    mutating func document() -> String {
      let keys = ["a", "b", "bb", "level", "latency_ms", #"k\u0065y"#, "abcdefghijk"]
      var members: [String] = []
      for _ in 0..<next(8) { members.append("\"\(keys[next(keys.count)])\"\(space()):\(space())\(scalar())") }
      if next(2) == 0 {
        var inner: [String] = []
        for _ in 0..<next(4) { inner.append("\"\(["id", "tier", "t"][next(3)])\":\(space())\(scalar())") }
        members.insert("\"customer\":\(space()){\(inner.joined(separator: ","))}", at: next(members.count + 1))
      }
      return "{\(space())" + members.joined(separator: ",\(space())") + "\(space())}"
    }
  }

  static let paths = ["a", "b", "bb", "level", "latency_ms", "key", "abcdefghijk", "customer", "customer.tier", "customer.id"]

  /// Each slot the scan finds is the value member lookup finds (first occurrence), with the same escape flag.
  @Test func fieldScanAgreesWithMemberLookup() {
    var generator = Generator(state: 17)
    let scanner = JSONFieldScanner(paths: Self.paths)
    var slots: [JSONSlot] = []
    var checked = 0
    for _ in 0..<3000 {
      let text = generator.document()
      var doc = text
      doc.withUTF8 { bytes in
        let json = JSONScanner(bytes)
        scanner.scan(bytes, into: &slots)
        for (path, slot) in zip(Self.paths, slots) {
          var at = json.rootStart
          for key in path.split(separator: ".") { at = at.flatMap { json.member($0, key: Array(key.utf8)) } }
          guard let at else {
            #expect(slot.kind == .missing, "\(path) in \(text)")
            continue
          }
          let expected = json.rawRange(at) ?? json.valueEnd(at).map { at..<$0 }
          #expect(slot.kind != .missing && expected == slot.start..<slot.end, "\(path) in \(text)")
          if slot.kind == .string {
            #expect(slot.escaped == bytes[slot.start..<slot.end].contains(0x5C), "\(path) in \(text)")
          }
          checked += 1
        }
      }
    }
    #expect(checked == 10_492)
  }

  /// Escapes exactly on and around the eight-byte steps of the string scan, and strings that are not closed.
  @Test func stringEndsAroundWordBoundaries() {
    let scanner = JSONFieldScanner(paths: ["s", "t"])
    for prefix in 0..<18 {
      let filler = String(repeating: "x", count: prefix)
      for (content, decoded) in [(#"\""#, "\""), (#"\\"#, "\\"), (#"\\\""#, "\\\""), (#"ab\\"#, "ab\\")] {
        let text = #"{"s":"\#(filler)\#(content)","t":1}"#
        var doc = text
        let values = doc.withUTF8 { bytes -> [InsightsValue] in
          var slots: [JSONSlot] = []
          scanner.scan(bytes, into: &slots)
          return slots.map { JSONFieldScanner.value(of: $0, in: bytes) }
        }
        #expect(values == [.string(filler + decoded), .number(1)], "\(text)")
      }
      var open = #"{"t":2,"s":"\#(filler)\"#
      let unclosed = open.withUTF8 { bytes -> [JSONSlot.Kind] in
        var slots: [JSONSlot] = []
        scanner.scan(bytes, into: &slots)
        return slots.map(\.kind)
      }
      #expect(unclosed == [.missing, .number])
    }
  }

  /// The reader that keeps the last minute gives every line the time a fresh parse gives it.
  @Test func cachedMinuteGivesTheSameTimes() {
    let times = [
      "2026-11-01T12:00:00.000Z", "2026-11-01T12:00:59.999Z", "2026-11-01T12:00:60Z", "2026-11-01T12:00:61Z",
      "2026-11-01T12:00:1xZ", "2026-11-01T12:00:05+02:00", "2026-11-01T12:00:05-0130", "2026-11-01T12:01:00.5Z",
      "2026-13-01T12:01:00Z", "2026-13-01T12:01:00Z", "2026-11-01 12:01:00,250", "2026-11-01T12:01", "2024-02-29T23:59:59Z",
      "2026-11-01T12:01:00.Z", "2026-11-01T24:00:00Z", "1969-12-31T23:59:59.999Z",
    ]
    var reader = JSONTimestampReader()
    for time in times {
      var line = #"{"timestamp":"\#(time)","level":"INFO"}"#
      let (cached, fresh) = line.withUTF8 { bytes -> (String, String) in
        var other = JSONTimestampReader()
        return ("\(reader.timestamp(bytes))", "\(other.timestamp(bytes))")
      }
      #expect(cached == fresh, "\(time)")
    }
    var text = "2026-11-01T12:00:05+02:00"
    #expect(text.withUTF8 { LogTimestamps.parseISO8601($0)?.0 } == 1_793_527_205_000)
  }

  /// A file with escapes, nested objects, repeated keys and lines without the fields.
  static func writeEdgeCaseFile(lines: Int) throws -> URL {
    let url = TestPaths.temporaryDirectory().appendingPathComponent("edge.jsonl")
    var generator = Generator(state: 42)
    var text = ""
    let services = ["payment-api", "fraud-scorer", #"ledger\"writer"#, "notifier", "é-service"]
    for i in 0..<lines {
      let second = String(format: "%02d", (i / 3) % 60)
      let minute = String(format: "%02d", (i / 180) % 60)
      var members = [#""timestamp":"2026-11-01T12:\#(minute):\#(second).\#(String(format: "%03d", i % 1000))Z""#]
      if generator.next(10) > 0 { members.append(#""level":"\#(["INFO", "ERROR", "WARN"][generator.next(3)])""#) }
      if generator.next(10) > 0 { members.append(#""service":"\#(services[generator.next(services.count)])""#) }
      if generator.next(10) > 0 { members.append(#""route":"\#(["/v1/payments", "/health"][generator.next(2)])""#) }
      if generator.next(10) > 0 { members.append(#""status":\#([200, 500, 404][generator.next(3)])"#) }
      if generator.next(10) > 0 { members.append(#""latency_ms":\#(generator.next(4000)).\#(generator.next(10))"#) }
      if generator.next(10) > 0 {
        members.append(#""customer":{"id":"c-\#(i)","tier":"\#(["gold", "silver", "basic"][generator.next(3)])"}"#)
      }
      if generator.next(10) > 0 { members.append(#""amount":\#(generator.next(1000)).\#(generator.next(100))"#) }
      if generator.next(10) > 0 {
        members.append(#""message":"\#(["request completed", "upstream timeout", "time\"out", "a\\timeout"][generator.next(4)])""#)
      }
      // Keys appearing twice: the first one counts.
      if generator.next(8) == 0 { members.append(#""status":503,"level":"ERROR","latency_ms":"slow""#) }
      if generator.next(12) == 0 { members.insert(#""extra":{"service":"inner","list":[1,{"a":"]"}]}"#, at: 1) }
      text += "{" + members.joined(separator: ",") + "}\n"
    }
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  static let sixQueries = [
    #"filter level = "ERROR" and latency_ms > 200 | stats count(*) as n"#,
    "stats count(*) as n, avg(latency_ms) as mean, pct(latency_ms, 99) as p99 by service, bin(1m)",
    "fields @timestamp, service, latency_ms | sort latency_ms desc | limit 10",
    "stats count(*) by route, status",
    #"filter customer.tier = "gold" | stats sum(amount) by service"#,
    "filter message like /timeout/ | stats count(*) by service",
  ]

  /// The six benchmark queries give the same rows on one thread and split into ranges that cut lines in two.
  @Test(arguments: sixQueries)
  func splitFileGivesTheOneThreadAnswer(query: String) throws {
    let url = try Self.writeEdgeCaseFile(lines: 2000)
    let file = [LogFileSource(path: url.path)]
    let one = try InsightsEngine.run(query, files: file, threads: 1)
    for threads in [2, 7] {
      let split = try InsightsEngine.run(query, files: file, threads: threads, minimumChunkBytes: 1)
      #expect(split.statistics == one.statistics)
      Self.expectSameRows(split, one, "\(query)")
    }
  }

  /// The same columns and rows; numbers to a relative 1e-9, as sums and averages add in another order across ranges.
  static func expectSameRows(_ result: QueryResult, _ expected: QueryResult, _ context: String) {
    #expect(result.columns == expected.columns, "\(context)")
    #expect(result.rows.count == expected.rows.count, "\(context)")
    for (a, b) in zip(result.rows, expected.rows) {
      for (x, y) in zip(a, b) {
        if case .number(let p) = x, case .number(let q) = y {
          #expect(abs(p - q) <= 1e-9 * max(abs(p), abs(q)), "\(context)")
        } else {
          #expect(x == y, "\(context)")
        }
      }
    }
  }

  /// Stats read JSON group keys, numbers and `bin` without evaluating expressions: the same groups and values as
  /// the general evaluation of equivalent expressions (`coalesce(x)` and `datefloor(@timestamp, 1m)` are evaluated).
  @Test func statsShortcutsAgreeWithEvaluation() throws {
    let url = try Self.writeEdgeCaseFile(lines: 1500)
    let file = [LogFileSource(path: url.path)]
    let pairs = [
      ("stats count(*) as n, sum(amount) as s by route, status", "stats count(*) as n, sum(coalesce(amount)) as s by coalesce(route), coalesce(status)"),
      ("stats avg(latency_ms) as a, pct(latency_ms, 50) as p by service, bin(1m)",
       "stats avg(coalesce(latency_ms)) as a, pct(coalesce(latency_ms), 50) as p by coalesce(service), datefloor(@timestamp, 1m)"),
    ]
    for (fast, general) in pairs {
      let a = try InsightsEngine.run(fast, files: file)
      let b = try InsightsEngine.run(general, files: file)
      #expect(a.textRows == b.textRows, "\(fast)")
      #expect(a.rows.count > 10)
    }
  }

  /// Events without the text a filter needs are skipped before their fields are read; the answers and statistics
  /// are those of equivalent filters that have no such text (`in [...]`, a regex with a group), including escaped
  /// strings that spell the text otherwise and numbers whose text differs from the message's.
  @Test func requiredTextSkipsOnlyEventsThatCannotMatch() throws {
    let url = TestPaths.temporaryDirectory().appendingPathComponent("escapes.jsonl")
    let lines = [
      #"{"timestamp":"2026-11-01T12:00:00Z","level":"ERROR","message":"upstream timeout","n":100}"#,
      #"{"timestamp":"2026-11-01T12:00:01Z","level":"ERR\u004fR","message":"time\u006fut","n":1e2}"#,
      #"{"timestamp":"2026-11-01T12:00:02Z","level":"INFO","message":"ok","n":true}"#,
      #"{"timestamp":"2026-11-01T12:00:03Z","message":"no level","n":"1e2"}"#,
      #"{"timestamp":"2026-11-01T12:00:04Z","level":"ERROR","n":1e999}"#,
      #"plain text ERROR timeout"#,
    ]
    try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    let file = [LogFileSource(path: url.path)]
    let pairs = [
      (#"filter level = "ERROR" | stats count(*) as n"#, #"filter level in ["ERROR"] | stats count(*) as n"#),
      ("filter message like /timeout/ | stats count(*) as n", "filter message like /time(out)/ | stats count(*) as n"),
      (#"filter @message like "timeout" | stats count(*) as n"#, "filter @message like /time(out)/ | stats count(*) as n"),
      (#"filter level = "ERROR" and n like /Infinity/ | stats count(*) as n"#, #"filter level in ["ERROR"] and n like /Infinit(y)/ | stats count(*) as n"#),
      ("filter n like /tru/ | stats count(*) as n", "filter n like /tr(u)/ | stats count(*) as n"),
    ]
    let expected = ["3", "2", "1", "0", "1"]
    for ((fast, general), count) in zip(pairs, expected) {
      let a = try InsightsEngine.run(fast, files: file)
      let b = try InsightsEngine.run(general, files: file)
      #expect(a.textRows == [[count]], "\(fast)")
      #expect(b.textRows == [[count]], "\(general)")
      #expect(a.statistics == b.statistics, "\(fast)")
    }
  }

  /// Texts a number's shown form can contain give no shortcut.
  @Test func numberTextsAreNotRequiredText() {
    let cases = ["timeout": true, "ERROR": true, "a": false, "b": true, "100": false, "1e": false, "-": false, "Inf": false, "fin": false,
                 "NaN": false, "y": false, "": false, "1.5x": true]
    for (text, expected) in cases {
      #expect(QueryRun.cannotBeANumber(Array(text.utf8)) == expected, "\(text)")
    }
  }

  /// `pct` from values as they came and the value→count table they fold into, one state or two merged, is the value at rank ⌈p/100·n⌉ of all values sorted.
  @Test func percentileTableGivesTheNearestRankOfAllValues() {
    var generator = Generator(state: 99)
    var all: [Double] = []
    var first = AggregateState()
    var second = AggregateState()
    for k in 0..<5000 {
      // Many repeats, a spread that makes the table grow, and zeros of both signs.
      let value = [Double(generator.next(300)) / 10, Double(generator.next(100_000)), 0.0, -0.0, -1.5][generator.next(5)]
      all.append(value)
      if k < 3000 { first.add(.pct(99), .number(value), time: 0) } else { second.add(.pct(99), .number(value), time: 0) }
    }
    first.merge(second, .pct(99))
    let sorted = all.sorted()
    for p in [0.0, 1, 25, 50, 99, 99.9, 100] {
      let rank = min(max(Int((p / 100 * Double(all.count)).rounded(.up)), 1), all.count)
      #expect(first.result(.pct(p)) == .number(sorted[rank - 1]), "p\(p)")
    }
    // The first 4,096 values were folded into the table (zeros of both signs one key); the rest are as they came.
    #expect(first.percentile.counted.distinct == Set(all.prefix(PercentileValues.foldAt).map { $0 == 0 ? 0 : $0 }).count)
    #expect(first.percentile.recent.count == all.count - PercentileValues.foldAt)
  }
}
