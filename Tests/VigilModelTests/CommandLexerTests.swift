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
}
