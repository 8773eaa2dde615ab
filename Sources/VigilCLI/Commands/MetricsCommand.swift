import ArgumentParser
import Foundation
import VigilSession
import VigilCore
import VigilLogSource
import VigilLogs
import VigilMetrics

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
      printError("vigil: error: \(message)")
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
    let metrics: PublishedMetrics
    do {
      let metricFilter = try VigilLogs.MetricFilter(
        pattern: pattern, metricName: metric, metricNamespace: namespace, metricValue: value, defaultValue: `default`,
        dimensions: dimensions, unit: unit)
      metrics = try PublishedMetrics(
        metricFilter, files: files, options: LogReadOptions(timestampField: timestampField), period: periodMillis,
        statistic: PublishedMetrics.NamedStatistic(statistic))
    } catch let error as MetricFilterError {
      throw fail(error.message)
    } catch let error as LogReadError {
      printError(error.description)
      throw ExitCode.invalidInput
    }
    var out = TestPatternCommand.OutputBuffer()
    out.write(metrics.render(format == .json ? .json : .table))
    out.flush()
    for warning in metrics.warnings(value: value) { printError(warning) }
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
    let metrics: PublishedMetrics
    do {
      metrics = try PublishedMetrics(
        interpreter, filters: interpreter.stack.metricFilters, period: periodMillis, statistic: PublishedMetrics.NamedStatistic(statistic))
    } catch {
      printError(error.description)
      throw ExitCode.invalidInput
    }
    if format == .table && metrics.series.isEmpty {
      print("no metric filter has loaded logs in \(files[0])", terminator: "")
    } else {
      print(metrics.render(format == .json ? .json : .table), terminator: "")
    }
  }
}
