import VigilCore

/// An expression in a Logs Insights query, with the byte range of its source text.
public struct QueryExpression: Equatable, Sendable {
  public indirect enum Kind: Equatable, Sendable {
    case field(String)
    case string(String)
    case number(Double)
    /// A time period literal such as `5m`, in milliseconds, with its unit kept for calendar units.
    case period(TimePeriod)
    case regex(String)
    /// `*` inside `count(*)`.
    case star
    case list([QueryExpression])
    case unary(UnaryOperator, QueryExpression)
    case binary(BinaryOperator, QueryExpression, QueryExpression)
    /// `a like "text"`, `a like /re/`, `a =~ /re/`, optionally negated (`not like`).
    case like(QueryExpression, QueryExpression, negated: Bool)
    /// `a in [..]` / `a not in [..]`.
    case inList(QueryExpression, [QueryExpression], negated: Bool)
    /// A function call; the name is lower-cased.
    case call(String, [QueryExpression])
  }

  public var kind: Kind
  /// Byte range in the query text.
  public var range: Range<Int>
  /// The source text, used as the column name when there is no alias.
  public var text: String
  /// How many expressions deep the tree is (1 for a leaf). The parser refuses trees deeper than
  /// `QueryParser.maximumDepth`, so the recursive checker, planner and evaluator cannot overflow the stack.
  public let depth: Int

  public init(kind: Kind, range: Range<Int>, text: String) {
    self.kind = kind
    self.range = range
    self.text = text
    let children: [QueryExpression]
    switch kind {
    case .field, .string, .number, .period, .regex, .star: children = []
    case .list(let items), .call(_, let items): children = items
    case .unary(_, let a): children = [a]
    case .binary(_, let a, let b), .like(let a, let b, _): children = [a, b]
    case .inList(let a, let items, _): children = [a] + items
    }
    depth = 1 + (children.map(\.depth).max() ?? 0)
  }
}

public enum UnaryOperator: String, Equatable, Sendable {
  case negate = "-"
  case not = "not"
}

public enum BinaryOperator: String, Equatable, Sendable {
  case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^"
  case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
  case and, or
}

/// A time period (`5m`, `1h`, `1mo`) as `bin`, `datefloor` and `dateceil` take it.
public struct TimePeriod: Equatable, Hashable, Sendable {
  public enum Unit: String, Equatable, Hashable, Sendable {
    case millisecond, second, minute, hour, day, week, month, quarter, year
  }
  public var count: Int
  public var unit: Unit

  public init(count: Int, unit: Unit) {
    self.count = count
    self.unit = unit
  }

  /// Units and their spellings from the `bin` documentation
  /// ([operations-functions](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-operations-functions.html)).
  static func unit(named text: String) -> Unit? {
    let spellings: [(Unit, [String])] = [
      (.millisecond, ["ms", "msec", "msecs", "millisecond", "milliseconds"]),
      (.second, ["s", "sec", "secs", "second", "seconds"]),
      (.minute, ["m", "min", "mins", "minute", "minutes"]),
      (.hour, ["h", "hr", "hrs", "hour", "hours"]),
      (.day, ["d", "day", "days"]),
      (.week, ["w", "week", "weeks"]),
      (.month, ["mo", "mon", "mons", "month", "months"]),
      (.quarter, ["q", "qtr", "qtrs", "quarter", "quarters"]),
      (.year, ["y", "yr", "yrs", "year", "years"]),
    ]
    let lower = text.lowercased()
    return spellings.first { $0.1.contains(lower) }?.0
  }

  /// The longest period the parser accepts (`datefloor(t, 9999999999999999d)` would overflow the
  /// milliseconds): 100 years, as for every other duration Vigil reads.
  static let maximumMillis = TimeFormat.maximumDuration

  /// Whether the period is at most `maximumMillis` long (months, quarters and years counted at 31, 92 and
  /// 366 days), so `fixedMillis` and the truncation arithmetic on it cannot overflow.
  var isWithinMaximum: Bool {
    let unitMillis: Int64
    switch unit {
    case .millisecond: unitMillis = 1
    case .second: unitMillis = 1000
    case .minute: unitMillis = 60_000
    case .hour: unitMillis = 3_600_000
    case .day: unitMillis = 86_400_000
    case .week: unitMillis = 7 * 86_400_000
    case .month: unitMillis = 31 * 86_400_000
    case .quarter: unitMillis = 92 * 86_400_000
    case .year: unitMillis = 366 * 86_400_000
    }
    let (millis, overflow) = Int64(count).multipliedReportingOverflow(by: unitMillis)
    return !overflow && millis <= TimePeriod.maximumMillis
  }

  /// The fixed length in milliseconds for units up to a day; nil for weeks and calendar units.
  var fixedMillis: Int64? {
    switch unit {
    case .millisecond: return Int64(count)
    case .second: return Int64(count) * 1000
    case .minute: return Int64(count) * 60_000
    case .hour: return Int64(count) * 3_600_000
    case .day: return Int64(count) * 86_400_000
    case .week: return Int64(count) * 7 * 86_400_000
    case .month, .quarter, .year: return nil
    }
  }
}

/// An item of `fields`, `display` or a `stats` aggregate/group: an expression and its optional alias.
public struct QueryItem: Equatable, Sendable {
  public var expression: QueryExpression
  public var alias: String?
  /// The result column name: the alias, the field name, or the expression's source text (`count(*)`).
  public var name: String {
    if let alias { return alias }
    if case .field(let field) = expression.kind { return field }
    return expression.text
  }
}

/// A sort key: `sort field [asc|desc]`.
public struct SortKey: Equatable, Sendable {
  public var expression: QueryExpression
  public var descending: Bool
}

/// The `parse` command: a glob (`*`) or a regex with named groups.
public struct ParseCommand: Equatable, Sendable {
  public enum Pattern: Equatable, Sendable {
    case glob(String)
    case regex(String)
  }
  public var source: QueryExpression
  public var pattern: Pattern
  /// Names of the extracted fields, in order (the aliases, or the regex's named groups).
  public var fieldNames: [String]
}

/// The `stats` command: aggregates and optional grouping expressions.
public struct StatsCommand: Equatable, Sendable {
  public var aggregates: [QueryItem]
  public var groups: [QueryItem]
}

/// One command of a query, between pipes.
public enum QueryCommand: Equatable, Sendable {
  case fields([QueryItem])
  case display([QueryItem])
  case filter(QueryExpression)
  case stats(StatsCommand)
  case sort([SortKey])
  case limit(Int)
  case parse(ParseCommand)
  case dedup([QueryExpression])
  /// `unnest FIELD into ALIAS`.
  case unnest(QueryExpression, String)
  /// `pattern FIELD`: Vigil's own template grouping (see `MessagePatterns`).
  case pattern(QueryExpression)
}

/// A parsed query: its commands, each with the byte offset of its keyword.
public struct InsightsQuery: Equatable, Sendable {
  public var text: String
  public var commands: [QueryCommand]
  public var commandOffsets: [Int]
  /// The log groups the query names with leading `SOURCE` clauses; nil when it names none (the caller picks them).
  public var source: QuerySource? = nil
}
