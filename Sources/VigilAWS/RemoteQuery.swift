import VigilCore
import VigilInsights

/// A Logs Insights query run where the logs are: StartQuery, then GetQueryResults polled until the query ends.
/// The query text is checked with Vigil's own parser before anything is sent.
/// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html
/// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetQueryResults.html
public struct RemoteQuery {
  /// StartQuery accepts at most 50 log groups.
  public static let maximumLogGroups = 50

  public var text: String
  public var logGroups: [String]
  /// Epoch milliseconds; StartQuery takes whole seconds, so `from` is rounded down and `until` up.
  public var from: EpochMillis
  public var until: EpochMillis
  /// Seconds between the first polls; doubled up to 5 s while the query runs.
  public var pollInterval: Double

  /// Parses `text` (a `Diagnostic` with a caret when Vigil's parser refuses it) and checks the log groups.
  public init(text: String, logGroups: [String], from: EpochMillis, until: EpochMillis, pollInterval: Double = 0.5) throws {
    _ = try QueryParser.parse(text)
    guard !logGroups.isEmpty else { throw AWSError.invalidRequest("--remote needs at least one --log-group NAME") }
    guard logGroups.count <= Self.maximumLogGroups else {
      throw AWSError.invalidRequest("StartQuery accepts at most \(Self.maximumLogGroups) log groups, got \(logGroups.count)")
    }
    guard from <= until else { throw AWSError.invalidRequest("the start of the time range is after its end") }
    self.text = text
    self.logGroups = logGroups
    self.from = from
    self.until = until
    self.pollInterval = pollInterval
  }

  /// Starts the query and polls it; a cancelled run stops the query on the server (StopQuery) before returning.
  public func run(_ client: AWSClient) throws(AWSError) -> QueryResult {
    client.progress?("StartQuery over \(logGroups.joined(separator: ", "))")
    let started = try client.call(
      .startQuery,
      [
        "logGroupNames": .array(logGroups.map { .string($0) }), "queryString": .string(text),
        "startTime": .int(Int(from.floorDivided(by: 1000))), "endTime": .int(Int(-((-until).floorDivided(by: 1000)))),
      ])
    guard let id = started["queryId"]?.stringValue else { throw .invalidResponse(operation: "StartQuery", reason: "no queryId") }
    var wait = pollInterval
    do throws(AWSError) {
      while true {
        let response = try client.call(.getQueryResults, ["queryId": .string(id)])
        let status = response["status"]?.stringValue ?? "Unknown"
        let statistics = response["statistics"]
        let matched = Int(statistics?["recordsMatched"]?.doubleValue ?? 0), scanned = Int(statistics?["recordsScanned"]?.doubleValue ?? 0)
        switch status {
        case "Complete": return try Self.result(response)
        case "Scheduled", "Running":
          client.progress?("query \(status.lowercased()): \(matched) records matched, \(scanned) scanned")
          try client.sleep(seconds: wait)
          wait = min(5, wait * 2)
        default:
          throw AWSError.failed(operation: "GetQueryResults", code: status, message: "the query ended with status \(status)")
        }
      }
    } catch {
      if error == .cancelled { client.callIgnoringCancellation(.stopQuery, ["queryId": .string(id)]) }
      throw error
    }
  }

  /// A GetQueryResults response as the `QueryResult` the local formatter prints: columns in the order fields first
  /// appear, every value the text CloudWatch returned, a field absent from a row null.
  public static func result(_ response: JSONValue) throws(AWSError) -> QueryResult {
    guard let rows = response["results"]?.arrayValue else {
      throw .invalidResponse(operation: "GetQueryResults", reason: "no results array")
    }
    var columns: [String] = []
    var parsed: [[String: String]] = []
    for row in rows {
      var fields: [String: String] = [:]
      for cell in row.arrayValue ?? [] {
        guard let field = cell["field"]?.stringValue else {
          throw .invalidResponse(operation: "GetQueryResults", reason: "a result cell without a field name")
        }
        if !columns.contains(field) { columns.append(field) }
        fields[field] = cell["value"]?.stringValue ?? ""
      }
      parsed.append(fields)
    }
    let statistics = response["statistics"]
    func number(_ key: String) -> Int {
      guard let d = statistics?[key]?.doubleValue, d.isFinite, abs(d) < 9e18 else { return 0 }
      return Int(d)
    }
    return QueryResult(
      columns: columns, rows: parsed.map { fields in columns.map { fields[$0].map(InsightsValue.string) ?? .null } },
      statistics: QueryStatistics(
        recordsMatched: number("recordsMatched"), recordsScanned: number("recordsScanned"), bytesScanned: number("bytesScanned")))
  }
}

extension EpochMillis {
  fileprivate func floorDivided(by b: EpochMillis) -> EpochMillis {
    let q = self / b
    return (self % b != 0 && self < 0) ? q - 1 : q
  }
}
