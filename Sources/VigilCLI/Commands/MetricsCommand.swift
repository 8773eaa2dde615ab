import ArgumentParser
import Foundation
import VigilSession
import VigilCore
import VigilLogSource
import VigilLogs
import VigilMetrics
import VigilModel

/// `vigil metrics --filter PATTERN --metric NAME --namespace NS --value V FILE...`: the series a metric filter
/// publishes from log files, in the GetMetricData response shape.
struct MetricsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "metrics",
    abstract: "Turn log files into the metric series a CloudWatch metric filter would publish.",
    discussion: """
      Each match publishes --value at the event's timestamp; a minute with events but no match publishes
      --default (when given); a minute without events publishes nothing. Periods are multiples of 1m.
      Exit codes: 0 success, 2 invalid filter, option or file.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

  @Option(name: .long, help: "The filter pattern (omit it to use a session's metric filters: vigil metrics SESSION.vigil).") var filter:
    String?
  @Option(name: .long, help: "Metric name.") var metric: String?
  @Option(name: .long, help: "Metric namespace.") var namespace: String?
  @Option(name: .long, help: "Metric value: a number, $.field (JSON patterns), $name or $N (space-delimited).") var value = "1"
  @Option(name: .long, help: "Default value for minutes with events but no match.") var `default`: Double?
  @Option(name: .long, help: "A dimension NAME=$.field or NAME=$name (up to 3).") var dimension: [String] = []
  @Option(name: .long, help: "Unit (Count, Milliseconds, Bytes, ...).") var unit: String?
  @Option(name: .long, help: "Aggregation period (1m, 5m, 1h).") var period = "1m"
  @Option(name: .long, help: "Statistic: Sum, SampleCount, Average, Minimum, Maximum, p99, TM(10%:90%), ...") var stat = "Sum"
  @Option(name: .long, help: "JSON field holding the event time (default: timestamp, time, @timestamp, ts).") var timestampField: String?
  @Option(name: .long, help: "Output format: table or json (GetMetricData response).") var format: Format = .table
  @Argument(help: "Log files (.gz allowed).") var files: [String]

  func run() throws {
    func fail(_ message: String) -> ExitCode {
      printError("vigil metrics: error: \(message)")
      return ExitCode.invalidInput
    }
    guard let filter else { return try runSession() }
    guard let metric, let namespace else { throw fail("--filter needs --metric and --namespace") }
    let pattern: FilterPattern
    do { pattern = try FilterPattern(filter) } catch {
      printError(error.description)
      throw ExitCode.invalidInput
    }
    guard let periodMillis = TimeFormat.parseDuration(period), periodMillis > 0, periodMillis % 60_000 == 0 else {
      throw fail("--period '\(period)': metric filters publish one-minute data; use a multiple of 1m (1m, 5m, 1h)")
    }
    guard let statistic = Statistic.parse(stat) else { throw fail("--stat '\(stat)' is not a CloudWatch statistic") }
    var dimensions: [(name: String, value: String)] = []
    for d in dimension {
      guard let eq = d.firstIndex(of: "="), eq != d.startIndex else {
        throw fail("--dimension '\(d)': expected NAME=$.field or NAME=$name")
      }
      dimensions.append((String(d[..<eq]), String(d[d.index(after: eq)...])))
    }
    let metricFilter: VigilLogs.MetricFilter
    var evaluator: MetricFilterEvaluator
    do {
      metricFilter = try VigilLogs.MetricFilter(
        pattern: pattern, metricName: metric, metricNamespace: namespace, metricValue: value, defaultValue: `default`,
        dimensions: dimensions, unit: unit)
      evaluator = try MetricFilterEvaluator(filters: [metricFilter], period: periodMillis)
    } catch {
      throw fail(error.message)
    }
    var issues: [LogReadIssue] = []
    do {
      issues = try evaluator.ingest(files: files, options: LogReadOptions(timestampField: timestampField))
    } catch let error as LogReadError {
      printError(error.description)
      throw ExitCode.invalidInput
    }
    let series = evaluator.allSeries()
    var out = TestPatternCommand.OutputBuffer()
    switch format {
    case .json:
      out.write(MetricFilterEvaluator.getMetricDataResponse(series, statistic: statistic).serialized() + "\n")
    case .table:
      for s in series {
        out.write("\(s.label)  (\(s.metricNamespace), \(statistic), \(TimeFormat.formatDuration(periodMillis)), unit \(s.unit.rawValue))\n")
        out.write("  TIMESTAMP              VALUE\n")
        for point in s.datapoints {
          guard let v = point.value(statistic) else { continue }
          out.write("  \(TimeFormat.iso8601(point.timestamp, fraction: false))   \(JSONValue.format(v))\n")
        }
        if s.datapoints.isEmpty { out.write("  (no datapoints)\n") }
      }
    }
    out.flush()
    if evaluator.unpublishedMatches[0] > 0 {
      printError(
        "warning: \(evaluator.unpublishedMatches[0]) matching events had no numeric value for \(value) or lacked a dimension field; they published nothing"
      )
    }
    for issue in issues.prefix(20) { printError(issue.description) }
    if issues.count > 20 { printError("… and \(issues.count - 20) more warnings") }
  }

  /// `vigil metrics SESSION.vigil`: the series the session's metric filters publish from the logs it loads.
  func runSession() throws {
    guard files.count == 1, files[0].hasSuffix(".vigil") else {
      throw ValidationError("give --filter PATTERN with log files, or one session file: vigil metrics SESSION.vigil")
    }
    let (interpreter, _) = try SessionLoading.replay(files[0])
    guard let periodMillis = TimeFormat.parseDuration(period), periodMillis > 0, periodMillis % 60_000 == 0 else {
      throw ValidationError("--period '\(period)': use a multiple of 1m")
    }
    guard let statistic = Statistic.parse(stat) else { throw ValidationError("--stat '\(stat)' is not a CloudWatch statistic") }
    let published: [(filter: VigilModel.MetricFilter, series: [MetricSeries])]
    do { published = try interpreter.metricFilterSeries(interpreter.stack.metricFilters) } catch {
      printError(error.description)
      throw ExitCode.invalidInput
    }
    var results: [JSONValue] = []
    var table = ""
    for (index, (filter, matching)) in published.enumerated() {
      for series in matching {
        guard !series.timestamps.isEmpty else { continue }
        let points = series.periodValues(statistic, period: periodMillis).compactMap { t, v in v.map { (t, $0) } }
        results.append([
          "Id": .string("m\(index + 1)"), "Label": .string(series.identity.description), "StatusCode": "Complete",
          "Timestamps": .array(points.reversed().map { .string(TimeFormat.iso8601($0.0, fraction: false)) }),
          "Values": .array(points.reversed().map { .double($0.1) }),
        ])
        table += "\(filter.name): \(series.identity.description) (\(statistic), \(TimeFormat.formatDuration(periodMillis)))\n"
        for (time, value) in points { table += "  \(TimeFormat.iso8601(time, fraction: false))   \(JSONValue.format(value))\n" }
      }
    }
    if format == .json {
      print((["MetricDataResults": .array(results), "Messages": []] as JSONValue).serialized())
    } else {
      print(table.isEmpty ? "no metric filter has loaded logs in \(files[0])" : table, terminator: "")
    }
  }
}
