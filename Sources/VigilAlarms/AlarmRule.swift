import VigilCore

/// A composite alarm's `AlarmRule`, parsed.
/// Grammar (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html):
///
///     rule     := or
///     or       := and { "OR" and }
///     and      := not { "AND" not }
///     not      := "NOT" not | primary
///     primary  := "(" rule ")" | "TRUE" | "FALSE" | state "(" ref ")"
///               | "AT_LEAST" "(" INT ["%"] "," ["NOT"] state "," "(" ref { "," ref } ")" ")"
///     state    := "ALARM" | "OK" | "INSUFFICIENT_DATA"
///     ref      := '"' name-or-ARN '"' | bare name-or-ARN (no spaces, commas or parentheses)
///
/// AWS does not document the precedence of AND against OR, so a rule that mixes them without
/// parentheses is refused (add parentheses to say which you mean). NOT binds tightest, as in AWS's
/// example `ALARM(CPUUtilizationTooHigh) AND NOT ALARM(DeploymentInProgress)`.
public indirect enum AlarmRule: Equatable, Sendable {
  case constant(Bool)
  case state(AlarmState, String)
  case not(AlarmRule)
  case and([AlarmRule])
  case or([AlarmRule])
  case atLeast(AtLeastThreshold, negated: Bool, AlarmState, [String])

  /// `AT_LEAST`'s first argument: a count or a percentage of the listed alarms.
  public enum AtLeastThreshold: Equatable, Sendable {
    case count(Int)
    case percent(Int)
  }

  /// Limits from the API reference: rule length, child alarms, elements.
  public static let maximumLength = 10_240
  public static let maximumChildAlarms = 100
  public static let maximumElements = 500
  /// The deepest parentheses and NOT may nest. CloudWatch documents only the length and element limits, but
  /// a 10,240-character rule can nest 5,000 parentheses, which overflowed the recursive parser's stack.
  public static let maximumDepth = 100

  /// Every alarm reference in the rule, in order of appearance.
  public var references: [String] {
    switch self {
    case .constant: return []
    case .state(_, let r): return [r]
    case .not(let r): return r.references
    case .and(let rs), .or(let rs): return rs.flatMap(\.references)
    case .atLeast(_, _, _, let refs): return refs
    }
  }

  /// Evaluates the rule given each referenced alarm's state (nil when unknown, which is never TRUE).
  public func evaluate(_ stateOf: (String) -> AlarmState?) -> Bool {
    switch self {
    case .constant(let b): return b
    case .state(let s, let ref): return stateOf(ref) == s
    case .not(let r): return !r.evaluate(stateOf)
    case .and(let rs): return rs.allSatisfy { $0.evaluate(stateOf) }
    case .or(let rs): return rs.contains { $0.evaluate(stateOf) }
    case .atLeast(let threshold, let negated, let state, let refs):
      let matching = refs.filter { (stateOf($0) == state) != negated }.count
      switch threshold {
      case .count(let n): return matching >= n
      // "At least p%" read exactly: matching / total ≥ p / 100, no rounding involved.
      case .percent(let p): return matching * 100 >= p * refs.count
      }
    }
  }

  /// Parses a rule; errors are diagnostics with the column of the problem.
  public static func parse(_ text: String) throws(Diagnostic) -> AlarmRule {
    var parser = AlarmRuleParser(text: text)
    return try parser.parse()
  }

  /// An alarm reference as written in the rule and where it starts (Unicode scalars from 0; inside the quotes
  /// of a quoted name), for carets and for rewriting names in place.
  public struct LocatedReference: Equatable, Sendable {
    public var reference: String
    public var offset: Int
  }

  /// Parses a rule and returns its references with their offsets, in order of appearance.
  public static func locatedReferences(in text: String) throws(Diagnostic) -> [LocatedReference] {
    var parser = AlarmRuleParser(text: text)
    _ = try parser.parse()
    return parser.located
  }

  /// The alarm name a reference denotes: the part after `:alarm:` of an ARN, or the name itself.
  public static func alarmName(of reference: String) -> String {
    if reference.hasPrefix("arn:"), let range = reference.range(of: ":alarm:") { return String(reference[range.upperBound...]) }
    return reference
  }
}

struct AlarmRuleParser {
  let text: String
  let s: [Unicode.Scalar]
  var i = 0
  var elements = 0
  /// Every reference parsed so far, with its offset.
  var located: [AlarmRule.LocatedReference] = []
  /// How many parentheses and NOTs the parser is inside.
  var nesting = 0

  init(text: String) {
    self.text = text
    self.s = Array(text.unicodeScalars)
  }

  func fail(_ message: String, _ at: Int, suggestion: String? = nil) -> Diagnostic {
    Diagnostic(message, in: text, offset: at, suggestion: suggestion)
  }

  mutating func skipSpace() { while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r" { i += 1 } }

  func isWordChar(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || (c.value >= 48 && c.value <= 57) || c == "_" }

  /// The upper-case keyword at the cursor, without consuming it.
  mutating func peekWord() -> (String, Int)? {
    skipSpace()
    var j = i
    while j < s.count, isWordChar(s[j]) { j += 1 }
    return j > i ? (String(String.UnicodeScalarView(s[i..<j])), j) : nil
  }

  mutating func expect(_ c: Unicode.Scalar, _ what: String) throws(Diagnostic) {
    skipSpace()
    guard i < s.count, s[i] == c else { throw fail("expected \(what)", i) }
    i += 1
  }

  mutating func parse() throws(Diagnostic) -> AlarmRule {
    guard !s.isEmpty else { throw fail("empty AlarmRule", 0) }
    guard text.utf8.count <= AlarmRule.maximumLength else {
      throw fail("AlarmRule is longer than \(AlarmRule.maximumLength) characters", AlarmRule.maximumLength)
    }
    let rule = try parseOr()
    skipSpace()
    guard i == s.count else {
      if s[i] == ")" { throw fail("unmatched )", i) }
      throw fail("expected AND, OR or the end of the rule", i)
    }
    let children = Set(rule.references.map(AlarmRule.alarmName))
    if children.count > AlarmRule.maximumChildAlarms {
      throw fail("an AlarmRule can reference at most \(AlarmRule.maximumChildAlarms) alarms (this one references \(children.count))", 0)
    }
    if elements > AlarmRule.maximumElements {
      throw fail(
        "an AlarmRule can have at most \(AlarmRule.maximumElements) elements (alarms, TRUE/FALSE and parentheses); this one has \(elements)",
        0)
    }
    return rule
  }

  mutating func parseOr() throws(Diagnostic) -> AlarmRule {
    let (first, firstIsAnd) = try parseAnd()
    var items = [first]
    while let (word, end) = peekWord(), word == "OR" {
      let at = i
      if firstIsAnd { throw mixed(at) }
      i = end
      let (next, nextIsAnd) = try parseAnd()
      if nextIsAnd { throw mixed(at) }
      items.append(next)
    }
    return items.count == 1 ? items[0] : .or(items)
  }

  func mixed(_ at: Int) -> Diagnostic {
    fail("AND and OR mixed without parentheses; CloudWatch does not document which binds tighter, so group them with ( )", at)
  }

  /// An AND chain, and whether it really chained (an unparenthesised AND at this level).
  mutating func parseAnd() throws(Diagnostic) -> (AlarmRule, Bool) {
    var items = [try parseNot()]
    while let (word, end) = peekWord(), word == "AND" {
      i = end
      items.append(try parseNot())
    }
    return items.count == 1 ? (items[0], false) : (.and(items), true)
  }

  mutating func parseNot() throws(Diagnostic) -> AlarmRule {
    if let (word, end) = peekWord(), word == "NOT" {
      try enter()
      defer { nesting -= 1 }
      i = end
      return .not(try parseNot())
    }
    return try parsePrimary()
  }

  /// One level deeper into parentheses or NOT, refused past `AlarmRule.maximumDepth` before the stack runs out.
  mutating func enter() throws(Diagnostic) {
    guard nesting < AlarmRule.maximumDepth else {
      throw fail("parentheses and NOT nest more than \(AlarmRule.maximumDepth) levels deep", i)
    }
    nesting += 1
  }

  static let stateWords: [String: AlarmState] = ["ALARM": .alarm, "OK": .ok, "INSUFFICIENT_DATA": .insufficientData]

  mutating func parsePrimary() throws(Diagnostic) -> AlarmRule {
    skipSpace()
    guard i < s.count else {
      throw fail(
        "unexpected end of the rule; expected ALARM(...), OK(...), INSUFFICIENT_DATA(...), TRUE, FALSE, AT_LEAST(...), NOT or (", i)
    }
    if s[i] == "(" {
      try enter()
      defer { nesting -= 1 }
      elements += 1
      i += 1
      let inner = try parseOr()
      try expect(")", ")")
      return inner
    }
    guard let (word, end) = peekWord() else {
      throw fail("expected ALARM(...), OK(...), INSUFFICIENT_DATA(...), TRUE, FALSE or AT_LEAST(...)", i)
    }
    let start = i
    switch word {
    case "TRUE", "FALSE":
      elements += 1
      i = end
      return .constant(word == "TRUE")
    case "ALARM", "OK", "INSUFFICIENT_DATA":
      i = end
      try expect("(", "( after \(word)")
      let ref = try parseReference()
      try expect(")", ") after the alarm name")
      return .state(AlarmRuleParser.stateWords[word]!, ref)
    case "AT_LEAST":
      i = end
      try expect("(", "( after AT_LEAST")
      skipSpace()
      let numberStart = i
      while i < s.count, s[i].value >= 48, s[i].value <= 57 { i += 1 }
      guard i > numberStart, let n = Int(String(String.UnicodeScalarView(s[numberStart..<i]))) else {
        throw fail("AT_LEAST needs a count or a percentage first, e.g. AT_LEAST(2, ALARM, (a, b, c))", numberStart)
      }
      var threshold = AlarmRule.AtLeastThreshold.count(n)
      if i < s.count, s[i] == "%" {
        i += 1
        guard n <= 100 else { throw fail("a percentage must be at most 100%", numberStart) }
        threshold = .percent(n)
      }
      guard n >= 1 else { throw fail("AT_LEAST needs a threshold of at least 1", numberStart) }
      try expect(",", ", after the AT_LEAST threshold")
      var negated = false
      if let (w, e) = peekWord(), w == "NOT" { negated = true; i = e }
      guard let (stateWord, stateEnd) = peekWord(), let state = AlarmRuleParser.stateWords[stateWord] else {
        throw fail("expected ALARM, OK, INSUFFICIENT_DATA or NOT followed by one of them", i)
      }
      i = stateEnd
      try expect(",", ", after the state")
      try expect("(", "( before the list of alarms")
      var refs = [try parseReference()]
      while true {
        skipSpace()
        if i < s.count, s[i] == "," { i += 1; refs.append(try parseReference()); continue }
        break
      }
      try expect(")", ") after the list of alarms")
      try expect(")", ") closing AT_LEAST")
      if case .count(let c) = threshold, c > refs.count {
        throw fail("AT_LEAST(\(c), ...) can never be true: it lists only \(refs.count) alarm\(refs.count == 1 ? "" : "s")", numberStart)
      }
      return .atLeast(threshold, negated: negated, state, refs)
    default:
      let suggestion = closestMatch(
        to: word.uppercased(), in: ["ALARM", "OK", "INSUFFICIENT_DATA", "TRUE", "FALSE", "AT_LEAST", "NOT", "AND", "OR"])
      throw fail(
        "unknown word \(word); expected ALARM(...), OK(...), INSUFFICIENT_DATA(...), TRUE, FALSE or AT_LEAST(...)", start,
        suggestion: suggestion.map { "did you mean \($0)?" })
    }
  }

  mutating func parseReference() throws(Diagnostic) -> String {
    skipSpace()
    let start = i
    elements += 1
    if i < s.count, s[i] == "\"" {
      i += 1
      let nameStart = i
      while i < s.count, s[i] != "\"" { i += 1 }
      guard i < s.count else { throw fail("unterminated quoted alarm name", start) }
      let name = String(String.UnicodeScalarView(s[nameStart..<i]))
      i += 1
      guard !name.isEmpty else { throw fail("empty alarm name", start) }
      located.append(AlarmRule.LocatedReference(reference: name, offset: nameStart))
      return name
    }
    while i < s.count, s[i] != ")", s[i] != ",", s[i] != "(" { i += 1 }
    var end = i
    while end > start, s[end - 1] == " " || s[end - 1] == "\t" { end -= 1 }
    let name = String(String.UnicodeScalarView(s[start..<end]))
    guard !name.isEmpty else { throw fail("expected an alarm name or ARN", start) }
    if let space = s[start..<end].firstIndex(where: { $0 == " " || $0 == "\t" }) {
      throw fail("alarm names with spaces must be in double quotes", space)
    }
    located.append(AlarmRule.LocatedReference(reference: name, offset: start))
    return name
  }
}
