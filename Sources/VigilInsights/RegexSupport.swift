import VigilCore
import VigilLogSource
import VigilRegex

/// Regex literals (`/.../`) of Logs Insights, compiled to the linear-time ``LinearRegex`` engine.
///
/// AWS documents RE2 syntax for `regexReplace`
/// ([functions](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-operations-functions.html))
/// and the same literals serve `like`, `=~` and `parse`
/// ([parse](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Parse.html)); RE2 matches in
/// linear time and refuses what cannot (backreferences, lookaround), so Vigil does the same
/// (see ``RegexParser`` for the syntax).
enum RegexSupport {
  /// Checks `pattern` (the text between the slashes of the literal at `offset`); a refusal points at the construct
  /// at fault, or at the literal when the fault is the whole pattern.
  static func validate(_ pattern: String, source: QueryText, at offset: Int) throws(Diagnostic) {
    _ = try parse(pattern, source: source, at: offset)
  }

  /// The names of `(?<name>...)` groups, in order; validates the regex first.
  static func namedGroups(_ pattern: String, source: QueryText, at offset: Int) throws(Diagnostic) -> [String] {
    try parse(pattern, source: source, at: offset).groupNames.compactMap { $0 }
  }

  private static func parse(_ pattern: String, source: QueryText, at offset: Int) throws(Diagnostic) -> (
    node: RegexNode, groupNames: [String?]
  ) {
    do {
      return try RegexParser.parse(pattern)
    } catch {
      var position = offset
      if let inner = error.offset {
        // The literal's text dropped the backslash of each `\/`: count them back to land on the source column.
        let slashes = pattern.utf8.prefix(inner).filter { $0 == UInt8(ascii: "/") }.count
        position = offset + 1 + inner + slashes
      }
      throw source.diagnostic("invalid regular expression /\(pattern)/: \(error.message)", at: position)
    }
  }
}

/// A regex compiled once per query.
final class CompiledRegex: Sendable {
  let pattern: String
  let regex: LinearRegex

  init(_ pattern: String) throws(RegexSyntaxError) {
    self.pattern = pattern
    self.regex = try LinearRegex(insights: pattern)
  }

  func matches(_ s: String) -> Bool {
    var s = s
    return s.withUTF8 { regex.matches($0) }
  }

  /// The named groups of the first match (nil for a group that did not take part), or nil without a match.
  func captures(_ s: String, names: [String]) -> [String?]? {
    var s = s
    return s.withUTF8 { bytes -> [String?]? in
      guard let groups = regex.firstMatch(in: bytes) else { return nil }
      return names.map { name in
        guard let k = regex.groupNames.firstIndex(of: name), let range = groups[k] else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
      }
    }
  }

  /// Every match replaced by `replacement`, taken literally. As RE2's `GlobalReplace`, an empty match right where
  /// the previous match ended is skipped (`a*` in `baaac` gives `-b-c-`).
  func replacingAll(in s: String, with replacement: String) -> String {
    var s = s
    return s.withUTF8 { bytes -> String in
      var output: [UInt8] = []
      output.reserveCapacity(bytes.count)
      var copied = 0
      var position = 0
      var lastEnd = -1
      while position <= bytes.count, let groups = regex.firstMatch(in: bytes, from: position), let match = groups[0] {
        if match.isEmpty && match.lowerBound == lastEnd {
          guard match.lowerBound < bytes.count else { break }
          position = match.lowerBound + Self.characterWidth(bytes, match.lowerBound)
          continue
        }
        output += UnsafeBufferPointer(rebasing: bytes[copied..<match.lowerBound])
        output += replacement.utf8
        copied = match.upperBound
        lastEnd = match.upperBound
        if match.isEmpty {
          guard match.upperBound < bytes.count else { break }
          position = match.upperBound + Self.characterWidth(bytes, match.upperBound)
        } else {
          position = match.upperBound
        }
      }
      output += UnsafeBufferPointer(rebasing: bytes[copied...])
      return String(decoding: output, as: UTF8.self)
    }
  }

  private static func characterWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int {
    var width = 1
    while at + width < bytes.count, bytes[at + width] & 0xC0 == 0x80 { width += 1 }
    return width
  }
}
