import Foundation
import VigilCore
import VigilLogSource

/// What to run a query over and how: the time range (epoch ms, both ends inclusive like StartQuery's
/// `startTime`/`endTime`), the query start time for `now()`, and the row limit when the query has no `limit`.
public struct QueryOptions: Sendable {
  public var start: EpochMillis?
  public var end: EpochMillis?
  /// The query's start time, for `now()`.
  public var now: EpochMillis
  /// "If you omit limit, the query will return as many as 10,000 log events in the results."
  public var defaultLimit: Int
  /// How many bytes of `pct` values a query may hold in memory (its threads share them) before it writes them to
  /// a temporary file (`PercentileSpill`).
  public var percentileBytesInMemory: Int
  /// 24 MB: on two threads, a stats query with `pct` over a 4 GB file of the team's benchmark peaks under 100 MB,
  /// and spilling costs no measurable time on its 4M-line file.
  public static let defaultPercentileBytesInMemory = 24 << 20
  /// Where spilled `pct` values go; nil: `TMPDIR`, or `/tmp`.
  public var temporaryFolder: String?

  public init(
    start: EpochMillis? = nil, end: EpochMillis? = nil, now: EpochMillis? = nil, defaultLimit: Int = 10_000,
    percentileBytesInMemory: Int = QueryOptions.defaultPercentileBytesInMemory, temporaryFolder: String? = nil
  ) {
    self.start = start
    self.end = end
    self.now = now ?? EpochMillis(Date().timeIntervalSince1970 * 1000)
    self.defaultLimit = defaultLimit
    self.percentileBytesInMemory = percentileBytesInMemory
    self.temporaryFolder = temporaryFolder
  }
}

/// The `statistics` of a GetQueryResults response.
public struct QueryStatistics: Equatable, Sendable {
  /// Events that passed every filter before the first aggregation or sort.
  public var recordsMatched: Int
  /// Events inside the time range that were read.
  public var recordsScanned: Int
  /// Message bytes of the scanned events.
  public var bytesScanned: Int

  public init(recordsMatched: Int = 0, recordsScanned: Int = 0, bytesScanned: Int = 0) {
    self.recordsMatched = recordsMatched
    self.recordsScanned = recordsScanned
    self.bytesScanned = bytesScanned
  }
}

/// The rows a query returns, in result order, with the column names in projection order.
/// A null value means the field is absent from that row (GetQueryResults leaves it out).
public struct QueryResult: Equatable, Sendable {
  public var columns: [String]
  public var rows: [[InsightsValue]]
  public var statistics: QueryStatistics
  /// The column holding `bin()` time buckets when the last `stats` groups by one (for charts).
  public var timeBucketColumn: String?
  /// Each row's `@ptr` when the rows are log events (no `stats`); nil for aggregated rows. GetQueryResults adds it
  /// to each row; the table and CSV leave it out, as the console does.
  public var pointers: [String]?

  public init(
    columns: [String], rows: [[InsightsValue]], statistics: QueryStatistics, timeBucketColumn: String? = nil, pointers: [String]? = nil
  ) {
    self.columns = columns
    self.rows = rows
    self.statistics = statistics
    self.timeBucketColumn = timeBucketColumn
    self.pointers = pointers
  }

  /// The values of one column, as displayed (empty string for absent).
  public func column(_ name: String) -> [String] {
    guard let index = columns.firstIndex(of: name) else { return [] }
    return rows.map { $0[index].description }
  }

  /// Rows as displayed text, for tests and CSV.
  public var textRows: [[String]] { rows.map { $0.map(\.description) } }
}
