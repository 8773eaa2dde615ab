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
/// unterminated quote or a bare carriage return is reported as a diagnostic for its line.
public enum CommandLexer {
  public static func split(_ text: String, file: String? = nil, firstLine: Int = 1) -> [Result<CommandSource, Diagnostic>] {
    var results: [Result<CommandSource, Diagnostic>] = []
    let physical = physicalLines(of: text)
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
          if c == "\r" {
            // A lone CR (old Mac line end, or a stray byte) would silently join two commands into one.
            failure = Diagnostic(
              "carriage return inside a line", at: location(i), sourceLine: visible(line),
              suggestion: "end lines with \\n or \\r\\n, or remove the stray \\r")
            break lineLoop
          }
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

  /// The physical lines of a text: `"\n"` and `"\r\n"` both end a line. Split on unicode scalars, because
  /// Swift's `Character` makes `"\r\n"` one grapheme that a split on `"\n"` never sees (a Windows file was one line).
  public static func physicalLines(of text: String) -> [String] {
    var lines: [String] = []
    var current = String.UnicodeScalarView()
    var scalars = text.unicodeScalars.makeIterator()
    var pendingReturn = false
    while let scalar = scalars.next() {
      if pendingReturn {
        pendingReturn = false
        if scalar == "\n" {
          lines.append(String(current))
          current = String.UnicodeScalarView()
          continue
        }
        current.append("\r")
      }
      if scalar == "\r" {
        pendingReturn = true
      } else if scalar == "\n" {
        lines.append(String(current))
        current = String.UnicodeScalarView()
      } else {
        current.append(scalar)
      }
    }
    // A CR as the file's very last byte is a line end whose LF was cut off.
    lines.append(String(current))
    return lines
  }

  /// The line with carriage returns shown as `␍`, so a caret under it stays in its column on a terminal.
  static func visible(_ line: String) -> String {
    String(String.UnicodeScalarView(line.unicodeScalars.map { $0 == "\r" ? "\u{240D}" : $0 }))
  }
}

extension CommandLexer {
  /// Session file bytes as text, or a diagnostic at the line and column of the first byte that is not UTF-8
  /// (a session saved as Latin-1 or UTF-16 must say where, not only "not UTF-8 text").
  public static func decode(_ bytes: some Collection<UInt8>, file: String?) -> Result<String, Diagnostic> {
    let bytes = Array(bytes)
    if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    var line = 1
    var lineStart = 0
    var offset = 0
    var column = 1
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        offset += String(scalar).utf8.count
        if scalar == "\n" {
          line += 1
          lineStart = offset
          column = 1
        } else {
          column += 1
        }
      case .emptyInput:
        return .success(String(decoding: bytes, as: UTF8.self))
      case .error:
        let lineEnd = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        var shown = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
        if shown.hasSuffix("\r") { shown.removeLast() }
        let byte = bytes[offset]
        return .failure(
          Diagnostic(
            "not UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: true)))",
            at: SourceLocation(file: file, line: line, column: column), sourceLine: visible(shown),
            suggestion: "save the file as UTF-8"))
      }
    }
  }
}
