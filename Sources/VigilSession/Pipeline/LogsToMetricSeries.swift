import Foundation
import VigilCore
import VigilLogSource
import VigilInsights
import VigilLogs
import VigilMetrics
import VigilModel

/// Loaded log files and what the stack's metric filters make of them.
extension Interpreter {
  /// The CloudWatch log group a service's loaded logs belong to (its name as written when the stack is gone).
  func logGroupName(of service: String) -> String {
    guard let env = stack.environment, let s = stack.service(service) else { return service }
    return s.logGroupName(in: env)
  }

  /// `load FILE... into SERVICE`: checks the files once (format, events, problems) and remembers them;
  /// filters and queries stream them again when needed, so memory does not grow with file size.
  func loadLogs(_ c: ParsedCommand, files: [Token], into serviceToken: Token) throws(Diagnostic) -> CommandOutcome {
    let service = try serviceToken.reference(.service, in: stack.names(of: .service))
    // The shell says what this load reveals (a filter whose matches carry no value, an incident no alarm pages for):
    // the findings after it that were not there before.
    let findingsBefore = policyWarnings && loadDepth == 0 ? dataFindings() : nil
    var lines: [String] = []
    for token in files {
      let url = resolve(token.text)
      guard FileManager.default.isReadableFile(atPath: url.path) else {
        throw unreadable(token)
      }
      // `load` keeps the path and streams the file again for every query, metric and preview; a pipe or FIFO
      // gives its bytes once, so a second read would silently see nothing.
      if Self.isPipeOrFIFO(url.path) {
        throw token.error(
          "cannot load \(token.text): it is a pipe or FIFO, which can be read only once; save it to a file and load that")
      }
      if workspace.logFiles.contains(where: { $0.service == service && $0.path == url.path }) {
        throw token.error("\(token.text) is already loaded into \(service); loading it twice would count its events twice")
      }
      var reader = LogFileReader(
        path: url.path, options: LogReadOptions(logGroup: logGroupName(of: service)))
      var events = 0
      var first = EpochMillis.max, last = EpochMillis.min
      var progress = onLoadProgress.flatMap { LoadProgressTracker(path: url.path, label: token.text, report: $0) }
      do {
        try reader.forEachRecord { record in
          events += 1
          first = min(first, record.timestamp)
          last = max(last, record.timestamp)
          progress?.advance(bytes: record.bytes.count + 1)
        }
        progress?.finish()
      } catch {
        throw token.error("cannot read \(token.text): \(error)")
      }
      let format = (try? reader.detectFormat()).map { "\($0)" } ?? "log"
      var summary = "loaded \(token.text) into \(service): \(events) event(s), \(format)"
      if events > 0 { summary += ", \(TimeFormat.iso8601(first, fraction: false)) .. \(TimeFormat.iso8601(last, fraction: false))" }
      lines.append(summary)
      for issue in reader.issues.first.prefix(5) { lines.append("  \(token.text):\(issue.location.line): \(issue.message)") }
      if reader.issues.count > 5 { lines.append("  … and \(reader.issues.count - 5) more problem line(s)") }
      workspace.logFiles.append((service: service, path: url.path, display: token.text))
      workspace.discoveredFields.formUnion(Self.sampleFields(path: url.path))
    }
    if let findingsBefore {
      // By rule and resource: a count in the message that grows with this load is not news.
      let known = Set(findingsBefore.map { "\($0.rule.id) \($0.resource)" })
      lines += Self.warningLines(dataFindings().filter { !known.contains("\($0.rule.id) \($0.resource)") })
    }
    return CommandOutcome(.ok, lines.joined(separator: "\n"))
  }

  /// Whether `path` (symbolic links followed, as `/dev/fd/63` of `<(…)` is one) is a pipe or FIFO.
  static func isPipeOrFIFO(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
  }

  /// Field names in the first lines of a file, for tab completion of queries.
  static func sampleFields(path: String) -> [String] {
    struct Enough: Error {}
    var messages: [String] = []
    var reader = LogFileReader(path: path)
    try? reader.forEachMessage { bytes, _ in
      messages.append(String(decoding: bytes, as: UTF8.self))
      if messages.count >= 200 { throw Enough() }
    }
    return InsightsEngine.discoveredFields(in: messages)
  }

  /// The metric data previews use: loaded datapoints plus the series the stack's metric filters
  /// produce from the loaded logs (one-minute values, as CloudWatch publishes them).
  public func metricStore() throws(Diagnostic) -> MetricStore {
    if let derived = workspace.derived, derived.generation == workspace.generation, derived.filters == stack.metricFilters {
      return derived.store
    }
    var store = workspace.store
    workspace.filterCounts = [:]
    for service in Set(workspace.logFiles.map(\.service)).sorted() {
      let definitions = stack.metricFilters.filter { $0.service == service }
      guard !definitions.isEmpty else { continue }
      var filters: [VigilLogs.MetricFilter] = []
      for definition in definitions {
        do {
          filters.append(
            try VigilLogs.MetricFilter(
              filterName: definition.name, pattern: try FilterPattern(definition.pattern), metricName: definition.metricName,
              metricNamespace: definition.namespace, metricValue: definition.value, defaultValue: definition.defaultValue,
              dimensions: definition.dimensions.map { (name: $0.0, value: $0.1) }, unit: definition.unit))
        } catch {
          throw Diagnostic(
            "metric filter \(definition.name): \(error)", at: stack.origin("metric-filter", definition.name) ?? SourceLocation(),
            sourceLine: "")
        }
      }
      let evaluator: MetricFilterEvaluator
      do {
        var e = try MetricFilterEvaluator(filters: filters)
        let paths = workspace.logFiles.filter { $0.service == service }.map(\.path)
        _ = try e.ingest(
          files: paths, options: LogReadOptions(logGroup: logGroupName(of: service)))
        evaluator = e
        for (index, filter) in filters.enumerated() {
          workspace.filterCounts[filter.filterName] = (e.matchedEvents[index], e.unpublishedMatches[index])
        }
      } catch {
        throw Diagnostic("cannot apply the metric filters of \(service): \(error)", at: SourceLocation(), sourceLine: "")
      }
      for series in evaluator.allSeries() {
        let identity = MetricIdentity(
          namespace: series.metricNamespace, name: series.metricName,
          dimensions: Dictionary(series.dimensions.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
        for point in series.datapoints {
          // CloudWatch's spelling (`Count`): "\(unit)" would print the case name (`count`), a unit no alarm names.
          for value in point.values { store.add(identity, unit: series.unit.rawValue, timestamp: point.timestamp, value: value) }
        }
      }
    }
    store.finishLoading()
    workspace.derived = (workspace.generation, stack.metricFilters, store)
    return store
  }

  /// The series each of these metric filters publishes from the loaded logs, sorted by metric identity
  /// (what the shell's `metrics` and `vigil metrics SESSION` show).
  public func metricFilterSeries(_ filters: [VigilModel.MetricFilter]) throws(Diagnostic) -> [(
    filter: VigilModel.MetricFilter, series: [MetricSeries]
  )] {
    let store = try metricStore()
    return filters.map { filter in
      (
        filter,
        store.series.values.filter { $0.identity.namespace == filter.namespace && $0.identity.name == filter.metricName }
          .sorted { $0.identity < $1.identity }
      )
    }
  }
}
