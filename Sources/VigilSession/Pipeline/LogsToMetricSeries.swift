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

  /// The metric data previews use: loaded datapoints plus the series the stack's metric filters produce from the
  /// loaded logs (one-minute values, as CloudWatch publishes them), with every value of every metric kept, so that
  /// a library user can ask any statistic. The session's own consumers call `metricStore(for:)`.
  public func metricStore() throws(Diagnostic) -> MetricStore { try metricStore(for: .everyValue) }

  /// The metric data for `request` and for what the stack's alarms, math, anomaly bands and dashboard widgets read
  /// (`metricDemand()`): each log-derived metric keeps its values only where an exact answer needs them and one
  /// statistic set per minute otherwise (see `MetricDemand`), so memory does not grow with the loaded files.
  ///
  /// A consumer that needs values the last store did not keep (an alarm added after `metrics`, `metrics --stat p99`)
  /// gets a store derived again from the loaded files, never an approximate answer. What was kept before stays kept
  /// until the data or the filters change, so consumers taking turns do not stream the files each time.
  public func metricStore(for request: MetricDemand) throws(Diagnostic) -> MetricStore {
    let demand = metricDemand().union(request)
    var keep = demand
    if let derived = workspace.derived, derived.generation == workspace.generation, derived.filters == stack.metricFilters {
      if derived.demand.covers(demand) { return derived.store }
      keep = derived.demand.union(demand)
    }
    // The store being replaced is not needed while the new one is built.
    workspace.derived = nil
    var store = workspace.store
    workspace.filterCounts = [:]
    // Whether each metric's every publisher publishes small whole numbers, and how many filters publish it.
    var wholeNumbers: [MetricDemand.Name: Bool] = [:]
    var publishers: [MetricDemand.Name: Int] = [:]
    var filtersByService: [String: [VigilLogs.MetricFilter]] = [:]
    for service in Set(workspace.logFiles.map(\.service)).sorted() {
      for definition in stack.metricFilters where definition.service == service {
        let filter: VigilLogs.MetricFilter
        do {
          filter = try VigilLogs.MetricFilter(
            filterName: definition.name, pattern: try FilterPattern(definition.pattern), metricName: definition.metricName,
            metricNamespace: definition.namespace, metricValue: definition.value, defaultValue: definition.defaultValue,
            dimensions: definition.dimensions.map { (name: $0.0, value: $0.1) }, unit: definition.unit)
        } catch {
          throw Diagnostic(
            "metric filter \(definition.name): \(error)", at: stack.origin("metric-filter", definition.name) ?? SourceLocation(),
            sourceLine: "")
        }
        filtersByService[service, default: []].append(filter)
        let name = MetricDemand.Name(namespace: filter.metricNamespace, name: filter.metricName)
        wholeNumbers[name] = (wholeNumbers[name] ?? true) && Self.publishesSmallWholeNumbers(filter)
        publishers[name, default: 0] += 1
      }
    }
    let loadedNames = Set(workspace.store.series.keys.map { MetricDemand.Name(namespace: $0.identity.namespace, name: $0.identity.name) })
    for (service, filters) in filtersByService.sorted(by: { $0.key < $1.key }) {
      let keepsValues = filters.map { filter -> Bool in
        let name = MetricDemand.Name(namespace: filter.metricNamespace, name: filter.metricName)
        // Loaded datapoints of the same stream interleave with the filter's values by time: keep them to add in order.
        if loadedNames.contains(name) { return true }
        return keep.keepsValues(
          namespace: name.namespace, name: name.name, wholeNumbers: wholeNumbers[name] ?? false,
          mergedWithOtherData: (publishers[name] ?? 0) > 1)
      }
      var evaluator: MetricFilterEvaluator
      do {
        evaluator = try MetricFilterEvaluator(filters: filters, keepingValues: keepsValues)
        let paths = workspace.logFiles.filter { $0.service == service }.map(\.path)
        _ = try evaluator.ingest(files: paths, options: LogReadOptions(logGroup: logGroupName(of: service)))
        for (index, filter) in filters.enumerated() {
          workspace.filterCounts[filter.filterName] = (evaluator.matchedEvents[index], evaluator.unpublishedMatches[index])
        }
      } catch {
        throw Diagnostic("cannot apply the metric filters of \(service): \(error)", at: SourceLocation(), sourceLine: "")
      }
      for index in filters.indices {
        for series in evaluator.series(forFilter: index) {
          let identity = MetricIdentity(
            namespace: series.metricNamespace, name: series.metricName,
            dimensions: Dictionary(series.dimensions.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
          // CloudWatch's spelling (`Count`): "\(unit)" would print the case name (`count`), a unit no alarm names.
          let unit = series.unit.rawValue
          for point in series.datapoints {
            if keepsValues[index] {
              for value in point.values { store.add(identity, unit: unit, timestamp: point.timestamp, value: value) }
            } else {
              store.addStatisticSet(
                identity, unit: unit, timestamp: point.timestamp, sampleCount: point.sampleCount, sum: point.sum,
                minimum: point.minimum, maximum: point.maximum)
            }
          }
        }
      }
    }
    store.finishLoading()
    workspace.derived = (workspace.generation, stack.metricFilters, keep, store)
    return store
  }

  /// Whether every value `filter` publishes is a small whole number (a constant such as `1`, and a whole default),
  /// whose sums are exact in any order.
  static func publishesSmallWholeNumbers(_ filter: VigilLogs.MetricFilter) -> Bool {
    guard case .constant(let value) = filter.metricValue, MetricDemand.isSmallWholeNumber(value) else { return false }
    return filter.defaultValue.map(MetricDemand.isSmallWholeNumber) ?? true
  }

  /// The series each of these metric filters publishes from the loaded logs, sorted by metric identity
  /// (what the shell's `metrics` and `vigil metrics SESSION` show).
  /// `demand` says which statistics will be read from them (default: any).
  public func metricFilterSeries(_ filters: [VigilModel.MetricFilter], demand: MetricDemand = .everyValue) throws(Diagnostic) -> [(
    filter: VigilModel.MetricFilter, series: [MetricSeries]
  )] {
    let store = try metricStore(for: demand)
    return filters.map { filter in
      (
        filter,
        store.series.values.filter { $0.identity.namespace == filter.namespace && $0.identity.name == filter.metricName }
          .sorted { $0.identity < $1.identity }
      )
    }
  }
}
