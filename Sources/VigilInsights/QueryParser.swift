import VigilCore
import VigilLogSource

/// Parses Logs Insights query text into an `InsightsQuery` and checks the rules AWS enforces before running
/// (at most two `stats`, `sort`/`limit` after the second `stats`, known functions and arities, valid regexes).
/// Every error is a `Diagnostic` with the line, column and a caret.
public struct QueryParser {
  private let source: QueryText
  private var tokens: [QueryToken] = []
  private var position = 0
  /// How many nested expressions (parentheses, lists, calls, `not`, unary `-`, `^`) the parser is inside.
  private var nesting = 0

  /// The deepest an expression may nest. CloudWatch documents no limit, but a 10,000-character query can
  /// hold 3,000 parentheses, and every stage after the parser walks the tree recursively.
  public static let maximumDepth = 100

  /// Parses and checks a query. `file` is used in diagnostics (nil for the shell or command line).
  public static func parse(_ text: String, file: String? = nil) throws(Diagnostic) -> InsightsQuery {
    var parser = QueryParser(source: QueryText(text, file: file))
    parser.tokens = try QueryLexer(parser.source).tokenize()
    let query = try parser.parseQuery()
    try QueryChecker(source: parser.source, query: query).check()
    return query
  }

  private init(source: QueryText) { self.source = source }

  // MARK: Token helpers

  private var current: QueryToken { tokens[position] }
  private var next: QueryToken { tokens[min(position + 1, tokens.count - 1)] }

  private mutating func advance() -> QueryToken {
    let token = tokens[position]
    if position < tokens.count - 1 { position += 1 }
    return token
  }

  private func error(_ message: String, at token: QueryToken? = nil, suggestion: String? = nil) -> Diagnostic {
    source.diagnostic(message, at: (token ?? current).range.lowerBound, suggestion: suggestion)
  }

  private func describe(_ token: QueryToken) -> String {
    switch token.kind {
    case .end: return "end of query"
    case .identifier(let s, _): return "'\(s)'"
    case .symbol(let s): return "'\(s)'"
    case .string(let s): return "string \"\(s)\""
    case .regex(let s): return "regex /\(s)/"
    case .number, .duration: return "'\(source.slice(token.range))'"
    }
  }

  private mutating func expectSymbol(_ s: String, _ context: String) throws(Diagnostic) {
    guard current.isSymbol(s) else { throw error("expected '\(s)' \(context), found \(describe(current))") }
    _ = advance()
  }

  private func atKeyword(_ k: String) -> Bool { current.keyword == k }

  private var atCommandEnd: Bool {
    if case .end = current.kind { return true }
    return current.isSymbol("|")
  }

  // MARK: Commands

  private static let knownButUnsupported: Set<String> = [
    "diff", "anomaly", "unmask", "filterindex", "source", "lookup", "join", "addtotals", "autoregress", "logcompare",
    "filldown", "fillmissing", "cidrlookup", "outlier", "accum", "appendcols", "sessionize", "countfrequent", "where",
    "relevantfields", "expand", "head", "tail",
  ]

  private mutating func parseQuery() throws(Diagnostic) -> InsightsQuery {
    var commands: [QueryCommand] = []
    var offsets: [Int] = []
    if case .end = current.kind { throw error("empty query: expected a command such as fields, filter or stats") }
    let source = try parseSource()
    if source != nil, case .end = current.kind { throw error("expected '|' and a command after SOURCE") }
    while true {
      if current.isSymbol("|") { throw error("expected a command before '|'") }
      offsets.append(current.range.lowerBound)
      commands.append(try parseCommand())
      if case .end = current.kind { break }
      guard current.isSymbol("|") else { throw error("expected '|' or end of query, found \(describe(current))") }
      _ = advance()
      if case .end = current.kind { throw error("expected a command after '|'") }
    }
    return InsightsQuery(text: self.source.text, commands: commands, commandOffsets: offsets, source: source)
  }

  /// Leading `SOURCE 'name' |` clauses, or one `SOURCE logGroups(…) |` (see `QuerySource`).
  private mutating func parseSource() throws(Diagnostic) -> QuerySource? {
    guard current.keyword == "source" else { return nil }
    let start = current.range.lowerBound
    var names: [String] = []
    var offsets: [Int] = []
    var prefixes: [String]??
    while current.keyword == "source" {
      _ = advance()
      if case .string(let name) = current.kind {
        if prefixes != nil { throw error("SOURCE logGroups(…) cannot be combined with SOURCE 'name'") }
        guard !name.isEmpty else { throw error("SOURCE needs a log group name") }
        names.append(name)
        offsets.append(current.range.lowerBound)
        _ = advance()
      } else if current.keyword == "loggroups" {
        guard names.isEmpty, prefixes == nil else { throw error("only one SOURCE logGroups(…) per query, without SOURCE 'name'") }
        let (selected, at) = try parseLogGroups()
        prefixes = .some(selected)
        offsets = at
      } else {
        throw error(
          "expected a log group name in quotes or logGroups(…) after SOURCE, found \(describe(current))",
          suggestion: "e.g. SOURCE '/aws/lambda/checkout' | fields @message")
      }
      guard current.isSymbol("|") else { throw error("expected '|' after the SOURCE clause, found \(describe(current))") }
      _ = advance()
    }
    if let prefixes {
      return QuerySource(selection: .prefixes(prefixes), offsets: offsets, offset: start)
    }
    return QuerySource(selection: .names(names), offsets: offsets, offset: start)
  }

  /// `logGroups(namePrefix: ['a', …], class: ['STANDARD'])`: the prefixes (nil: every group) and their offsets.
  private mutating func parseLogGroups() throws(Diagnostic) -> ([String]?, [Int]) {
    _ = advance()
    try expectSymbol("(", "after logGroups")
    var prefixes: [String]?
    var offsets: [Int] = []
    var seen: Set<String> = []
    while !current.isSymbol(")") {
      let keyToken = current
      guard case .identifier(let key, _) = keyToken.kind else { throw error("expected namePrefix:, class: or ')' in logGroups(…)") }
      guard seen.insert(key).inserted else { throw error("'\(key)' is given twice", at: keyToken) }
      _ = advance()
      try expectSymbol(":", "after \(key)")
      try expectSymbol("[", "to start the \(key) list")
      var values: [(String, Int)] = []
      while !current.isSymbol("]") {
        guard case .string(let value) = current.kind else { throw error("expected a quoted string in the \(key) list") }
        values.append((value, current.range.lowerBound))
        _ = advance()
        if current.isSymbol(",") { _ = advance() } else { break }
      }
      try expectSymbol("]", "to end the \(key) list")
      switch key {
      case "namePrefix":
        guard !values.isEmpty, values.count <= 5 else { throw error("namePrefix holds 1 to 5 prefixes", at: keyToken) }
        prefixes = values.map(\.0)
        offsets = values.map(\.1)
      case "class", "logGroupClass":
        for (value, at) in values where value != "STANDARD" {
          throw self.source.diagnostic(
            value == "INFREQUENT_ACCESS"
              ? "local logs are Standard-class log groups; class INFREQUENT_ACCESS selects none of them"
              : "unknown log class '\(value)' (STANDARD or INFREQUENT_ACCESS)", at: at)
        }
      case "accountIdentifiers":
        throw error("accountIdentifiers selects log groups of linked accounts; local logs belong to no account", at: keyToken)
      default:
        throw error(
          "unknown logGroups(…) keyword '\(key)'", at: keyToken,
          suggestion: closestMatch(to: key, in: ["namePrefix", "class", "accountIdentifiers"]).map { "did you mean '\($0)'?" })
      }
      if current.isSymbol(",") { _ = advance() }
    }
    _ = advance()
    return (prefixes, offsets)
  }

  private mutating func parseCommand() throws(Diagnostic) -> QueryCommand {
    let token = current
    guard let keyword = token.keyword else { throw error("expected a command, found \(describe(token))") }
    _ = advance()
    switch keyword {
    case "fields": return .fields(try parseItems(context: "fields"))
    case "display": return .display(try parseItems(context: "display"))
    case "filter":
      let condition = try parseExpression()
      try expectCommandEnd("filter")
      return .filter(condition)
    case "stats": return .stats(try parseStats())
    case "sort": return .sort(try parseSortKeys())
    case "limit":
      guard case .number(let n) = current.kind, n == n.rounded(), n >= 1 else {
        throw error("limit needs a positive whole number, found \(describe(current))")
      }
      guard n <= 10_000 else { throw error("limit can be at most 10000") }
      _ = advance()
      try expectCommandEnd("limit")
      return .limit(Int(n))
    case "parse": return .parse(try parseParse(at: token))
    case "dedup":
      var fields: [QueryExpression] = []
      repeat {
        if current.isSymbol(",") { _ = advance() }
        let field = try parsePrimary()
        guard case .field = field.kind else { throw source.diagnostic("dedup takes field names", at: field.range.lowerBound) }
        fields.append(field)
      } while current.isSymbol(",")
      try expectCommandEnd("dedup")
      return .dedup(fields)
    case "unnest":
      let field = try parsePrimary()
      guard case .field = field.kind else { throw source.diagnostic("unnest takes a field name", at: field.range.lowerBound) }
      guard atKeyword("into") else { throw error("expected 'into ALIAS' after the unnest field") }
      _ = advance()
      let alias = try parseName("after 'into'")
      try expectCommandEnd("unnest")
      return .unnest(field, alias)
    case "pattern":
      let field = try parseExpression()
      try expectCommandEnd("pattern")
      return .pattern(field)
    case "source":
      throw error("SOURCE must come first in the query, before the other commands", at: token)
    default:
      if Self.knownButUnsupported.contains(keyword) {
        throw error("the '\(keyword)' command is not supported by Vigil", at: token)
      }
      let suggestion = closestMatch(to: keyword, in: FunctionCatalog.commands).map { "did you mean '\($0)'?" }
      throw error("unknown command '\(source.slice(token.range))'", at: token, suggestion: suggestion)
    }
  }

  private mutating func expectCommandEnd(_ command: String) throws(Diagnostic) {
    guard atCommandEnd else { throw error("unexpected \(describe(current)) in \(command)") }
  }

  private mutating func parseName(_ context: String) throws(Diagnostic) -> String {
    guard case .identifier(let name, _) = current.kind else { throw error("expected a field name \(context), found \(describe(current))") }
    _ = advance()
    return name
  }

  private mutating func parseItems(context: String, stopAtBy: Bool = false) throws(Diagnostic) -> [QueryItem] {
    var items: [QueryItem] = []
    while true {
      if atCommandEnd { throw error("expected an expression in \(context), found \(describe(current))") }
      let expression = try parseExpression()
      var alias: String?
      if atKeyword("as") {
        _ = advance()
        alias = try parseName("after 'as'")
      }
      items.append(QueryItem(expression: expression, alias: alias))
      if current.isSymbol(",") {
        _ = advance()
        continue
      }
      if stopAtBy && atKeyword("by") { return items }
      try expectCommandEnd(context)
      return items
    }
  }

  private mutating func parseStats() throws(Diagnostic) -> StatsCommand {
    let aggregates = try parseItems(context: "stats", stopAtBy: true)
    var groups: [QueryItem] = []
    if atKeyword("by") {
      _ = advance()
      groups = try parseItems(context: "stats ... by")
    }
    return StatsCommand(aggregates: aggregates, groups: groups)
  }

  private mutating func parseSortKeys() throws(Diagnostic) -> [SortKey] {
    var keys: [SortKey] = []
    while true {
      if atCommandEnd { throw error("expected a field to sort by, found \(describe(current))") }
      let expression = try parseAdditive()
      var descending = false
      if atKeyword("desc") {
        descending = true
        _ = advance()
      } else if atKeyword("asc") {
        _ = advance()
      }
      keys.append(SortKey(expression: expression, descending: descending))
      if current.isSymbol(",") {
        _ = advance()
        continue
      }
      try expectCommandEnd("sort")
      return keys
    }
  }

  private mutating func parseParse(at keywordToken: QueryToken) throws(Diagnostic) -> ParseCommand {
    var sourceField = QueryExpression(kind: .field("@message"), range: keywordToken.range, text: "@message")
    switch current.kind {
    case .string, .regex: break
    default: sourceField = try parsePrimary()
    }
    let patternToken = advance()
    switch patternToken.kind {
    case .string(let glob):
      let stars = glob.utf8.filter { $0 == UInt8(ascii: "*") }.count
      guard stars > 0 else { throw error("a parse pattern needs at least one '*'", at: patternToken) }
      guard atKeyword("as") else {
        throw error("expected 'as' and \(stars) field name\(stars == 1 ? "" : "s") after the parse pattern")
      }
      let asToken = advance()
      var names: [String] = []
      repeat {
        if current.isSymbol(",") { _ = advance() }
        names.append(try parseName("in parse ... as"))
      } while current.isSymbol(",")
      guard names.count == stars else {
        throw error(
          "the parse pattern has \(stars) '*' but \(names.count) field name\(names.count == 1 ? "" : "s") follow 'as'",
          at: asToken)
      }
      try expectCommandEnd("parse")
      return ParseCommand(source: sourceField, pattern: .glob(glob), fieldNames: names)
    case .regex(let pattern):
      let names = try RegexSupport.namedGroups(pattern, source: source, at: patternToken.range.lowerBound)
      guard !names.isEmpty else {
        throw error("a parse regex needs named capture groups such as (?<name>...)", at: patternToken)
      }
      if atKeyword("as") { throw error("a parse regex names its fields with (?<name>...) groups; remove 'as'") }
      try expectCommandEnd("parse")
      return ParseCommand(source: sourceField, pattern: .regex(pattern), fieldNames: names)
    default:
      throw error("expected a quoted pattern or a /regex/ in parse, found \(describe(patternToken))", at: patternToken)
    }
  }

  // MARK: Expressions (lowest to highest precedence: or, and, not, comparison, + -, * / %, ^, unary -)

  mutating func parseExpression() throws(Diagnostic) -> QueryExpression {
    try nested { (parser: inout QueryParser) throws(Diagnostic) in try parser.parseOr() }
  }

  /// Runs `body` one nesting level deeper, refusing to go past `maximumDepth` before the stack runs out.
  private mutating func nested(
    _ body: (inout QueryParser) throws(Diagnostic) -> QueryExpression
  ) throws(Diagnostic) -> QueryExpression {
    guard nesting < QueryParser.maximumDepth else { throw tooDeep(at: current.range.lowerBound) }
    nesting += 1
    defer { nesting -= 1 }
    return try body(&self)
  }

  private func tooDeep(at offset: Int) -> Diagnostic {
    source.diagnostic("the expression is nested more than \(QueryParser.maximumDepth) levels deep", at: offset)
  }

  /// Builds a node; a chain such as `a + a + … + a` deepens the tree without nesting the parser, so the
  /// depth is checked here too.
  private func make(_ kind: QueryExpression.Kind, _ lower: Int, _ upper: Int) throws(Diagnostic) -> QueryExpression {
    let expression = QueryExpression(kind: kind, range: lower..<upper, text: source.slice(lower..<upper))
    guard expression.depth <= QueryParser.maximumDepth else { throw tooDeep(at: lower) }
    return expression
  }

  private mutating func parseOr() throws(Diagnostic) -> QueryExpression {
    var left = try parseAnd()
    while atKeyword("or") {
      _ = advance()
      let right = try parseAnd()
      left = try make(.binary(.or, left, right), left.range.lowerBound, right.range.upperBound)
    }
    return left
  }

  private mutating func parseAnd() throws(Diagnostic) -> QueryExpression {
    var left = try parseNot()
    while atKeyword("and") {
      _ = advance()
      let right = try parseNot()
      left = try make(.binary(.and, left, right), left.range.lowerBound, right.range.upperBound)
    }
    return left
  }

  private mutating func parseNot() throws(Diagnostic) -> QueryExpression {
    if atKeyword("not") || current.isSymbol("!") {
      let start = advance().range.lowerBound
      let operand = try nested { (parser: inout QueryParser) throws(Diagnostic) in try parser.parseNot() }
      return try make(.unary(.not, operand), start, operand.range.upperBound)
    }
    return try parseComparison()
  }

  private mutating func parseComparison() throws(Diagnostic) -> QueryExpression {
    let left = try parseAdditive()
    let operators: [String: BinaryOperator] = [
      "=": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]
    if case .symbol(let s) = current.kind, let op = operators[s] {
      _ = advance()
      let right = try parseAdditive()
      return try make(.binary(op, left, right), left.range.lowerBound, right.range.upperBound)
    }
    var negated = false
    if atKeyword("not"), next.keyword == "like" || next.keyword == "in" {
      negated = true
      _ = advance()
    }
    if atKeyword("like") || current.isSymbol("=~") {
      let opToken = advance()
      let pattern = try parsePrimary()
      switch pattern.kind {
      case .string: break
      case .regex(let re): try RegexSupport.validate(re, source: source, at: pattern.range.lowerBound)
      default:
        throw source.diagnostic(
          "\(source.slice(opToken.range)) needs a \"string\" or a /regex/", at: pattern.range.lowerBound)
      }
      return try make(.like(left, pattern, negated: negated), left.range.lowerBound, pattern.range.upperBound)
    }
    if atKeyword("in") {
      _ = advance()
      let list = try parsePrimary()
      guard case .list(let items) = list.kind else {
        throw source.diagnostic("in needs a list such as [\"a\", \"b\", 1]", at: list.range.lowerBound)
      }
      return try make(.inList(left, items, negated: negated), left.range.lowerBound, list.range.upperBound)
    }
    if negated { throw error("expected 'like' or 'in' after 'not'") }
    return left
  }

  private mutating func parseAdditive() throws(Diagnostic) -> QueryExpression {
    var left = try parseMultiplicative()
    while current.isSymbol("+") || current.isSymbol("-") {
      let op: BinaryOperator = advance().isSymbol("+") ? .add : .subtract
      let right = try parseMultiplicative()
      left = try make(.binary(op, left, right), left.range.lowerBound, right.range.upperBound)
    }
    return left
  }

  private mutating func parseMultiplicative() throws(Diagnostic) -> QueryExpression {
    var left = try parsePower()
    while current.isSymbol("*") || current.isSymbol("/") || current.isSymbol("%") {
      let token = advance()
      let op: BinaryOperator = token.isSymbol("*") ? .multiply : token.isSymbol("/") ? .divide : .modulo
      let right = try parsePower()
      left = try make(.binary(op, left, right), left.range.lowerBound, right.range.upperBound)
    }
    return left
  }

  private mutating func parsePower() throws(Diagnostic) -> QueryExpression {
    let base = try parseUnary()
    if current.isSymbol("^") {
      _ = advance()
      let exponent = try nested { (parser: inout QueryParser) throws(Diagnostic) in try parser.parsePower() }
      return try make(.binary(.power, base, exponent), base.range.lowerBound, exponent.range.upperBound)
    }
    return base
  }

  private mutating func parseUnary() throws(Diagnostic) -> QueryExpression {
    if current.isSymbol("-") {
      let start = advance().range.lowerBound
      let operand = try nested { (parser: inout QueryParser) throws(Diagnostic) in try parser.parseUnary() }
      if case .number(let n) = operand.kind { return try make(.number(-n), start, operand.range.upperBound) }
      return try make(.unary(.negate, operand), start, operand.range.upperBound)
    }
    return try parsePrimary()
  }

  private mutating func parsePrimary() throws(Diagnostic) -> QueryExpression {
    let token = current
    let start = token.range.lowerBound
    switch token.kind {
    case .number(let n):
      _ = advance()
      return try make(.number(n), start, token.range.upperBound)
    case .duration(let count, let unitText):
      _ = advance()
      guard let unit = TimePeriod.unit(named: unitText) else {
        throw error(
          "unknown time unit '\(unitText)'", at: token,
          suggestion: "use ms, s, m, h, d, w, mo, q or y")
      }
      let period = TimePeriod(count: count, unit: unit)
      guard period.isWithinMaximum else {
        throw error("the time period '\(source.slice(token.range))' is longer than 100 years", at: token)
      }
      return try make(.period(period), start, token.range.upperBound)
    case .string(let s):
      _ = advance()
      return try make(.string(s), start, token.range.upperBound)
    case .regex(let re):
      _ = advance()
      try RegexSupport.validate(re, source: source, at: start)
      return try make(.regex(re), start, token.range.upperBound)
    case .symbol("("):
      _ = advance()
      let inner = try parseExpression()
      guard current.isSymbol(")") else { throw error("expected ')' to close '(', found \(describe(current))") }
      let end = advance().range.upperBound
      var grouped = inner
      grouped.range = start..<end
      grouped.text = source.slice(start..<end)
      return grouped
    case .symbol("["):
      _ = advance()
      var items: [QueryExpression] = []
      if !current.isSymbol("]") {
        while true {
          items.append(try parseExpression())
          if current.isSymbol(",") {
            _ = advance()
            continue
          }
          break
        }
      }
      guard current.isSymbol("]") else { throw error("expected ']' to close the list, found \(describe(current))") }
      let end = advance().range.upperBound
      return try make(.list(items), start, end)
    case .identifier(let name, let quoted):
      _ = advance()
      if !quoted, current.isSymbol("(") {
        return try parseCall(name: name, nameToken: token)
      }
      if !quoted, let k = token.keyword, ["and", "or", "by", "as", "like", "in", "asc", "desc"].contains(k) {
        throw error("expected a value, found the keyword '\(name)'", at: token)
      }
      return try make(.field(name), start, token.range.upperBound)
    case .symbol(let s):
      throw error("expected a value, found '\(s)'", at: token)
    case .end:
      throw error("expected a value, found end of query", at: token)
    }
  }

  private mutating func parseCall(name: String, nameToken: QueryToken) throws(Diagnostic) -> QueryExpression {
    _ = advance()  // (
    var arguments: [QueryExpression] = []
    if !current.isSymbol(")") {
      while true {
        if current.isSymbol("*"), next.isSymbol(")") || next.isSymbol(",") {
          let star = advance()
          arguments.append(try make(.star, star.range.lowerBound, star.range.upperBound))
        } else {
          arguments.append(try parseExpression())
        }
        if current.isSymbol(",") {
          _ = advance()
          continue
        }
        break
      }
    }
    guard current.isSymbol(")") else {
      throw error("expected ',' or ')' in the arguments of \(name)(), found \(describe(current))")
    }
    let end = advance().range.upperBound
    let lower = name.lowercased()
    if let reason = FunctionCatalog.unsupported[lower] { throw error(reason, at: nameToken) }
    guard let signature = FunctionCatalog.signature(lower) else {
      let suggestion = closestMatch(to: name, in: FunctionCatalog.names).map { "did you mean '\($0)'?" }
      throw error("unknown function '\(name)'", at: nameToken, suggestion: suggestion)
    }
    if arguments.count < signature.minArguments || (signature.maxArguments.map { arguments.count > $0 } ?? false) {
      let expected: String
      if let max = signature.maxArguments {
        expected = max == signature.minArguments ? "\(max)" : "\(signature.minArguments) to \(max)"
      } else {
        expected = "at least \(signature.minArguments)"
      }
      throw error(
        "\(signature.name)() takes \(expected) argument\(expected == "1" ? "" : "s"), got \(arguments.count)", at: nameToken)
    }
    for argument in arguments where argument.kind == .star && lower != "count" {
      throw source.diagnostic("'*' is only allowed in count(*)", at: argument.range.lowerBound)
    }
    return try make(.call(lower, arguments), nameToken.range.lowerBound, end)
  }
}
