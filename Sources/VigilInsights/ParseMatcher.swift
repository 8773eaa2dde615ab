import Foundation

/// Extracts fields for the `parse` command
/// ([parse](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Parse.html)).
///
/// Glob patterns: the literal text before the first `*` is searched anywhere in the value (a pattern that starts
/// with `*` captures from the start); each `*` then captures up to the first occurrence of the next literal;
/// a trailing `*` takes the rest. This reproduces every documented example (`"[*] * The error was: *"`,
/// `"* [*] *"`, `"'fieldsA': '*', 'fieldsB': ['*']"`). A value that does not match gives no fields.
enum ParseMatcher {
  case glob(literals: [String])
  case regex(CompiledRegex, names: [String])

  static func make(_ command: ParseCommand) throws -> ParseMatcher {
    switch command.pattern {
    case .glob(let pattern):
      return .glob(literals: pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init))
    case .regex(let pattern):
      return .regex(try CompiledRegex(pattern), names: command.fieldNames)
    }
  }

  /// The captured values in field order, or nil when the value does not match.
  func match(_ text: String) -> [String?]? {
    switch self {
    case .glob(let literals):
      let s = text.utf8
      var position = s.startIndex
      // literals[0] is the text before the first `*`: found anywhere.
      if !literals[0].isEmpty {
        guard let r = find(literals[0], in: text, from: position) else { return nil }
        position = r.upperBound
      }
      var captures: [String?] = []
      for k in 1..<literals.count {
        let literal = literals[k]
        if k == literals.count - 1 && literal.isEmpty {
          captures.append(String(text[position...]))
          position = text.endIndex
          break
        }
        guard let r = find(literal, in: text, from: position) else { return nil }
        captures.append(String(text[position..<r.lowerBound]))
        position = r.upperBound
      }
      return captures
    case .regex(let regex, let names):
      return regex.captures(text, names: names)
    }
  }

  private func find(_ literal: String, in text: String, from start: String.Index) -> Range<String.Index>? {
    if literal.isEmpty { return start..<start }
    return text[start...].range(of: literal)
  }
}
