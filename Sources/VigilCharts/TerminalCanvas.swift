import Foundation

/// A grid of characters with optional foreground and background colours, written out as text with
/// ANSI escapes only when colour is on.
struct TerminalCanvas {
  /// Colours as ANSI SGR parameters, such as `38;5;33`.
  struct Cell: Equatable {
    var character: Character = " "
    var foreground: String? = nil
    var background: String? = nil
  }

  var width: Int
  var rows: [[Cell]]

  init(width: Int, height: Int) {
    self.width = width
    rows = Array(repeating: Array(repeating: Cell(), count: width), count: height)
  }

  mutating func put(_ character: Character, row: Int, column: Int, foreground: String? = nil) {
    guard rows.indices.contains(row), column >= 0, column < width else { return }
    rows[row][column].character = character
    rows[row][column].foreground = foreground
  }

  /// Writes `text` from `column` on, clipped at the right edge.
  mutating func write(_ text: String, row: Int, column: Int, foreground: String? = nil) {
    var c = column
    for character in text {
      put(character, row: row, column: c, foreground: foreground)
      c += 1
    }
  }

  mutating func shade(row: Int, column: Int, background: String) {
    guard rows.indices.contains(row), column >= 0, column < width else { return }
    rows[row][column].background = background
  }

  /// The text, one line per row, trailing blanks dropped; escapes only when `color` is true.
  func render(color: Bool) -> [String] {
    rows.map { cells in
      var end = cells.count
      while end > 0, cells[end - 1].character == " ", !color || cells[end - 1].background == nil { end -= 1 }
      var line = ""
      var current: (String?, String?) = (nil, nil)
      for cell in cells[..<end] {
        if color {
          let wanted = (cell.foreground, cell.background)
          if wanted != current {
            line += ANSI.reset
            if let fg = wanted.0 { line += "\u{1B}[\(fg)m" }
            if let bg = wanted.1 { line += "\u{1B}[\(bg)m" }
            current = wanted
          }
        }
        line.append(cell.character)
      }
      if color, current != (nil, nil) { line += ANSI.reset }
      return line.replacingOccurrences(of: "\u{1B}[0m\u{1B}[", with: "\u{1B}[0;", options: [], range: nil)
    }
  }
}

/// ANSI escape sequences and the terminal palette.
enum ANSI {
  static let reset = "\u{1B}[0m"
  static let bold = "1"
  static let dim = "2"
  static let red = "38;5;160"
  static let green = "38;5;28"
  static let grey = "38;5;245"
  static let alarmBackground = "48;5;224"

  static func styled(_ text: String, _ sgr: String, color: Bool) -> String {
    color ? "\u{1B}[\(sgr)m" + text + reset : text
  }

  /// The nearest colour of the 256-colour cube to `#rrggbb`.
  static func foreground(hex: String) -> String {
    guard let (r, g, b) = HexColor.components(hex) else { return "39" }
    func level(_ v: Int) -> Int { v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40 }
    return "38;5;\(16 + 36 * level(r) + 6 * level(g) + level(b))"
  }
}

/// `#rrggbb` colours and the default series palette (CloudWatch's console uses the same Category10 hues).
enum HexColor {
  static let palette = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  ]
  static let threshold = "#d62728"

  static func components(_ hex: String) -> (Int, Int, Int)? {
    let digits = Array(hex.utf8.dropFirst(hex.hasPrefix("#") ? 1 : 0))
    guard digits.count == 6 else { return nil }
    var values: [Int] = []
    for i in stride(from: 0, to: 6, by: 2) {
      guard let hi = hexDigit(digits[i]), let lo = hexDigit(digits[i + 1]) else { return nil }
      values.append(hi * 16 + lo)
    }
    return (values[0], values[1], values[2])
  }

  /// The colour for series `index`: its own when valid, else the palette's.
  static func series(_ series: ChartSeries, index: Int) -> String {
    if let color = series.color, components(color) != nil { return color.lowercased() }
    return palette[index % palette.count]
  }

  private static func hexDigit(_ byte: UInt8) -> Int? {
    switch byte {
    case 48...57: return Int(byte - 48)
    case 65...70: return Int(byte - 55)
    case 97...102: return Int(byte - 87)
    default: return nil
    }
  }
}
