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
  public func run(_ files: [LogFileSource]) throws -> (result: QueryResult, skipped: LogReadIssues) {
    try InsightsEngine.runReportingSkippedLines(query: query, files: files, options: options, threads: threads)
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
