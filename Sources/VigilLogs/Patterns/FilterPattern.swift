import VigilCore
import VigilLogSource

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A CloudWatch Logs filter pattern, parsed once and matched against message bytes.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
///
/// `FilterPattern("{ $.level = \"ERROR\" }")` throws a `Diagnostic` with a caret for anything AWS rejects.
public struct FilterPattern: Equatable, Sendable, CustomStringConvertible {
  /// The four families of the syntax, plus the empty pattern.
  public enum Kind: String, Sendable {
    case matchAll, terms, regex, json, spaceDelimited
  }

  enum Body: Equatable, Sendable {
    case all
    case terms(TermPattern)
    case regex(PatternRegex)
    case json(JSONPattern)
    case delimited(DelimitedPattern)
  }

  /// "filterPattern: Length Constraints: Minimum length of 0. Maximum length of 1024."
  public static let maximumLength = 1024

  /// The pattern as written.
  public let text: String
  let body: Body
  /// Byte strings a JSON match must contain (unless the message has escapes); used to skip lines quickly.
  let requiredLiterals: [[UInt8]]

  public var description: String { text }

  public var kind: Kind {
    switch body {
    case .all: return .matchAll
    case .terms(let t): return t.matchesEverything ? .matchAll : .terms
    case .regex: return .regex
    case .json: return .json
    case .delimited: return .spaceDelimited
    }
  }

  /// Parses a pattern; throws a `Diagnostic` (offset into `text`) for what AWS rejects.
  public init(_ text: String) throws(Diagnostic) {
    self.text = text
    let scalars = Array(text.unicodeScalars)
    if scalars.count > FilterPattern.maximumLength {
      throw Diagnostic(
        "invalid filter pattern: longer than \(FilterPattern.maximumLength) characters (\(scalars.count))", in: text,
        offset: FilterPattern.maximumLength)
    }
    var first = 0
    while first < scalars.count, scalars[first] == " " || scalars[first] == "\t" || scalars[first] == "\n" || scalars[first] == "\r" {
      first += 1
    }
    var last = scalars.count
    while last > first, scalars[last - 1] == " " || scalars[last - 1] == "\t" || scalars[last - 1] == "\n" || scalars[last - 1] == "\r" {
      last -= 1
    }
    var literals: [[UInt8]] = []
    if first == last {
      body = .all
    } else {
      switch scalars[first] {
      case "{":
        var lexer = PatternLexer(pattern: text, allowsSelectors: true)
        var parser = JSONPattern.Parser(tokens: try lexer.tokenize(), lexer: lexer)
        let pattern = try parser.parse()
        literals = pattern.requiredLiterals
        body = .json(pattern)
      case "[":
        body = .delimited(try DelimitedPattern.parse(text))
      case "%":
        guard last - first >= 2, scalars[last - 1] == "%" else {
          var close = first + 1
          while close < last, scalars[close] != "%" { close += 1 }
          if close < last {
            throw Diagnostic(
              "invalid filter pattern: a regular expression %...% must be the whole pattern, a JSON value or a space-delimited field condition",
              in: text, offset: close + 1)
          }
          throw Diagnostic("invalid filter pattern: unclosed regular expression: expected a closing '%'", in: text, offset: first)
        }
        if last - first == 2 { throw Diagnostic("invalid filter pattern: empty regular expression '%%'", in: text, offset: first) }
        let inner = Array(scalars[(first + 1)..<(last - 1)])
        if let stray = inner.firstIndex(of: "%") {
          throw Diagnostic(
            "invalid filter pattern: a regular expression %...% must be the whole pattern, a JSON value or a space-delimited field condition",
            in: text, offset: first + 1 + stray + 1)
        }
        body = .regex(try PatternRegex(inner, offset: first + 1, pattern: text))
      default:
        body = .terms(try TermPattern.parse(text))
      }
    }
    requiredLiterals = literals
  }

  /// Whether the message matches.
  public func matches(_ message: String) -> Bool {
    var copy = message
    return copy.withUTF8 { matches(bytes: $0) }
  }

  /// Whether the message bytes match (the hot path: no allocation for term, regex and most JSON patterns).
  public func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    switch body {
    case .all: return true
    case .terms(let t): return t.matches(bytes)
    case .regex(let r): return r.matches(bytes)
    case .json(let j):
      if !requiredLiterals.isEmpty && !bytes.isEmpty {
        for literal in requiredLiterals where !ByteSearch.contains(bytes, literal) {
          // Without a backslash the value cannot be spelled with escapes, so it cannot be there.
          if memchr(bytes.baseAddress!, 0x5C, bytes.count) == nil { return false }
        }
      }
      return j.matches(bytes)
    case .delimited(let d): return d.bind(bytes) != nil
    }
  }

  /// The TestMetricFilter view of a match: nil for no match, else the extracted values
  /// (`$name`, `$N` for space-delimited patterns; empty for the other kinds, as AWS returns them).
  public func match(_ message: String) -> FilterPatternMatch? {
    var copy = message
    return copy.withUTF8 { match(bytes: $0) }
  }

  public func match(bytes: UnsafeBufferPointer<UInt8>) -> FilterPatternMatch? {
    if case .delimited(let d) = body {
      return d.match(bytes, extract: true).map(FilterPatternMatch.init)
    }
    return matches(bytes: bytes) ? FilterPatternMatch(extractedValues: [:]) : nil
  }

  /// A byte string every matching message contains, for skipping non-candidates at `memmem` speed: the
  /// longest required term, or for JSON the longest exact string a `&&` chain requires. JSON values can also
  /// be spelled with escapes, so for JSON any message containing `unlessByte` (a backslash) is a candidate too.
  public var requiredSubstring: (bytes: [UInt8], unlessByte: UInt8?)? {
    switch body {
    case .terms(let t) where !t.matchesEverything && !t.required.isEmpty:
      return (t.required.max { $0.count < $1.count }!, nil)
    case .json where !requiredLiterals.isEmpty:
      return (requiredLiterals.max { $0.count < $1.count }!, 0x5C)
    default:
      return nil
    }
  }

  /// Byte strings of which every matching message contains at least one, for skipping non-candidates at
  /// `memchr` speed: `requiredSubstring`, or the `?` terms of a pattern made only of them (a line without any
  /// of them cannot match). For JSON, messages containing `unlessByte` (a backslash) are candidates too.
  public var candidateSubstrings: (anyOf: [[UInt8]], unlessByte: UInt8?)? {
    if let required = requiredSubstring { return ([required.bytes], required.unlessByte) }
    if case .terms(let t) = body, !t.matchesEverything, t.required.isEmpty, t.excluded.isEmpty, !t.optional.isEmpty {
      return (t.optional, nil)
    }
    return nil
  }

  /// How many `%regex%` the pattern contains (AWS allows 5 regex-bearing patterns per log group).
  public var containsRegex: Bool {
    switch body {
    case .regex: return true
    case .json(let j): return j.containsRegex
    case .delimited(let d): return d.containsRegex
    default: return false
    }
  }

  /// The names a space-delimited pattern binds (`ip`, `status_code`); empty for other kinds.
  public var fieldNames: [String] {
    if case .delimited(let d) = body { return d.fields.compactMap(\.name) }
    return []
  }
}

/// One match as TestMetricFilter reports it.
public struct FilterPatternMatch: Equatable, Sendable {
  /// `$name` / `$N` → value, for space-delimited patterns.
  public var extractedValues: [String: String]
  public init(extractedValues: [String: String]) { self.extractedValues = extractedValues }
}

extension JSONPattern {
  var containsRegex: Bool {
    func walk(_ e: Expression) -> Bool {
      switch e {
      case .and(let a, let b), .or(let a, let b): return walk(a) || walk(b)
      case .compare(_, let c): return c.test.isRegex
      default: return false
      }
    }
    return walk(expression)
  }
}

extension DelimitedPattern {
  var containsRegex: Bool {
    func walk(_ c: Condition) -> Bool {
      switch c {
      case .and(let a, let b), .or(let a, let b): return walk(a) || walk(b)
      case .compare(let v): return v.test.isRegex
      }
    }
    return fields.contains { $0.condition.map(walk) ?? false }
  }
}
