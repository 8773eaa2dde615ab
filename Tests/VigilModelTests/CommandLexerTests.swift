import Testing
import VigilCore
import VigilModel

@Suite struct CommandLexerTests {
  func words(_ text: String) -> [[String]] {
    CommandLexer.split(text).map { result in
      switch result {
      case .success(let line): return line.tokens.map(\.text)
      case .failure(let d): return ["error: \(d.headline)"]
      }
    }
  }

  @Test func splitsQuotesCommentsAndContinuations() {
    let text = """
      # a comment
      alarm a --when '> 800' # trailing comment
      metric-filter e on s --pattern "{ $.level = \\"ERROR\\" }" \\
        --metric E

      topic t --email a\\ b@example.com
      """
    #expect(
      words(text) == [
        ["alarm", "a", "--when", "> 800"],
        ["metric-filter", "e", "on", "s", "--pattern", "{ $.level = \"ERROR\" }", "--metric", "E"],
        ["topic", "t", "--email", "a b@example.com"],
      ])
  }

  @Test func keepsPositionsAcrossContinuationLines() throws {
    let lines = CommandLexer.split("stack p \\\n  --suffix dev", file: "f.vigil")
    let line = try lines[0].get()
    #expect(line.tokens[2].location == SourceLocation(file: "f.vigil", line: 2, column: 3))
    #expect(line.location.line == 1)
    #expect(line.text == "stack p \\\n  --suffix dev")
  }

  @Test func reportsUnterminatedQuotesWithoutStopping() {
    #expect(words("key 'logs\nkey ok") == [["error: 1:5: error: unterminated single quote"], ["key", "ok"]])
  }

  @Test func hashInsideAWordIsNotAComment() {
    #expect(words("parameter a --value x#1") == [["parameter", "a", "--value", "x#1"]])
  }

  /// Issue 12 item 1: "\r\n" is one Swift Character, so a CRLF session whose first line is a comment was one comment.
  @Test func crlfEndsLinesLikeLF() throws {
    #expect(words("# a Windows session\r\nstack p --suffix dev\r\nkey k\r\n") == [["stack", "p", "--suffix", "dev"], ["key", "k"]])
    let lines = CommandLexer.split("stack p \\\r\n  --suffix dev\r\nkey k", file: "w.vigil")
    #expect(try lines[0].get().text == "stack p \\\n  --suffix dev")
    #expect(try lines[1].get().location == SourceLocation(file: "w.vigil", line: 3, column: 1))
  }

  /// A lone CR used to join two commands silently; it is an error at its column.
  @Test func bareCarriageReturnIsAnErrorAtItsColumn() {
    #expect(
      words("key a\rkey b\nkey c")
        == [["error: 1:6: error: carriage return inside a line; end lines with \\n or \\r\\n, or remove the stray \\r"], ["key", "c"]])
  }

  /// Invalid UTF-8 in a session named no position.
  @Test func nonUTF8ByteHasLineAndColumn() {
    let bytes: [UInt8] = Array("stack p\r\nkey caf".utf8) + [0xE9] + Array("\nkey b\n".utf8)
    switch CommandLexer.decode(bytes, file: "latin1.vigil") {
    case .success: Issue.record("decoded invalid UTF-8")
    case .failure(let diagnostic):
      #expect(
        diagnostic.description == """
          latin1.vigil:2:8: error: not UTF-8 text (byte 0xE9); save the file as UTF-8
            key caf\u{FFFD}
                   ^
          """)
    }
    #expect(CommandLexer.decode(Array("key é\n".utf8), file: nil) == .success("key é\n"))
  }
}
