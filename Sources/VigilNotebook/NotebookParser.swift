import VigilCore

/// An invalid notebook or session file: every problem found, each with its line, column and caret.
public struct NotebookError: Error, Equatable, Sendable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension Notebook {
  /// The attributes a ```` ```vigil ```` info string may carry after the word `vigil`.
  public static let cellAttributes = ["expect-error"]

  /// Parses a Markdown notebook (`.md`) or, for `kind: .session`, a session file (`.vigil`).
  ///
  /// Recognised structure (a subset of CommonMark, stated so nothing surprises):
  /// - fenced code blocks with ``` or ~~~ (three or more), indented at most three spaces; the block ends at
  ///   a fence of the same character at least as long; a fence that is never closed is an error, because
  ///   every cell after it would silently disappear;
  /// - a block whose info string's first word is `vigil` is a cell, `output` is the recorded output of
  ///   the cell just before it (only blank lines may separate them);
  /// - fences inside other fenced blocks, HTML comments (`<!-- … -->`), blockquotes, list items indented
  ///   four or more spaces and indented code blocks are prose, not cells;
  /// - ATX (`## Title`) and setext (`Title` over `===`/`---`) headings name the cells under them.
  /// - Throws: `NotebookError` listing every problem (invalid UTF-8, an orphan or duplicate output block,
  ///   an unknown cell attribute, an unclosed fence).
  public static func parse(_ bytes: some Collection<UInt8>, path: String, kind: Kind = .markdown) throws -> Notebook {
    var parser = NotebookParser(path: path)
    let lines = try parser.splitLines(Array(bytes))
    switch kind {
    case .markdown:
      let cells = parser.findCells(in: lines)
      if !parser.diagnostics.isEmpty { throw NotebookError(parser.diagnostics) }
      return Notebook(path: path, kind: kind, lines: lines, cells: cells)
    case .session:
      let cell = NotebookCell(
        index: 0, sourceLines: lines.map(\.text), firstLine: 1, openingFenceLine: nil, closingFenceLine: nil,
        fence: nil, expectsError: false, output: nil, headings: [], recordsOutput: false)
      return Notebook(path: path, kind: kind, lines: lines, cells: lines.isEmpty ? [] : [cell])
    }
  }

  /// Parses notebook text; see `parse(_:path:kind:)`.
  public static func parse(text: String, path: String, kind: Kind = .markdown) throws -> Notebook {
    try parse(Array(text.utf8), path: path, kind: kind)
  }
}

/// Splits a document into lines and finds cells, output blocks and headings.
struct NotebookParser {
  let path: String
  var diagnostics: [Diagnostic] = []

  init(path: String) { self.path = path }

  /// Splits at `\n`, keeping `\r\n` endings; rejects invalid UTF-8 with the position of the first bad byte.
  mutating func splitLines(_ bytes: [UInt8]) throws -> [NotebookLine] {
    var lines: [NotebookLine] = []
    var start = 0
    var lineNumber = 1
    var bad: [Diagnostic] = []
    func add(_ end: Int, terminator: String) {
      let slice = bytes[start..<end]
      if let text = String(validating: slice, as: UTF8.self) {
        lines.append(NotebookLine(text, terminator: terminator))
      } else {
        let (prefix, column) = Self.validPrefix(slice)
        bad.append(
          Diagnostic(
            "the file is not valid UTF-8", at: SourceLocation(file: path, line: lineNumber, column: column),
            sourceLine: prefix))
        lines.append(NotebookLine(prefix, terminator: terminator))
      }
    }
    var index = 0
    while index < bytes.count {
      if bytes[index] == 0x0A {
        let crlf = index > start && bytes[index - 1] == 0x0D
        add(crlf ? index - 1 : index, terminator: crlf ? "\r\n" : "\n")
        start = index + 1
        lineNumber += 1
      }
      index += 1
    }
    if start < bytes.count { add(bytes.count, terminator: "") }
    if !bad.isEmpty { throw NotebookError(bad) }
    return lines
  }

  /// The valid text before the first bad byte and the 1-based column of that byte.
  static func validPrefix(_ slice: ArraySlice<UInt8>) -> (String, Int) {
    var iterator = slice.makeIterator()
    var decoder = UTF8()
    var scalars = String.UnicodeScalarView()
    loop: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): scalars.append(scalar)
      case .emptyInput, .error: break loop
      }
    }
    return (String(scalars), scalars.count + 1)
  }

  mutating func findCells(in lines: [NotebookLine]) -> [NotebookCell] {
    var cells: [NotebookCell] = []
    // The cell whose output block may still follow (only blank lines seen since its closing fence).
    var awaitingOutput: Int?
    var headings = [String?](repeating: nil, count: 6)
    var paragraph: [String] = []
    var inComment = false
    var index = 0
    while index < lines.count {
      let text = index == 0 ? Self.droppingByteOrderMark(lines[0].text) : lines[index].text
      let lineNumber = index + 1
      if inComment {
        if text.contains("-->") { inComment = false }
        index += 1
        continue
      }
      if let (fence, info) = Self.openingFence(text) {
        paragraph = []
        var closing = index + 1
        while closing < lines.count, !Self.isClosingFence(lines[closing].text, of: fence) { closing += 1 }
        let words = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if closing == lines.count {
          let what = words.first.map { "`\($0)` " } ?? ""
          report(
            "this \(what)code fence is never closed; add a line with \(fence.marker)", line: lineNumber, text: text,
            column: fence.indent + 1)
          return cells
        }
        let content = lines[(index + 1)..<closing].map { Self.removingIndent($0.text, upTo: fence.indent) }
        switch words.first {
        case "vigil":
          var expectsError = false
          for word in words.dropFirst() {
            if word == "expect-error" {
              expectsError = true
            } else {
              let column = Self.column(of: word, in: text)
              report(
                "unknown cell attribute `\(word)`", line: lineNumber, text: text, column: column,
                suggestion: closestMatch(to: word, in: Notebook.cellAttributes).map { "did you mean `\($0)`?" })
            }
          }
          let activeHeadings = headings.compactMap { $0 }
          cells.append(
            NotebookCell(
              index: cells.count, sourceLines: content, firstLine: lineNumber + 1, openingFenceLine: lineNumber,
              closingFenceLine: closing + 1, fence: fence, expectsError: expectsError, output: nil,
              headings: activeHeadings, recordsOutput: true))
          awaitingOutput = cells.count - 1
        case "output":
          if words.count > 1 {
            report("an output block takes no attributes", line: lineNumber, text: text, column: Self.column(of: words[1], in: text))
          }
          if let owner = awaitingOutput {
            cells[owner].output = OutputBlock(
              openingFenceLine: lineNumber, closingFenceLine: closing + 1, fence: fence, lines: content)
          } else if let last = cells.last, last.output != nil, last.output!.closingFenceLine < lineNumber,
            lines[(last.output!.closingFenceLine)..<index].allSatisfy({ Self.isBlank($0.text) })
          {
            report(
              "a second output block for the cell at line \(last.openingFenceLine!); a cell has one output block",
              line: lineNumber, text: text, column: fence.indent + 1)
          } else {
            report(
              "an output block must follow a ```vigil cell (only blank lines between)", line: lineNumber, text: text,
              column: fence.indent + 1)
          }
          awaitingOutput = nil
        default:
          awaitingOutput = nil
        }
        index = closing + 1
        continue
      }
      if Self.isBlank(text) {
        paragraph = []
        index += 1
        continue
      }
      awaitingOutput = nil
      if Self.indentation(text) <= 3, text.trimmingLeadingSpaces.hasPrefix("<!--") {
        paragraph = []
        let afterOpening = text.trimmingLeadingSpaces.dropFirst(4)
        inComment = !afterOpening.contains("-->")
      } else if let (level, title) = Self.atxHeading(text) {
        paragraph = []
        setHeading(&headings, level: level, title: title)
      } else if !paragraph.isEmpty, let level = Self.setextUnderline(text) {
        setHeading(&headings, level: level, title: paragraph.joined(separator: " "))
        paragraph = []
      } else if Self.startsParagraph(text) || !paragraph.isEmpty {
        paragraph.append(text.strippingBlanks())
      }
      index += 1
    }
    return cells
  }

  mutating func report(_ message: String, line: Int, text: String, column: Int, suggestion: String? = nil) {
    diagnostics.append(
      Diagnostic(message, at: SourceLocation(file: path, line: line, column: column), sourceLine: text, suggestion: suggestion))
  }

  func setHeading(_ headings: inout [String?], level: Int, title: String) {
    headings[level - 1] = title
    for deeper in level..<headings.count { headings[deeper] = nil }
  }

  // MARK: - Line syntax

  static func droppingByteOrderMark(_ text: String) -> String {
    text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
  }

  static func indentation(_ text: String) -> Int { text.utf8.prefix { $0 == 0x20 }.count }

  static func isBlank(_ text: String) -> Bool { text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }

  /// An opening fence and its info string, or nil. https://spec.commonmark.org/0.31.2/#fenced-code-blocks
  static func openingFence(_ text: String) -> (Fence, String)? {
    let bytes = Array(text.utf8)
    let indent = bytes.prefix { $0 == 0x20 }.count
    guard indent <= 3, indent < bytes.count else { return nil }
    let marker = bytes[indent]
    guard marker == 0x60 || marker == 0x7E else { return nil }
    let length = bytes[indent...].prefix { $0 == marker }.count
    guard length >= 3 else { return nil }
    let info = String(decoding: bytes[(indent + length)...], as: UTF8.self).strippingBlanks()
    // "If the info string comes after a backtick fence, it may not contain any backtick characters."
    if marker == 0x60, info.utf8.contains(0x60) { return nil }
    return (Fence(character: marker == 0x60 ? "`" : "~", length: length, indent: indent), info)
  }

  static func isClosingFence(_ text: String, of fence: Fence) -> Bool {
    let bytes = Array(text.utf8)
    let indent = bytes.prefix { $0 == 0x20 }.count
    guard indent <= 3 else { return false }
    let marker: UInt8 = fence.character == "`" ? 0x60 : 0x7E
    let length = bytes[indent...].prefix { $0 == marker }.count
    guard length >= fence.length else { return false }
    return bytes[(indent + length)...].allSatisfy { $0 == 0x20 || $0 == 0x09 }
  }

  /// CommonMark removes up to the opening fence's indentation from each content line.
  static func removingIndent(_ text: String, upTo count: Int) -> String {
    guard count > 0 else { return text }
    let spaces = min(count, indentation(text))
    return String(decoding: text.utf8.dropFirst(spaces), as: UTF8.self)
  }

  static func atxHeading(_ text: String) -> (Int, String)? {
    guard indentation(text) <= 3 else { return nil }
    let rest = text.trimmingLeadingSpaces
    let level = rest.prefix { $0 == "#" }.count
    guard (1...6).contains(level) else { return nil }
    let after = rest.dropFirst(level)
    guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
    var title = after.strippingBlanks()
    // An optional closing sequence of #s, preceded by a space, is not part of the title.
    let closing = title.reversed().prefix { $0 == "#" }.count
    if closing > 0 {
      let head = title.dropLast(closing)
      if head.isEmpty || head.last == " " || head.last == "\t" { title = head.strippingBlanks() }
    }
    return (level, title)
  }

  static func setextUnderline(_ text: String) -> Int? {
    guard indentation(text) <= 3 else { return nil }
    let rest = text.strippingBlanks()
    guard let first = rest.first, first == "=" || first == "-", rest.allSatisfy({ $0 == first }) else { return nil }
    return first == "=" ? 1 : 2
  }

  /// Whether a line can start a paragraph that a setext underline turns into a heading.
  static func startsParagraph(_ text: String) -> Bool {
    guard indentation(text) <= 3 else { return false }
    let rest = text.trimmingLeadingSpaces
    guard let first = rest.first else { return false }
    if ">|<".contains(first) { return false }
    if "-*+".contains(first), rest.dropFirst().first.map({ $0 == " " || $0 == "\t" }) ?? true { return false }
    let digits = rest.prefix { $0.isASCII && $0.isNumber }
    if !digits.isEmpty, let marker = rest.dropFirst(digits.count).first, marker == "." || marker == ")" { return false }
    return setextUnderline(text) == nil
  }

  /// The 1-based column of an info-string word (searched after the fence and the block's language).
  static func column(of word: String, in text: String) -> Int {
    let language = text.range(of: "vigil") ?? text.range(of: "output")
    let start = language?.upperBound ?? text.startIndex
    guard let range = text.range(of: word, range: start..<text.endIndex) else { return 1 }
    return text.unicodeScalars[..<range.lowerBound].count + 1
  }
}

extension StringProtocol {
  func strippingBlanks() -> String {
    let set = " \t"
    let scalars = Array(unicodeScalars)
    var start = 0
    var end = scalars.count
    while start < end, set.unicodeScalars.contains(scalars[start]) { start += 1 }
    while end > start, set.unicodeScalars.contains(scalars[end - 1]) { end -= 1 }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[start..<end])
    return String(view)
  }
}
