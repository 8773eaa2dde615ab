import VigilCore

/// Finds where a value sits in JSON text, so errors about a parsed `JSONValue` (which carries no
/// positions) can still point at the offending line and column with a caret.
public enum JSONLocator {
  /// One step of a path: an object key or an array index.
  public enum Step: Sendable, Equatable {
    case key(String)
    case index(Int)
  }

  /// The 0-based byte offset of the value at `path`, or of the deepest value on the path that exists.
  public static func offset(of path: [Step], in bytes: [UInt8]) -> Int {
    var scanner = Scanner(bytes: bytes)
    scanner.skipWhitespace()
    var found = scanner.index
    for step in path {
      guard scanner.index < bytes.count else { break }
      switch step {
      case .key(let key):
        guard bytes[scanner.index] == UInt8(ascii: "{") else { return found }
        scanner.index += 1
        var located = false
        while true {
          scanner.skipWhitespace()
          guard scanner.index < bytes.count, bytes[scanner.index] == UInt8(ascii: "\"") else { return found }
          let name = scanner.readString()
          scanner.skipWhitespace()
          guard scanner.index < bytes.count, bytes[scanner.index] == UInt8(ascii: ":") else { return found }
          scanner.index += 1
          scanner.skipWhitespace()
          if name == key { located = true; break }
          scanner.skipValue()
          scanner.skipWhitespace()
          guard scanner.index < bytes.count, bytes[scanner.index] == UInt8(ascii: ",") else { return found }
          scanner.index += 1
        }
        if !located { return found }
      case .index(let wanted):
        guard bytes[scanner.index] == UInt8(ascii: "[") else { return found }
        scanner.index += 1
        scanner.skipWhitespace()
        var i = 0
        while i < wanted {
          scanner.skipValue()
          scanner.skipWhitespace()
          guard scanner.index < bytes.count, bytes[scanner.index] == UInt8(ascii: ",") else { return found }
          scanner.index += 1
          scanner.skipWhitespace()
          i += 1
        }
      }
      found = scanner.index
    }
    return found
  }

  /// A diagnostic at a byte offset of a (possibly multi-line) text.
  public static func diagnostic(_ message: String, bytes: [UInt8], offset: Int, file: String?, suggestion: String? = nil) -> Diagnostic {
    let offset = min(max(0, offset), bytes.count)
    var lineStart = 0, line = 1
    for i in 0..<offset where bytes[i] == 0x0A {
      line += 1
      lineStart = i + 1
    }
    var lineEnd = offset
    while lineEnd < bytes.count, bytes[lineEnd] != 0x0A, bytes[lineEnd] != 0x0D { lineEnd += 1 }
    let lineText = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
    let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).unicodeScalars.count
    return Diagnostic(
      message, at: SourceLocation(file: file, line: line, column: column + 1), sourceLine: lineText, suggestion: suggestion)
  }

  /// Parses JSON text, turning a syntax error into a positioned diagnostic.
  public static func parse(_ bytes: [UInt8], file: String?) throws(Diagnostic) -> JSONValue {
    do {
      return try JSONValue.parse(bytes: bytes)
    } catch {
      throw diagnostic("invalid JSON: \(error.message)", bytes: bytes, offset: error.offset, file: file)
    }
  }

  private struct Scanner {
    let bytes: [UInt8]
    var index = 0

    mutating func skipWhitespace() {
      while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
        index += 1
      }
    }

    mutating func readString() -> String {
      var out: [UInt8] = []
      index += 1
      while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
        if bytes[index] == UInt8(ascii: "\\") { out.append(bytes[index]); index += 1 }
        if index < bytes.count { out.append(bytes[index]); index += 1 }
      }
      index += 1
      return String(decoding: out, as: UTF8.self)
    }

    mutating func skipValue() {
      guard index < bytes.count else { return }
      switch bytes[index] {
      case UInt8(ascii: "\""): _ = readString()
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        var depth = 0
        while index < bytes.count {
          let b = bytes[index]
          if b == UInt8(ascii: "\"") { _ = readString(); continue }
          if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { depth += 1 }
          if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
            depth -= 1
            if depth == 0 { index += 1; return }
          }
          index += 1
        }
      default:
        while index < bytes.count,
          ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09].contains(bytes[index])
        {
          index += 1
        }
      }
    }
  }
}
