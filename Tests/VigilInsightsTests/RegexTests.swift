import Foundation
import Testing
import VigilCore

@testable import VigilInsights

/// Insights regexes (`like /…/`, `parse /(?<name>…)/`, `regexReplace`) on the linear-time RE2-syntax engine.
@Suite struct InsightsRegexTests {
  /// `like /(a+)+b/` took 5 s on 28 characters with a backtracking engine (ICU).
  @Test func nestedPlusIsLinear() throws {
    let started = Date()
    let result = try runQuery(
      "filter @message like /(a+)+b/ | stats count(*) as n",
      [
        ("2026-03-02T10:15:00.000Z", String(repeating: "a", count: 28)),
        ("2026-03-02T10:15:01.000Z", "b" + String(repeating: "a", count: 5_000)),
        ("2026-03-02T10:15:02.000Z", String(repeating: "a", count: 28) + "b"),
      ])
    #expect(result.textRows == [["1"]])
    #expect(Date().timeIntervalSince(started) < 1)
  }

  @Test func parseWithNestedRepetitionIsLinear() throws {
    let started = Date()
    let result = try runQuery(
      "parse @message /(?<head>(x+x+)+)y/ | display head",
      [("2026-03-02T10:15:00.000Z", "y" + String(repeating: "x", count: 3_000)), ("2026-03-02T10:15:01.000Z", "xxxy")])
    // Newest first, as Insights sorts by default.
    #expect(result.rows == [[.string("xxx")], [.null]])
    #expect(Date().timeIntervalSince(started) < 1)
  }

  /// RE2 refuses what needs backtracking; so does Vigil, with the caret on the construct.
  @Test(arguments: [
    ("filter @message like /(a)\\1/", "1:26: error: invalid regular expression /(a)\\1/: backreferences are not supported"),
    ("filter @message like /x(?=y)/", "1:24: error: invalid regular expression /x(?=y)/: lookahead '(?=' is not supported"),
    (
      "parse @message /(?<a>\\w+)(?<!b)/", "1:26: error: invalid regular expression /(?<a>\\w+)(?<!b)/: lookbehind '(?<!' is not supported"
    ),
    ("filter @message like /a\\/b(?=c)/", "1:27: error: invalid regular expression /a/b(?=c)/: lookahead"),
  ])
  func refusedWithPosition(query: String, expected: String) throws {
    do {
      _ = try runQuery(query, [])
      Issue.record("\(query) was accepted")
    } catch let d as Diagnostic {
      #expect(d.headline.hasPrefix(expected), "\(d.headline)")
    }
  }

  @Test func regexReplaceSkipsAnEmptyMatchAfterAMatchAsRE2() throws {
    #expect(try value("regexReplace(\"baaac\", /a*/, \"-\")") == "-b-c-")
    #expect(try value("regexReplace(\"héllo\", /l+|x*/, \"_\")") == "_h_é_o_")
  }
}
