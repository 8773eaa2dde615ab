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

@Suite struct AlarmRuleReferencesTests {
  @Test func findsNamesWithOffsets() {
    let refs = AlarmRuleReferences.names(
      in: #"ALARM(a-1) AND (OK("b") OR NOT INSUFFICIENT_DATA(arn:aws:cloudwatch:us-east-1:1:alarm:c)) OR AT_LEAST(2, ALARM, (d, e))"#)
    #expect(refs.map(\.0) == ["a-1", "b", "c", "d", "e"])
    #expect(refs[0].1 == 6)
  }
}
