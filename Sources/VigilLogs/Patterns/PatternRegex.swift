import VigilCore
import VigilLogSource
import VigilRegex

/// A CloudWatch filter-pattern regular expression (`%...%`): parsed here (the documented subset, with positioned
/// errors), matched by the linear-time ``LinearRegex`` engine shared with Logs Insights.
///
/// AWS's subset: alphanumerics, the symbols `: _ # = @ / ; , -` and space, the operators
/// `^ $ ? [ ] { } | \ * + .`, escapes `\d \D \s \S \w \W \xhh`; no parentheses, no multi-byte characters.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#regex-expressions
/// (also https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html)
/// Matching is a search (unanchored unless `^`/`$` are used); `|` separates whole alternatives.
struct PatternRegex: Sendable, Equatable {
  static func == (a: PatternRegex, b: PatternRegex) -> Bool { a.alternatives == b.alternatives }

  /// A set of bytes, plus whether it also matches any non-ASCII character (negated classes, `.`, `\D`…).
  struct ByteSet: Sendable, Equatable {
    var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var matchesNonASCII = false
    static func == (a: ByteSet, b: ByteSet) -> Bool {
      a.bits.0 == b.bits.0 && a.bits.1 == b.bits.1 && a.bits.2 == b.bits.2 && a.bits.3 == b.bits.3
        && a.matchesNonASCII == b.matchesNonASCII
    }
    mutating func insert(_ b: UInt8) {
      let bit = UInt64(1) << UInt64(b & 63)
      switch b >> 6 {
      case 0: bits.0 |= bit
      case 1: bits.1 |= bit
      case 2: bits.2 |= bit
      default: bits.3 |= bit
      }
    }
    func contains(_ b: UInt8) -> Bool {
      let bit = UInt64(1) << UInt64(b & 63)
      switch b >> 6 {
      case 0: return bits.0 & bit != 0
      case 1: return bits.1 & bit != 0
      case 2: return bits.2 & bit != 0
      default: return bits.3 & bit != 0
      }
    }
    mutating func formUnion(_ o: ByteSet) {
      bits.0 |= o.bits.0
      bits.1 |= o.bits.1
      bits.2 |= o.bits.2
      bits.3 |= o.bits.3
      matchesNonASCII = matchesNonASCII || o.matchesNonASCII
    }
    /// The ASCII complement; non-ASCII characters become members.
    func inverted() -> ByteSet {
      var s = ByteSet()
      for b in 0..<128 where !contains(UInt8(b)) { s.insert(UInt8(b)) }
      s.matchesNonASCII = !matchesNonASCII
      return s
    }
    /// The same set for the engine: the ASCII members, plus every non-ASCII character (and every byte sequence
    /// that is not UTF-8) when `matchesNonASCII`.
    var codePoints: CodePointSet {
      var set = CodePointSet()
      for b in 0..<128 where contains(UInt8(b)) { set.insert(UInt32(b)...UInt32(b)) }
      if matchesNonASCII { set.insert(0x80...CodePointSet.invalidUnit) }
      return set
    }
    static func range(_ a: UInt8, _ b: UInt8) -> ByteSet {
      var s = ByteSet()
      if a <= b { for c in a...b { s.insert(c) } }
      return s
    }
  }

  enum Atom: Sendable, Equatable {
    case set(ByteSet)
    case start
    case end
  }

  struct Piece: Sendable, Equatable {
    var atom: Atom
    var min: Int
    var max: Int  // Int.max for unbounded
  }

  var alternatives: [[Piece]]
  private var engine: LinearRegex

  // MARK: Parsing

  /// Parses the text between the `%` delimiters. `offset` is the scalar offset of the first character in
  /// `pattern` (for carets).
  init(_ body: [Unicode.Scalar], offset: Int, pattern: String) throws(Diagnostic) {
    func fail(_ message: String, _ at: Int) -> Diagnostic {
      Diagnostic("invalid filter pattern: \(message)", in: pattern, offset: offset + at)
    }
    var alternatives: [[Piece]] = [[]]
    var i = 0
    let digitSet = ByteSet.range(0x30, 0x39)
    var wordSet = ByteSet.range(0x30, 0x39)
    wordSet.formUnion(.range(0x41, 0x5A))
    wordSet.formUnion(.range(0x61, 0x7A))
    wordSet.insert(0x5F)
    var spaceSet = ByteSet()
    for c: UInt8 in [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C] { spaceSet.insert(c) }

    func isAllowedLiteral(_ s: Unicode.Scalar) -> Bool {
      guard s.isASCII else { return false }
      let c = UInt8(s.value)
      if (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) { return true }
      return ":_#=@/;,- ".utf8.contains(c)
    }
    func checkAllowed(_ at: Int) throws(Diagnostic) {
      let s = body[at]
      if !s.isASCII { throw fail("multi-byte characters are not supported in regular expressions", at) }
      if s == "(" || s == ")" {
        throw fail("parentheses are not supported in regular expressions (use \\x28 and \\x29 to match them)", at)
      }
      if !isAllowedLiteral(s) && !"^$?[]{}|\\*+.".unicodeScalars.contains(s) {
        throw fail("'\(s)' is not supported in regular expressions (use \\x\(String(s.value, radix: 16)) to match it)", at)
      }
    }
    /// Parses an escape at `i` (the backslash); returns the set it denotes.
    func escape(_ i: inout Int) throws(Diagnostic) -> ByteSet {
      let at = i
      i += 1
      guard i < body.count else { throw fail("a regular expression cannot end with '\\'", at) }
      let e = body[i]
      i += 1
      switch e {
      case "d": return digitSet
      case "D": return digitSet.inverted()
      case "w": return wordSet
      case "W": return wordSet.inverted()
      case "s": return spaceSet
      case "S": return spaceSet.inverted()
      case "x":
        guard i + 2 <= body.count, let v = UInt8(String(String.UnicodeScalarView(body[i..<(i + 2)])), radix: 16) else {
          throw fail("\\x needs two hexadecimal digits", at)
        }
        i += 2
        var s = ByteSet()
        s.insert(v)
        return s
      default:
        if e.isASCII, "^$?[]{}|\\*+.:_#=@/;,- ".unicodeScalars.contains(e) {
          var s = ByteSet()
          s.insert(UInt8(e.value))
          return s
        }
        try checkAllowed(i - 1)
        throw fail("unsupported escape '\\\(e)' (supported: \\d \\D \\s \\S \\w \\W \\xhh and escaped operators)", at)
      }
    }

    while i < body.count {
      let s = body[i]
      try checkAllowed(i)
      let atomStart = i
      var atom: Atom
      switch s {
      case "|":
        alternatives.append([])
        i += 1
        continue
      case "^":
        atom = .start
        i += 1
      case "$":
        atom = .end
        i += 1
      case ".":
        // `.` is any character except a line break.
        var lineBreaks = ByteSet()
        lineBreaks.insert(0x0A)
        lineBreaks.insert(0x0D)
        atom = .set(lineBreaks.inverted())
        i += 1
      case "\\":
        atom = .set(try escape(&i))
      case "[":
        i += 1
        var set = ByteSet()
        var negated = false
        if i < body.count, body[i] == "^" {
          negated = true
          i += 1
        }
        var first = true
        var closed = false
        while i < body.count {
          let c = body[i]
          if c == "]" && !first {
            closed = true
            i += 1
            break
          }
          first = false
          try checkAllowed(i)
          var low: UInt8
          var lowIsSingle = true
          if c == "\\" {
            let e = try escape(&i)
            // A class escape (\d) cannot start a range.
            var count = 0
            var only: UInt8 = 0
            for b in 0..<256 where e.contains(UInt8(b)) {
              count += 1
              only = UInt8(b)
            }
            set.formUnion(e)
            lowIsSingle = count == 1 && !e.matchesNonASCII
            low = only
          } else {
            low = UInt8(c.value)
            set.insert(low)
            i += 1
          }
          if lowIsSingle, i + 1 < body.count, body[i] == "-", body[i + 1] != "]" {
            i += 1
            try checkAllowed(i)
            let high: UInt8
            if body[i] == "\\" {
              let e = try escape(&i)
              guard let h = (0..<256).first(where: { e.contains(UInt8($0)) }) else { throw fail("invalid range", i) }
              high = UInt8(h)
            } else {
              high = UInt8(body[i].value)
              i += 1
            }
            guard low <= high else { throw fail("invalid range in character class", atomStart) }
            set.formUnion(.range(low, high))
          }
        }
        guard closed else { throw fail("unclosed '[' in regular expression", atomStart) }
        atom = .set(negated ? set.inverted() : set)
      case "?", "*", "+", "{":
        throw fail("'\(s)' has nothing to repeat", i)
      case "]", "}":
        throw fail("unmatched '\(s)' in regular expression", i)
      default:
        var set = ByteSet()
        set.insert(UInt8(s.value))
        atom = .set(set)
        i += 1
      }
      var piece = Piece(atom: atom, min: 1, max: 1)
      if i < body.count {
        switch body[i] {
        case "?":
          piece.min = 0
          i += 1
        case "*":
          piece.min = 0
          piece.max = Int.max
          i += 1
        case "+":
          piece.max = Int.max
          i += 1
        case "{":
          let braceAt = i
          var j = i + 1
          func number() -> Int? {
            var v: Int?
            while j < body.count, body[j].value >= 0x30, body[j].value <= 0x39 {
              v = (v ?? 0) * 10 + Int(body[j].value - 0x30)
              if v! > 1000 { return v }
              j += 1
            }
            return v
          }
          let low = number()
          var high = low
          if j < body.count, body[j] == "," {
            j += 1
            high = number()
          } else if low == nil {
            throw fail("'{' must start a repetition like {3}, {3,5}, {3,} or {,5}", braceAt)
          }
          guard j < body.count, body[j] == "}" else {
            throw fail("'{' must start a repetition like {3}, {3,5}, {3,} or {,5}", braceAt)
          }
          if low == nil && high == nil { throw fail("empty repetition '{,}'", braceAt) }
          piece.min = low ?? 0
          piece.max = high ?? Int.max
          guard piece.min <= piece.max else { throw fail("repetition minimum is larger than its maximum", braceAt) }
          guard piece.max == Int.max || piece.max <= 1000 else { throw fail("repetition count is too large", braceAt) }
          i = j + 1
        default: break
        }
        if i < body.count, "?*+{".unicodeScalars.contains(body[i]), piece.min != 1 || piece.max != 1 {
          throw fail("'\(body[i])' cannot follow another repetition", i)
        }
      }
      if case .set = atom {
      } else if piece.min != 1 || piece.max != 1 {
        throw fail("an anchor cannot be repeated", atomStart)
      }
      alternatives[alternatives.count - 1].append(piece)
    }
    self.alternatives = alternatives
    // `{1000}` on each of many pieces could make a program too large to run quickly; CloudWatch caps patterns
    // at 1024 characters, and this cap is far above anything that length can write usefully.
    do {
      engine = try LinearRegex(Self.node(alternatives))
    } catch {
      throw fail("the regular expression is too large", 0)
    }
  }

  // MARK: Matching

  /// The parsed pieces as the shared regex engine's expression: alternatives of concatenated pieces.
  static func node(_ alternatives: [[Piece]]) -> RegexNode {
    let branches = alternatives.map { pieces -> RegexNode in
      let items = pieces.map { piece -> RegexNode in
        let atom: RegexNode
        switch piece.atom {
        case .start: atom = .assertion(.textStart)
        case .end: atom = .assertion(.textEnd)
        case .set(let set): atom = .set(set.codePoints)
        }
        if piece.min == 1 && piece.max == 1 { return atom }
        return .repetition(atom, min: piece.min, max: piece.max == Int.max ? nil : piece.max, greedy: true)
      }
      return items.count == 1 ? items[0] : .concatenation(items)
    }
    return branches.count == 1 ? branches[0] : .alternation(branches)
  }

  /// Whether the regex matches anywhere in `text`, in time linear in `text` (``LinearRegex``).
  func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    engine.matches(text)
  }
}
