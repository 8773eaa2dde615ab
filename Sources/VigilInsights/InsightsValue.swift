import VigilCore
import VigilLogSource

/// A field value in a query: absent (null), text, a number, a timestamp or a Boolean.
public enum InsightsValue: Hashable, Sendable, CustomStringConvertible {
  case null
  case string(String)
  case number(Double)
  /// Epoch milliseconds; shown as `YYYY-MM-DD HH:MM:SS.mmm` UTC like `@timestamp` and `bin()`.
  case timestamp(EpochMillis)
  case bool(Bool)

  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  /// The number this value stands for: numbers, numeric text (`"200"`), timestamps (epoch ms), Booleans as 1/0.
  public var numberValue: Double? {
    switch self {
    case .number(let d): return d
    case .timestamp(let t): return Double(t)
    case .bool(let b): return b ? 1 : 0
    case .string(let s): return InsightsValue.parseNumber(s)
    case .null: return nil
    }
  }

  /// The text of the value as results show it.
  public var description: String {
    switch self {
    case .null: return ""
    case .string(let s): return s
    case .number(let d): return InsightsValue.format(d)
    case .timestamp(let t): return TimeFormat.insights(t)
    // Insights shows Boolean results of expressions as 1/0, like isempty() and strcontains().
    case .bool(let b): return b ? "1" : "0"
    }
  }

  /// Text for string functions: nil for null.
  var stringValue: String? { isNull ? nil : description }

  /// Integers without a fraction (`42`), other numbers in the shortest form that reads back exactly (`142.5`).
  public static func format(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
    if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
    return "\(d)"
  }

  /// Parses a whole string as a decimal number (`42`, `-1.5`, `1e3`); nil for anything else.
  static func parseNumber(_ s: String) -> Double? {
    var s = s
    return s.withUTF8 { NumberParser.parse($0) }
  }
}
