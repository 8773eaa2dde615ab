import VigilCore
import VigilLogSource

/// The text of a query with byte offsets that map back to `line:column` for diagnostics.
struct QueryText {
  let text: String
  let bytes: [UInt8]
  let file: String?

  init(_ text: String, file: String? = nil) {
    self.text = text
    self.bytes = Array(text.utf8)
    self.file = file
  }

  /// The source text of a byte range, used to name un-aliased columns (`count(*)`, `bin(5m)`).
  func slice(_ range: Range<Int>) -> String {
    let lower = max(0, min(range.lowerBound, bytes.count))
    let upper = max(lower, min(range.upperBound, bytes.count))
    return String(decoding: bytes[lower..<upper], as: UTF8.self)
  }

  /// A diagnostic at a byte offset: the line it is on, the column in Unicode scalars, and a caret.
  func diagnostic(_ message: String, at offset: Int, suggestion: String? = nil) -> Diagnostic {
    let offset = max(0, min(offset, bytes.count))
    var lineStart = 0
    var line = 1
    for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
      line += 1
      lineStart = i + 1
    }
    var lineEnd = offset
    while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
    let prefix = String(decoding: bytes[lineStart..<offset], as: UTF8.self)
    var sourceLine = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
    if sourceLine.hasSuffix("\r") { sourceLine.removeLast() }
    return Diagnostic(
      message, at: SourceLocation(file: file, line: line, column: prefix.unicodeScalars.count + 1),
      sourceLine: sourceLine, suggestion: suggestion)
  }
}
