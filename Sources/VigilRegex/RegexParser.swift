/// A regular expression the parser refused: what is wrong and where.
public struct RegexSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  /// UTF-8 byte offset into the pattern of the construct at fault; nil when the fault is the pattern as a whole
  /// (a group or class left open, a program too large).
  public var offset: Int?
  public init(message: String, offset: Int?) {
    self.message = message
    self.offset = offset
  }
  public var description: String { message }
}

/// Parses the RE2 syntax Logs Insights documents for `like /…/`, `=~`, `parse … /(?<name>…)/` and
/// `regexReplace` ("Uses RE2 regex syntax",
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-operations-functions.html;
/// syntax: https://github.com/google/re2/wiki/Syntax).
///
/// Supported: literals, `.`, classes `[…]` with ranges, negation and `[:alpha:]`-style names, `\d \D \s \S
/// \w \W`, `\t \n \r \f \v \a`, `\xhh`, `\x{h…}`, `\Q…\E`, anchors `^ $ \A \z \b \B`, groups `(…)`, `(?:…)`,
/// `(?P<name>…)`, `(?<name>…)`, flags `(?imsU)` and `(?imsU:…)`, `* + ? {n} {n,} {n,m}` and their lazy
/// forms. As in RE2, backreferences, lookaround, atomic groups and possessive repetition are refused (they cannot
/// be matched in linear time), as are `\p` Unicode classes, which Vigil does not implement.
public enum RegexParser {
  /// The parsed expression and its group names by number (index 0 is the whole match).
  public static func parse(_ pattern: String) throws(RegexSyntaxError) -> (node: RegexNode, groupNames: [String?]) {
    var parser = Parser(pattern)
    let node = try parser.parseAlternation(depth: 0)
    if parser.i < parser.scalars.count {
      // Only an unmatched ')' stops the top level early.
      throw parser.fail("unmatched ')'", at: parser.i)
    }
    return (node, parser.groupNames)
  }
}

private struct Flags {
  var caseInsensitive = false
  var multiLine = false
  var dotMatchesNewline = false
  var ungreedy = false
}

private struct Parser {
  let scalars: [Unicode.Scalar]
  /// UTF-8 offset of each scalar (and of the end), for error positions.
  let offsets: [Int]
  var i = 0
  var flags = Flags()
  var groupNames: [String?] = [nil]

  /// Nesting deeper than this is refused rather than recursed into (the parser and analyses are recursive).
  static let maximumDepth = 200

  init(_ pattern: String) {
    scalars = Array(pattern.unicodeScalars)
    var offsets: [Int] = []
    var o = 0
    for s in scalars {
      offsets.append(o)
      o += String(s).utf8.count
    }
    offsets.append(o)
    self.offsets = offsets
  }

  func fail(_ message: String, at index: Int) -> RegexSyntaxError {
    RegexSyntaxError(message: message, offset: offsets[min(index, offsets.count - 1)])
  }

  var atEnd: Bool { i >= scalars.count }
  func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < scalars.count ? scalars[i + k] : nil }

  mutating func parseAlternation(depth: Int) throws(RegexSyntaxError) -> RegexNode {
    var alternatives = [try parseConcatenation(depth: depth)]
    while peek() == "|" {
      i += 1
      alternatives.append(try parseConcatenation(depth: depth))
    }
    return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
  }

  mutating func parseConcatenation(depth: Int) throws(RegexSyntaxError) -> RegexNode {
    var items: [RegexNode] = []
    while let c = peek(), c != "|", c != ")" {
      let atomStart = i
      guard var atom = try parseAtom(depth: depth) else { continue }
      atom = try parseRepetitions(atom, atomStart: atomStart)
      items.append(atom)
    }
    if items.isEmpty { return .empty }
    return items.count == 1 ? items[0] : .concatenation(items)
  }

  /// `* + ? {n,m}` after an atom, with `?` for the lazy form. A second operator (`a**`, `a*+`) is refused, as
  /// RE2 refuses it: possessive repetition backtracks by definition.
  mutating func parseRepetitions(_ atom: RegexNode, atomStart: Int) throws(RegexSyntaxError) -> RegexNode {
    guard let c = peek() else { return atom }
    let operatorAt = i
    var minimum = 0
    var maximum: Int?
    switch c {
    case "*": i += 1
    case "+":
      minimum = 1
      i += 1
    case "?":
      maximum = 1
      i += 1
    case "{":
      guard let (low, high, length) = countedRepetition(at: i) else { return atom }
      guard low <= 1000, (high ?? 0) <= 1000 else {
        throw fail("a repetition count above 1000 is not supported", at: operatorAt)
      }
      if let high, high < low { throw fail("invalid repetition: the minimum is larger than the maximum", at: operatorAt) }
      minimum = low
      maximum = high
      i += length
    default: return atom
    }
    var greedy = true
    if peek() == "?" {
      greedy = false
      i += 1
    }
    if flags.ungreedy { greedy.toggle() }
    if let next = peek(), next == "*" || next == "+" || next == "?" || (next == "{" && countedRepetition(at: i) != nil) {
      throw fail("'\(next)' cannot follow another repetition (possessive and nested repetition operators are not supported)", at: i)
    }
    // RE2 refuses nested counted repetitions whose counts multiply to more than 1000 (its RepetitionWalker,
    // re2/parse.cc: "bad repetition operator"): `(a{1000}){1000}` would be a million-state program.
    let count = maximum ?? minimum
    if count > 1, atom.nestedRepetitionCount * count > 1000 {
      throw fail("bad repetition operator: nested repetition counts multiply to more than 1000", at: operatorAt)
    }
    return .repetition(atom, min: minimum, max: maximum, greedy: greedy)
  }

  /// `{n}`, `{n,}` or `{n,m}` at `k`: its bounds and length; nil when the brace is a literal (as in RE2).
  func countedRepetition(at k: Int) -> (Int, Int?, Int)? {
    var j = k + 1
    func number() -> Int? {
      var value: Int?
      while j < scalars.count, ("0"..."9").contains(scalars[j]) {
        value = min((value ?? 0) * 10 + Int(scalars[j].value - 0x30), 100_000)
        j += 1
      }
      return value
    }
    guard let low = number() else { return nil }
    var high: Int? = low
    if j < scalars.count, scalars[j] == "," {
      j += 1
      high = number()
    }
    guard j < scalars.count, scalars[j] == "}" else { return nil }
    return (low, high, j + 1 - k)
  }

  /// One atom, or nil for a flag group like `(?i)` that changes the flags and matches nothing.
  mutating func parseAtom(depth: Int) throws(RegexSyntaxError) -> RegexNode? {
    let start = i
    let c = scalars[i]
    switch c {
    case "(":
      return try parseGroup(depth: depth)
    case "[":
      return .set(try parseClass())
    case ".":
      i += 1
      return .set(flags.dotMatchesNewline ? .any : CodePointSet(single: 0x0A).inverted())
    case "^":
      i += 1
      return .assertion(flags.multiLine ? .lineStart : .textStart)
    case "$":
      i += 1
      return .assertion(flags.multiLine ? .lineEnd : .textEnd)
    case "*", "+", "?":
      throw fail("'\(c)' has nothing to repeat", at: start)
    case "{":
      if countedRepetition(at: i) != nil { throw fail("'{' has nothing to repeat", at: start) }
      i += 1
      return literal(c.value)
    case "\\":
      return try parseEscape()
    default:
      i += 1
      return literal(c.value)
    }
  }

  func literal(_ value: UInt32) -> RegexNode {
    let set = CodePointSet(single: value)
    return .set(flags.caseInsensitive ? set.caseFolded() : set)
  }

  mutating func parseGroup(depth: Int) throws(RegexSyntaxError) -> RegexNode? {
    let open = i
    guard depth < Self.maximumDepth else { throw fail("groups nested more than \(Self.maximumDepth) deep", at: open) }
    i += 1
    var captureIndex: Int?
    let saved = flags
    if peek() == "?" {
      i += 1
      switch peek() {
      case "=", "!":
        throw fail("lookahead '(?\(peek()!)' is not supported (RE2 syntax has no lookaround)", at: open)
      case ">":
        throw fail("atomic groups '(?>' are not supported (RE2 syntax)", at: open)
      case "#":
        throw fail("comments '(?#' are not supported (RE2 syntax)", at: open)
      case "<" where peek(1) == "=" || peek(1) == "!":
        throw fail("lookbehind '(?<\(peek(1)!)' is not supported (RE2 syntax has no lookaround)", at: open)
      case "P" where peek(1) == "=" || peek(1) == ">":
        throw fail("backreferences are not supported (RE2 syntax)", at: open)
      case "P" where peek(1) == "<", "<":
        i += peek() == "P" ? 2 : 1
        let nameStart = i
        var name = ""
        while let s = peek(), s != ">" {
          guard s.isASCII, s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" else {
            throw fail("invalid character in a group name (use letters, digits and '_')", at: i)
          }
          name.unicodeScalars.append(s)
          i += 1
        }
        guard peek() == ">" else { throw fail("unterminated group name", at: nameStart) }
        guard !name.isEmpty else { throw fail("empty group name", at: nameStart) }
        guard !groupNames.contains(name) else { throw fail("duplicate group name '\(name)'", at: nameStart) }
        i += 1
        captureIndex = groupNames.count
        groupNames.append(name)
      default:
        // Flags: (?i) (?-i) (?i:...).
        var negate = false
        var sawFlag = false
        while let s = peek(), s != ")" && s != ":" {
          switch s {
          case "i": flags.caseInsensitive = !negate
          case "m": flags.multiLine = !negate
          case "s": flags.dotMatchesNewline = !negate
          case "U": flags.ungreedy = !negate
          case "-" where !negate: negate = true
          default: throw fail("unknown group flag '\(s)' (supported: i, m, s, U)", at: i)
          }
          if s != "-" { sawFlag = true }
          i += 1
        }
        // `(?:...)` groups without capturing; flags need at least one letter.
        guard let s = peek(), sawFlag || (s == ":" && !negate) else {
          throw fail("invalid group: expected (?:...) or flags such as (?i) or (?i:...)", at: open)
        }
        i += 1
        if s == ")" {
          // (?i) applies to the rest of the enclosing group: keep the new flags.
          return nil
        }
      }
    } else {
      captureIndex = groupNames.count
      groupNames.append(nil)
    }
    let inner = try parseAlternation(depth: depth + 1)
    guard peek() == ")" else { throw RegexSyntaxError(message: "missing ')': a group is not closed", offset: nil) }
    i += 1
    flags = saved
    if let captureIndex { return .capture(inner, index: captureIndex) }
    return inner
  }

  mutating func parseEscape() throws(RegexSyntaxError) -> RegexNode {
    let start = i
    i += 1
    guard let e = peek() else { throw fail("a regular expression cannot end with '\\'", at: start) }
    switch e {
    case "A":
      i += 1
      return .assertion(.textStart)
    case "z":
      i += 1
      return .assertion(.textEnd)
    case "b":
      i += 1
      return .assertion(.wordBoundary)
    case "B":
      i += 1
      return .assertion(.notWordBoundary)
    case "Q":
      i += 1
      var items: [RegexNode] = []
      while let s = peek() {
        if s == "\\", peek(1) == "E" {
          i += 2
          break
        }
        items.append(literal(s.value))
        i += 1
      }
      return items.count == 1 ? items[0] : .concatenation(items)
    default:
      i = start
      let set = try parseClassEscape()
      return .set(flags.caseInsensitive ? set.caseFolded() : set)
    }
  }

  /// An escape that stands for a set of characters (also inside brackets): `\d`, `\x41`, `\.`…
  mutating func parseClassEscape() throws(RegexSyntaxError) -> CodePointSet {
    let start = i
    i += 1
    guard let e = peek() else { throw fail("a regular expression cannot end with '\\'", at: start) }
    i += 1
    switch e {
    case "d": return Self.digits
    case "D": return Self.digits.inverted()
    case "s": return Self.space
    case "S": return Self.space.inverted()
    case "w": return Self.word
    case "W": return Self.word.inverted()
    case "t": return CodePointSet(single: 0x09)
    case "n": return CodePointSet(single: 0x0A)
    case "r": return CodePointSet(single: 0x0D)
    case "f": return CodePointSet(single: 0x0C)
    case "v": return CodePointSet(single: 0x0B)
    case "a": return CodePointSet(single: 0x07)
    case "0": return CodePointSet(single: 0)
    case "x":
      var digits = ""
      var wanted = 2
      if peek() == "{" {
        i += 1
        while let s = peek(), s != "}" {
          digits.unicodeScalars.append(s)
          i += 1
        }
        guard peek() == "}" else { throw fail("unterminated \\x{...}", at: start) }
        i += 1
        wanted = min(max(digits.count, 1), 8)
      } else {
        while digits.count < 2, let s = peek() {
          digits.unicodeScalars.append(s)
          i += 1
        }
      }
      guard digits.count == wanted, let value = UInt32(digits, radix: 16), Unicode.Scalar(value) != nil else {
        throw fail("\\x needs hexadecimal digits: \\x41 or \\x{263a}", at: start)
      }
      return CodePointSet(single: value)
    case "1"..."9", "k":
      throw fail("backreferences are not supported (RE2 syntax)", at: start)
    case "p", "P":
      throw fail("Unicode classes '\\\(e)' are not supported by Vigil", at: start)
    case "C", "Z", "G", "X", "R", "K", "h", "H", "N", "e", "c", "u", "U", "l", "L", "E":
      throw fail("unsupported escape '\\\(e)' (RE2 syntax)", at: start)
    default:
      if e.isASCII && (e.properties.isAlphabetic || ("0"..."9").contains(e)) {
        throw fail("unsupported escape '\\\(e)'", at: start)
      }
      // Any escaped punctuation (or non-ASCII character) is itself.
      return CodePointSet(single: e.value)
    }
  }

  mutating func parseClass() throws(RegexSyntaxError) -> CodePointSet {
    i += 1
    var negated = false
    if peek() == "^" {
      negated = true
      i += 1
    }
    var set = CodePointSet()
    var first = true
    while true {
      guard let c = peek() else { throw RegexSyntaxError(message: "missing ']': a character class is not closed", offset: nil) }
      if c == "]" && !first {
        i += 1
        break
      }
      first = false
      if c == "[", peek(1) == ":" {
        if let (named, length) = posixClass(at: i) {
          set.formUnion(named)
          i += length
          continue
        }
      }
      let itemStart = i
      let low: UInt32
      if c == "\\" {
        let e = try parseClassEscape()
        guard let single = e.single else {
          set.formUnion(e)
          continue
        }
        low = single
      } else {
        low = c.value
        i += 1
      }
      var high = low
      if peek() == "-", let after = peek(1), after != "]" {
        i += 1
        if after == "\\" {
          guard let single = try parseClassEscape().single else { throw fail("invalid range in character class", at: itemStart) }
          high = single
        } else {
          high = after.value
          i += 1
        }
        guard low <= high else { throw fail("invalid range in character class: the start is after the end", at: itemStart) }
      }
      set.insert(low...high)
    }
    if flags.caseInsensitive { set = set.caseFolded() }
    return negated ? set.inverted() : set
  }

  /// `[:alpha:]` and the other POSIX names RE2 accepts inside brackets (ASCII only).
  func posixClass(at k: Int) -> (CodePointSet, Int)? {
    var j = k + 2
    var negate = false
    if j < scalars.count, scalars[j] == "^" {
      negate = true
      j += 1
    }
    var name = ""
    while j < scalars.count, scalars[j] != ":" {
      name.unicodeScalars.append(scalars[j])
      j += 1
    }
    guard j + 1 < scalars.count, scalars[j + 1] == "]" else { return nil }
    let ranges: [ClosedRange<UInt32>]
    switch name {
    case "alnum": ranges = [0x30...0x39, 0x41...0x5A, 0x61...0x7A]
    case "alpha": ranges = [0x41...0x5A, 0x61...0x7A]
    case "ascii": ranges = [0...0x7F]
    case "blank": ranges = [0x09...0x09, 0x20...0x20]
    case "cntrl": ranges = [0...0x1F, 0x7F...0x7F]
    case "digit": ranges = [0x30...0x39]
    case "graph": ranges = [0x21...0x7E]
    case "lower": ranges = [0x61...0x7A]
    case "print": ranges = [0x20...0x7E]
    case "punct": ranges = [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]
    case "space": ranges = [0x09...0x0D, 0x20...0x20]
    case "upper": ranges = [0x41...0x5A]
    case "word": ranges = [0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F...0x5F]
    case "xdigit": ranges = [0x30...0x39, 0x41...0x46, 0x61...0x66]
    default: return nil
    }
    let set = CodePointSet(ranges)
    return (negate ? set.inverted() : set, j + 2 - k)
  }

  static let digits = CodePointSet([0x30...0x39])
  /// RE2's `\s`: `[\t\n\f\r ]`.
  static let space = CodePointSet([0x09...0x0A, 0x0C...0x0D, 0x20...0x20])
  static let word = CodePointSet([0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F...0x5F])
}
