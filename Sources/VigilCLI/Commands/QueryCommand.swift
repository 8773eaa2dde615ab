import ArgumentParser
import Foundation
import VigilSession
import VigilCore
import VigilLogSource
import VigilInsights
import VigilLogs

/// `vigil query QUERY FILE...`: runs a Logs Insights query over local log files.
struct QueryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "query",
    abstract: "Run a CloudWatch Logs Insights query over local log files.",
    discussion: """
      Each file is one log group named after the file: JSON lines, text lines with an ISO-8601 prefix, \
      `aws logs filter-log-events` output, or any of them gzipped. JSON lines take their time from \
      timestamp, time, @timestamp or ts; lines without a time are skipped with a warning. --start and --end \
      (ISO-8601 or epoch seconds/milliseconds) are inclusive, like StartQuery. --format json prints the \
      GetQueryResults shape.

      Exit codes: 0 success, 2 invalid query, file or arguments.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
  }

  @Argument(help: "The query, e.g. 'stats count(*) by bin(5m)'.")
  var query: String

  @Argument(help: "Log files to query.")
  var files: [String] = []

  @Option(help: "Output format: table, csv or json.")
  var format: Format = .table

  @Option(help: "Start of the time range (inclusive).")
  var start: String?

  @Option(help: "End of the time range (inclusive).")
  var end: String?

  @Option(help: "Worker threads for large files (default: the number of cores).")
  var threads: Int = ProcessInfo.processInfo.activeProcessorCount

  func run() throws {
    guard !files.isEmpty else {
      FileHandle.standardError.write(Data("error: give at least one log file to query\n".utf8))
      throw ExitCode.invalidInput
    }
    var options = QueryOptions()
    for (label, text) in [("--start", start), ("--end", end)] {
      guard let text else { continue }
      guard let millis = TimeFormat.parse(text) else {
        FileHandle.standardError.write(Data("error: \(label) '\(text)' is not an ISO-8601 time or epoch number\n".utf8))
        throw ExitCode.invalidInput
      }
      if label == "--start" { options.start = millis } else { options.end = millis }
    }
    let result: QueryResult
    do {
      let (queryResult, skipped) = try InsightsEngine.runReportingSkippedLines(
        query: try QueryParser.parse(query), files: files.map { LogFileSource(path: $0) }, options: options,
        threads: max(1, threads))
      result = queryResult
      // Lines that are not events are reported like the other log commands do, without failing the query.
      for issue in skipped.first.prefix(5) { FileHandle.standardError.write(Data((issue.description + "\n").utf8)) }
      if skipped.count > 5 {
        FileHandle.standardError.write(Data("warning: \(skipped.count) lines were not events (first 5 shown)\n".utf8))
      }
    } catch let diagnostic as Diagnostic {
      FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
      throw ExitCode.invalidInput
    } catch {
      FileHandle.standardError.write(Data("error: \(error)\n".utf8))
      throw ExitCode.invalidInput
    }
    let text: String
    switch format {
    case .table: text = QueryResultFormatter.table(result)
    case .csv: text = QueryResultFormatter.csv(result)
    case .json: text = QueryResultFormatter.json(result) + "\n"
    }
    FileHandle.standardOutput.write(Data(text.utf8))
  }
}
