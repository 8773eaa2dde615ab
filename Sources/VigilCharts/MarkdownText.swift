/// The small part of Markdown that CloudWatch text widgets are mostly written in: `#` headings,
/// paragraphs, `-`/`*` bullet lists, `**bold**`, `` `code` `` and `[links](https://…)`.
/// Anything else stays literal text; nothing is ever interpreted as HTML.
struct MarkdownText: Equatable {
  enum Inline: Equatable {
    case text(String)
    case bold(String)
    case code(String)
    case link(text: String, url: String)
  }

  enum Block: Equatable {
    case heading(level: Int, [Inline])
    case paragraph([Inline])
    case bullets([[Inline]])
  }

  var blocks: [Block]

  init(_ source: String) {
    var blocks: [Block] = []
    var paragraph: [String] = []
    var bullets: [[Inline]] = []
    func flush() {
      if !paragraph.isEmpty {
        blocks.append(.paragraph(MarkdownText.inlines(paragraph.joined(separator: " "))))
        paragraph = []
      }
      if !bullets.isEmpty {
        blocks.append(.bullets(bullets))
        bullets = []
      }
    }
    for rawLine in source.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = rawLine.trimming(" \t\r")
      if line.isEmpty {
        flush()
      } else if let level = MarkdownText.headingLevel(line) {
        flush()
        let text = line.dropFirst(level).trimming(" \t")
        blocks.append(.heading(level: level, MarkdownText.inlines(text)))
      } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
        if !paragraph.isEmpty { flush() }
        bullets.append(MarkdownText.inlines(String(line.dropFirst(2))))
      } else {
        if !bullets.isEmpty { flush() }
        paragraph.append(line)
      }
    }
    flush()
    self.blocks = blocks
  }

  private static func headingLevel(_ line: String) -> Int? {
    let hashes = line.prefix { $0 == "#" }.count
    guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
    return hashes
  }

  /// Splits a line into text, bold, code and link spans; unmatched markers stay literal.
  static func inlines(_ text: String) -> [Inline] {
    var result: [Inline] = []
    var literal = ""
    var rest = Substring(text)
    func emit(_ inline: Inline) {
      if !literal.isEmpty { result.append(.text(literal)) }
      literal = ""
      result.append(inline)
    }
    while let first = rest.first {
      if rest.hasPrefix("**"), let close = rest.dropFirst(2).range(of: "**"), close.lowerBound > rest.index(rest.startIndex, offsetBy: 2) {
        emit(.bold(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound])))
        rest = rest[close.upperBound...]
      } else if first == "`", let close = rest.dropFirst().firstIndex(of: "`") {
        emit(.code(String(rest[rest.index(after: rest.startIndex)..<close])))
        rest = rest[rest.index(after: close)...]
      } else if first == "[", let link = link(in: rest) {
        emit(.link(text: link.text, url: link.url))
        rest = rest[link.end...]
      } else {
        literal.append(first)
        rest = rest.dropFirst()
      }
    }
    if !literal.isEmpty { result.append(.text(literal)) }
    return result
  }

  private static func link(in text: Substring) -> (text: String, url: String, end: Substring.Index)? {
    guard let closeBracket = text.firstIndex(of: "]") else { return nil }
    let afterBracket = text.index(after: closeBracket)
    guard afterBracket < text.endIndex, text[afterBracket] == "(",
      let closeParen = text[afterBracket...].firstIndex(of: ")")
    else { return nil }
    let label = String(text[text.index(after: text.startIndex)..<closeBracket])
    let url = String(text[text.index(after: afterBracket)..<closeParen])
    guard !label.isEmpty, !url.isEmpty, !url.contains(" ") else { return nil }
    return (label, url, text.index(after: closeParen))
  }

  /// The inline spans as plain text: links become `text (url)`.
  static func plain(_ inlines: [Inline]) -> String {
    inlines.map { inline in
      switch inline {
      case .text(let text), .bold(let text), .code(let text): return text
      case .link(let text, let url): return "\(text) (\(url))"
      }
    }.joined()
  }
}

extension String {
  func trimming(_ set: String) -> String {
    var scalars = Substring(self)
    while let first = scalars.first, set.contains(first) { scalars = scalars.dropFirst() }
    while let last = scalars.last, set.contains(last) { scalars = scalars.dropLast() }
    return String(scalars)
  }
}

extension Substring {
  func trimming(_ set: String) -> String { String(self).trimming(set) }
}
