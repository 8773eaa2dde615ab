import Foundation
import VigilCore
import VigilInsights
import VigilLogSource

/// A Logs Insights query run over log files: the one implementation behind the shell's `query` and `vigil query`,
/// with one threads rule (every core by default) and one way to render the result.
///
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AnalyzingLogData.html
public struct LogsQuery {
  /// How a result is printed: the aligned table, CSV, or the `GetQueryResults` JSON shape.
  public enum Format: String, CaseIterable, Sendable {
    case table, csv, json
  }

  /// Worker threads when none are given: the number of cores (only files over 16 MiB are split across them).
  public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

  public let query: InsightsQuery
  /// The time range (inclusive, like StartQuery).
  public var options: QueryOptions
  /// Worker threads for large files; at least 1.
  public var threads: Int

  /// A parsed query to run with these options and threads.
  public init(_ query: InsightsQuery, options: QueryOptions = QueryOptions(), threads: Int = LogsQuery.defaultThreads) {
    self.query = query
    self.options = options
    self.threads = max(1, threads)
  }

  /// Runs the query; the lines that are not events (no time, too long) come back beside the result, not as an error.
  /// A query with `SOURCE` reads only the files whose log group it selects (`selecting`).
  public func run(_ files: [LogFileSource]) throws -> (result: QueryResult, skipped: LogReadIssues) {
    try InsightsEngine.runReportingSkippedLines(query: query, files: try selecting(files), options: options, threads: threads)
  }

  /// Runs the query over files already chosen (`selecting`).
  public func run(selected files: [LogFileSource]) throws -> (result: QueryResult, skipped: LogReadIssues) {
    try InsightsEngine.runReportingSkippedLines(query: query, files: files, options: options, threads: threads)
  }

  /// The files a query reads: all of them, or those whose log group its `SOURCE` clauses select. A `SOURCE` name
  /// that is none of the files' log groups is an error at the name, not a query over nothing.
  /// `emptyLogGroups` are log groups that exist without loaded logs (a session's services that have none).
  public func selecting(_ files: [LogFileSource], emptyLogGroups: [String] = []) throws(Diagnostic) -> [LogFileSource] {
    guard let source = query.source else { return files }
    let groups = try source.resolve(among: files.map(\.logGroup), empty: emptyLogGroups, query: query)
    return files.filter { groups.contains($0.logGroup) }
  }

  /// Files as `vigil query` names them: each file is its own log group, named after the file (without extensions)
  /// unless `logGroups` names it — one name for every file, or one per file in order.
  public static func sources(files: [String], logGroups: [String]) -> Result<[LogFileSource], LogGroupNamingError> {
    guard logGroups.isEmpty || logGroups.count == 1 || logGroups.count == files.count else {
      return .failure(LogGroupNamingError(given: logGroups.count, files: files.count))
    }
    return .success(
      files.enumerated().map { index, path in
        LogFileSource(path: path, logGroup: logGroups.isEmpty ? nil : logGroups[logGroups.count == 1 ? 0 : index])
      })
  }

  /// `--log-group` given neither once nor once per file.
  public struct LogGroupNamingError: Error, Equatable, CustomStringConvertible {
    public var given: Int
    public var files: Int
    public var description: String {
      "--log-group was given \(given) times for \(files) files: give it once (every file is that log group) or once per file, in order"
    }
  }

  /// The result as text ending with a newline; `barWidth` is the widest bar of the table's `bin()` histogram.
  public static func render(_ result: QueryResult, format: Format, barWidth: Int = 40) -> String {
    switch format {
    case .table: return QueryResultFormatter.table(result, barWidth: barWidth)
    case .csv: return QueryResultFormatter.csv(result)
    case .json: return QueryResultFormatter.json(result) + "\n"
    }
  }

  /// The warnings for skipped lines, as every log command reports them: the first five, then a count.
  public static func warnings(_ skipped: LogReadIssues) -> [String] {
    var lines = skipped.first.prefix(5).map(\.description)
    if skipped.count > 5 { lines.append("warning: \(skipped.count) lines were not events (first 5 shown)") }
    return lines
  }
}
