/// A compiled regular expression that matches in time linear in the text, whatever the pattern.
///
/// CloudWatch's regex engines (RE2-style for Logs Insights, the filter-pattern subset for metric filters) run in
/// linear time; a backtracking matcher takes seconds to minutes on `a*a*a*a*b` or `(a+)+b`. This one is a
/// Thompson NFA run as a Pike VM over UTF-8 bytes (which also gives RE2's leftmost-first submatches for `parse`),
/// behind a literal prefilter: a pattern that is only literal characters is a `memchr`/`memcmp` search, any
/// other skips lines that lack its longest required literal, and yes/no questions walk a DFA built from the
/// program when it is small (``ASCIIDFA``).
public struct LinearRegex: Sendable {
  /// The names of the capturing groups by group number (index 0, the whole match, has none).
  public var groupNames: [String?] { compiled.groupNames }
  /// One shared, immutable reference: regexes are copied into tokens, patterns and query plans, and a single
  /// pointer keeps those values small.
  private let compiled: Compiled

  private final class Compiled: Sendable {
    let groupNames: [String?]
    let program: RegexProgram
    /// Set when the whole pattern is literal text: a substring search answers everything.
    let literal: [UInt8]?
    let requiredLiteral: [UInt8]
    let prefix: [UInt8]
    let anchored: Bool
    /// The table-driven matcher for yes/no questions, when the program allows one.
    let dfa: ASCIIDFA?

    init(_ node: RegexNode, groupNames: [String?], program: RegexProgram) {
      self.groupNames = groupNames
      self.program = program
      literal = node.literal
      requiredLiteral = node.requiredLiteral
      anchored = node.isAnchoredAtStart
      prefix = anchored ? [] : node.literalPrefix
      dfa = literal == nil ? ASCIIDFA(program, anchored: anchored) : nil
    }
  }

  /// Thrown when the compiled program would exceed ``RegexProgram/maximumSize`` instructions.
  public struct TooLarge: Error, Equatable {}

  /// Compiles a parsed expression; `groupNames[k]` names group k (`groupNames.count` is the group count + 1).
  public init(_ node: RegexNode, groupNames: [String?] = [nil]) throws(TooLarge) {
    let program: RegexProgram
    do {
      program = try RegexProgram(node, groupCount: max(0, groupNames.count - 1))
    } catch {
      throw TooLarge()
    }
    compiled = Compiled(node, groupNames: groupNames, program: program)
  }

  /// Compiles a Logs Insights regular expression (RE2 syntax, see ``RegexParser``).
  public init(insights pattern: String) throws(RegexSyntaxError) {
    let parsed = try RegexParser.parse(pattern)
    do {
      try self.init(parsed.node, groupNames: parsed.groupNames)
    } catch {
      throw RegexSyntaxError(message: "the regular expression is too large", offset: nil)
    }
  }

  /// Whether the expression matches anywhere in `text`.
  public func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    let c = compiled
    if let literal = c.literal { return ByteSearch.firstIndex(of: literal, in: text) != nil }
    if !c.requiredLiteral.isEmpty, ByteSearch.firstIndex(of: c.requiredLiteral, in: text) == nil { return false }
    if let dfa = c.dfa, let answer = dfa.matches(text) { return answer }
    return PikeVM(program: c.program, text: text, wantsCaptures: false).search(from: 0, anchored: c.anchored, prefix: c.prefix) != nil
  }

  /// The leftmost-first match starting at or after `start`: the byte range of each group (index 0 is the whole
  /// match; nil for a group that took no part), or nil when there is no match.
  public func firstMatch(in text: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> [Range<Int>?]? {
    let c = compiled
    guard start <= text.count else { return nil }
    if start == 0, !c.requiredLiteral.isEmpty, ByteSearch.firstIndex(of: c.requiredLiteral, in: text) == nil { return nil }
    let vm = PikeVM(program: c.program, text: text, wantsCaptures: true)
    guard let slots = vm.search(from: start, anchored: c.anchored, prefix: c.prefix) else { return nil }
    return (0..<(slots.count / 2)).map { k in
      let (low, high) = (slots[2 * k], slots[2 * k + 1])
      return low >= 0 && high >= low ? low..<high : nil
    }
  }
}
