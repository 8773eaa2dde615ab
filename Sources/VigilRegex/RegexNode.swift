/// The parsed form of a regular expression, shared by both dialects (filter patterns and Logs Insights).
public indirect enum RegexNode: Sendable, Equatable {
  /// Matches the empty string.
  case empty
  /// One character from the set.
  case set(CodePointSet)
  case concatenation([RegexNode])
  /// Alternatives in priority order (leftmost first, as RE2).
  case alternation([RegexNode])
  /// `node{min,max}`; `max == nil` is unbounded.
  case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)
  /// A capturing group; index 0 is the whole match, so groups start at 1.
  case capture(RegexNode, index: Int)
  case assertion(Assertion)

  /// Zero-width tests on the text around the current position.
  public enum Assertion: UInt8, Sendable, Equatable {
    case textStart, textEnd, lineStart, lineEnd, wordBoundary, notWordBoundary
  }

  /// The largest product of counted repetitions on any path from this node down (`(a{10}){20}` is 200), capped at
  /// 1001: RE2 counts `{n,m}` by m (by n when unbounded) and `*`, `+`, `?` as 1.
  var nestedRepetitionCount: Int {
    switch self {
    case .empty, .set, .assertion: return 1
    case .capture(let inner, _): return inner.nestedRepetitionCount
    case .concatenation(let items), .alternation(let items):
      return items.reduce(1) { Swift.max($0, $1.nestedRepetitionCount) }
    case .repetition(let inner, let min, let max, _):
      return Swift.min(1001, Swift.max(1, max ?? min) * inner.nestedRepetitionCount)
    }
  }

  /// The UTF-8 bytes of `node` when it is nothing but literal characters (a plain substring test).
  var literal: [UInt8]? {
    switch self {
    case .set(let s): return s.single.map(Self.utf8)
    case .concatenation(let items):
      var bytes: [UInt8] = []
      for item in items {
        guard let b = item.literal else { return nil }
        bytes += b
      }
      return bytes
    default: return nil
    }
  }

  /// The longest run of literal characters that every match must contain, for a `memmem` prefilter.
  var requiredLiteral: [UInt8] {
    switch self {
    case .set(let s): return s.single.map(Self.utf8) ?? []
    case .capture(let inner, _): return inner.requiredLiteral
    case .repetition(let inner, let min, _, _): return min >= 1 ? inner.requiredLiteral : []
    case .concatenation(let items):
      var best: [UInt8] = []
      var run: [UInt8] = []
      for item in items {
        if case .set(let s) = item, let c = s.single {
          run += Self.utf8(c)
          if run.count > best.count { best = run }
          continue
        }
        run = []
        if case .assertion = item { continue }
        let inner = item.requiredLiteral
        if inner.count > best.count { best = inner }
      }
      return best
    default: return []
    }
  }

  /// The literal every match starts with, used to jump ahead while no match is under way.
  var literalPrefix: [UInt8] {
    switch self {
    case .set(let s): return s.single.map(Self.utf8) ?? []
    case .capture(let inner, _): return inner.literalPrefix
    case .concatenation(let items):
      var prefix: [UInt8] = []
      for item in items {
        if case .set(let s) = item, let c = s.single {
          prefix += Self.utf8(c)
          continue
        }
        if prefix.isEmpty { return item.literalPrefix }
        break
      }
      return prefix
    default: return []
    }
  }

  /// Whether every match must start at the beginning of the text.
  var isAnchoredAtStart: Bool {
    switch self {
    case .assertion(.textStart): return true
    case .capture(let inner, _): return inner.isAnchoredAtStart
    case .concatenation(let items): return items.first?.isAnchoredAtStart ?? false
    case .alternation(let items): return !items.isEmpty && items.allSatisfy(\.isAnchoredAtStart)
    default: return false
    }
  }

  static func utf8(_ c: UInt32) -> [UInt8] {
    guard let s = Unicode.Scalar(c) else { return [] }
    return Array(String(Character(s)).utf8)
  }
}
