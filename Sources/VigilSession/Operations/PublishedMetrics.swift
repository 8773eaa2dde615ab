import VigilCore
import VigilLogSource
import VigilLogs
import VigilMetrics
import VigilModel

/// The series metric filters publish from log files, one statistic per period: the one implementation behind the
/// shell's `metrics`, `vigil metrics SESSION` and `vigil metrics --filter`. Every value goes through
/// `MetricSeries.periodValues`, the aggregation alarms and previews use, so each surface shows the same numbers.
///
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html
public struct PublishedMetrics {
  /// How the result is printed: the shell's one-line summaries with a sparkline, a table of datapoints, or the
  /// GetMetricData response shape.
  public enum Format: String, CaseIterable, Sendable {
    case sparklines, table, json
  }

  /// A statistic and the name it is printed under: the shell echoes what was typed (`P99`), `vigil metrics`
  /// prints CloudWatch's spelling (`p99`).
  public struct NamedStatistic: Equatable, Sendable {
    public var statistic: Statistic
    public var name: String

    /// The statistic `text` names, printed as typed; nil when it is not a CloudWatch statistic.
    public init?(_ text: String) {
      guard let statistic = Statistic.parse(text) else { return nil }
      self.statistic = statistic
      self.name = text
    }

    /// The statistic, printed in CloudWatch's spelling.
    public init(_ statistic: Statistic) {
      self.statistic = statistic
      self.name = statistic.description
    }

    /// What the shell shows when no statistic is given: p99 for latencies (what their alarms watch), Sum otherwise.
    static func byUnit(_ unit: String?) -> NamedStatistic {
      unit == "Milliseconds" ? NamedStatistic(.percentile(99)) : NamedStatistic(.sum)
    }
  }

  /// One metric stream (one filter, one combination of dimension values) with its statistic per period.
  public struct Series {
    /// The GetMetricData `Id` of this result.
    public var id: String
    /// `Namespace Name Dim=value` for a session's series, `Name Dim=value,…` for `--filter` (its namespace is shown apart).
    public var label: String
    /// The metric the series is: the JSON output's `Label` names it in the `MetricStat.label` convention.
    public var identity: MetricIdentity
    public var namespace: String
    public var unit: String
    public var statistic: NamedStatistic
    /// The statistic of each period from the first datapoint's period to the last's; nil where no datapoint.
    public var values: [(time: EpochMillis, value: Double?)]

    /// The periods that have a value.
    public var datapoints: [(time: EpochMillis, value: Double)] { values.compactMap { t, v in v.map { (t, $0) } } }
  }

  /// What one metric filter published.
  public struct FilterResult {
    /// The session's name for the filter; nil for `vigil metrics --filter`, whose filter has none.
    public var name: String?
    /// `Namespace MetricName`, how the shell names a filter that published nothing.
    public var metric: String
    /// A session filter's non-empty series (none when its pattern matched no loaded event); a `--filter` run's every
    /// series, the one series of a filter without dimensions included even when nothing matched.
    public var series: [Series]
    /// A session filter's loaded events its pattern matched and its value (to say why it published nothing); nil for
    /// `--filter`.
    public var matched: (events: Int, value: String)? = nil
  }

  /// The aggregation period, a whole number of minutes.
  public let period: EpochMillis
  /// One entry per filter, in the order the filters were given.
  public let filters: [FilterResult]
  /// Lines of the files that are not events (`--filter` only; a session reports them when it loads the files).
  public private(set) var issues: [LogReadIssue] = []
  /// Matches that published nothing: their value was not a number or a dimension field was missing (`--filter` only).
  public private(set) var unpublishedMatches = 0

  /// Every series in filter order.
  public var series: [Series] { filters.flatMap(\.series) }

  /// The series a session's metric filters publish from the logs it loaded; `statistic` nil picks one per filter
  /// (p99 for Milliseconds, Sum otherwise).
  public init(
    _ interpreter: Interpreter, filters: [VigilModel.MetricFilter], period: EpochMillis, statistic: NamedStatistic?
  ) throws(Diagnostic) {
    self.period = period
    // Keep values only for the filters whose statistic needs them (pNN, or a sum over minutes of fractions).
    var demand = MetricDemand()
    for filter in filters {
      let named = statistic ?? .byUnit(filter.unit)
      demand.add(namespace: filter.namespace, name: filter.metricName, statistic: named.statistic, period: period)
    }
    self.filters = try interpreter.metricFilterSeries(filters, demand: demand).enumerated().map { index, published in
      let statistic = statistic ?? .byUnit(published.filter.unit)
      return FilterResult(
        name: published.filter.name, metric: "\(published.filter.namespace) \(published.filter.metricName)",
        series: published.series.filter { !$0.timestamps.isEmpty }.map { series in
          // One Id per filter, as `vigil metrics SESSION` has always numbered them.
          Series(
            id: "m\(index + 1)", label: series.identity.description, identity: series.identity, namespace: series.identity.namespace,
            unit: series.unit,
            statistic: statistic, values: series.periodValues(statistic.statistic, period: period).map { (time: $0.0, value: $0.1) })
        }, matched: interpreter.workspace.filterCounts[published.filter.name].map { ($0.matched, Interpreter.carried(published.filter)) })
    }
  }

  /// The series one metric filter publishes from log files, streamed once (`vigil metrics --filter`).
  /// Throws `MetricFilterError` for a period or filter CloudWatch would refuse and `LogReadError` for a file that
  /// cannot be read.
  public init(
    _ filter: VigilLogs.MetricFilter, files: [String], options: LogReadOptions = LogReadOptions(), period: EpochMillis,
    statistic: NamedStatistic
  ) throws {
    // The evaluator pools each period's one-minute values, so its datapoints already start on period boundaries.
    // Given the statistic, the evaluator keeps only per-minute statistic sets where that gives the same answer.
    var evaluator = try MetricFilterEvaluator(filters: [filter], period: period, statistic: statistic.statistic)
    issues = try evaluator.ingest(files: files, options: options)
    unpublishedMatches = evaluator.unpublishedMatches[0]
    self.period = period
    let series = evaluator.series(forFilter: 0).enumerated().map { index, published in
      let identity = MetricIdentity(
        namespace: published.metricNamespace, name: published.metricName,
        dimensions: Dictionary(published.dimensions.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
      var samples = MetricSeries(identity: identity, unit: published.unit.rawValue)
      for point in published.datapoints {
        if point.values.isEmpty && point.sampleCount > 0 {
          samples.appendStatisticSet(
            timestamp: point.timestamp, sampleCount: point.sampleCount, sum: point.sum, minimum: point.minimum, maximum: point.maximum)
        } else {
          Self.append(point.values, at: point.timestamp, to: &samples, for: statistic.statistic)
        }
      }
      return Series(
        id: "m\(index + 1)", label: published.label, identity: identity, namespace: published.metricNamespace,
        unit: published.unit.rawValue,
        statistic: statistic, values: samples.periodValues(statistic.statistic, period: period).map { (time: $0.0, value: $0.1) })
    }
    self.filters = [FilterResult(name: nil, metric: "\(filter.metricNamespace) \(filter.metricName)", series: series)]
  }

  /// Adds one period's values in the smallest form that still gives `statistic` exactly as the raw values would: a
  /// statistic set for a basic statistic (its sum added in event order, as `Statistic.compute` adds), each distinct
  /// value with its count for an extended one (which sorts its values anyway). One entry per value would take five
  /// times the memory of the evaluator's own values.
  static func append(_ values: [Double], at timestamp: EpochMillis, to samples: inout MetricSeries, for statistic: Statistic) {
    guard let low = values.min(), let high = values.max() else { return }
    guard statistic.isExtended else {
      samples.appendStatisticSet(
        timestamp: timestamp, sampleCount: Double(values.count), sum: values.reduce(0, +), minimum: low,
        maximum: high)
      return
    }
    let sorted = values.sorted()
    var start = 0
    while start < sorted.count {
      var end = start + 1
      // Equal bit patterns, so 0 and -0 stay apart.
      while end < sorted.count && sorted[end].bitPattern == sorted[start].bitPattern { end += 1 }
      samples.append(timestamp: timestamp, value: sorted[start], count: Double(end - start))
      start = end
    }
  }

  /// The result as text: `sparklines` without a final newline (a shell outcome), the others ending with one.
  public func render(_ format: Format) -> String {
    switch format {
    case .sparklines: return sparklines()
    case .table: return table()
    case .json:
      let results = series.map { series -> JSONValue in
        let newestFirst = series.datapoints.reversed()
        // The Label names the metric, statistic, period and unit (`MetricStat.label`), so `load-metrics` and
        // `preview-alarm --data` read this output back as the datapoints it is.
        let metric = MetricStat(identity: series.identity, statistic: series.statistic.statistic, period: Int(period / 1000), unit: series.unit)
        return [
          "Id": .string(series.id), "Label": .string(metric.label), "StatusCode": "Complete",
          "Timestamps": .array(newestFirst.map { .string(TimeFormat.iso8601($0.time, fraction: false)) }),
          "Values": .array(newestFirst.map { .double($0.value) }),
        ]
      }
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
      return (["MetricDataResults": .array(results), "Messages": []] as JSONValue).serialized() + "\n"
    }
  }

  /// Per series: the statistic, the number of datapoints, the smallest and largest, and one bar per period.
  private func sparklines() -> String {
    let bars = Array("▁▂▃▄▅▆▇█")
    var lines: [String] = []
    for filter in filters {
      let name = filter.name.map { "\($0) → " } ?? ""
      if filter.series.isEmpty {
        if let matched = filter.matched, matched.events > 0 {
          lines.append(
            "\(name)\(filter.metric): no datapoints (the pattern matched \(matched.events) loaded event(s); none had \(matched.value))")
        } else {
          lines.append("\(name)\(filter.metric): no datapoints (the pattern matched no loaded event)")
        }
      }
      for series in filter.series {
        guard let first = series.values.first?.time else { continue }
        let present = series.values.compactMap(\.value)
        let low = present.min() ?? 0, high = present.max() ?? 0
        let spark = String(
          series.values.map { v -> Character in
            guard let v = v.value else { return " " }
            return high > low ? bars[Int(((v - low) / (high - low) * 7).rounded())] : bars[0]
          })
        lines.append(
          "\(name)\(series.label) \(series.statistic.name) per \(TimeFormat.formatDuration(period)): \(present.count) datapoint(s), "
            + "min \(JSONValue.format(low)), max \(JSONValue.format(high))")
        lines.append("  \(TimeFormat.insights(first).prefix(16)) \(spark)")
      }
    }
    return lines.joined(separator: "\n")
  }

  /// Per series a heading and one `TIMESTAMP VALUE` row per datapoint. A session's series is headed by its filter's
  /// name; a `--filter` series, which has no name, by its label, namespace and unit over a column header.
  private func table() -> String {
    var text = ""
    for filter in filters {
      for series in filter.series {
        let setting = "\(series.statistic.name), \(TimeFormat.formatDuration(period))"
        if let name = filter.name {
          text += "\(name): \(series.label) (\(setting))\n"
        } else {
          text += "\(series.label)  (\(series.namespace), \(setting), unit \(series.unit))\n"
          text += "  TIMESTAMP              VALUE\n"
        }
        for (time, value) in series.datapoints { text += "  \(TimeFormat.iso8601(time, fraction: false))   \(JSONValue.format(value))\n" }
        // Only a `--filter` series can be empty: a filter without dimensions always has its one series.
        if series.values.isEmpty { text += "  (no datapoints)\n" }
      }
    }
    return text
  }

  /// The warnings of a `--filter` run: matches that published nothing (quoting the `--value` as given), then the
  /// first 20 lines that were not events and how many more there were.
  public func warnings(value: String) -> [String] {
    var lines: [String] = []
    if unpublishedMatches > 0 {
      lines.append(
        "warning: \(unpublishedMatches) matching events had no numeric value for \(value) or lacked a dimension field; they published nothing")
    }
    lines += issues.prefix(20).map(\.description)
    if issues.count > 20 { lines.append("… and \(issues.count - 20) more warnings") }
    return lines
  }
}
