import Foundation
import VigilCore
import VigilLogSource
import VigilInsights
import VigilModel

/// `query SERVICE[,SERVICE] | QUERY` (or `query SOURCE 'LOG-GROUP' | QUERY`) over loaded logs and `save-query NAME`
/// (a query definition in the stack).
/// The query is taken from the raw line, so its quotes and pipes reach the Insights parser untouched.
enum QueryCommands {
  /// The commands, with how each is recorded and what runs it.
  static let commands: [SessionCommand] = [
    SessionCommand(
      .view,
      CommandSpec(
        "query", summary: "Run a Logs Insights query over services' loaded logs: query SERVICE[,SERVICE] | QUERY, or query SOURCE 'LOG-GROUP' | QUERY",
        positionals: [
          PositionalSpec("services", .resource(.service), help: "services whose loaded logs to query, then | and the query", variadic: true)
        ],
        example: "query payment-api | filter level = \"ERROR\" | stats count(*) as errors by bin(5m)", changesStack: false),
      line: { interpreter, command in interpreter.query(command) }),
    SessionCommand(
      .unrecorded,
      CommandSpec(
        "save-query", summary: "Save the last query as a Logs Insights query definition in the stack.",
        positionals: [PositionalSpec("name", help: "query definition name")],
        example: "save-query errors-by-5m", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.saveQuery(command) },
  ]
}

extension Interpreter {
  /// `query SERVICE[,SERVICE] | QUERY`, from the raw line.
  func query(_ command: CommandSource) -> CommandOutcome {
    let raw = command.text
    let scalars = Array(raw.unicodeScalars)
    // The query starts after the first '|' outside quotes.
    var pipe: Int?
    var quote: Unicode.Scalar?
    for (index, s) in scalars.enumerated() {
      if let q = quote { if s == q { quote = nil }; continue }
      if s == "\"" || s == "'" { quote = s; continue }
      if s == "|" { pipe = index; break }
    }
    let location = command.location
    let firstLine = raw.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? raw
    func fail(_ message: String, at offset: Int, suggestion: String? = nil) -> CommandOutcome {
      CommandOutcome(
        invalid: Diagnostic(
          message, in: firstLine, offset: min(offset, firstLine.unicodeScalars.count), file: location.file, line: location.line,
          suggestion: suggestion))
    }
    guard let pipe else {
      // Point at the first word after the service: that is where the '|' belongs.
      let third = command.tokens.count > 2 ? command.tokens[2] : nil
      let offset = third.map { $0.location.line == location.line ? $0.location.column - 1 : scalars.count } ?? scalars.count
      return fail(
        "query needs services, '|' and a query", at: offset, suggestion: "e.g. query payment-api | stats count(*) by bin(5m)")
    }
    let head5 = 5  // "query"
    let servicePart = String(String.UnicodeScalarView(scalars[head5..<pipe]))
    // `query SOURCE 'group' | …` (a dashboard log widget's query, as written): the log groups pick the services.
    let sourceWords = servicePart.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
    if let word = sourceWords.first, word.uppercased() == "SOURCE" {
      return querySource(command, queryStart: head5, firstLine: firstLine)
    }
    if servicePart.split(separator: " ").contains("--remote") {
      return queryRemote(command, servicePart: servicePart, pipe: pipe, firstLine: firstLine)
    }
    let queryText = String(String.UnicodeScalarView(scalars[(pipe + 1)...]))
    var services: [String] = []
    var offset = head5
    for piece in servicePart.split(separator: ",", omittingEmptySubsequences: false) {
      let name = String(piece).trimmingCharacters(in: .whitespaces)
      let leading = piece.prefix { $0 == " " }.count
      if !stack.names(of: .service).contains(name) {
        let suggestion = closestMatch(to: name, in: stack.names(of: .service)).map { "did you mean '\($0)'?" }
        return fail(name.isEmpty ? "name a service before '|'" : "unknown service '\(name)'", at: offset + leading, suggestion: suggestion)
      }
      services.append(name)
      offset += piece.unicodeScalars.count + 1
    }
    let parsed: InsightsQuery
    do {
      parsed = try QueryParser.parse(queryText, file: location.file)
    } catch {
      // Re-point the error into the whole line (the query begins after the pipe).
      let shifted = error.relocated(
        file: location.file, line: location.line + error.location.line - 1,
        sourceLine: error.location.line == 1 ? firstLine : error.sourceLine, columnOffset: error.location.line == 1 ? pipe + 1 : 0)
      return CommandOutcome(invalid: shifted)
    }
    let files = workspace.logFiles.filter { services.contains($0.service) }
    guard !files.isEmpty else {
      return fail("no logs loaded into \(services.joined(separator: ", "))", at: head5 + 1, suggestion: "load FILE into \(services[0])")
    }
    let sources = files.map { LogFileSource(path: $0.path, logGroup: logGroupName(of: $0.service)) }
    let result: QueryResult
    do {
      result = try LogsQuery(parsed).run(sources).result
    } catch {
      return fail("cannot run the query: \(error)", at: pipe + 1)
    }
    lastQuery = (queryText.trimmingCharacters(in: .whitespaces), services)
    let table = LogsQuery.render(result, format: .table, barWidth: max(10, display.width / 3))
    return CommandOutcome(.ok, table.hasSuffix("\n") ? String(table.dropLast()) : table)
  }

  /// `query SOURCE 'group' | … ` or `query SOURCE logGroups(namePrefix: [...]) | …`: the whole text after `query` is
  /// the query, and its log groups are those of the services with loaded logs (each service's log group name, from
  /// `ResourceNames`).
  func querySource(_ command: CommandSource, queryStart: Int, firstLine: String) -> CommandOutcome {
    let location = command.location
    let queryText = String(String.UnicodeScalarView(Array(command.text.unicodeScalars)[queryStart...]))
    func relocated(_ error: Diagnostic) -> CommandOutcome {
      CommandOutcome(
        invalid: error.relocated(
          file: location.file, line: location.line + error.location.line - 1,
          sourceLine: error.location.line == 1 ? firstLine : error.sourceLine, columnOffset: error.location.line == 1 ? queryStart : 0))
    }
    let parsed: InsightsQuery
    do {
      parsed = try QueryParser.parse(queryText, file: location.file)
    } catch {
      return relocated(error)
    }
    let sources = workspace.logFiles.map { LogFileSource(path: $0.path, logGroup: logGroupName(of: $0.service)) }
    let query = LogsQuery(parsed)
    let selected: [LogFileSource]
    do {
      // Services without loaded logs still have their log group: naming it selects nothing, as in CloudWatch.
      selected = try query.selecting(sources, emptyLogGroups: stack.names(of: .service).map { logGroupName(of: $0) })
    } catch {
      return relocated(error)
    }
    let result: QueryResult
    do {
      result = try query.run(selected: selected).result
    } catch {
      return CommandOutcome(
        invalid: Diagnostic("cannot run the query: \(error)", in: firstLine, offset: queryStart, file: location.file, line: location.line))
    }
    // A query definition names its log groups apart from its text, so a SOURCE query is not offered to save-query.
    lastQuery = nil
    let table = LogsQuery.render(result, format: .table, barWidth: max(10, display.width / 3))
    return CommandOutcome(.ok, table.hasSuffix("\n") ? String(table.dropLast()) : table)
  }

  /// Insights commands, functions and fields, for completing a query line.
  public var queryCompletionWords: [String] {
    Array(Set(FunctionCatalog.commands + FunctionCatalog.names + FunctionCatalog.systemFields + workspace.discoveredFields))
  }

  func saveQuery(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    guard let (query, services) = lastQuery else {
      throw c.head.error("no query to save yet", suggestion: "run one first: query SERVICE | QUERY")
    }
    let name = try c.positionals[0].resourceName("query name")
    let quoted = "'" + query.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    let text = "query-definition \(name) --query \(quoted) --logs \(services.joined(separator: ","))"
    let outcomes = execute(text, file: c.line.location.file, firstLine: c.line.location.line)
    return outcomes.last ?? CommandOutcome(.ok, "")
  }
}
