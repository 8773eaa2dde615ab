import VigilCore
import VigilLogSource

/// A property selector such as `$.user.id`, `$.items[0]`, `$.arrayKey[*]`, `$.*`, `$.['cluster.name']`.
public struct JSONSelector: Equatable, Sendable, CustomStringConvertible {
  enum Step: Equatable, Sendable {
    case member([UInt8])
    case index(Int)
    case anyMember
    case anyElement
  }
  var steps: [Step]
  /// The selector as written.
  public var text: String
  public var description: String { text }

  var hasWildcard: Bool { steps.contains { $0 == .anyMember || $0 == .anyElement } }

  /// Parses a selector on its own (a metric value `$.latency` or a dimension `$.eventType`).
  public init(parsing text: String) throws(Diagnostic) {
    var lexer = PatternLexer(pattern: text, allowsSelectors: true)
    guard text.hasPrefix("$") else { throw lexer.fail("a JSON field reference starts with '$.'", 0) }
    let selector = try lexer.selector()
    guard lexer.i == lexer.scalars.count else { throw lexer.fail("unexpected text after the selector", lexer.i) }
    self = selector
  }

  init(steps: [Step], text: String) {
    self.steps = steps
    self.text = text
  }

  /// Calls `body` with the start of each value the selector reaches from the root object, until it returns true.
  func resolve(_ json: JSONScanner, _ root: Int, _ body: (Int) -> Bool) -> Bool {
    resolve(json, root, 0, body)
  }

  private func resolve(_ json: JSONScanner, _ at: Int, _ step: Int, _ body: (Int) -> Bool) -> Bool {
    if step == steps.count { return body(at) }
    switch steps[step] {
    case .member(let key):
      guard let v = json.member(at, key: key) else { return false }
      return resolve(json, v, step + 1, body)
    case .index(let n):
      var found: Int?
      _ = json.forEachElement(at) { index, v in
        if index == n { found = v }
        return index >= n
      }
      guard let found else { return false }
      return resolve(json, found, step + 1, body)
    case .anyMember:
      return json.forEachMember(at) { _, _, v in resolve(json, v, step + 1, body) }
    case .anyElement:
      return json.forEachElement(at) { _, v in resolve(json, v, step + 1, body) }
    }
  }
}

/// A JSON filter pattern `{ … }`: comparisons joined by `&&`/`||` with parentheses (`()` > `&&` > `||`).
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-terms-json-log-events
struct JSONPattern: Equatable, Sendable {
  indirect enum Expression: Equatable, Sendable {
    case and(Expression, Expression)
    case or(Expression, Expression)
    case compare(JSONSelector, ValueComparison)
    case isNull(JSONSelector)
    case isTrue(JSONSelector)
    case isFalse(JSONSelector)
    case notExists(JSONSelector)
  }

  var expression: Expression

  // MARK: Parsing

  struct Parser {
    let tokens: [PatternToken]
    let lexer: PatternLexer
    var position = 0
    var regexCount = 0
    var wildcardSelectors = 0

    var current: PatternToken { tokens[position] }

    mutating func parse() throws(Diagnostic) -> JSONPattern {
      guard case .leftBrace = current.kind else { throw lexer.fail("a JSON pattern starts with '{'", current.offset) }
      position += 1
      if case .rightBrace = current.kind {
        throw lexer.fail("empty JSON pattern; expected a condition such as $.level = \"ERROR\"", current.offset)
      }
      let expression = try parseOr()
      guard case .rightBrace = current.kind else {
        throw lexer.fail(describeUnexpected("'&&', '||' or '}'"), current.offset)
      }
      position += 1
      guard case .end = current.kind else { throw lexer.fail("unexpected text after the closing '}'", current.offset) }
      return JSONPattern(expression: expression)
    }

    func describeUnexpected(_ expected: String) -> String {
      if case .end = current.kind { return "unexpected end of pattern; expected \(expected)" }
      return "expected \(expected)"
    }

    mutating func parseOr() throws(Diagnostic) -> Expression {
      var left = try parseAnd()
      while case .or = current.kind {
        position += 1
        left = .or(left, try parseAnd())
      }
      return left
    }

    mutating func parseAnd() throws(Diagnostic) -> Expression {
      var left = try parsePrimary()
      while case .and = current.kind {
        position += 1
        left = .and(left, try parsePrimary())
      }
      return left
    }

    mutating func parsePrimary() throws(Diagnostic) -> Expression {
      if case .leftParen = current.kind {
        position += 1
        let inner = try parseOr()
        guard case .rightParen = current.kind else { throw lexer.fail(describeUnexpected("')'"), current.offset) }
        position += 1
        return inner
      }
      guard case .selector(let selector) = current.kind else {
        throw lexer.fail(describeUnexpected("a property selector such as $.eventType"), current.offset)
      }
      if selector.hasWildcard {
        wildcardSelectors += 1
        if wildcardSelectors > 3 {
          throw lexer.fail("a compound JSON pattern can contain at most three wildcard selectors", current.offset)
        }
      }
      position += 1
      switch current.kind {
      case .compare(let op):
        let opToken = current
        position += 1
        let value = current
        let test: ValueTest
        switch value.kind {
        case .quoted(let bytes): test = .string(bytes)
        case .word(let word):
          if let n = ValueTest.number(word: word) {
            test = .number(n)
          } else if ["IS", "NOT", "EXISTS"].contains(word) {
            throw lexer.fail("expected a value after '\(op.rawValue)'", value.offset)
          } else {
            test = .string(Array(word.utf8))
          }
        case .regex(let regex):
          regexCount += 1
          if regexCount > 2 {
            throw lexer.fail("a JSON or space-delimited pattern can contain at most 2 regular expressions", value.offset)
          }
          test = .regex(regex)
        default:
          throw lexer.fail(describeUnexpected("a value after '\(op.rawValue)'"), value.offset)
        }
        switch (op, test) {
        case (.equal, _), (.notEqual, .equals), (.notEqual, .prefix), (.notEqual, .suffix), (.notEqual, .contains),
          (.notEqual, .number), (.notEqual, .regex):
          break
        case (.notEqual, .exists):
          throw lexer.fail("'!= *' is not supported; use NOT EXISTS to test that a property is absent", opToken.offset)
        case (_, .number): break
        default:
          throw lexer.fail("'\(op.rawValue)' compares numbers; the value must be a number", value.offset)
        }
        position += 1
        return .compare(selector, ValueComparison(op: op, test: test))
      case .word("IS"):
        position += 1
        let keyword = current
        position += 1
        switch keyword.kind {
        case .word("NULL"): return .isNull(selector)
        case .word("TRUE"): return .isTrue(selector)
        case .word("FALSE"): return .isFalse(selector)
        case .word("NOT"):
          throw lexer.fail(
            "IS NOT is not supported (AWS: the variables IS NOT and EXISTS currently aren't supported); use NOT EXISTS to test absence",
            keyword.offset)
        default:
          throw lexer.fail("expected NULL, TRUE or FALSE after IS", keyword.offset)
        }
      case .word("NOT"):
        position += 1
        guard case .word("EXISTS") = current.kind else { throw lexer.fail("expected EXISTS after NOT", current.offset) }
        position += 1
        return .notExists(selector)
      case .word("EXISTS"):
        throw lexer.fail(
          "EXISTS is not supported (AWS: the variables IS NOT and EXISTS currently aren't supported); use = * to test that a property exists",
          current.offset)
      default:
        throw lexer.fail(describeUnexpected("an operator (=, !=, <, <=, >, >=, IS, NOT EXISTS)"), current.offset)
      }
    }
  }

  // MARK: Matching

  /// Evaluates the pattern against a message; the message must be a JSON object.
  func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let json = JSONScanner(bytes)
    guard let root = json.rootStart, json.kind(at: root) == .object else { return false }
    guard evaluate(expression, json, root) else { return false }
    // The lazy walk looked at a few members only; a match must also be a well-formed JSON event.
    return json.isValidDocument()
  }

  private func evaluate(_ e: Expression, _ json: JSONScanner, _ root: Int) -> Bool {
    switch e {
    case .and(let a, let b): return evaluate(a, json, root) && evaluate(b, json, root)
    case .or(let a, let b): return evaluate(a, json, root) || evaluate(b, json, root)
    case .isNull(let s): return s.resolve(json, root) { json.kind(at: $0) == .null }
    case .isTrue(let s): return s.resolve(json, root) { json.kind(at: $0) == .true }
    case .isFalse(let s): return s.resolve(json, root) { json.kind(at: $0) == .false }
    case .notExists(let s): return !s.resolve(json, root) { _ in true }
    case .compare(let s, let comparison):
      return s.resolve(json, root) { v in JSONPattern.compare(comparison, json, v) }
    }
  }

  /// A comparison on one JSON value. Objects, arrays, null and missing values never match (for `=` and `!=`
  /// alike: "If a property selector points to an array or object, the filter pattern won't match").
  /// Numbers compare numerically with number literals and by their text with string literals; strings
  /// never equal a number literal (a documented local decision: AWS does not say).
  static func compare(_ comparison: ValueComparison, _ json: JSONScanner, _ v: Int) -> Bool {
    switch json.kind(at: v) {
    case .string:
      guard let range = json.rawRange(v) else { return false }
      let raw = UnsafeBufferPointer(rebasing: json.bytes[range])
      if case .number = comparison.test { return false }
      if raw.isEmpty || memchr(raw.baseAddress!, 0x5C, raw.count) == nil {
        return comparison.evaluate(text: raw) { nil }
      }
      guard let decoded = json.unescape(range.lowerBound, range.upperBound, .strict) else { return false }
      return decoded.withUnsafeBufferPointer { comparison.evaluate(text: $0) { nil } }
    case .number, .true, .false:
      guard let range = json.rawRange(v) else { return false }
      return comparison.evaluate(text: UnsafeBufferPointer(rebasing: json.bytes[range])) { json.number(v) }
    default:
      return false
    }
  }

  /// Literal byte strings every matching message must contain (used to skip messages quickly). Only
  /// terms that must hold on every path (`&&`) and compare a selector `=` an exact ASCII string count.
  var requiredLiterals: [[UInt8]] {
    func collect(_ e: Expression) -> [[UInt8]] {
      switch e {
      case .and(let a, let b): return collect(a) + collect(b)
      case .compare(_, let c):
        if c.op == .equal, case .equals(let s) = c.test, !s.isEmpty, s.allSatisfy({ $0 < 0x80 && $0 != 0x5C && $0 != 0x22 && $0 >= 0x20 }) {
          return [s]
        }
        return []
      default: return []
      }
    }
    return collect(expression)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
