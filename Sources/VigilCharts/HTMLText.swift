/// Escaping and small formatting helpers for the HTML preview.
enum HTMLText {
  /// Text safe inside elements and double- or single-quoted attributes.
  static func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.append(character)
      }
    }
    return result
  }

  /// A coordinate with one decimal place, locale-independent.
  static func number(_ value: Double) -> String {
    NumberText.compact(value, maxDecimals: 1)
  }

  /// Markdown-ish text as HTML; links are kept only for http, https and mailto URLs.
  static func markdown(_ source: String) -> String {
    var html = ""
    for block in MarkdownText(source).blocks {
      switch block {
      case .heading(let level, let inlines):
        let tag = "h\(min(6, level + 2))"
        html += "<\(tag)>\(inline(inlines))</\(tag)>\n"
      case .paragraph(let inlines):
        html += "<p>\(inline(inlines))</p>\n"
      case .bullets(let items):
        html += "<ul>\n" + items.map { "<li>\(inline($0))</li>\n" }.joined() + "</ul>\n"
      }
    }
    return html
  }

  private static func inline(_ inlines: [MarkdownText.Inline]) -> String {
    inlines.map { span in
      switch span {
      case .text(let text): return escape(text)
      case .bold(let text): return "<strong>\(escape(text))</strong>"
      case .code(let text): return "<code>\(escape(text))</code>"
      case .link(let text, let url):
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") else {
          return escape("[\(text)](\(url))")
        }
        return "<a href=\"\(escape(url))\" rel=\"noopener noreferrer\">\(escape(text))</a>"
      }
    }.joined()
  }
}
