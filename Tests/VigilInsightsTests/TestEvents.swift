import VigilCore

@testable import VigilInsights

/// Builds events from `(ISO time, message)` pairs and runs a query over them.
func runQuery(
  _ query: String, _ events: [(String, String)], stream: String = "stream-1", group: String = "/ecs/payment-api-dev",
  options: QueryOptions = QueryOptions(now: 1_772_445_600_000)
) throws -> QueryResult {
  let logEvents = events.map { time, message in
    LogEvent(timestamp: TimeFormat.parse(time)!, message: message, logStream: stream, logGroup: group)
  }
  return try InsightsEngine.run(query, events: logEvents, options: options)
}

/// The value of one expression over one event, as Insights would display it.
func value(_ expression: String, message: String = "{}", time: String = "2026-03-02T10:15:03.120Z") throws -> String {
  let result = try runQuery("fields \(expression) as v | display v", [(time, message)])
  return result.rows[0][0].description
}
