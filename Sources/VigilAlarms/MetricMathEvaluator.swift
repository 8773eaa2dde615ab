import Foundation
import VigilCore

/// A metric-math value over the evaluation range: a scalar, one series or an array of series.
public enum MathValue: Equatable, Sendable {
  case scalar(Double)
  case series([Double?])
  case seriesList([[Double?]])
}

/// A runtime error in a math expression (wrong argument kinds, unknown Id, cycles).
public struct MetricMathError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// Evaluates metric math over the slots of one evaluation range, oldest first, following the user
/// guide's rules (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html):
/// arithmetic treats a missing value as 0 when the other operand has one (both missing → missing);
/// division by zero drops the point; comparisons and AND/OR return 1/0; `IF` follows the documented
/// per-timestamp table; scalar reducers (`AVG(m1)`, ...) reduce over the whole evaluation range, as AWS
/// warns they do in alarms. `FILL(m, REPEAT)` leaves leading gaps missing and `FILL(m, LINEAR)` leaves
/// leading and trailing gaps missing (AWS does not document these edges).
public struct MetricMathEvaluator {
  /// Start time of each slot (period start), oldest first.
  public var slotStarts: [EpochMillis]
  public var period: Int
  /// Values of each `MetricStat` query Id over the slots.
  public var metrics: [String: [Double?]]
  /// Expressions by query Id.
  public var expressions: [String: MetricMathExpression]
  /// The anomaly band for a metric Id and k: (upper, lower) per slot.
  public var band: (String, Double) -> ([Double?], [Double?])?
  private var cache: [String: MathValue] = [:]
  private var visiting: Set<String> = []

  public init(
    slotStarts: [EpochMillis], period: Int, metrics: [String: [Double?]], expressions: [String: MetricMathExpression],
    band: @escaping (String, Double) -> ([Double?], [Double?])? = { _, _ in nil }
  ) {
    self.slotStarts = slotStarts
    self.period = period
    self.metrics = metrics
    self.expressions = expressions
    self.band = band
  }

  var count: Int { slotStarts.count }

  /// The value of query `id`.
  public mutating func value(of id: String) throws(MetricMathError) -> MathValue {
    if let m = metrics[id] { return .series(m) }
    if let cached = cache[id] { return cached }
    guard let e = expressions[id] else { throw MetricMathError(message: "no query with Id \(id)") }
    guard !visiting.contains(id) else { throw MetricMathError(message: "expression \(id) refers to itself") }
    visiting.insert(id)
    let v = try evaluate(e)
    visiting.remove(id)
    cache[id] = v
    return v
  }

  func series(_ v: MathValue) -> [Double?]? {
    switch v {
    case .series(let s): return s
    case .scalar(let x): return Array(repeating: x, count: count)
    case .seriesList: return nil
    }
  }

  public mutating func evaluate(_ e: MetricMathExpression) throws(MetricMathError) -> MathValue {
    switch e {
    case .number(let v): return .scalar(v)
    case .string: throw MetricMathError(message: "a string is only allowed as the argument of METRICS()")
    case .identifier(let name, _): return try value(of: name)
    case .negate(let inner): return try map(try evaluate(inner)) { -$0 }
    case .binary(let op, let a, let b): return try binary(op, try evaluate(a), try evaluate(b))
    case .call(let name, let args, _): return try call(name, args)
    }
  }

  func map(_ v: MathValue, _ f: (Double) -> Double?) throws(MetricMathError) -> MathValue {
    switch v {
    case .scalar(let x): return f(x).map(MathValue.scalar) ?? .series(Array(repeating: nil, count: count))
    case .series(let s): return .series(s.map { $0.flatMap(f) })
    case .seriesList(let list): return .seriesList(list.map { $0.map { $0.flatMap(f) } })
    }
  }

  static func apply(_ op: String, _ x: Double, _ y: Double) -> Double? {
    switch op {
    case "+": return x + y
    case "-": return x - y
    case "*": return x * y
    case "/": return y == 0 ? nil : x / y
    case "^": let r = pow(x, y); return r.isFinite ? r : nil
    case "==": return x == y ? 1 : 0
    case "!=": return x != y ? 1 : 0
    case "<": return x < y ? 1 : 0
    case "<=": return x <= y ? 1 : 0
    case ">": return x > y ? 1 : 0
    case ">=": return x >= y ? 1 : 0
    case "AND": return x != 0 && y != 0 ? 1 : 0
    case "OR": return x != 0 || y != 0 ? 1 : 0
    default: return nil
    }
  }

  func binary(_ op: String, _ a: MathValue, _ b: MathValue) throws(MetricMathError) -> MathValue {
    switch (a, b) {
    case (.scalar(let x), .scalar(let y)):
      return MetricMathEvaluator.apply(op, x, y).map(MathValue.scalar) ?? .series(Array(repeating: nil, count: count))
    case (.series(let s), .scalar(let y)): return .series(s.map { $0.flatMap { MetricMathEvaluator.apply(op, $0, y) } })
    case (.scalar(let x), .series(let s)): return .series(s.map { $0.flatMap { MetricMathEvaluator.apply(op, x, $0) } })
    case (.series(let s), .series(let t)): return .series(zip(s, t).map { pairwise(op, $0, $1) })
    case (.seriesList(let list), _):
      return .seriesList(try list.map { item throws(MetricMathError) in try series(binary(op, .series(item), b))! })
    case (_, .seriesList(let list)):
      return .seriesList(try list.map { item throws(MetricMathError) in try series(binary(op, a, .series(item)))! })
    }
  }

  /// Series ∘ series at one timestamp: a missing side counts as 0 unless both are missing.
  func pairwise(_ op: String, _ x: Double?, _ y: Double?) -> Double? {
    if x == nil && y == nil { return nil }
    return MetricMathEvaluator.apply(op, x ?? 0, y ?? 0)
  }

  mutating func call(_ name: String, _ args: [MetricMathExpression]) throws(MetricMathError) -> MathValue {
    func arity(_ allowed: ClosedRange<Int>) throws(MetricMathError) {
      guard allowed.contains(args.count) else {
        throw MetricMathError(
          message:
            "\(name) takes \(allowed.lowerBound == allowed.upperBound ? "\(allowed.lowerBound)" : "\(allowed.lowerBound) to \(allowed.upperBound)") argument(s), not \(args.count)"
        )
      }
    }
    switch name {
    case "ABS", "CEIL", "FLOOR", "LOG", "LOG10":
      try arity(1...1)
      let f: (Double) -> Double? = {
        switch name {
        case "ABS": return { abs($0) }
        case "CEIL": return { $0.rounded(.up) }
        case "FLOOR": return { $0.rounded(.down) }
        case "LOG": return { $0 > 0 ? Foundation.log($0) : nil }
        default: return { $0 > 0 ? log10($0) : nil }
        }
      }()
      return try map(try evaluate(args[0]), f)
    case "AVG", "SUM", "MIN", "MAX", "STDDEV":
      try arity(1...1)
      let v = try evaluate(args[0])
      switch v {
      case .scalar: throw MetricMathError(message: "\(name) needs a time series or an array of time series")
      case .series(let s):
        // Over every datapoint the alarm retrieved, i.e. the whole evaluation range.
        return MetricMathEvaluator.reduce(name, s.compactMap { $0 }).map(MathValue.scalar) ?? .series(Array(repeating: nil, count: count))
      case .seriesList(let list):
        return .series((0..<count).map { i in MetricMathEvaluator.reduce(name, list.compactMap { $0[i] }) })
      }
    case "FILL":
      try arity(2...2)
      guard let s = series(try evaluate(args[0])) else { throw MetricMathError(message: "FILL needs a single time series first") }
      if case .identifier(let mode, _) = args[1], mode == "REPEAT" || mode == "LINEAR" {
        return .series(mode == "REPEAT" ? MetricMathEvaluator.repeatFill(s) : MetricMathEvaluator.linearFill(s))
      }
      guard let with = series(try evaluate(args[1])) else {
        throw MetricMathError(message: "FILL's second argument must be a number, a series, REPEAT or LINEAR")
      }
      return .series(zip(s, with).map { $0 ?? $1 })
    case "IF":
      try arity(2...3)
      guard let c = series(try evaluate(args[0])), let t = series(try evaluate(args[1])) else {
        throw MetricMathError(message: "IF needs single time series or numbers")
      }
      let f: [Double?]
      if args.count == 3 {
        guard let e = series(try evaluate(args[2])) else { throw MetricMathError(message: "IF needs single time series or numbers") }
        f = e
      } else {
        f = Array(repeating: nil, count: count)
      }
      // Documented table: condition missing → dropped; true and value missing → 0; false and value missing → dropped.
      return .series(
        (0..<count).map { i -> Double? in
          guard let cond = c[i] else { return nil }
          return cond != 0 ? (t[i] ?? 0) : f[i]
        })
    case "METRICS":
      try arity(0...1)
      var filter = ""
      if args.count == 1 {
        guard case .string(let s) = args[0] else { throw MetricMathError(message: "METRICS takes a string, e.g. METRICS(\"errors\")") }
        filter = s
      }
      let ids = metrics.keys.filter { filter.isEmpty || $0.contains(filter) }.sorted()
      return .seriesList(ids.map { metrics[$0]! })
    case "RATE", "DIFF", "DIFF_TIME":
      try arity(1...1)
      guard let s = series(try evaluate(args[0])) else { throw MetricMathError(message: "\(name) needs a single time series") }
      var out: [Double?] = Array(repeating: nil, count: count)
      var previous: Int? = nil
      for i in 0..<count {
        guard let v = s[i] else { continue }
        if let p = previous, let pv = s[p] {
          let seconds = Double(slotStarts[i] - slotStarts[p]) / 1000
          switch name {
          case "DIFF": out[i] = v - pv
          case "DIFF_TIME": out[i] = seconds
          default: out[i] = seconds > 0 ? (v - pv) / seconds : nil
          }
        }
        previous = i
      }
      return .series(out)
    case "PERIOD":
      try arity(1...1)
      return .scalar(Double(period))
    case "TIME_SERIES":
      try arity(1...1)
      guard case .scalar(let x) = try evaluate(args[0]) else { throw MetricMathError(message: "TIME_SERIES takes a number") }
      return .series(Array(repeating: x, count: count))
    case "FIRST", "LAST":
      try arity(1...1)
      guard case .seriesList(let list) = try evaluate(args[0]), !list.isEmpty else {
        throw MetricMathError(message: "\(name) needs an array of time series")
      }
      return .series(name == "FIRST" ? list.first! : list.last!)
    case "MINUTE", "HOUR", "DAY", "DATE", "MONTH", "YEAR", "EPOCH":
      try arity(1...1)
      guard let s = series(try evaluate(args[0])) else { throw MetricMathError(message: "\(name) needs a single time series") }
      return .series(
        (0..<count).map { i -> Double? in
          guard s[i] != nil else { return nil }
          let t = slotStarts[i]
          let c = TimeFormat.civil(t)
          switch name {
          case "MINUTE": return Double(c.minute)
          case "HOUR": return Double(c.hour)
          case "DAY":
            // 1 = Monday … 7 = Sunday (ISO), as the user guide's weekday example IF(DAY(m1)<6, m1) assumes.
            let days = Int((t / 1000).quotientAndRemainder(dividingBy: 86400).quotient)
            return Double(((days + 3) % 7 + 7) % 7 + 1)
          case "DATE": return Double(c.day)
          case "MONTH": return Double(c.month)
          case "YEAR": return Double(c.year)
          default: return Double(t / 1000)
          }
        })
    case "ANOMALY_DETECTION_BAND":
      try arity(1...2)
      guard case .identifier(let id, _) = args[0], metrics[id] != nil else {
        throw MetricMathError(message: "ANOMALY_DETECTION_BAND's first argument must be the Id of a MetricStat query in this preview")
      }
      var k = 2.0
      if args.count == 2 {
        guard case .number(let v) = args[1] else {
          throw MetricMathError(message: "ANOMALY_DETECTION_BAND's second argument must be a number")
        }
        k = v
      }
      guard let (upper, lower) = band(id, k) else { throw MetricMathError(message: "no anomaly band available for \(id)") }
      // FIRST(...) is the upper bound and LAST(...) the lower, as the user guide says.
      return .seriesList([upper, lower])
    default:
      throw MetricMathError(message: "\(name) is not supported by Vigil's alarm preview")
    }
  }

  static func reduce(_ name: String, _ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    switch name {
    case "AVG": return values.reduce(0, +) / Double(values.count)
    case "SUM": return values.reduce(0, +)
    case "MIN": return values.min()
    case "MAX": return values.max()
    default:
      let mean = values.reduce(0, +) / Double(values.count)
      return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
    }
  }

  static func repeatFill(_ s: [Double?]) -> [Double?] {
    var last: Double? = nil
    return s.map { v in
      if let v { last = v; return v }
      return last
    }
  }

  static func linearFill(_ s: [Double?]) -> [Double?] {
    var out = s
    var previous: Int? = nil
    for i in s.indices where s[i] != nil {
      if let p = previous, i - p > 1 {
        let a = s[p]!, b = s[i]!
        for j in (p + 1)..<i { out[j] = a + (b - a) * Double(j - p) / Double(i - p) }
      }
      previous = i
    }
    return out
  }
}
