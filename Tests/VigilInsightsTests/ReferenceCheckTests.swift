import Foundation
import Testing
import VigilCore
import VigilLogSource
import VigilTestSupport

@testable import VigilInsights

/// Computes aggregates independently — the strict VigilCore JSON parser and plain Swift loops over the parsed
/// file — and compares them with the engine's answers, single-threaded and split across workers.
@Suite("Reference check")
struct ReferenceCheckTests {
  struct Line {
    var minute: Int64
    var service: String
    var latency: Int?
    var status: Int
    var tier: String
    var customer: String
    var amount: Double
  }

  /// A deterministic payment log: some lines without latency, some with escapes, one non-JSON line.
  static func makeLog() throws -> (URL, [String]) {
    var seed: UInt64 = 42
    func next(_ n: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((seed >> 33) % UInt64(n))
    }
    let services = ["payment-api", "payment-authorizer", "ledger-writer", "notifier", "fraud-scorer"]
    let tiers = ["bronze", "silver", "gold", "platinum"]
    let start = TimeFormat.parse("2026-03-02T10:00:00Z")!
    var lines: [String] = []
    for i in 0..<4000 {
      let t = start + Int64(i) * 450 + Int64(next(400))
      let service = services[next(services.count)]
      let latency = next(10) == 0 ? "" : #""latency_ms":\#(50 + next(3000)),"#
      let status = next(20) == 0 ? 500 + next(4) : 200
      let message = next(50) == 0 ? #"quote \" and \\ backslash"# : "ok"
      lines.append(
        #"{"timestamp":"\#(TimeFormat.iso8601(t))","service":"\#(service)",\#(latency)"status":\#(status),"customer":{"id":"c-\#(next(300))","tier":"\#(tiers[next(4)])"},"amount":\#(Double(next(100_000)) / 100),"message":"\#(message)"}"#
      )
      if i == 1000 { lines.append("not json at all") }
    }
    let url = TestPaths.temporaryDirectory().appendingPathComponent("payments.jsonl")
    try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    return (url, lines)
  }

  static func parse(_ lines: [String]) throws -> [Line] {
    lines.compactMap { text in
      guard case .object(let o)? = try? JSONValue.parse(text), let time = o["timestamp"]?.stringValue,
        let t = TimeFormat.parse(time), let customer = o["customer"]?.objectValue, let service = o["service"]?.stringValue,
        let status = o["status"]?.doubleValue, let tier = customer["tier"]?.stringValue,
        let id = customer["id"]?.stringValue, let amount = o["amount"]?.doubleValue
      else { return nil }
      return Line(
        minute: t / 60_000 * 60_000, service: service, latency: o["latency_ms"]?.doubleValue.map { Int($0) },
        status: Int(status), tier: tier, customer: id, amount: amount)
    }
  }

  func engine(_ query: String, _ url: URL, threads: Int) throws -> QueryResult {
    try InsightsEngine.run(
      query: try QueryParser.parse(query), files: [LogFileSource(path: url.path)], threads: threads, minimumChunkBytes: 1)
  }

  @Test(arguments: [1, 3])
  func latencyByServiceAndMinute(threads: Int) throws {
    let (url, text) = try Self.makeLog()
    let lines = try Self.parse(text)
    #expect(lines.count == 4000)
    struct Key: Hashable {
      var service: String
      var minute: Int64
    }
    var groups: [Key: [Line]] = [:]
    for line in lines { groups[Key(service: line.service, minute: line.minute), default: []].append(line) }
    var expected: [[String]] = []
    for key in groups.keys.sorted(by: { ($0.service, $0.minute) < ($1.service, $1.minute) }) {
      let members = groups[key]!
      let latencies = members.compactMap(\.latency).sorted()
      var sum = 0
      for l in latencies { sum += l }
      let rank = Int((0.99 * Double(latencies.count)).rounded(.up))
      let errors = members.filter { $0.status >= 500 }.count
      expected.append([
        key.service, TimeFormat.insights(key.minute), String(members.count),
        InsightsValue.format(Double(sum) / Double(latencies.count)), String(latencies[max(rank, 1) - 1]),
        String(latencies.max()!), String(errors),
      ])
    }
    let result = try engine(
      "stats count(*) as n, avg(latency_ms) as mean, pct(latency_ms, 99) as p99, max(latency_ms) as top, sum(status >= 500) as errors by service, bin(1m)",
      url, threads: threads)
    #expect(result.columns == ["service", "bin(1m)", "n", "mean", "p99", "top", "errors"])
    #expect(result.textRows == expected)
    // The non-JSON line is not an event (no time): 4000 events.
    #expect(result.statistics.recordsScanned == 4000)
  }

  @Test(arguments: [1, 3])
  func customersAndAmountsByTier(threads: Int) throws {
    let (url, text) = try Self.makeLog()
    let lines = try Self.parse(text)
    let result = try engine(
      "filter status = 200 | stats count_distinct(customer.id) as customers, sum(amount) as total, min(amount) as low by customer.tier",
      url, threads: threads)
    #expect(result.columns == ["customer.tier", "customers", "total", "low"])
    let tiers = Set(lines.map(\.tier)).sorted()
    #expect(result.column("customer.tier") == tiers)
    for (row, tier) in zip(result.rows, tiers) {
      let members = lines.filter { $0.tier == tier && $0.status == 200 }
      #expect(row[1] == .number(Double(Set(members.map(\.customer)).count)))
      var total = 0.0
      for m in members { total += m.amount }
      let engineTotal = try #require(row[2].numberValue)
      #expect(abs(engineTotal - total) <= 1e-9 * total)
      #expect(row[3] == .number(members.map(\.amount).min()!))
    }
  }

  @Test(arguments: [1, 3])
  func newestErrorsFirst(threads: Int) throws {
    let (url, text) = try Self.makeLog()
    let lines = try Self.parse(text)
    let result = try engine("fields @timestamp, service, status | filter status >= 500 | limit 7", url, threads: threads)
    var errors: [(Int, Line)] = []
    for (index, line) in lines.enumerated() where line.status >= 500 { errors.append((index, line)) }
    // Newest first; ties (same millisecond) go to the later line.
    let expected = errors.sorted { a, b in
      let ta = TimeFormat.parse(String(text[a.0].dropFirst(14).prefix(24)))!
      let tb = TimeFormat.parse(String(text[b.0].dropFirst(14).prefix(24)))!
      return ta != tb ? ta > tb : a.0 > b.0
    }.prefix(7).map { [$0.1.service, String($0.1.status)] }
    #expect(result.rows.map { [$0[1].description, $0[2].description] } == Array(expected))
  }

  /// Top N over the whole file: enough rows that the collector trims and uses its admission threshold.
  @Test(arguments: [1, 3])
  func slowestRequests(threads: Int) throws {
    let (url, text) = try Self.makeLog()
    let lines = try Self.parse(text)
    let result = try engine("fields service, latency_ms | sort latency_ms desc | limit 5", url, threads: threads)
    // Stable: among equal latencies the earlier line comes first; lines without latency sort last.
    let expected = lines.enumerated().filter { $0.element.latency != nil }
      .sorted { a, b in a.element.latency! != b.element.latency! ? a.element.latency! > b.element.latency! : a.offset < b.offset }
      .prefix(5).map { [$0.element.service, String($0.element.latency!)] }
    #expect(result.textRows == Array(expected))
    let newest = try engine("fields @timestamp | limit 3", url, threads: threads)
    let times = text.compactMap { line -> EpochMillis? in
      guard line.hasPrefix(#"{"timestamp":""#) else { return nil }
      return TimeFormat.parse(String(line.dropFirst(14).prefix(24)))
    }.sorted(by: >).prefix(3).map { TimeFormat.insights($0) }
    #expect(newest.column("@timestamp") == Array(times))
  }

  @Test(arguments: [1, 3])
  func dedupSlowestPerService(threads: Int) throws {
    let (url, text) = try Self.makeLog()
    let lines = try Self.parse(text)
    let result = try engine(
      "fields service, latency_ms, customer.id | sort latency_ms desc | dedup service", url, threads: threads)
    // Per service, the first row in the sort order: highest latency, earlier line on ties; rows without a
    // latency sort last.
    let ordered = lines.enumerated().sorted { a, b in
      switch (a.element.latency, b.element.latency) {
      case (let x?, let y?): return x != y ? x > y : a.offset < b.offset
      case (nil, _?): return false
      case (_?, nil): return true
      case (nil, nil): return a.offset < b.offset
      }
    }
    var seen: Set<String> = []
    var expected: [[String]] = []
    for (_, line) in ordered where seen.insert(line.service).inserted {
      expected.append([line.service, line.latency.map(String.init) ?? "", line.customer])
    }
    #expect(result.textRows == expected)
    #expect(result.rows.count == 5)
  }
}
