import Foundation
import Testing
import VigilSession
import VigilTestSupport

/// `test-pattern` in the shell and `vigil test-pattern` are one implementation: same matches, same
/// order of extracted values (named fields, then $1, $2, ... by number, so $10 follows $9).
@Suite struct PatternTestTests {
  static let pattern = "[time, request, level=ERROR, ...]"
  static let extracted =
    #"$level=ERROR  $request=d344b0dd-a349-4228-ae2a-ccd624037ee3  $time=2026-03-02T10:20:05.198Z  $4=Invoke  $5=Error  $6={"errorType":"TimeoutError","errorMessage":"issuer  $7=gateway  $8=timed  $9=out  $10=after  $11=3000  $12=ms"}"#

  @Test func orderIsNamedFieldsThenNumbersInNumberOrder() {
    let ordered = PatternTest.ordered(["$10": "j", "$2": "b", "$name": "n", "$1": "a", "$alpha": "x", "$9": "i"])
    #expect(ordered.map(\.name) == ["$alpha", "$name", "$1", "$2", "$9", "$10"])
  }

  @Test func theShellCommandListsExtractedValuesInThatOrder() throws {
    let interpreter = Interpreter(baseDirectory: TestPaths.sample("."))
    let outcomes = interpreter.execute(
      """
      stack payments --suffix dev
      service payment-authorizer --lambda
      load logs/payment-authorizer.log into payment-authorizer
      test-pattern '\(Self.pattern)' payment-authorizer --limit 1
      """)
    let lines = try #require(outcomes.last?.output).split(separator: "\n").map(String.init)
    #expect(lines.first == "logs/payment-authorizer.log:8633")
    #expect(lines.contains("    " + Self.extracted))
  }

  @Test func theSubcommandListsThemInTheSameOrder() throws {
    let result = try VigilBinary.run(["test-pattern", Self.pattern, "samples/logs/payment-authorizer.log"])
    #expect(result.status == 0)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 2 * 46 + 1)
    #expect(lines[1] == "    " + Self.extracted)
    #expect(lines.last == "46 matching events")
  }
}
