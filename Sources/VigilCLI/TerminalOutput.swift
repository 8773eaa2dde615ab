import Foundation
import VigilCharts

/// How the command line writes to a terminal: colour for errors, warnings and verdicts (never when `NO_COLOR` is
/// set, `TERM` is `dumb` or the stream is not a terminal), and ASCII in place of the charts' and messages' Unicode
/// when the locale is not UTF-8 (`LANG=C`). Files and pipes always get the plain text.
enum TerminalOutput {
  enum Color: String {
    case red = "1;31"
    case green = "32"
    case yellow = "33"
  }

  static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

  /// `text` in `color` when the stream is a terminal that takes colour.
  static func paint(_ text: String, _ color: Color, descriptor: Int32) -> String {
    TerminalCapabilities.colorEnabled(isTerminal: isTerminal(descriptor)) ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
  }

  /// `text` as a terminal on `descriptor` can show it: ASCII when the locale is not UTF-8, else unchanged.
  static func forTerminal(_ text: String, descriptor: Int32) -> String {
    guard isTerminal(descriptor), !TerminalCapabilities.unicodeEnabled() else { return text }
    return ascii(text)
  }

  /// Colours the first `error:` (red) or `warning:` (yellow) of a message for standard error.
  static func highlightSeverity(_ text: String) -> String {
    for (word, color) in [("error:", Color.red), ("warning:", Color.yellow)] {
      if let range = text.range(of: word), !text[..<range.lowerBound].contains("\n") {
        return text.replacingCharacters(in: range, with: paint(word, color, descriptor: STDERR_FILENO))
      }
    }
    return text
  }

  /// The ASCII a non-UTF-8 terminal shows for each character Vigil draws; anything else non-ASCII becomes `?`.
  static func ascii(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      if scalar.isASCII {
        result.unicodeScalars.append(scalar)
      } else if let replacement = replacements[scalar] {
        result += replacement
      } else if (0x2801...0x28FF).contains(scalar.value) {
        result += "*"  // Braille chart dots
      } else if scalar.value == 0x2800 {
        result += " "
      } else {
        result += "?"
      }
    }
    return result
  }

  private static let replacements: [Unicode.Scalar: String] = [
    "→": "->", "⇒": "=>", "…": "...", "−": "-", "×": "x", "·": ".", "≤": "<=", "≥": ">=", "–": "-", "—": "--", "±": "+/-",
    "█": "#", "▇": "#", "▆": "#", "▅": "#", "▄": "=", "▃": "_", "▂": "_", "▁": "_", "▀": "^", "░": "-", "─": "-", "┄": "-",
    "│": "|", "┤": "|", "└": "+", "┬": "+", "●": "o", "•": "*", "∘": "o", "σ": "sigma", "⌈": "[", "⌉": "]", "⌊": "[",
    "⌋": "]", "∈": "in", "§": "S", "✓": "ok", "✗": "x", "✔": "ok", "✘": "x",
  ]
}
