import VigilCore
import VigilLogSource

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A token of a JSON (`{ … }`) or space-delimited (`[ … ]`) filter pattern, with its scalar offset.
struct PatternToken: Equatable {
  enum Kind: Equatable {
    case leftBrace, rightBrace, leftBracket, rightBracket, leftParen, rightParen, comma
    case and, or
    case compare(ComparisonOperator)
    /// `$.a.b[0]` and friends (JSON patterns only).
    case selector(JSONSelector)
    /// A double-quoted string (decoded).
    case quoted([UInt8])
    /// An unquoted run of `A-Za-z0-9 _ - . * +` (values, field names, keywords, `...`).
    case word(String)
    case regex(PatternRegex)
    case end
  }
  var kind: Kind
  var offset: Int
  var length: Int
}

/// `=`, `!=`, `<`, `<=`, `>`, `>=`.
enum ComparisonOperator: String, Equatable, Sendable {
  case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// Splits a structured pattern into tokens. Errors carry a caret at the offending character.
struct PatternLexer {
  let scalars: [Unicode.Scalar]
  let pattern: String
  /// Whether `$` starts a JSON selector (JSON patterns) or is rejected (space-delimited patterns).
  let allowsSelectors: Bool
  var i = 0

  init(pattern: String, allowsSelectors: Bool) {
    self.pattern = pattern
    self.scalars = Array(pattern.unicodeScalars)
    self.allowsSelectors = allowsSelectors
  }

  func fail(_ message: String, _ at: Int) -> Diagnostic {
    Diagnostic("invalid filter pattern: \(message)", in: pattern, offset: at)
  }

  static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
    guard s.isASCII else { return false }
    let c = s.value
    return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
      || c == 0x2E || c == 0x2A || c == 0x2B
  }

  mutating func tokenize() throws(Diagnostic) -> [PatternToken] {
    var tokens: [PatternToken] = []
    while true {
      while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" || scalars[i] == "\n" || scalars[i] == "\r" { i += 1 }
      guard i < scalars.count else {
        tokens.append(PatternToken(kind: .end, offset: scalars.count, length: 0))
        return tokens
      }
      let start = i
      let s = scalars[i]
      func single(_ kind: PatternToken.Kind) -> PatternToken {
        i += 1
        return PatternToken(kind: kind, offset: start, length: 1)
      }
      func next(_ c: Unicode.Scalar) -> Bool { i + 1 < scalars.count && scalars[i + 1] == c }
      switch s {
      case "{": tokens.append(single(.leftBrace))
      case "}": tokens.append(single(.rightBrace))
      case "[": tokens.append(single(.leftBracket))
      case "]": tokens.append(single(.rightBracket))
      case "(": tokens.append(single(.leftParen))
      case ")": tokens.append(single(.rightParen))
      case ",": tokens.append(single(.comma))
      case "&":
        guard next("&") else { throw fail("expected '&&'", start) }
        i += 2
        tokens.append(PatternToken(kind: .and, offset: start, length: 2))
      case "|":
        guard next("|") else { throw fail("expected '||'", start) }
        i += 2
        tokens.append(PatternToken(kind: .or, offset: start, length: 2))
      case "=":
        if next("=") { throw fail("use '=' for equality, not '=='", start) }
        tokens.append(single(.compare(.equal)))
      case "!":
        guard next("=") else { throw fail("'!' must be followed by '=' (use '!=')", start) }
        i += 2
        tokens.append(PatternToken(kind: .compare(.notEqual), offset: start, length: 2))
      case "<", ">":
        let op: ComparisonOperator
        if next("=") {
          op = s == "<" ? .lessOrEqual : .greaterOrEqual
          i += 2
        } else {
          op = s == "<" ? .less : .greater
          i += 1
        }
        tokens.append(PatternToken(kind: .compare(op), offset: start, length: i - start))
      case "\"":
        let value = try quoted()
        tokens.append(PatternToken(kind: .quoted(value), offset: start, length: i - start))
      case "%":
        var j = i + 1
        while j < scalars.count, scalars[j] != "%" { j += 1 }
        guard j < scalars.count else { throw fail("unclosed regular expression: expected a closing '%'", start) }
        if j == i + 1 { throw fail("empty regular expression '%%'", start) }
        let regex = try PatternRegex(Array(scalars[(i + 1)..<j]), offset: i + 1, pattern: pattern)
        i = j + 1
        tokens.append(PatternToken(kind: .regex(regex), offset: start, length: i - start))
      case "$":
        guard allowsSelectors else {
          throw fail("'$' selectors belong in JSON patterns; a space-delimited field is named without '$'", start)
        }
        let selector = try self.selector()
        tokens.append(PatternToken(kind: .selector(selector), offset: start, length: i - start))
      default:
        guard PatternLexer.isWordScalar(s) else {
          throw fail(
            "unexpected character '\(s)'; values with characters other than letters, digits, '_', '-', '.' and '*' must be in double quotes",
            start)
        }
        while i < scalars.count, PatternLexer.isWordScalar(scalars[i]) { i += 1 }
        tokens.append(PatternToken(kind: .word(String(String.UnicodeScalarView(scalars[start..<i]))), offset: start, length: i - start))
      }
    }
  }

  /// A double-quoted string at `i`; backslash escapes `\"` and `\\` (as AWS CDK writes them).
  mutating func quoted() throws(Diagnostic) -> [UInt8] {
    let start = i
    i += 1
    var text = String.UnicodeScalarView()
    while i < scalars.count {
      let c = scalars[i]
      if c == "\"" {
        i += 1
        return Array(String(text).utf8)
      }
      if c == "\\", i + 1 < scalars.count {
        text.append(scalars[i + 1])
        i += 2
        continue
      }
      text.append(c)
      i += 1
    }
    throw fail("unclosed double quote", start)
  }

  /// `$.name`, `$.*`, `$.['key.with.dots']`, `[N]`, `[*]` steps. https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-terms-json-log-events
  mutating func selector() throws(Diagnostic) -> JSONSelector {
    let start = i
    i += 1  // $
    var steps: [JSONSelector.Step] = []
    var wildcards = 0
    guard i < scalars.count, scalars[i] == "." else {
      if i < scalars.count, scalars[i] == "[" {
        throw fail("a selector starts with '$.'; array indexes must follow a property, as in $.items[0]", i)
      }
      throw fail("a selector starts with '$.', as in $.eventType", i)
    }
    while i < scalars.count {
      let c = scalars[i]
      if c == "." {
        i += 1
        guard i < scalars.count else { throw fail("expected a property name after '.'", i) }
        if scalars[i] == "*" {
          steps.append(.anyMember)
          wildcards += 1
          i += 1
        } else if scalars[i] == "[" {
          guard i + 1 < scalars.count, scalars[i + 1] == "'" else {
            throw fail("expected a property name after '.' (bracket keys are written .['key.name'])", i)
          }
          i += 2
          let keyStart = i
          while i < scalars.count, scalars[i] != "'" { i += 1 }
          guard i + 1 < scalars.count, scalars[i + 1] == "]" else { throw fail("unclosed bracket key; expected ']", keyStart - 2) }
          steps.append(.member(Array(String(String.UnicodeScalarView(scalars[keyStart..<i])).utf8)))
          i += 2
        } else {
          let nameStart = i
          while i < scalars.count, scalars[i].isASCII,
            scalars[i].properties.isAlphabetic || (scalars[i].value >= 0x30 && scalars[i].value <= 0x39) || scalars[i] == "_"
              || scalars[i] == "-"
          {
            i += 1
          }
          guard i > nameStart else {
            throw fail("property names contain only letters, digits, '_' and '-'; use .['name'] for others", nameStart)
          }
          steps.append(.member(Array(String(String.UnicodeScalarView(scalars[nameStart..<i])).utf8)))
        }
      } else if c == "[" {
        guard !steps.isEmpty else { throw fail("array indexes must follow a property", i) }
        let open = i
        i += 1
        if i < scalars.count, scalars[i] == "*" {
          i += 1
          steps.append(.anyElement)
          wildcards += 1
        } else {
          var n = 0
          let digitsStart = i
          while i < scalars.count, scalars[i].value >= 0x30, scalars[i].value <= 0x39, n < 1_000_000 {
            n = n * 10 + Int(scalars[i].value - 0x30)
            i += 1
          }
          guard i > digitsStart else { throw fail("expected an array index or '*' inside [ ]", open + 1) }
          steps.append(.index(n))
        }
        guard i < scalars.count, scalars[i] == "]" else { throw fail("expected ']'", i) }
        i += 1
      } else {
        break
      }
    }
    if wildcards > 1 {
      throw fail("a property selector can contain at most one wildcard", start)
    }
    return JSONSelector(steps: steps, text: String(String.UnicodeScalarView(scalars[start..<i])))
  }
}

/// A test on one value: `*` (exists), exact or wildcard string, number, or regex.
enum ValueTest: Equatable, Sendable {
  case exists
  case equals([UInt8])
  case prefix([UInt8])
  case suffix([UInt8])
  case contains([UInt8])
  case number(Double)
  case regex(PatternRegex)

  /// Builds the test for an unquoted word or quoted string. `*` is a wildcard only at the start or end
  /// ("Ev*ent will only match the actual string Ev*ent").
  static func string(_ bytes: [UInt8]) -> ValueTest {
    let star = UInt8(ascii: "*")
    if bytes == [star] { return .exists }
    let leading = bytes.first == star
    let trailing = bytes.count > 1 && bytes.last == star
    if leading && trailing { return .contains(Array(bytes.dropFirst().dropLast())) }
    if leading { return .suffix(Array(bytes.dropFirst())) }
    if trailing { return .prefix(Array(bytes.dropLast())) }
    return .equals(bytes)
  }

  /// Whether a word is a number in the filter-pattern grammar (sign, decimals, `e` exponent).
  static func number(word: String) -> Double? {
    var copy = word
    return copy.withUTF8 { NumberParser.parse($0) }
  }

  var isRegex: Bool { if case .regex = self { return true } else { return false } }
}

/// A comparison of one value: `op` and a test.
struct ValueComparison: Equatable, Sendable {
  var op: ComparisonOperator
  var test: ValueTest

  /// Evaluates against a value's text. `number` is its numeric value when it has one (a JSON number,
  /// or a delimited field that reads as a number).
  func evaluate(text: UnsafeBufferPointer<UInt8>, number: () -> Double?) -> Bool {
    switch test {
    case .number(let expected):
      guard let actual = number() else { return false }
      switch op {
      case .equal: return actual == expected
      case .notEqual: return actual != expected
      case .less: return actual < expected
      case .lessOrEqual: return actual <= expected
      case .greater: return actual > expected
      case .greaterOrEqual: return actual >= expected
      }
    default:
      let result: Bool
      switch test {
      case .exists: result = true
      case .equals(let s): result = bytesEqual(text, s)
      case .prefix(let s): result = text.count >= s.count && bytesEqual(UnsafeBufferPointer(rebasing: text[0..<s.count]), s)
      case .suffix(let s):
        result = text.count >= s.count && bytesEqual(UnsafeBufferPointer(rebasing: text[(text.count - s.count)...]), s)
      case .contains(let s): result = ByteSearch.contains(text, s)
      case .regex(let r): result = r.matches(text)
      case .number: result = false
      }
      return op == .notEqual ? !result : result
    }
  }
}

@inline(__always) func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
  guard a.count == b.count else { return false }
  if b.isEmpty { return true }
  return b.withUnsafeBufferPointer { memcmp(a.baseAddress!, $0.baseAddress!, b.count) == 0 }
}
