import VigilCore

/// One word of a command line, with where it starts so errors can point at it.
public struct Token: Equatable, Sendable {
  /// The word after quote removal.
  public var text: String
  /// Where the word starts (its first character, including an opening quote).
  public var location: SourceLocation
  /// The text of the physical line the word is on, for carets.
  public var sourceLine: String
  /// Whether any part of the word was quoted (so `'--x'` is a value, not an option).
  public var quoted: Bool

  public func error(_ message: String, suggestion: String? = nil, columnOffset: Int = 0) -> Diagnostic {
    var at = location
    at.column += columnOffset
    return Diagnostic(message, at: at, sourceLine: sourceLine, suggestion: suggestion)
  }
}

/// A logical command: the words of one line (after `\` continuations are joined), with its location.
public struct CommandSource: Equatable, Sendable {
  public var tokens: [Token]
  /// The text as written (physical lines joined with newlines), kept in the session.
  public var text: String
  public var location: SourceLocation
}

/// Splits session text into commands: one per line, `#` comments, `\` continuation, single quotes
/// (literal) and double quotes (with `\"` and `\\` escapes). Never throws on a whole file: an
/// unterminated quote is reported as a diagnostic for its line.
public enum CommandLexer {
  public static func split(_ text: String, file: String? = nil, firstLine: Int = 1) -> [Result<CommandSource, Diagnostic>] {
    var results: [Result<CommandSource, Diagnostic>] = []
    let physical = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    var index = 0
    while index < physical.count {
      let startIndex = index
      var tokens: [Token] = []
      var current = ""
      var currentStart: SourceLocation?
      var currentQuoted = false
      var currentLine = ""
      var failure: Diagnostic?
      var rawLines: [String] = []

      func finishWord() {
        if let start = currentStart {
          tokens.append(Token(text: current, location: start, sourceLine: currentLine, quoted: currentQuoted))
        }
        current = ""
        currentStart = nil
        currentQuoted = false
      }

      lineLoop: while index < physical.count {
        let line = physical[index]
        rawLines.append(line)
        let scalars = Array(line.unicodeScalars)
        let lineNumber = firstLine + index
        index += 1
        var i = 0
        var continued = false
        func location(_ column: Int) -> SourceLocation { SourceLocation(file: file, line: lineNumber, column: column + 1) }
        while i < scalars.count {
          let c = scalars[i]
          if c == " " || c == "\t" {
            finishWord()
            i += 1
            continue
          }
          if c == "#" && currentStart == nil {
            break  // comment to end of line
          }
          if c == "\\" && i == scalars.count - 1 {
            continued = true
            break
          }
          if currentStart == nil {
            currentStart = location(i)
            currentLine = line
          }
          if c == "'" || c == "\"" {
            currentQuoted = true
            let quote = c
            let open = i
            i += 1
            var closed = false
            while i < scalars.count {
              let q = scalars[i]
              if q == quote {
                closed = true
                break
              }
              if quote == "\"" && q == "\\" && i + 1 < scalars.count && (scalars[i + 1] == "\"" || scalars[i + 1] == "\\") {
                current.unicodeScalars.append(scalars[i + 1])
                i += 2
                continue
              }
              current.unicodeScalars.append(q)
              i += 1
            }
            if !closed {
              failure = Diagnostic(
                "unterminated \(quote == "'" ? "single" : "double") quote", at: location(open), sourceLine: line)
              break lineLoop
            }
            i += 1
            continue
          }
          if c == "\\" && i + 1 < scalars.count {
            current.unicodeScalars.append(scalars[i + 1])
            i += 2
            continue
          }
          current.unicodeScalars.append(c)
          i += 1
        }
        if continued {
          finishWord()
          continue lineLoop
        }
        break lineLoop
      }
      finishWord()
      let location = SourceLocation(file: file, line: firstLine + startIndex, column: 1)
      if let failure {
        results.append(.failure(failure))
      } else if !tokens.isEmpty {
        results.append(.success(CommandSource(tokens: tokens, text: rawLines.joined(separator: "\n"), location: location)))
      }
    }
    return results
  }
}
