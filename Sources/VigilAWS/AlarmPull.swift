import VigilCore

/// DescribeAlarms for metric and composite alarms, every page followed, merged into one response of the shape
/// `aws cloudwatch describe-alarms` prints (`MetricAlarms`, `CompositeAlarms`).
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
public struct AlarmPull {
  /// `AlarmNamePrefix`.
  public var prefix: String?

  public init(prefix: String? = nil) { self.prefix = prefix }

  public func run(_ client: AWSClient) throws(AWSError) -> JSONValue {
    var metric: [JSONValue] = [], composite: [JSONValue] = []
    var token: String?
    var page = 1
    repeat {
      client.progress?("DescribeAlarms page \(page): \(metric.count + composite.count) alarm\(metric.count + composite.count == 1 ? "" : "s") so far")
      // AlarmTypes must name CompositeAlarm, or DescribeAlarms returns metric alarms only.
      var input: [String: JSONValue] = ["AlarmTypes": ["MetricAlarm", "CompositeAlarm"], "MaxRecords": 100]
      if let prefix { input["AlarmNamePrefix"] = .string(prefix) }
      if let token { input["NextToken"] = .string(token) }
      let response = try client.call(.describeAlarms, input)
      guard case .object = response else { throw .invalidResponse(operation: "DescribeAlarms", reason: "not a JSON object") }
      metric += response["MetricAlarms"]?.arrayValue ?? []
      composite += response["CompositeAlarms"]?.arrayValue ?? []
      token = response["NextToken"]?.stringValue
      page += 1
    } while token != nil
    return .object(["MetricAlarms": .array(metric), "CompositeAlarms": .array(composite)])
  }
}

/// FilterLogEvents over one log group, every page followed, merged into one response of the shape
/// `aws logs filter-log-events` prints (`events`), which Vigil reads as a log file.
/// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
public struct LogPull {
  public var logGroup: String
  /// Epoch milliseconds, inclusive.
  public var from: EpochMillis
  /// Epoch milliseconds, inclusive (`endTime`).
  public var until: EpochMillis
  /// `filterPattern`, already checked by Vigil's own parser.
  public var pattern: String?
  /// `limit` per page (1 to 10,000); nil lets the service choose.
  public var pageSize: Int?

  public init(logGroup: String, from: EpochMillis, until: EpochMillis, pattern: String? = nil, pageSize: Int? = nil) {
    self.logGroup = logGroup
    self.from = from
    self.until = until
    self.pattern = pattern
    self.pageSize = pageSize
  }

  public func run(_ client: AWSClient) throws(AWSError) -> JSONValue {
    var events: [JSONValue] = []
    var token: String?
    var page = 1
    repeat {
      client.progress?("FilterLogEvents page \(page): \(events.count) event\(events.count == 1 ? "" : "s") so far")
      var input: [String: JSONValue] = ["logGroupName": .string(logGroup), "startTime": .int(Int(from)), "endTime": .int(Int(until))]
      if let pattern { input["filterPattern"] = .string(pattern) }
      if let pageSize { input["limit"] = .int(pageSize) }
      if let token { input["nextToken"] = .string(token) }
      let response = try client.call(.filterLogEvents, input)
      guard let batch = response["events"]?.arrayValue else {
        throw .invalidResponse(operation: "FilterLogEvents", reason: "no events array")
      }
      events += batch
      // Pages may be empty while a token remains (the API documents an absent token as the end); a token that
      // does not move on would loop forever.
      let next = response["nextToken"]?.stringValue
      token = next == token ? nil : next
      page += 1
    } while token != nil
    return .object(["events": .array(events)])
  }
}
