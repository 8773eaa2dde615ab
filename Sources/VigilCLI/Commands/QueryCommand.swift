import ArgumentParser
import Foundation
import VigilSession
import VigilCore
import VigilLogSource
import VigilInsights
import VigilLogs
import VigilAWS

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
      GetQueryResults shape, with each event row's @ptr (LOGGROUP:LOGSTREAM:POSITION).

      --log-group NAME names the log group (@log) of the files: once for all of them, or once per file in \
      order. A query that starts with SOURCE 'NAME' | … or SOURCE logGroups(namePrefix: […]) | … reads only \
      the files of the log groups it selects, as dashboard log widget queries are written.

      --remote runs the query on CloudWatch Logs over each --log-group NAME (through the AWS CLI, with --profile, \
      --region and --endpoint-url), after checking it with Vigil's parser, and prints the result the same way.

      Memory stays flat as files grow. Exact pct() needs every value of its group: past 24 MB, a query writes \
      them to an unlinked temporary file in $TMPDIR (or /tmp), which disappears when the query ends.

      Exit codes: 0 success, 2 invalid query, file or arguments.
      """)

  @Argument(help: "The query, e.g. 'stats count(*) by bin(5m)'.")
  var query: String

  @Argument(help: "Log files to query.")
  var files: [String] = []

  @Option(help: "Output format: table, csv or json.")
  var format: LogsQuery.Format = .table

  @Option(help: "Start of the time range (inclusive).")
  var start: String?

  @Option(help: "End of the time range (inclusive).")
  var end: String?

  @Option(help: "Worker threads for large files (default: the number of cores).")
  var threads: Int = LogsQuery.defaultThreads

  @Flag(help: "Run the query on CloudWatch Logs (StartQuery) over --log-group, through the AWS CLI.")
  var remote = false

  @Option(name: .customLong("log-group"), help: "The log group (@log) of the files, once for all or once per file; with --remote, a log group to query (repeatable, at most 50).")
  var logGroups: [String] = []

  @Option(help: "With --remote and no --start: how far back from --end (or now), e.g. 1h.")
  var since: String = "1h"

  @OptionGroup var account: AWSAccountOptions

  func run() throws {
    if remote { return try runRemote() }
    guard !files.isEmpty else {
      printError("vigil: error: give at least one log file to query")
      throw ExitCode.invalidInput
    }
    guard threads >= 1 else {
      printError("vigil: error: --threads must be at least 1 (got \(threads))")
      throw ExitCode.invalidInput
    }
    var options = QueryOptions()
    for (label, text) in [("--start", start), ("--end", end)] {
      guard let text else { continue }
      guard let millis = TimeFormat.parse(text) else {
        printError("vigil: error: \(label) '\(text)' is not an ISO-8601 time or epoch number")
        throw ExitCode.invalidInput
      }
      if label == "--start" { options.start = millis } else { options.end = millis }
    }
    let sources: [LogFileSource]
    switch LogsQuery.sources(files: files, logGroups: logGroups) {
    case .success(let named): sources = named
    case .failure(let error):
      printError("error: \(error)")
      throw ExitCode.invalidInput
    }
    let result: QueryResult
    do {
      let (queryResult, skipped) = try LogsQuery(try QueryParser.parse(query), options: options, threads: threads).run(sources)
      result = queryResult
      // Lines that are not events are reported like the other log commands do, without failing the query.
      for warning in LogsQuery.warnings(skipped) { printError(warning) }
    } catch let diagnostic as Diagnostic {
      printError(diagnostic.description)
      throw ExitCode.invalidInput
    } catch let error as LogReadError {
      // Already `FILE: error: …`: not wrapped in a second `error:`.
      printError(error.description)
      throw ExitCode.invalidInput
    } catch {
      printError("vigil: error: \(error)")
      throw ExitCode.invalidInput
    }
    let text = LogsQuery.render(result, format: format)
    FileHandle.standardOutput.write(Data(TerminalOutput.forTerminal(text, descriptor: STDOUT_FILENO).utf8))
  }
}

extension QueryCommand {
  /// `--remote`: the same query text checked by Vigil's parser, run by CloudWatch, printed by the local formatter.
  func runRemote() throws {
    guard files.isEmpty else {
      printError("error: --remote queries log groups (--log-group NAME), not files: \(files.joined(separator: " "))")
      throw ExitCode.invalidInput
    }
    let client = try account.client()
    let result = try AccountRun.attempt(reporting: client) {
      let window = try AccountRun.window(since: since, until: end)
      var from = window.from
      if let start {
        guard let t = TimeFormat.parse(start) else { throw AWSError.invalidRequest("--start '\(start)' is not an ISO-8601 time or epoch number") }
        from = t
      }
      let query = try RemoteQuery(text: query, logGroups: logGroups, from: from, until: window.until)
      return try query.run(client)
    }
    FileHandle.standardOutput.write(Data(LogsQuery.render(result, format: format).utf8))
  }
}

extension LogsQuery.Format: ExpressibleByArgument {}
