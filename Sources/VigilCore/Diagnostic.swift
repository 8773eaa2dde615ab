/// A position in user input: a session file, a shell line, a pattern or a query.
public struct SourceLocation: Equatable, Hashable, Sendable {
  /// The file name, or nil for text typed in the shell or passed on the command line.
  public var file: String?
  /// 1-based line number.
  public var line: Int
  /// 1-based column, counted in Unicode scalars of the line.
  public var column: Int

  public init(file: String? = nil, line: Int = 1, column: Int = 1) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, or `line:column` without a file.
  public var description: String {
    if let file { return "\(file):\(line):\(column)" }
    return "\(line):\(column)"
  }
}

/// A user-facing error in some input, with its position and the offending line so it can be shown
/// with a caret. Every parser in Vigil reports through this type.
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public var location: SourceLocation
  /// The text of the line the error is on (without its newline), for the caret display.
  public var sourceLine: String
  /// An optional hint, e.g. "did you mean --threshold?".
  public var suggestion: String?

  public init(_ message: String, at location: SourceLocation, sourceLine: String, suggestion: String? = nil) {
    self.message = message
    self.location = location
    self.sourceLine = sourceLine
    self.suggestion = suggestion
  }

  /// Builds a diagnostic for a single-line text (a pattern, a shell line) at a 0-based scalar offset.
  public init(_ message: String, in text: String, offset: Int, file: String? = nil, line: Int = 1, suggestion: String? = nil) {
    self.init(
      message, at: SourceLocation(file: file, line: line, column: offset + 1), sourceLine: text, suggestion: suggestion)
  }

  /// The one-line form: `file:line:column: error: message; did you mean ...?`.
  public var headline: String {
    var text = "\(location.description): error: \(message)"
    if let suggestion { text += "; \(suggestion)" }
    return text
  }

  /// Headline, the source line and a caret under the offending column.
  public var description: String {
    let caretColumn = max(0, location.column - 1)
    var pad = ""
    // Keep tabs so the caret lines up under tabbed input.
    for (index, scalar) in sourceLine.unicodeScalars.enumerated() where index < caretColumn {
      pad.append(scalar == "\t" ? "\t" : " ")
    }
    if sourceLine.unicodeScalars.count < caretColumn {
      pad += String(repeating: " ", count: caretColumn - sourceLine.unicodeScalars.count)
    }
    return "\(headline)\n  \(sourceLine)\n  \(pad)^"
  }

  /// The same diagnostic moved into a file at a line, with the column shifted by `columnOffset`;
  /// used when an embedded language (a pattern inside a command) reports an error.
  public func relocated(file: String?, line: Int, sourceLine: String, columnOffset: Int) -> Diagnostic {
    Diagnostic(
      message, at: SourceLocation(file: file, line: line, column: location.column + columnOffset),
      sourceLine: sourceLine, suggestion: suggestion)
  }
}

/// Suggests the closest candidate to a mistyped word (Levenshtein distance, at most 2 or a third of its length).
public func closestMatch(to word: String, in candidates: some Sequence<String>) -> String? {
  let limit = max(2, word.count / 3)
  var best: (String, Int)?
  for candidate in candidates {
    let distance = editDistance(word, candidate)
    if distance <= limit, best == nil || distance < best!.1 { best = (candidate, distance) }
  }
  return best?.0
}

/// Levenshtein distance between two strings, by Unicode scalars.
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
