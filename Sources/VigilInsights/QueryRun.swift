import VigilCore
import VigilLogSource

/// Runs one query over a stream of events: feed events with `consume`, then call `finish`.
///
/// The query is split in two stages. The *event stage* (`fields`, `filter`, `parse`, `unnest`, `display` up to the
/// first `stats`, `sort`, `limit`, `dedup` or `pattern`) runs per event without keeping it. At the boundary the
/// first `stats`/`pattern` aggregates events into one state per group, and anything else keeps only the top
/// rows it needs (`limit` or the default 10,000, newest first when there is no `sort`). The remaining *row stage*
/// then works on those rows. Memory is bounded by the number of groups or the row limit, not by the input size
/// (except `dedup`, and a `sort` followed by `filter`/`stats`, which must see every matching row).
public final class QueryRun {
  public let query: InsightsQuery
  public let options: QueryOptions
  private let source: QueryText

  private var eventSteps: [EventStep] = []
  private var rowSteps: [RowStep] = []
  private var collector: Collector
  private let context: EvaluationContext
  // Hot-path state of one run, only touched by the thread running it: unchecked exclusivity saves a runtime
  // access check per read and write (about a fifth of the scan time, measured with perf).
  @exclusivity(unchecked) private var statistics = QueryStatistics()
  @exclusivity(unchecked) private var sequence = 0
  /// Names visible as result columns at the boundary (for event-only queries).
  private var boundaryColumns: [String] = []
  private var boundaryVisible: [String] = []
  private var finalVisible: [String]? = nil

  enum EventStep {
    case filter(Compiled)
    case assign([(Int, Compiled)])
    case parse(Compiled, ParseMatcher, [Int])
  }

  enum RowStep {
    case filter(Compiled)
    /// Columns to set (existing index) or append, with their names; `names` replace the visible columns
    /// (display) or are added to them (fields).
    case assign([(Int, Compiled, String)], names: [String], display: Bool)
    case sort([(Compiled, Bool)])
    case limit(Int)
    case dedup([Compiled])
    case group(GroupingStage)
  }

  enum Collector {
    case group(GroupingStage)
    case rows(RowCollector)
    case dedup(DedupCollector)
  }

  /// Compiles a parsed query for running. Throws for what Vigil cannot run exactly.
  public init(query: InsightsQuery, options: QueryOptions = QueryOptions()) throws(Diagnostic) {
    self.query = query
    self.options = options
    self.source = QueryText(query.text)
    var planner = QueryPlanner(query: query, source: source, options: options)
    try planner.plan()
    eventSteps = planner.eventSteps
    rowSteps = planner.rowSteps
    // `plan()` sets a collector on every path that returns; the fallback is never taken and only avoids a force unwrap.
    let collector = planner.collector ?? .rows(RowCollector(keys: [], descending: [], newerFirstOnTies: true, capacity: nil))
    self.collector = collector
    if case .group(let stage as StatsStage) = collector { statsStage = Unmanaged.passUnretained(stage) } else { statsStage = nil }
    hasEventSteps = !planner.eventSteps.isEmpty
    boundaryColumns = planner.boundaryColumns
    boundaryVisible = planner.boundaryVisible
    context = EvaluationContext(
      scanner: JSONFieldScanner(paths: planner.jsonPaths), computedCount: planner.computedCount,
      nowSeconds: Double(options.now) / 1000)
    materialize = planner.materialize
    timeBucketColumn = planner.timeBucketColumn
    for case .filter(let condition) in eventSteps {
      if let text = QueryRun.requiredText(condition) {
        requiredText = text
        break
      }
    }
  }

  /// Bytes that every event passing the event stage's filters contains in its message, unless the message holds a
  /// backslash (a JSON escape can spell them otherwise): `level = "ERROR"`, `message like /timeout/`,
  /// `@message like "x"`, or one side of an `and` of such. Events without them are counted as scanned and
  /// skipped before their fields are read, which is grep's speed for selective filters (issue 17).
  private var requiredText: [UInt8]?
  /// Finds `requiredText` by its rarest byte in the first message (made on the first event; one per run, so
  /// one per thread).
  private var requiredTextFinder: ByteSearch.Finder?

  /// The text `condition` cannot be true without (see `requiredText`), or nil.
  static func requiredText(_ condition: Compiled) -> [UInt8]? {
    switch condition {
    case .binary(.and, let a, let b): return requiredText(a) ?? requiredText(b)
    case .likeText(.system(.message), let needle, negated: false): return needle.isEmpty ? nil : needle
    case .likeText(.json, let needle, negated: false), .jsonEqualsText(_, let needle, negated: false, _):
      return cannotBeANumber(needle) ? needle : nil
    default: return nil
    }
  }

  /// Whether `text` can be found in no number's text. A JSON number's value is compared and searched as the
  /// text `InsightsValue.format` gives it (`1e2` as `100`), which need not be in the message; those texts use only
  /// `0-9 . e + -`, or are `NaN`, `Infinity`, `-Infinity`. (Strings and `true`/`false` are searched as written.)
  static func cannotBeANumber(_ text: [UInt8]) -> Bool {
    guard !text.isEmpty, text.contains(where: { !Array("0123456789.e+-".utf8).contains($0) }) else { return false }
    for word in ["-Infinity", "NaN"] {
      let bytes = Array(word.utf8)
      if text.count <= bytes.count, (0...(bytes.count - text.count)).contains(where: { bytes[$0..<$0 + text.count].elementsEqual(text) }) {
        return false
      }
    }
    return true
  }

  private let timeBucketColumn: String?

  private var materialize: [Compiled] = []

  /// Parses and compiles query text in one step.
  public convenience init(_ text: String, options: QueryOptions = QueryOptions()) throws(Diagnostic) {
    try self.init(query: try QueryParser.parse(text), options: options)
  }

  /// The discovered (JSON) field paths this query reads; the rest of each message is skipped.
  public var discoveredFieldPaths: [String] { context.scanner.paths.map { String(decoding: $0, as: UTF8.self) } }

  /// Feeds one event. Events outside the time range are skipped and not counted as scanned.
  public func consume(_ event: RawLogEvent) {
    sequence += 1
    consume(event, order: sequence)
  }

  /// Feeds one event with its position in the input (later events have larger `order`), which breaks ties in
  /// the newest-first order; `InsightsEngine` passes byte offsets so parallel chunks agree with one pass.
  public func consume(_ event: RawLogEvent, order: Int) {
    setSource(logGroup: event.logGroup, logStream: event.logStream)
    consume(event.message, timestamp: event.timestamp, ingestionTime: event.ingestionTime, order: order)
  }

  /// Sets the `@log` and `@logStream` of the events fed with `consume(_:timestamp:ingestionTime:order:)`.
  public func setSource(logGroup: String, logStream: String) {
    // Files give the same strings for every event: comparing identical strings is a pointer check, and
    // skipping the assignment saves a retain/release pair per event.
    if context.logStream != logStream { context.logStream = logStream }
    if context.logGroup != logGroup { context.logGroup = logGroup }
  }

  /// Feeds one event of the log group and stream last given to `setSource` (empty names before any): the message
  /// bytes (valid only during the call), its time and ingestion time, and its position in the input as for
  /// `consume(_:order:)`. The per-line path of `InsightsEngine`, which passes no strings per event.
  public func consume(_ message: UnsafeBufferPointer<UInt8>, timestamp: EpochMillis, ingestionTime: EpochMillis, order: Int) {
    if let start = options.start, timestamp < start { return }
    if let end = options.end, timestamp > end { return }
    statistics.recordsScanned += 1
    statistics.bytesScanned += message.count
    if let text = requiredText, let base = message.baseAddress {
      if requiredTextFinder == nil { requiredTextFinder = ByteSearch.Finder(needle: text, sample: message) }
      let hit = requiredTextFinder?.find(base, message.count) ?? nil
      if hit == nil, memchr(base, Int32(UInt8(ascii: "\\")), message.count) == nil { return }
    }
    let c = context
    c.load(timestamp: timestamp, ingestionTime: ingestionTime, message: message)
    c.order = order
    if hasEventSteps {
      for step in eventSteps {
        switch step {
        case .filter(let condition):
          if !Evaluator.truth(Evaluator.evaluate(condition, c)) { return }
        case .assign(let items):
          for (slot, e) in items { c.computed[slot] = Evaluator.evaluate(e, c) }
        case .parse(let sourceField, let matcher, let slots):
          let value = Evaluator.evaluate(sourceField, c)
          let captures = value.isNull ? nil : matcher.match(value.description)
          for (k, slot) in slots.enumerated() {
            if let text = captures?[k] { c.computed[slot] = .string(text) } else { c.computed[slot] = .null }
          }
        }
      }
    }
    statistics.recordsMatched += 1
    if let stage = statsStage {
      stage._withUnsafeGuaranteedRef { $0.add(c) }
      return
    }
    switch collector {
    case .group(let stage): stage.add(c)
    case .rows(let rows):
      // Most events of a top-N query cannot enter the top N: check the sort keys before building the row.
      if rows.hasThreshold {
        rows.scratch.removeAll(keepingCapacity: true)
        for k in rows.keys { rows.scratch.append(Evaluator.evaluate(materialize[k], c)) }
        if !rows.admitsScratch() { return }
      }
      rows.add(materializeRow(c), sequence: order)
    case .dedup(let dedup):
      dedup.add(materializeRow(c), sequence: order)
    }
  }

  /// The collector's `stats` stage, when it is one. Unmanaged: `collector` keeps it for the run's whole life, and
  /// a reference taken out of the enum (or held strongly here) was retained and released around every event's
  /// `add` (1–2% of a `stats` query, measured with callgrind).
  let statsStage: Unmanaged<StatsStage>?
  /// Whether the event stage has any step (most stats queries have none).
  private let hasEventSteps: Bool

  private func materializeRow(_ c: EvaluationContext) -> [InsightsValue] {
    var row: [InsightsValue] = []
    row.reserveCapacity(materialize.count)
    for e in materialize { row.append(Evaluator.evaluate(e, c)) }
    return row
  }

  /// Feeds `LogEvent` values (as the log readers produce them).
  public func consume(_ event: LogEvent) {
    var message = event.message
    message.withUTF8 { bytes in
      consume(
        RawLogEvent(
          timestamp: event.timestamp, ingestionTime: event.ingestionTime, message: bytes, logStream: event.logStream,
          logGroup: event.logGroup))
    }
  }

  /// Adds the state of a run of the same query over a later part of the input (parallel chunks).
  public func merge(_ other: QueryRun) {
    statistics.recordsMatched += other.statistics.recordsMatched
    statistics.recordsScanned += other.statistics.recordsScanned
    statistics.bytesScanned += other.statistics.bytesScanned
    switch (collector, other.collector) {
    case (.group(let a as StatsStage), .group(let b as StatsStage)): a.merge(b)
    case (.group(let a as PatternStage), .group(let b as PatternStage)): a.merge(b)
    case (.rows(let a), .rows(let b)): a.merge(b)
    case (.dedup(let a), .dedup(let b)): a.merge(b)
    default: break
    }
  }

  /// Runs the row stage and returns the result.
  public func finish() -> QueryResult {
    var set: RowSet
    switch collector {
    case .group(let stage): set = stage.finish(context)
    case .rows(let rows): set = RowSet(columns: boundaryColumns, rows: rows.finish(), visible: boundaryVisible)
    case .dedup(let dedup): set = RowSet(columns: boundaryColumns, rows: dedup.finish(), visible: boundaryVisible)
    }
    for step in rowSteps { set = apply(step, to: set) }
    let limit = options.defaultLimit
    if set.rows.count > limit { set.rows.removeLast(set.rows.count - limit) }
    let indices = set.visible.map { name in set.columns.lastIndex(of: name) }
    let rows = set.rows.map { row in indices.map { i in i.map { $0 < row.count ? row[$0] : .null } ?? .null } }
    // Rows that are still events (no stats since) carry their @ptr column; after a stats they are groups and have none.
    let pointers = set.columns.lastIndex(of: QueryRun.pointerColumn).map { i in
      set.rows.map { i < $0.count ? $0[i].description : "" }
    }
    return QueryResult(
      columns: set.visible, rows: rows, statistics: statistics,
      timeBucketColumn: timeBucketColumn.flatMap { set.visible.contains($0) ? $0 : nil }, pointers: pointers)
  }

  /// Why the run has no answer, when the `pct` values it spilled to a temporary file could not be read back
  /// (`InsightsEngine` throws it).
  public var failure: String? { statsStage?.takeUnretainedValue().failure }

  /// The hidden column holding each event row's `@ptr`.
  static let pointerColumn = "@ptr"
  /// The in-file part of an `order`: `InsightsEngine` puts the file's index above bit 40.
  static let positionMask = (1 << 40) - 1

  private func apply(_ step: RowStep, to set: RowSet) -> RowSet {
    var set = set
    let c = context
    switch step {
    case .filter(let condition):
      set.rows = set.rows.filter { row in
        c.row = row
        c.timestamp = RowSet.timestamp(of: row, columns: set.columns)
        return Evaluator.truth(Evaluator.evaluate(condition, c))
      }
    case .assign(let items, let names, let display):
      for k in set.rows.indices {
        c.row = set.rows[k]
        c.timestamp = RowSet.timestamp(of: c.row, columns: set.columns)
        for (index, e, _) in items {
          let v = Evaluator.evaluate(e, c)
          while c.row.count < index { c.row.append(.null) }
          if index < c.row.count { c.row[index] = v } else { c.row.append(v) }
        }
        set.rows[k] = c.row
      }
      for (index, _, name) in items {
        while set.columns.count <= index { set.columns.append("") }
        set.columns[index] = name
      }
      if display {
        set.visible = names
      } else {
        for name in names where !set.visible.contains(name) { set.visible.append(name) }
      }
    case .sort(let keys):
      let keyed = set.rows.enumerated().map { (index, row) -> ([InsightsValue], Int, [InsightsValue]) in
        c.row = row
        return (keys.map { Evaluator.evaluate($0.0, c) }, index, row)
      }
      let directions = keys.map(\.1)
      set.rows = keyed.sorted { a, b in
        let order = RowCollector.compare(a.0, b.0, descending: directions)
        return order != 0 ? order < 0 : a.1 < b.1
      }.map(\.2)
    case .limit(let n):
      if set.rows.count > n { set.rows.removeLast(set.rows.count - n) }
    case .dedup(let fields):
      // Keeps the first row per combination; rows with a null in any dedup field are all kept.
      var seen: Set<[InsightsValue]> = []
      set.rows = set.rows.filter { row in
        c.row = row
        let key = fields.map { Evaluator.evaluate($0, c) }
        if key.contains(where: \.isNull) { return true }
        return seen.insert(key).inserted
      }
    case .group(let stage):
      for row in set.rows {
        c.row = row
        c.timestamp = RowSet.timestamp(of: row, columns: set.columns)
        stage.add(c)
      }
      set = stage.finish(c)
    }
    return set
  }
}

/// Rows with named columns, between row-stage commands. `visible` are the columns the result shows.
struct RowSet {
  var columns: [String]
  var rows: [[InsightsValue]]
  var visible: [String]

  static func timestamp(of row: [InsightsValue], columns: [String]) -> EpochMillis {
    if let i = columns.firstIndex(of: "@timestamp"), i < row.count, case .timestamp(let t) = row[i] { return t }
    return 0
  }
}

/// Keeps the rows an event-only query needs: the top `capacity` rows by the sort keys (newest first by default) in
/// a bounded heap whose root is the worst row kept, or every row when a later command must see them all.
final class RowCollector {
  let keys: [Int]
  let descending: [Bool]
  /// Ties go to the later event when the order is the implicit newest-first one.
  let newerFirstOnTies: Bool
  let capacity: Int?
  /// With a capacity: a heap (each parent sorts after its children). Without: rows in input order.
  private var rows: [([InsightsValue], Int)] = []
  @exclusivity(unchecked) var scratch: [InsightsValue] = []
  /// True once the heap is full: then `admitsScratch` can turn rows away before they are built.
  var hasThreshold: Bool { capacity.map { rows.count >= $0 && $0 > 0 } ?? false }

  init(keys: [Int], descending: [Bool], newerFirstOnTies: Bool, capacity: Int?) {
    self.keys = keys
    self.descending = descending
    self.newerFirstOnTies = newerFirstOnTies
    self.capacity = capacity
  }

  /// Whether sort keys in `scratch` may enter the kept rows (ties are let in; the sequence decides).
  func admitsScratch() -> Bool {
    guard hasThreshold else { return true }
    let worst = rows[0].0
    for k in keys.indices {
      let order = RowCollector.compareValues(scratch[k], worst[keys[k]], descending: descending[k])
      if order != 0 { return order < 0 }
    }
    return true
  }

  /// Compares the sort keys of two rows in place.
  @inline(__always) private func compareKeys(_ a: [InsightsValue], _ b: [InsightsValue]) -> Int {
    for k in keys.indices {
      let order = RowCollector.compareValues(a[keys[k]], b[keys[k]], descending: descending[k])
      if order != 0 { return order }
    }
    return 0
  }

  /// Whether row `a` comes before row `b` in the result.
  func ordered(_ a: ([InsightsValue], Int), _ b: ([InsightsValue], Int)) -> Bool {
    let order = compareKeys(a.0, b.0)
    if order != 0 { return order < 0 }
    return newerFirstOnTies ? a.1 > b.1 : a.1 < b.1
  }

  func add(_ row: [InsightsValue], sequence: Int) {
    guard let capacity, !keys.isEmpty else {
      rows.append((row, sequence))
      return
    }
    guard capacity > 0 else { return }
    if rows.count < capacity {
      rows.append((row, sequence))
      var i = rows.count - 1
      while i > 0 {
        let parent = (i - 1) / 2
        guard ordered(rows[parent], rows[i]) else { break }
        rows.swapAt(parent, i)
        i = parent
      }
      return
    }
    guard ordered((row, sequence), rows[0]) else { return }
    rows[0] = (row, sequence)
    var i = 0
    while true {
      let left = 2 * i + 1
      let right = left + 1
      var worst = i
      if left < rows.count, ordered(rows[worst], rows[left]) { worst = left }
      if right < rows.count, ordered(rows[worst], rows[right]) { worst = right }
      if worst == i { break }
      rows.swapAt(i, worst)
      i = worst
    }
  }

  func merge(_ other: RowCollector) {
    append(other.rows)
  }

  func append(_ more: [([InsightsValue], Int)]) {
    for (row, sequence) in more { add(row, sequence: sequence) }
  }

  func finishWithSequences() -> [([InsightsValue], Int)] {
    if keys.isEmpty { return rows }
    return rows.sorted(by: ordered)
  }

  func finish() -> [[InsightsValue]] { finishWithSequences().map(\.0) }

  /// Sort order of two values; nulls last in both directions.
  @inline(__always) static func compareValues(_ x: InsightsValue, _ y: InsightsValue, descending: Bool) -> Int {
    if x.isNull && y.isNull { return 0 }
    if x.isNull { return 1 }
    if y.isNull { return -1 }
    let order = SortOrdering.compare(x, y)
    return descending ? -order : order
  }

  /// Compares two key lists (or the leading values of two rows) in sort order; nulls last in both directions.
  static func compare<Keys: RandomAccessCollection<InsightsValue>>(_ a: Keys, _ b: Keys, descending: [Bool]) -> Int {
    for (k, (x, y)) in zip(a, b).enumerated() {
      let order = compareValues(x, y, descending: descending[k])
      if order != 0 { return order }
    }
    return 0
  }
}

/// `[sort ...] | dedup fields`: keeps, for each combination of the dedup fields, the row that comes first in the
/// sort order ([dedup](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Dedup.html)), and
/// the first rows with a null dedup field ("null values are not considered duplicates"), up to the limit.
/// Memory is bounded by the number of distinct combinations plus the limit.
final class DedupCollector {
  let keys: [Int]
  let order: RowCollector
  let nullRows: RowCollector
  private var best: [[InsightsValue]: ([InsightsValue], Int)] = [:]

  init(keys: [Int], order: RowCollector, nullRows: RowCollector) {
    self.keys = keys
    self.order = order
    self.nullRows = nullRows
  }

  func add(_ row: [InsightsValue], sequence: Int) {
    let key = keys.map { row[$0] }
    if key.contains(where: \.isNull) {
      nullRows.add(row, sequence: sequence)
      return
    }
    if let current = best[key], !order.ordered((row, sequence), current) { return }
    best[key] = (row, sequence)
  }

  func merge(_ other: DedupCollector) {
    for (key, entry) in other.best {
      if let current = best[key], !order.ordered(entry, current) { continue }
      best[key] = entry
    }
    nullRows.merge(other.nullRows)
  }

  func finish() -> [[InsightsValue]] {
    let all = RowCollector(keys: order.keys, descending: order.descending, newerFirstOnTies: order.newerFirstOnTies, capacity: nil)
    all.append(Array(best.values))
    all.append(nullRows.finishWithSequences())
    return all.finish()
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
