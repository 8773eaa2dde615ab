import Foundation
import VigilCore
import VigilModel

/// The one path rule for saved sessions: a relative path in a command resolves against the folder it was written
/// in (the current directory for a typed command, the file's folder for a command read from a file), so `save`
/// rewrites every relative path against the folder of the file it writes, and the file replays from wherever it is.
enum SessionPaths {
  /// The entry's text with each relative path argument rewritten relative to `folder`; the text unchanged when it
  /// has none (or does not parse: it was accepted, so that does not happen).
  static func relocate(_ entry: SessionEntry, to folder: URL, parser: CommandParser) -> String {
    guard let directory = entry.directory else { return entry.text }
    var text = entry.text
    // Right to left, so each replacement leaves the earlier tokens' columns in place.
    for token in pathTokens(in: entry.text, parser: parser).reversed() {
      let path = token.text
      guard !path.isEmpty, !path.hasPrefix("/"), !path.hasPrefix("~/") else { continue }
      let absolute = directory.appendingPathComponent(path).standardizedFileURL
      let relocated = relativePath(from: folder.standardizedFileURL, to: absolute)
      guard relocated != path else { continue }
      text = replacing(token, in: text, with: quoted(relocated))
    }
    return text
  }

  /// The tokens that are file paths: positionals and option values whose spec says `.file`, except the
  /// `into SERVICE` tail of `load`.
  static func pathTokens(in text: String, parser: CommandParser) -> [Token] {
    guard case .success(let source)? = CommandLexer.split(text).first,
      let parsed = try? parser.parse(source)
    else { return [] }
    var tokens: [Token] = []
    let specs = parsed.spec.positionals
    for (i, token) in parsed.positionals.enumerated() {
      if parsed.spec.name == "load" && token.text == "into" && !token.quoted { break }
      guard let spec = i < specs.count ? specs[i] : specs.last.flatMap({ $0.variadic ? $0 : nil }) else { continue }
      if case .file = spec.kind { tokens.append(token) }
    }
    for option in parsed.spec.options {
      guard case .file = option.kind else { continue }
      tokens += parsed.values(option.name)
    }
    return tokens.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
  }

  /// `to` written relative to the folder `from` (`../b/logs/x.log`).
  static func relativePath(from folder: URL, to file: URL) -> String {
    let base = folder.pathComponents
    let target = file.pathComponents
    var common = 0
    while common < base.count, common < target.count - 1, base[common] == target[common] { common += 1 }
    let ups = Array(repeating: "..", count: base.count - common)
    return (ups + target[common...]).joined(separator: "/")
  }

  /// A path as one command word: bare when it has only safe characters, else in double quotes.
  static func quoted(_ path: String) -> String {
    let safe = path.unicodeScalars.allSatisfy {
      CharacterSet.alphanumerics.contains($0) || "._-/+@%:,=~".unicodeScalars.contains($0)
    }
    if safe && !path.isEmpty { return path }
    return "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }

  /// The text with the word `token` starts (up to the next unquoted blank) replaced by `replacement`.
  static func replacing(_ token: Token, in text: String, with replacement: String) -> String {
    var lines = text.components(separatedBy: "\n")
    let index = token.location.line - 1
    guard index >= 0, index < lines.count else { return text }
    let scalars = Array(lines[index].unicodeScalars)
    let start = token.location.column - 1
    guard start >= 0, start < scalars.count else { return text }
    var end = start
    var quote: Unicode.Scalar?
    while end < scalars.count {
      let c = scalars[end]
      if let q = quote {
        if c == "\\" && q == "\"" { end += 2; continue }
        if c == q { quote = nil }
      } else if c == " " || c == "\t" {
        break
      } else if c == "'" || c == "\"" {
        quote = c
      } else if c == "\\" {
        if end + 1 == scalars.count { break }  // a line continuation, not part of the word
        end += 2
        continue
      }
      end += 1
    }
    end = min(end, scalars.count)
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[..<start])
    view.append(contentsOf: replacement.unicodeScalars)
    view.append(contentsOf: scalars[end...])
    lines[index] = String(view)
    return lines.joined(separator: "\n")
  }
}
