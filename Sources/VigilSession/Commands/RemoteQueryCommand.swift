import Foundation
import VigilCore
import VigilInsights
import VigilModel

/// What the shell's `query SERVICE[,SERVICE] --remote [--since 1h] | QUERY` asks the command line to run: the query
/// (already checked by Vigil's parser) over the services' log groups, from `since` ago until now.
public struct RemoteQueryRequest: Equatable, Sendable {
  /// Log group names, from `ResourceNames` (the names the export gives the services' log groups).
  public var logGroups: [String]
  public var query: String
  /// How far back from now, in milliseconds.
  public var since: EpochMillis

  public init(logGroups: [String], query: String, since: EpochMillis) {
    self.logGroups = logGroups
    self.query = query
    self.since = since
  }
}

/// Runs a remote query (StartQuery and GetQueryResults, in `VigilCLI`); a thrown error's description is shown as the
/// command's error.
public typealias RemoteQueryRunner = (RemoteQueryRequest) throws -> QueryResult

extension Interpreter {
  /// The default window of a remote query: one hour, as `vigil query --remote`.
  static let defaultRemoteSince: EpochMillis = 3_600_000

  /// Whether `command` is `query … --remote … | …` (`--remote` before the first '|' outside quotes).
  static func isRemoteQuery(_ command: CommandSource) -> Bool {
    guard command.tokens.first?.text == "query", !(command.tokens.first?.quoted ?? true) else { return false }
    for token in command.tokens.dropFirst() {
      if token.text.hasPrefix("|") { return false }
      if token.text == "--remote" && !token.quoted { return true }
    }
    return false
  }

  /// `query SERVICE[,SERVICE] --remote [--since D] | QUERY [--since D]`: the query checked here, run on CloudWatch
  /// Logs over each service's log group by `remoteQuery`, and printed as a local query is.
  func queryRemote(_ command: CommandSource, servicePart: String, pipe: Int, firstLine: String) -> CommandOutcome {
    let location = command.location
    let head = 5  // "query"
    func fail(_ message: String, at offset: Int, suggestion: String? = nil) -> CommandOutcome {
      CommandOutcome(
        invalid: Diagnostic(
          message, in: firstLine, offset: min(offset, firstLine.unicodeScalars.count), file: location.file, line: location.line,
          suggestion: suggestion))
    }
    // The words before '|', with their offsets in the line: services, --remote and --since D.
    var words: [(text: String, offset: Int)] = []
    var current = "", start = 0
    for (i, s) in servicePart.unicodeScalars.enumerated() {
      if s == " " || s == "\t" {
        if !current.isEmpty { words.append((current, head + start)) }
        current = ""
      } else {
        if current.isEmpty { start = i }
        current.unicodeScalars.append(s)
      }
    }
    if !current.isEmpty { words.append((current, head + start)) }
    var since: (text: String, offset: Int)?
    var serviceWords: [(text: String, offset: Int)] = []
    var index = 0
    while index < words.count {
      let word = words[index]
      if word.text == "--remote" {
        index += 1
        continue
      }
      if word.text == "--since" {
        guard index + 1 < words.count else { return fail("--since needs a duration, e.g. 1h", at: word.offset) }
        since = words[index + 1]
        index += 2
        continue
      }
      if word.text.hasPrefix("--") { return fail("unknown option '\(word.text)' for query --remote (--since DURATION)", at: word.offset) }
      serviceWords.append(word)
      index += 1
    }
    // `| QUERY --since D`: a trailing --since outside quotes belongs to the command, not to the query.
    var queryText = String(String.UnicodeScalarView(Array(command.text.unicodeScalars)[(pipe + 1)...]))
    if let (trimmed, trailing) = Self.trailingSince(queryText) {
      if since != nil { return fail("--since is given twice", at: pipe + 1 + trailing.offset) }
      queryText = trimmed
      since = (trailing.text, pipe + 1 + trailing.offset)
    }
    var span = Self.defaultRemoteSince
    if let since {
      guard let parsed = TimeFormat.parseDuration(since.text), parsed > 0 else {
        return fail("--since expects a duration such as 30m, 1h or 2d, not '\(since.text)'", at: since.offset)
      }
      span = parsed
    }
    var services: [String] = []
    for word in serviceWords {
      var offset = word.offset
      for piece in word.text.split(separator: ",", omittingEmptySubsequences: false) {
        let name = String(piece)
        if !name.isEmpty {
          guard stack.names(of: .service).contains(name) else {
            let suggestion = closestMatch(to: name, in: stack.names(of: .service)).map { "did you mean '\($0)'?" }
            return fail("unknown service '\(name)'", at: offset, suggestion: suggestion)
          }
          if !services.contains(name) { services.append(name) }
        }
        offset += piece.unicodeScalars.count + 1
      }
    }
    guard !services.isEmpty else { return fail("name a service before '|'", at: head + 1) }
    do {
      _ = try QueryParser.parse(queryText, file: location.file)
    } catch {
      return CommandOutcome(
        invalid: error.relocated(
          file: location.file, line: location.line + error.location.line - 1,
          sourceLine: error.location.line == 1 ? firstLine : error.sourceLine, columnOffset: error.location.line == 1 ? pipe + 1 : 0))
    }
    guard let remoteQuery else {
      return fail(
        "query --remote runs in the interactive shell (vigil shell), which reaches the account through the AWS CLI",
        at: head + 1, suggestion: "elsewhere: vigil query --remote --log-group NAME 'QUERY'")
    }
    let request = RemoteQueryRequest(
      logGroups: services.map { logGroupName(of: $0) }, query: queryText.trimmingCharacters(in: .whitespaces), since: span)
    let result: QueryResult
    do {
      result = try remoteQuery(request)
    } catch {
      var message = String(describing: error)
      if message.hasPrefix("error: ") { message.removeFirst("error: ".count) }
      return fail(message, at: pipe + 1)
    }
    let table = LogsQuery.render(result, format: .table, barWidth: max(10, display.width / 3))
    return CommandOutcome(.ok, table.hasSuffix("\n") ? String(table.dropLast()) : table)
  }

  /// `QUERY --since D` → (QUERY, D with its offset in the text), when `--since` stands outside quotes and is followed
  /// by one word and nothing else.
  static func trailingSince(_ text: String) -> (String, (text: String, offset: Int))? {
    let scalars = Array(text.unicodeScalars)
    var quote: Unicode.Scalar?
    var found: Int?
    let flag = Array("--since".unicodeScalars)
    var i = 0
    while i < scalars.count {
      let s = scalars[i]
      if let q = quote {
        if s == q { quote = nil }
      } else if s == "\"" || s == "'" || s == "`" {
        quote = s
      } else if (i == 0 || scalars[i - 1] == " "), i + flag.count < scalars.count, Array(scalars[i..<i + flag.count]) == flag,
        scalars[i + flag.count] == " "
      {
        found = i
      }
      i += 1
    }
    guard let found, quote == nil else { return nil }
    let rest = String(String.UnicodeScalarView(scalars[(found + flag.count)...])).trimmingCharacters(in: .whitespaces)
    guard !rest.isEmpty, !rest.contains(" ") else { return nil }
    let valueOffset = found + flag.count + (scalars[(found + flag.count)...].prefix { $0 == " " }.count)
    return (String(String.UnicodeScalarView(scalars[..<found])), (rest, valueOffset))
  }
}
