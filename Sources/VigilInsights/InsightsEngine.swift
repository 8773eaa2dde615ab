import Foundation
import VigilCore
import VigilLogSource

/// # VigilInsights — the Logs Insights query language over local logs
///
/// Pipeline: `QueryLexer` → `QueryParser` (AST in `QueryAST.swift`) → `QueryChecker` (the rules AWS enforces
/// before running) → `QueryPlanner` → `QueryRun` (streaming executor) → `QueryResult` → `QueryResultFormatter`.
///
/// ```swift
/// let query = try QueryParser.parse(text)                  // throws Diagnostic (line:column + caret)
/// let run = try QueryRun(query: query, options: QueryOptions(start: s, end: e))
/// for event in events { run.consume(event) }              // LogEvent, or RawLogEvent (bytes) on hot paths
/// let result = run.finish()                               // columns, rows, statistics
/// print(QueryResultFormatter.json(result))                // GetQueryResults shape; also .csv, .table
/// // Files, split across threads: InsightsEngine.run(query:files:options:threads:)
/// // Completion: FunctionCatalog.names / .commands / .systemFields, InsightsEngine.discoveredFields(in:)
/// ```
///
/// ## Where Vigil had to choose (AWS documents no answer)
///
/// | Question | Vigil's rule |
/// |---|---|
/// | Row order without `sort` | Event rows: newest first (`@timestamp desc`, later line first on ties). Stats rows: ascending by group values. |
/// | `sort x` without `asc`/`desc` | Ascending. Several keys (`sort a desc, b`) are allowed. Nulls last in both directions. |
/// | Un-aliased column names | The expression as written (`count(*)`, `bin(5m)`, `avg (f1)`); a plain field keeps its name. |
/// | Columns without `display` | All `fields` items, or `@timestamp, @message` if there is no `fields`; then `parse`/`unnest` names. |
/// | `pct` | Nearest rank: the value at rank ⌈p/100·n⌉ (as CloudWatch metric percentiles). |
/// | `stddev` | Sample standard deviation (n − 1). |
/// | Booleans in results | `1` / `0`, like `isempty` and `strcontains`. |
/// | Comparisons | Numbers compare as numbers when both sides read as numbers (`status = "200"`), else as text; any comparison with an absent field is false. |
/// | Glob `parse` | Text before the first `*` is found anywhere; each `*` is lazy up to the next literal; a trailing `*` takes the rest. |
/// | `bin` caps | ms ≤ 1000, s ≤ 60, m ≤ 60, h ≤ 24 (documented: `bin(300s)` acts as 60 s). Weeks start Monday; w/mo/q/y only with a count of 1. |
/// | `dateceil` on a boundary | Stays put. |
/// | `@log` | The log group name (no account id locally): a file's name without extensions, or `--log-group`; a loaded service's log group. |
/// | `@ptr` | `LOGGROUP:LOGSTREAM:POSITION` (see `EvaluationContext.pointer`), in the JSON rows of queries without `stats`. |
/// | Regex dialect | RE2 syntax, matched in linear time by `VigilRegex` (no backreferences or lookaround, as RE2); a regex without metacharacters is a plain substring test. |
/// | `#` comments | `#` outside a string or regex comments out the rest of the line. |
/// | Groups with an absent `by` value | Kept, as a group with an empty value. |
/// | `stats` over no events, no `by` | One row (`count(*)` = 0, other aggregates empty). |
/// | `statistics` | recordsScanned: events in the time range; recordsMatched: events past every filter before the first aggregation/sort; bytesScanned: their message bytes. |
///
/// ## Refused rather than approximated
///
/// `jsonParse`/`split` and other map/list functions, `parseDate`/`formatDate`/`strftime`, `case`, `haversine`,
/// and the commands `diff`, `anomaly`, `unmask`, `lookup`, `join`, `filterIndex`, … give a clear error. `SOURCE`
/// is read by the parser (`QuerySource`); the caller resolves its log groups to loaded services or named files.
/// `unnest` treats every value as a one-item list (what AWS does for non-LIST values; Vigil has no LIST values).
/// `parse`/`unnest` after the first `stats`/`sort`/`limit`/`dedup` are refused. A query may read at most 64
/// different JSON fields.
///
/// ## `pattern` is Vigil's own algorithm
///
/// Not CloudWatch's ML clustering: tokens (split on spaces) that contain a digit become `<Token-N>`; equal templates
/// are one pattern with `@sampleCount`, `@ratio`, `@severityLabel`, `@sample`; ordered by count. See `PatternStage`.
///
/// ## Performance
///
/// The message is never parsed as a whole: `JSONFieldScanner` walks the JSON bytes once, matching keys against
/// only the paths the query names, skipping other values (string ends found eight bytes at a time), and stopping
/// when all are found.
/// Groups live in an open-addressing table (no allocation per event); `stats` reads JSON group keys, numbers and
/// `bin` without evaluating expressions; `pct` keeps a value→count table (`ValueCounts`), so memory grows
/// with groups and distinct values, not with the file. A filter that needs a text (`level = "ERROR"`,
/// `message like /timeout/`) skips events whose message lacks it, and has no backslash, before any field is read
/// (`QueryRun.requiredText`). Benchmark: `bench/insights/bench.sh`.
public enum InsightsEngine {
  /// Runs query text over log files (each file is its own log group); see `runReportingSkippedLines`.
  public static func run(
    _ text: String, files: [LogFileSource], options: QueryOptions = QueryOptions(), threads: Int = 1,
    minimumChunkBytes: Int = InsightsEngine.minimumChunkBytes
  ) throws -> QueryResult {
    try runReportingSkippedLines(
      query: try QueryParser.parse(text), files: files, options: options, threads: threads,
      minimumChunkBytes: minimumChunkBytes
    ).result
  }

  /// Files smaller than this are read by one worker.
  public static let minimumChunkBytes = 16 << 20

  /// The most byte ranges one file is split into, whatever `threads` asks (each range holds a `QueryRun` until
  /// the merge; a few hundred is far more than the cores that can read them at once).
  public static let maximumRanges = 256

  /// Runs a parsed query over log files; see `runReportingSkippedLines`.
  public static func run(
    query: InsightsQuery, files: [LogFileSource], options: QueryOptions = QueryOptions(), threads: Int = 1,
    minimumChunkBytes: Int = InsightsEngine.minimumChunkBytes
  ) throws -> QueryResult {
    try runReportingSkippedLines(
      query: query, files: files, options: options, threads: threads, minimumChunkBytes: minimumChunkBytes
    ).result
  }

  /// Runs a parsed query over log files and returns the lines that were not events (no time, too long), as
  /// VigilLogs reports them. Plain files larger than `minimumChunkBytes` are split at line boundaries across
  /// `threads` workers, each with its own `QueryRun`; partial results are merged in file order, so rows, groups
  /// and their order are those of a single-threaded run (floating-point sums and stddev may differ in the last
  /// digits, as they are added in another order).
  public static func runReportingSkippedLines(
    query: InsightsQuery, files: [LogFileSource], options: QueryOptions = QueryOptions(), threads: Int = 1,
    minimumChunkBytes: Int = InsightsEngine.minimumChunkBytes
  ) throws -> (result: QueryResult, skipped: LogReadIssues) {
    struct Task {
      var file: Int
      var format: LogFileFormat
      /// nil: the whole file with VigilLogs' reader.
      var lines: Range<Int>??
    }
    var tasks: [Task] = []
    for (index, file) in files.enumerated() {
      let (format, splittable) = try file.layout()
      guard splittable else {
        tasks.append(Task(file: index, format: format, lines: nil))
        continue
      }
      let size = threads > 1 ? try file.size() : 0
      if threads > 1 && size > minimumChunkBytes {
        // At most one range per byte and `maximumRanges` in all: more threads than that only waste memory.
        let step = size / min(threads, size, InsightsEngine.maximumRanges) + 1
        var start = 0
        while start < size {
          tasks.append(Task(file: index, format: format, lines: .some(start..<min(size, start + step))))
          start += step
        }
      } else {
        tasks.append(Task(file: index, format: format, lines: .some(nil)))
      }
    }
    if tasks.isEmpty { return (try QueryRun(query: query, options: options).finish(), LogReadIssues()) }
    /// One worker's run, error and skipped lines. Each worker touches only its own object.
    final class Worker: @unchecked Sendable {
      /// Made by the thread that runs it: objects each thread writes per event (the run, its evaluation context,
      /// its tables) then come from that thread's own allocator arena, never sharing a cache line with another
      /// thread's (made side by side, they did, and the same query took up to half again the CPU on two threads).
      var run: QueryRun?
      var error: Error?
      var skipped: [LogFileSource.SkippedLine] = []
      var issues = LogReadIssues()
    }
    let workers = tasks.map { _ in Worker() }
    let work = tasks
    let fileList = files
    let all = workers
    // The `pct` memory budget is the query's: the workers that run at once share it.
    var workerOptions = options
    let concurrent = threads > 1 ? min(threads, tasks.count) : 1
    workerOptions.percentileBytesInMemory = max(1, options.percentileBytesInMemory / concurrent)
    let runOptions = workerOptions
    let body: @Sendable (Int) -> Void = { k in
      let worker = all[k]
      let task = work[k]
      // Byte offsets (or line numbers) order rows across files and chunks exactly as one sequential pass would.
      let base = task.file << 40
      do {
        let run = try QueryRun(query: query, options: runOptions)
        worker.run = run
        if let lines = task.lines {
          let file = fileList[task.file]
          // The names once per file, then only each line's time, bytes and offset (no strings per event).
          run.setSource(logGroup: file.logGroup, logStream: file.logStream)
          worker.skipped = try file.forEachMessage(lines: lines, format: task.format) { timestamp, message, offset in
            run.consume(message, timestamp: timestamp, ingestionTime: timestamp, order: base + offset)
          }
        } else {
          worker.issues = try fileList[task.file].forEachEventWithReader { event, line in
            run.consume(event, order: base + line)
          }
        }
      } catch {
        worker.error = error
      }
    }
    if tasks.count > 1 && threads > 1 {
      DispatchQueue.concurrentPerform(iterations: tasks.count, execute: body)
    } else {
      for k in tasks.indices { body(k) }
    }
    if let error = workers.compactMap(\.error).first { throw error }
    let runs = workers.compactMap(\.run)
    guard let first = runs.first, runs.count == workers.count else { return (try QueryRun(query: query, options: options).finish(), LogReadIssues()) }
    for other in runs.dropFirst() { first.merge(other) }

    // Skipped lines, in file order, with line numbers.
    var skipped = LogReadIssues()
    for (index, file) in files.enumerated() {
      let mine = zip(tasks, workers).filter { $0.0.file == index }.map(\.1)
      for worker in mine {
        for issue in worker.issues.first { skipped.append(issue) }
        // Only the first issues are kept in full; entries past them only count (the list is already full).
        for _ in worker.issues.first.count..<max(worker.issues.count, worker.issues.first.count) {
          skipped.append(LogReadIssue(location: SourceLocation(file: file.path, line: 0), message: ""))
        }
      }
      let lines = mine.flatMap(\.skipped)
      // Lines read from the file's start know their number; only later byte ranges of a plain file need a count.
      var numbers = try file.lineNumbers(ofOffsets: lines.filter { $0.line == nil }.map(\.offset)).makeIterator()
      for line in lines {
        let number = line.line ?? numbers.next() ?? 0
        skipped.append(LogReadIssue(location: SourceLocation(file: file.path, line: number), message: line.message))
      }
    }
    return (try checked(first.finish(), first, options), skipped)
  }

  /// Runs a parsed query over any event producer, such as a VigilLogs reader: `produce` calls `emit` once per
  /// event, in input order. For example:
  ///
  ///     try InsightsEngine.run(query: query) { emit in
  ///       var reader = LogFileReader(path: path, options: LogReadOptions(logGroup: group))
  ///       try reader.forEachRecord { r in
  ///         emit(RawLogEvent(timestamp: r.timestamp, ingestionTime: r.ingestionTime, message: r.bytes,
  ///                          logStream: r.logStream ?? "", logGroup: group))
  ///       }
  ///     }
  public static func run(
    query: InsightsQuery, options: QueryOptions = QueryOptions(), produce: ((RawLogEvent) -> Void) throws -> Void
  ) throws -> QueryResult {
    let run = try QueryRun(query: query, options: options)
    try produce { run.consume($0) }
    return try checked(run.finish(), run, options)
  }

  /// Runs query text over in-memory events (as the log readers produce them).
  public static func run(_ text: String, events: some Sequence<LogEvent>, options: QueryOptions = QueryOptions()) throws(Diagnostic)
    -> QueryResult
  {
    let run = try QueryRun(text, options: options)
    for event in events { run.consume(event) }
    let result = run.finish()
    if let failure = run.failure { throw Diagnostic(failure, in: text, offset: 0) }
    return result
  }

  /// `result`, unless its run lost values it had spilled (a temporary file that could not be read back).
  private static func checked(_ result: QueryResult, _ run: QueryRun, _ options: QueryOptions) throws(LogReadError) -> QueryResult {
    guard let failure = run.failure else { return result }
    throw LogReadError(path: PercentileSpill.folder(options.temporaryFolder), message: failure)
  }

  /// Field names for tab completion: system fields plus the discovered JSON fields (dotted names) of sample lines.
  public static func discoveredFields(in messages: some Sequence<String>, limit: Int = 200) -> [String] {
    var names: [String] = []
    var seen: Set<String> = []
    func walk(_ value: JSONValue, _ prefix: String) {
      switch value {
      case .object(let members):
        for (key, child) in members.sorted(by: { $0.key < $1.key }) { walk(child, prefix.isEmpty ? key : prefix + "." + key) }
      case .array(let items):
        for (i, child) in items.enumerated() { walk(child, prefix + "." + String(i)) }
      default:
        if !prefix.isEmpty, names.count < limit, seen.insert(prefix).inserted { names.append(prefix) }
      }
    }
    for message in messages {
      guard let start = message.firstIndex(of: "{"), let value = try? JSONValue.parse(String(message[start...])) else { continue }
      walk(value, "")
    }
    return FunctionCatalog.systemFields + names
  }
}
