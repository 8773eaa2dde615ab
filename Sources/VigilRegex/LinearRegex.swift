/// A compiled regular expression that matches in time linear in the text, whatever the pattern.
///
/// CloudWatch's regex engines (RE2-style for Logs Insights, the filter-pattern subset for metric filters) run in
/// linear time; a backtracking matcher takes seconds to minutes on `a*a*a*a*b` or `(a+)+b`. This one is a
/// Thompson NFA run as a Pike VM over UTF-8 bytes, behind a literal prefilter: a pattern that is only
/// literal characters is a `memchr`/`memcmp` search, and any other skips lines that lack its longest required
/// literal before the automaton starts.
public struct LinearRegex: Sendable {
  /// The names of the capturing groups by group number (index 0, the whole match, has none).
  public let groupNames: [String?]
  private let program: RegexProgram
  /// Set when the whole pattern is literal text: a substring search answers everything.
  private let literal: [UInt8]?
  private let requiredLiteral: [UInt8]
  private let prefix: [UInt8]
  private let anchored: Bool

  /// Thrown when the compiled program would exceed ``RegexProgram/maximumSize`` instructions.
  public struct TooLarge: Error, Equatable {}

  /// Compiles a parsed expression; `groupNames[k]` names group k (`groupNames.count` is the group count + 1).
  public init(_ node: RegexNode, groupNames: [String?] = [nil]) throws(TooLarge) {
    do {
      program = try RegexProgram(node, groupCount: max(0, groupNames.count - 1))
    } catch {
      throw TooLarge()
    }
    self.groupNames = groupNames
    literal = node.literal
    requiredLiteral = node.requiredLiteral
    anchored = node.isAnchoredAtStart
    prefix = anchored ? [] : node.literalPrefix
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
    if let literal { return ByteSearch.firstIndex(of: literal, in: text) != nil }
    if !requiredLiteral.isEmpty, ByteSearch.firstIndex(of: requiredLiteral, in: text) == nil { return false }
    return PikeVM(program: program, text: text, wantsCaptures: false).search(from: 0, anchored: anchored, prefix: prefix) != nil
  }

  /// The leftmost-first match starting at or after `start`: the byte range of each group (index 0 is the whole
  /// match; nil for a group that took no part), or nil when there is no match.
  public func firstMatch(in text: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> [Range<Int>?]? {
    guard start <= text.count else { return nil }
    if start == 0, !requiredLiteral.isEmpty, ByteSearch.firstIndex(of: requiredLiteral, in: text) == nil { return nil }
    guard let slots = PikeVM(program: program, text: text, wantsCaptures: true).search(from: start, anchored: anchored, prefix: prefix)
    else { return nil }
    return (0..<(slots.count / 2)).map { k in
      let (low, high) = (slots[2 * k], slots[2 * k + 1])
      return low >= 0 && high >= low ? low..<high : nil
    }
  }
}
