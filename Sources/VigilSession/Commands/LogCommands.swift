import Foundation
import VigilCore
import VigilLogSource
import VigilLogs
import VigilMetrics
import VigilModel

/// Shell commands over loaded logs: try a filter pattern, see the series the metric filters publish.
enum LogCommands {
  /// The commands, with how each is recorded and what runs it.
  static let commands: [SessionCommand] = [
    SessionCommand(
      .view,
      CommandSpec(
        "test-pattern", summary: "Run a CloudWatch filter pattern over a service's loaded logs (like TestMetricFilter).",
        positionals: [
          PositionalSpec("pattern", .text, help: "the filter pattern"),
          PositionalSpec("service", .resource(.service), help: "whose loaded logs to search (default: all loaded logs)", optional: true),
        ],
        options: [
          OptionSpec("limit", value: "N", .number, help: "matches to show (default 10)"),
          .flag("count", help: "print only the number of matches"),
        ], example: "test-pattern '{ $.latency_ms > 1000 }' payment-api", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.testPattern(command) },
    SessionCommand(
      .view,
      CommandSpec(
        "metrics", summary: "The series the stack's metric filters publish from the loaded logs.",
        positionals: [PositionalSpec("service", .resource(.service), help: "only this service's filters", optional: true)],
        options: [
          OptionSpec("period", value: "DURATION", .duration, help: "aggregation period, a multiple of 1m (default 5m)"),
          OptionSpec("stat", value: "STAT", help: "statistic (default: Sum for counts, p99 for Milliseconds)"),
        ], example: "metrics payment-api --period 5m", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.metricsTable(command) },
  ]
}

extension Interpreter {
  func testPattern(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    let patternToken = c.positionals[0]
    let pattern: FilterPattern
    do throws(Diagnostic) {
      pattern = try FilterPattern(patternToken.text)
    } catch {
      throw error.relocated(
        file: patternToken.location.file, line: patternToken.location.line, sourceLine: patternToken.sourceLine,
        columnOffset: patternToken.location.column - 1 + (patternToken.quoted ? 1 : 0))
    }
    var files = workspace.logFiles
    if let serviceToken = c.positional(1) {
      let service = try serviceToken.reference(.service, in: stack.names(of: .service))
      files = files.filter { $0.service == service }
      guard !files.isEmpty else { throw serviceToken.error("no logs loaded into \(service)", suggestion: "load FILE into \(service)") }
    }
    guard !files.isEmpty else { throw c.head.error("no logs loaded", suggestion: "load FILE... into SERVICE") }
    let limit = try c.value("limit")?.integer("--limit", in: 1...10_000) ?? 10
    var test = PatternTest(pattern)
    var shown: [String] = []
    for file in files {
      do {
        if c.has("count") {
          try test.count(file.path)
          continue
        }
        try test.scan(file.path) { match in
          guard shown.count < limit else { return }
          // The whole event, wrapped to the width and indented (at most 4 lines), so what matched is visible.
          let width = max(20, display.width - 4)
          var rest = Substring(match.message)
          var pieces: [String] = []
          while !rest.isEmpty && pieces.count < 4 {
            pieces.append(String(rest.prefix(width)))
            rest = rest.dropFirst(width)
          }
          if !rest.isEmpty { pieces[pieces.count - 1] = String(pieces[pieces.count - 1].dropLast()) + "…" }
          var message = pieces.map { "  " + $0 }.joined(separator: "\n")
          if let highlight = display.highlight, let required = pattern.requiredSubstring, !required.bytes.isEmpty {
            let term = String(decoding: required.bytes, as: UTF8.self)
            message = message.replacingOccurrences(of: term, with: highlight(term))
          }
          var row = "\(file.display):\(match.line)\n\(message)"
          if !match.extractedValues.isEmpty {
            row += "\n    " + match.extractedValues.map { "\($0.name)=\($0.value)" }.joined(separator: "  ")
          }
          shown.append(row)
        }
      } catch {
        throw c.head.error("cannot read \(file.display): \(error)")
      }
    }
    let matches = test.matches, scanned = test.events
    if c.has("count") { return CommandOutcome(.ok, "\(matches)") }
    var out = shown
    let more = matches - shown.count
    out.append("\(matches) of \(scanned) event(s) match" + (more > 0 ? " (\(more) more not shown; --limit N)" : ""))
    return CommandOutcome(.ok, out.joined(separator: "\n"))
  }

  func metricsTable(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    var filters = stack.metricFilters
    if let token = c.positional(0) {
      let service = try token.reference(.service, in: stack.names(of: .service))
      filters = filters.filter { $0.service == service }
    }
    let loaded = Set(workspace.logFiles.map(\.service))
    filters = filters.filter { loaded.contains($0.service) }
    guard !filters.isEmpty else {
      throw c.head.error("no metric filter has loaded logs", suggestion: "load FILE into SERVICE for a service with metric filters")
    }
    let period = EpochMillis(try c.value("period")?.seconds("--period") ?? 300) * 1000
    guard period % 60_000 == 0 else { throw c.value("period")!.error("metric filters publish one-minute data; use a multiple of 1m") }
    // `statistic()` has checked the text, so it always names a statistic here.
    let statistic = (try c.value("stat")?.statistic()).flatMap(PublishedMetrics.NamedStatistic.init)
    let metrics = try PublishedMetrics(self, filters: filters, period: period, statistic: statistic)
    return CommandOutcome(.ok, metrics.render(.sparklines))
  }
}
