import VigilCore
import VigilLogSource

/// An unstructured pattern: terms and quoted phrases (all required, case-sensitive substrings), `?term`
/// (any of them) and `-term` (none of them).
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-terms-unstructured-log-events
///
/// "You can't combine the question mark ("?") with other filter patterns, such as include and exclude terms.
/// If you combine "?" with other filter patterns, all question mark terms will be ignored."
struct TermPattern: Equatable, Sendable {
  var required: [[UInt8]]
  var excluded: [[UInt8]]
  var optional: [[UInt8]]
  /// `" "` on its own: the documented "match everything" pattern.
  var matchesEverything: Bool

  static func parse(_ pattern: String) throws(Diagnostic) -> TermPattern {
    let scalars = Array(pattern.unicodeScalars)
    func fail(_ message: String, _ at: Int) -> Diagnostic {
      Diagnostic("invalid filter pattern: \(message)", in: pattern, offset: at)
    }
    func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\n" || s == "\r" }
    func isTermScalar(_ s: Unicode.Scalar) -> Bool {
      if s.isASCII {
        let c = s.value
        return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
      }
      return s.properties.isAlphabetic || s.properties.numericType != nil
    }
    var required: [[UInt8]] = []
    var excluded: [[UInt8]] = []
    var optional: [[UInt8]] = []
    var quotedWhitespaceOnly = 0
    var termCount = 0
    var i = 0
    while true {
      while i < scalars.count, isSpace(scalars[i]) { i += 1 }
      guard i < scalars.count else { break }
      var kind = 0  // 0 required, 1 optional, 2 excluded
      if scalars[i] == "?" {
        kind = 1
        i += 1
      } else if scalars[i] == "-" {
        kind = 2
        i += 1
        // The 2018 docs also write `"ERROR" - "Exiting"`.
        while i < scalars.count, isSpace(scalars[i]) { i += 1 }
      }
      guard i < scalars.count, !isSpace(scalars[i]) else {
        throw fail("'\(kind == 1 ? "?" : "-")' must be followed by a term", i - 1)
      }
      var term = String.UnicodeScalarView()
      let termStart = i
      if scalars[i] == "\"" {
        i += 1
        var closed = false
        while i < scalars.count {
          let c = scalars[i]
          if c == "\"" {
            closed = true
            i += 1
            break
          }
          if c == "\\", i + 1 < scalars.count {
            term.append(scalars[i + 1])
            i += 2
            continue
          }
          term.append(c)
          i += 1
        }
        guard closed else { throw fail("unclosed double quote", termStart) }
        guard !term.isEmpty else { throw fail("empty quoted term \"\"", termStart) }
        if i < scalars.count, !isSpace(scalars[i]) {
          throw fail("expected a space after the closing quote", i)
        }
        if term.allSatisfy(isSpace) { quotedWhitespaceOnly += 1 }
      } else {
        while i < scalars.count, !isSpace(scalars[i]) {
          let c = scalars[i]
          guard isTermScalar(c) else {
            if c == "%" {
              throw fail("a regular expression %...% must be the whole pattern, a JSON value or a space-delimited field condition", i)
            }
            throw fail("terms that include characters other than letters, digits and '_' must be in double quotes", i)
          }
          term.append(c)
          i += 1
        }
      }
      termCount += 1
      let bytes = Array(String(term).utf8)
      switch kind {
      case 1: optional.append(bytes)
      case 2: excluded.append(bytes)
      default: required.append(bytes)
      }
    }
    return TermPattern(
      required: required, excluded: excluded, optional: optional,
      matchesEverything: termCount == 1 && quotedWhitespaceOnly == 1)
  }

  func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    if matchesEverything { return true }
    if required.isEmpty && excluded.isEmpty {
      for term in optional where ByteSearch.contains(bytes, term) { return true }
      return optional.isEmpty
    }
    for term in required where !ByteSearch.contains(bytes, term) { return false }
    for term in excluded where ByteSearch.contains(bytes, term) { return false }
    return true
  }
}
