import VigilAlarms
import VigilCore
import VigilMetrics
import VigilModel

/// The metrics that alarms and dashboard widgets read, as GetMetricData requests.
public enum MetricRequests {
  /// Every metric a metric alarm or a math alarm's `MetricStat` reads, at the alarm's statistic and period, in
  /// alarm order without repeats. Composite alarms read no metric.
  public static func forAlarms(_ alarms: AlarmSet) -> [MetricStat] {
    var requests: [MetricStat] = []
    for alarm in alarms.metricAlarms {
      for stat in stats(of: alarm) { requests.appendUnique(request(stat)) }
    }
    return requests
  }

  /// Every metric graph widget of the session's dashboards, at the widget's statistic and the 60-second period
  /// the dashboard export gives metric widgets.
  public static func forWidgets(_ stack: Stack) -> [MetricStat] {
    var requests: [MetricStat] = []
    for widget in stack.dashboardWidgets {
      guard case .metric(let ref, let statistic) = widget.kind, let stat = Statistic.parse(statistic) else { continue }
      let identity = MetricIdentity(
        namespace: ref.namespace, name: ref.name, dimensions: ref.dimensions.mapValues { stack.physicalDimensionValue($0) })
      requests.appendUnique(MetricStat(identity: identity, statistic: stat, period: 60))
    }
    return requests
  }

  static func stats(of alarm: VigilAlarms.MetricAlarm) -> [MetricStat] {
    switch alarm.source {
    case .metric(let stat): return [stat]
    case .math(let queries):
      return queries.compactMap {
        if case .metric(let stat) = $0.kind { return stat }
        return nil
      }
    }
  }

  static func request(_ stat: MetricStat) -> MetricStat {
    MetricStat(identity: stat.identity, statistic: stat.statistic, period: stat.period, unit: stat.unit)
  }
}

extension Array where Element: Equatable {
  mutating func appendUnique(_ element: Element) {
    if !contains(element) { append(element) }
  }
}

/// GetMetricData over a time range for a list of requests: the calls planned within the API's limits and at every
/// evaluation offset of each period (`MetricDataPlan.offsets`), their pages followed, and the results merged per
/// query into one document of the GetMetricData shape.
public struct MetricPull {
  /// What was asked for, once each.
  public private(set) var requests: [MetricStat]
  public var from: EpochMillis
  public var until: EpochMillis

  /// Requests over [from, until).
  public init(requests: [MetricStat], from: EpochMillis, until: EpochMillis) {
    var unique: [MetricStat] = []
    for r in requests { unique.appendUnique(r) }
    self.requests = unique
    self.from = from
    self.until = until
  }

  /// The planned calls.
  public var calls: [MetricDataCall] { MetricDataPlan.calls(for: requests, from: from, until: until) }

  /// Warnings about data CloudWatch no longer keeps at a request's period (none are returned for those times):
  /// 1-minute data is kept 15 days, 5-minute data 63 days, 1-hour data 455 days.
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
  public func retentionWarnings(now: EpochMillis) -> [String] {
    let day: EpochMillis = 86_400_000
    var warnings: [String] = []
    for r in requests {
      let (kept, needed): (EpochMillis, String) =
        r.period % 3600 == 0 ? (455 * day, "") : r.period % 300 == 0 ? (63 * day, "3600") : r.period % 60 == 0 ? (15 * day, "300") : (3 * 3_600_000, "60")
      if now - from > kept {
        warnings.append(
          "warning: \(r): CloudWatch keeps \(r.period)-second data for \(TimeFormat.formatDuration(kept)); older periods come back empty"
            + (needed.isEmpty ? "" : " (use a period that is a multiple of \(needed) s)"))
      }
    }
    return warnings
  }

  /// The `MetricDataQuery` of request `index` (`Id` m0, m1, …, dimensions sorted by name).
  public func query(_ index: Int) -> JSONValue {
    let r = requests[index]
    var stat: [String: JSONValue] = [
      "Metric": .object([
        "Namespace": .string(r.identity.namespace), "MetricName": .string(r.identity.name),
        "Dimensions": .array(
          r.identity.dimensions.sorted { $0.key < $1.key }.map { .object(["Name": .string($0.key), "Value": .string($0.value)]) }),
      ]),
      "Period": .int(r.period), "Stat": .string(r.statistic.description),
    ]
    if let unit = r.unit { stat["Unit"] = .string(unit) }
    return .object(["Id": .string("m\(index)"), "MetricStat": .object(stat), "ReturnData": true])
  }

  /// Runs every call, following `NextToken`; `progress` hears each call as it starts.
  public func run(_ client: AWSClient) throws(AWSError) -> PulledMetrics {
    var labels: [String?] = Array(repeating: nil, count: requests.count)
    var timestamps: [[JSONValue]] = Array(repeating: [], count: requests.count)
    var values: [[JSONValue]] = Array(repeating: [], count: requests.count)
    var messages: [JSONValue] = []
    let plan = calls
    for (n, call) in plan.enumerated() {
      var token: String?
      var page = 1
      repeat {
        client.progress?(
          "GetMetricData call \(n + 1)/\(plan.count)\(page > 1 ? " page \(page)" : ""): \(call.requests.count) metric\(call.requests.count == 1 ? "" : "s"), \(TimeFormat.iso8601(call.start, fraction: false)) to \(TimeFormat.iso8601(call.end, fraction: false))"
        )
        var input: [String: JSONValue] = [
          "MetricDataQueries": .array(call.requests.map { query($0) }),
          "StartTime": .string(TimeFormat.iso8601(call.start, fraction: false)),
          "EndTime": .string(TimeFormat.iso8601(call.end, fraction: false)),
          "ScanBy": "TimestampAscending",
        ]
        if let token { input["NextToken"] = .string(token) }
        let response = try client.call(.getMetricData, input)
        guard let results = response["MetricDataResults"]?.arrayValue else {
          throw .invalidResponse(operation: "GetMetricData", reason: "no MetricDataResults array")
        }
        for result in results {
          guard let id = result["Id"]?.stringValue, id.hasPrefix("m"), let index = Int(id.dropFirst()), requests.indices.contains(index)
          else { throw .invalidResponse(operation: "GetMetricData", reason: "a result with an unknown Id") }
          let status = result["StatusCode"]?.stringValue ?? "Complete"
          if status == "InternalError" || status == "Forbidden" {
            throw .failed(operation: "GetMetricData", code: status, message: "CloudWatch could not return \(requests[index])")
          }
          let ts = result["Timestamps"]?.arrayValue ?? [], vs = result["Values"]?.arrayValue ?? []
          guard ts.count == vs.count else {
            throw .invalidResponse(operation: "GetMetricData", reason: "\(id) has \(ts.count) Timestamps and \(vs.count) Values")
          }
          try Self.checkGrid(ts, call: call, request: requests[index])
          if labels[index] == nil { labels[index] = result["Label"]?.stringValue }
          timestamps[index] += ts
          values[index] += vs
          messages += result["Messages"]?.arrayValue ?? []
        }
        messages += response["Messages"]?.arrayValue ?? []
        token = response["NextToken"]?.stringValue
        page += 1
      } while token != nil
    }
    let results: [JSONValue] = requests.indices.map { i in
      // The offsets came in separate calls; in time order the file reads as one GetMetricData answer would.
      let order = timestamps[i].indices.sorted { (PulledMetrics.millis(timestamps[i][$0]) ?? 0) < (PulledMetrics.millis(timestamps[i][$1]) ?? 0) }
      return .object([
        "Id": .string("m\(i)"), "Label": .string(labels[i] ?? "\(requests[i].identity.name) \(requests[i].statistic)"),
        "Timestamps": .array(order.map { timestamps[i][$0] }), "Values": .array(order.map { values[i][$0] }), "StatusCode": "Complete",
      ])
    }
    return PulledMetrics(
      requests: requests, from: from, until: until, queries: requests.indices.map { query($0) }, results: results, messages: messages)
  }
}

extension MetricPull {
  /// Refuses datapoints that are not on the call's grid (StartTime + n × period). CloudWatch rounds an older
  /// StartTime (more than 15 days ago: to 5 minutes; more than 63 days: to the hour), which would silently fold the
  /// offsets of a period into one; the replay would then lack windows, so the pull stops and says so.
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
  static func checkGrid(_ timestamps: [JSONValue], call: MetricDataCall, request: MetricStat) throws(AWSError) {
    let period = EpochMillis(request.period) * 1000
    for t in timestamps {
      guard let time = PulledMetrics.millis(t) else {
        throw .invalidResponse(operation: "GetMetricData", reason: "\(request) has a timestamp that is not a time")
      }
      let (difference, overflow) = time.subtractingReportingOverflow(call.start)
      guard !overflow, difference % period == 0 else {
        throw .invalidRequest(
          "\(request): CloudWatch returned a period starting at \(TimeFormat.iso8601(time, fraction: false)), not on the \(request.period)-second grid from StartTime \(TimeFormat.iso8601(call.start, fraction: false)); it rounds StartTime more than 15 days back, so a replay cannot get the window at every minute there: narrow --since")
      }
    }
  }
}

/// Metrics pulled from the account: the GetMetricData request and response side by side.
public struct PulledMetrics: Sendable {
  public var requests: [MetricStat]
  public var from: EpochMillis
  public var until: EpochMillis
  public var queries: [JSONValue]
  /// One result per query, every page merged, in query order.
  public var results: [JSONValue]
  public var messages: [JSONValue]

  /// The file `vigil pull metrics` writes: GetMetricData's request fields (`MetricDataQueries`, `StartTime`,
  /// `EndTime`) beside its response fields (`MetricDataResults`, `Messages`), so a reader knows each result's
  /// namespace, name, dimensions, statistic and period.
  public var document: JSONValue {
    .object([
      "StartTime": .string(TimeFormat.iso8601(from, fraction: false)), "EndTime": .string(TimeFormat.iso8601(until, fraction: false)),
      "MetricDataQueries": .array(queries), "MetricDataResults": .array(results), "Messages": .array(messages),
    ])
  }

  /// The total number of datapoints pulled.
  public var datapointCount: Int { results.reduce(0) { $0 + ($1["Values"]?.arrayValue?.count ?? 0) } }

  /// A timestamp as the AWS CLI prints it: epoch seconds (v1 with some endpoints) or ISO-8601 text (v2).
  static func millis(_ value: JSONValue) -> EpochMillis? {
    switch value {
    case .int(let s):
      let (millis, overflow) = EpochMillis(s).multipliedReportingOverflow(by: 1000)
      return overflow ? nil : millis
    case .double(let s) where s.isFinite && abs(s) < 1e13: return EpochMillis((s * 1000).rounded())
    case .string(let text): return TimeFormat.parse(text)
    default: return nil
    }
  }
}

extension PulledMetrics {
  /// Reads back a file `vigil pull metrics` wrote, so one pull can be replayed many times without new calls.
  /// Only that file's shape is read here: each `MetricDataQueries` entry's `Id` (m0, m1, …) and `MetricStat`,
  /// beside the `MetricDataResults` with the same `Id`.
  public init(document text: String, file: String) throws(AWSError) {
    func refuse(_ reason: String) -> AWSError { .invalidRequest("\(file): \(reason)") }
    let document: JSONValue
    do { document = try JSONValue.parse(text) } catch { throw refuse("not JSON: \(error)") }
    guard let queries = document["MetricDataQueries"]?.arrayValue, let results = document["MetricDataResults"]?.arrayValue,
      let start = document["StartTime"]?.stringValue.flatMap(TimeFormat.parse),
      let end = document["EndTime"]?.stringValue.flatMap(TimeFormat.parse)
    else { throw refuse("not a file written by `vigil pull metrics` (StartTime, EndTime, MetricDataQueries and MetricDataResults)") }
    var requests: [MetricStat] = []
    var ordered: [JSONValue] = []
    for (n, query) in queries.enumerated() {
      let stat = query["MetricStat"], metric = stat?["Metric"]
      guard query["Id"]?.stringValue == "m\(n)", let namespace = metric?["Namespace"]?.stringValue,
        let name = metric?["MetricName"]?.stringValue, let period = stat?["Period"]?.doubleValue, period >= 1, period <= 86_400 * 455,
        let statistic = stat?["Stat"]?.stringValue.flatMap(Statistic.parse)
      else { throw refuse("MetricDataQueries[\(n)] is not a MetricStat query with Id m\(n)") }
      var dimensions: [String: String] = [:]
      for d in metric?["Dimensions"]?.arrayValue ?? [] {
        guard let key = d["Name"]?.stringValue, let value = d["Value"]?.stringValue else {
          throw refuse("MetricDataQueries[\(n)] has a dimension without Name and Value")
        }
        dimensions[key] = value
      }
      requests.append(
        MetricStat(
          identity: MetricIdentity(namespace: namespace, name: name, dimensions: dimensions), statistic: statistic, period: Int(period),
          unit: stat?["Unit"]?.stringValue))
      guard let result = results.first(where: { $0["Id"]?.stringValue == "m\(n)" }) else { throw refuse("no MetricDataResults entry for m\(n)") }
      ordered.append(result)
    }
    self.init(
      requests: requests, from: start, until: end, queries: queries, results: ordered, messages: document["Messages"]?.arrayValue ?? [])
  }
}

extension PulledMetrics {
  /// The store a replay of `alarms` reads and the window that was pulled, from a document `vigil pull metrics`
  /// wrote (or a pull just made). The values are read by `MetricDataReader`, the reader behind `preview-alarm
  /// --data` and `load-metrics`, so a backtest and a preview of the same file agree datapoint for datapoint.
  /// Throws a `Diagnostic` pointing into the file, or an `AWSError` when an alarm reads a metric the file does not
  /// hold (it would otherwise be read as missing data).
  public static func replayable(_ text: String, file: String, alarms: AlarmSet) throws -> (store: MetricStore, from: EpochMillis, until: EpochMillis) {
    let pulled = try PulledMetrics(document: text, file: file)
    var store = MetricStore()
    try MetricDataReader.read(text, file: file, into: &store)
    store.finishLoading()
    for wanted in MetricRequests.forAlarms(alarms) where !pulled.requests.contains(wanted) {
      throw AWSError.invalidRequest("\(file): \(wanted) is not among the pulled metrics; pull them again")
    }
    return (store, pulled.from, pulled.until)
  }
}
