import VigilCore

/// A parsed metric-math expression (the `Expression` of a `MetricDataQuery`).
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
public indirect enum MetricMathExpression: Equatable, Sendable {
  case number(Double)
  case string(String)
  /// A query Id (`m1`) or a bare keyword argument (`REPEAT`, `LINEAR`); `offset` is its column.
  case identifier(String, offset: Int)
  case negate(MetricMathExpression)
  case binary(String, MetricMathExpression, MetricMathExpression)
  case call(String, [MetricMathExpression], offset: Int)

  /// The functions the preview evaluates. Others (SEARCH, INSIGHT_RULE_METRIC, SERVICE_QUOTA, SORT, SLICE, ...)
  /// are refused with a message rather than approximated.
  public static let functions: Set<String> = [
    "ABS", "CEIL", "FLOOR", "LOG", "LOG10", "AVG", "SUM", "MIN", "MAX", "STDDEV", "FILL", "IF", "METRICS", "RATE", "DIFF",
    "DIFF_TIME", "PERIOD", "TIME_SERIES", "FIRST", "LAST", "MINUTE", "HOUR", "DAY", "DATE", "MONTH", "YEAR", "EPOCH",
    "ANOMALY_DETECTION_BAND",
  ]

  /// Query Ids the expression refers to.
  public var references: [String] {
    switch self {
    case .identifier(let name, _): return name == "REPEAT" || name == "LINEAR" ? [] : [name]
    case .negate(let e): return e.references
    case .binary(_, let a, let b): return a.references + b.references
    case .call(_, let args, _): return args.flatMap(\.references)
    default: return []
    }
  }

  /// Whether the expression calls `name` anywhere.
  public func calls(_ name: String) -> Bool {
    switch self {
    case .call(let n, let args, _): return n == name || args.contains { $0.calls(name) }
    case .negate(let e): return e.calls(name)
    case .binary(_, let a, let b): return a.calls(name) || b.calls(name)
    default: return false
    }
  }

  /// The deepest an expression may nest. CloudWatch documents no limit; 5,000 nested parentheses in an
  /// `Expression` overflowed the stack of the recursive parser and evaluator.
  public static let maximumDepth = 100

  /// Parses an expression; errors are diagnostics at the offending column of `text`.
  public static func parse(_ text: String) throws(Diagnostic) -> MetricMathExpression {
    var parser = Parser(text: text)
    return try parser.parseAll()
  }

  struct Token: Equatable {
    enum Kind: Equatable { case number(Double), string(String), word(String), symbol(String), end }
    var kind: Kind
    var offset: Int
  }

  struct Parser {
    let text: String
    var tokens: [Token] = []
    var position = 0

    init(text: String) { self.text = text }

    func fail(_ message: String, _ offset: Int, suggestion: String? = nil) -> Diagnostic {
      Diagnostic(message, in: text, offset: offset, suggestion: suggestion)
    }

    mutating func lex() throws(Diagnostic) {
      let s = Array(text.unicodeScalars)
      var i = 0
      func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
      func isWord(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || isDigit(c) || c == "_" }
      while i < s.count {
        let c = s[i]
        if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
        let start = i
        if isDigit(c) || (c == "." && i + 1 < s.count && isDigit(s[i + 1])) {
          while i < s.count, isDigit(s[i]) || s[i] == "." { i += 1 }
          if i < s.count, s[i] == "e" || s[i] == "E" {
            var j = i + 1
            if j < s.count, s[j] == "+" || s[j] == "-" { j += 1 }
            if j < s.count, isDigit(s[j]) {
              i = j
              while i < s.count, isDigit(s[i]) { i += 1 }
            }
          }
          guard let v = Double(String(String.UnicodeScalarView(s[start..<i]))) else { throw fail("malformed number", start) }
          tokens.append(Token(kind: .number(v), offset: start))
        } else if c == "\"" {
          i += 1
          var value = ""
          while i < s.count, s[i] != "\"" { value.unicodeScalars.append(s[i]); i += 1 }
          guard i < s.count else { throw fail("unterminated string", start) }
          i += 1
          tokens.append(Token(kind: .string(value), offset: start))
        } else if isWord(c) {
          while i < s.count, isWord(s[i]) { i += 1 }
          tokens.append(Token(kind: .word(String(String.UnicodeScalarView(s[start..<i]))), offset: start))
        } else {
          let two = i + 1 < s.count ? String(String.UnicodeScalarView(s[i...i + 1])) : ""
          if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
            tokens.append(Token(kind: .symbol(two), offset: start))
            i += 2
          } else if "+-*/^<>(),".unicodeScalars.contains(c) {
            tokens.append(Token(kind: .symbol(String(c)), offset: start))
            i += 1
          } else {
            throw fail("unexpected character \"\(c)\"", start)
          }
        }
      }
      tokens.append(Token(kind: .end, offset: s.count))
    }

    var current: Token { tokens[position] }

    mutating func accept(_ symbol: String) -> Bool {
      if current.kind == .symbol(symbol) || current.kind == .word(symbol) {
        position += 1
        return true
      }
      return false
    }

    /// An expression and the height of its tree, so the depth limit also catches `m1 + m1 + … + m1` chains.
    typealias Node = (expression: MetricMathExpression, height: Int)

    /// How many nested calls, parentheses, unary minuses and `^` the parser is inside.
    var nesting = 0

    func tooDeep(_ offset: Int) -> Diagnostic {
      fail("the expression is nested more than \(MetricMathExpression.maximumDepth) levels deep", offset)
    }

    /// Builds a node one level above `children`, refusing trees deeper than `maximumDepth`.
    func node(_ e: MetricMathExpression, _ children: Node..., at offset: Int) throws(Diagnostic) -> Node {
      let height = 1 + (children.map(\.height).max() ?? 0)
      guard height <= MetricMathExpression.maximumDepth else { throw tooDeep(offset) }
      return (e, height)
    }

    /// Runs `body` one nesting level deeper, before the recursion can exhaust the stack; `offset` is the
    /// token that opens the level (a parenthesis, `-`, `^`).
    mutating func nested(at offset: Int, _ body: (inout Parser) throws(Diagnostic) -> Node) throws(Diagnostic) -> Node {
      guard nesting < MetricMathExpression.maximumDepth else { throw tooDeep(offset) }
      nesting += 1
      defer { nesting -= 1 }
      return try body(&self)
    }

    mutating func parseAll() throws(Diagnostic) -> MetricMathExpression {
      try lex()
      guard current.kind != .end else { throw fail("empty expression", 0) }
      let e = try parseOr()
      guard current.kind == .end else { throw fail("unexpected text after the expression", current.offset) }
      return e.expression
    }

    mutating func parseOr() throws(Diagnostic) -> Node {
      var e = try parseAnd()
      while true {
        let offset = current.offset
        guard accept("||") || accept("OR") else { return e }
        let right = try parseAnd()
        e = try node(.binary("OR", e.expression, right.expression), e, right, at: offset)
      }
    }

    mutating func parseAnd() throws(Diagnostic) -> Node {
      var e = try parseComparison()
      while true {
        let offset = current.offset
        guard accept("&&") || accept("AND") else { return e }
        let right = try parseComparison()
        e = try node(.binary("AND", e.expression, right.expression), e, right, at: offset)
      }
    }

    mutating func parseComparison() throws(Diagnostic) -> Node {
      var e = try parseAdditive()
      while true {
        guard case .symbol(let op) = current.kind, ["==", "!=", "<=", ">=", "<", ">"].contains(op) else { return e }
        let offset = current.offset
        position += 1
        let right = try parseAdditive()
        e = try node(.binary(op, e.expression, right.expression), e, right, at: offset)
      }
    }

    mutating func parseAdditive() throws(Diagnostic) -> Node {
      var e = try parseMultiplicative()
      while true {
        guard case .symbol(let op) = current.kind, op == "+" || op == "-" else { return e }
        let offset = current.offset
        position += 1
        let right = try parseMultiplicative()
        e = try node(.binary(op, e.expression, right.expression), e, right, at: offset)
      }
    }

    mutating func parseMultiplicative() throws(Diagnostic) -> Node {
      var e = try parseUnary()
      while true {
        guard case .symbol(let op) = current.kind, op == "*" || op == "/" else { return e }
        let offset = current.offset
        position += 1
        let right = try parseUnary()
        e = try node(.binary(op, e.expression, right.expression), e, right, at: offset)
      }
    }

    mutating func parseUnary() throws(Diagnostic) -> Node {
      let offset = current.offset
      if accept("-") {
        let operand = try nested(at: offset) { (p: inout Parser) throws(Diagnostic) in try p.parseUnary() }
        return try node(.negate(operand.expression), operand, at: offset)
      }
      return try parsePower()
    }

    mutating func parsePower() throws(Diagnostic) -> Node {
      let base = try parsePrimary()
      let offset = current.offset
      if accept("^") {
        let exponent = try nested(at: offset) { (p: inout Parser) throws(Diagnostic) in try p.parseUnary() }
        return try node(.binary("^", base.expression, exponent.expression), base, exponent, at: offset)
      }
      return base
    }

    mutating func parsePrimary() throws(Diagnostic) -> Node {
      let token = current
      switch token.kind {
      case .number(let v):
        position += 1
        return (.number(v), 1)
      case .string(let s):
        position += 1
        return (.string(s), 1)
      case .symbol("("):
        position += 1
        let e = try nested(at: token.offset) { (p: inout Parser) throws(Diagnostic) in try p.parseOr() }
        guard accept(")") else { throw fail("expected )", current.offset) }
        return e
      case .word(let word):
        position += 1
        guard accept("(") else {
          if MetricMathExpression.functions.contains(word) { throw fail("\(word) needs arguments in parentheses", current.offset) }
          return (.identifier(word, offset: token.offset), 1)
        }
        guard MetricMathExpression.functions.contains(word) else {
          if [
            "SEARCH", "INSIGHT_RULE_METRIC", "SERVICE_QUOTA", "SLICE", "SORT", "REMOVE_EMPTY", "RUNNING_SUM", "DB_PERF_INSIGHTS", "LAMBDA",
            "CONCAT", "STDDEV_SAMPLE",
          ].contains(word) {
            throw fail(
              "\(word) is not supported by Vigil's alarm preview\(word == "SEARCH" ? " (and CloudWatch refuses SEARCH in alarms)" : "")",
              token.offset)
          }
          throw fail(
            "unknown function \(word)", token.offset,
            suggestion: closestMatch(to: word, in: MetricMathExpression.functions).map { "did you mean \($0)?" })
        }
        var args: [Node] = []
        if !accept(")") {
          repeat { args.append(try nested(at: token.offset) { (p: inout Parser) throws(Diagnostic) in try p.parseOr() }) } while accept(",")
          guard accept(")") else { throw fail("expected , or ) in the arguments of \(word)", current.offset) }
        }
        let height = 1 + (args.map(\.height).max() ?? 0)
        guard height <= MetricMathExpression.maximumDepth else { throw tooDeep(token.offset) }
        return (.call(word, args.map(\.expression), offset: token.offset), height)
      case .end: throw fail("unexpected end of expression", token.offset)
      default:
        throw fail(
          "unexpected \(String(describing: token.kind).replacingOccurrences(of: "symbol(", with: "").replacingOccurrences(of: ")", with: ""))",
          token.offset)
      }
    }
  }
}
