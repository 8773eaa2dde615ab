import Foundation
import Testing

@testable import VigilRegex

/// Matches `pattern` (RE2 syntax) anywhere in `text`.
private func matches(_ pattern: String, _ text: String) throws -> Bool {
  let regex = try LinearRegex(insights: pattern)
  var text = text
  return text.withUTF8 { regex.matches($0) }
}

/// The text of each group of the first match (nil for a group that took no part), or nil without a match.
private func groups(_ pattern: String, _ text: String) throws -> [String?]? {
  let regex = try LinearRegex(insights: pattern)
  var text = text
  return text.withUTF8 { bytes in
    regex.firstMatch(in: bytes)?.map { range in
      range.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
    }
  }
}

private func refusal(_ pattern: String) -> RegexSyntaxError? {
  do {
    _ = try LinearRegex(insights: pattern)
    return nil
  } catch {
    return error
  }
}

@Suite struct LinearRegexTests {
  /// The RE2 constructs Insights queries use, with the RE2 answer.
  static let cases: [(String, String, Bool)] = [
    ("timeout", "request timeout after 30s", true),
    ("timeout", "request time out", false),
    ("2\\d\\d", "status 204 ok", true),
    ("2\\d\\d", "status 404 ok", false),
    ("(?i)(error|failure)", "A FAILURE here", true),
    ("(?i)error", "no problem", false),
    ("^abc$", "abc", true),
    ("^abc$", "abc\n", false),
    ("(?m)^b$", "a\nb\nc", true),
    ("a.c", "a\nc", false),
    ("(?s)a.c", "a\nc", true),
    ("\\bcat\\b", "a cat sat", true),
    ("\\bcat\\b", "concatenate", false),
    ("\\Bcat\\B", "concatenate", true),
    ("caf.", "café", true),
    ("^caf.$", "café", true),
    ("[[:digit:]]{3}", "ab123", true),
    ("[^[:alpha:]]", "abc", false),
    ("x{2,3}y", "xxxy", true),
    ("x{2,3}y", "xy", false),
    ("a{,2}", "a{,2}", true),
    ("\\Qa.b\\E", "axb", false),
    ("\\Qa.b\\E", "a.b", true),
    ("\\x41\\x{42}", "AB", true),
    ("[a-c]+z", "zzabcz", true),
    ("(?i)ÉTÉ", "été", true),
    ("a|", "zzz", true),
    ("\\{.*\\}", "x {a} y", true),
    ("a*a*a*a*[bc]", "xaaab", true),
    ("[0-9]{3}\\.\\d+,", "amount 194.01,", true),
    ("[0-9]{3}\\.\\d+,", "amount 94.01,", false),
    ("^[hc]at|dog$", "a dog", true),
    ("^[hc]at|dog$", "dogs", false),
    ("é+t", "ééét", true),
    ("x$", "", false),
    ("^$", "", true),
    ("(?:ab)+c", "xababc", true),
    ("(?:a*)*b", "aaac", false),
  ]

  @Test(arguments: cases)
  func matchesLikeRE2(pattern: String, text: String, expected: Bool) throws {
    #expect(try matches(pattern, text) == expected)
  }

  /// Yes/no questions take the DFA when the program allows one, submatches the Pike VM: both agree.
  @Test(arguments: cases)
  func dfaAndVMAgree(pattern: String, text: String, expected: Bool) throws {
    #expect(try (groups(pattern, text) != nil) == expected)
  }

  /// Leftmost-first submatches, as RE2 and Perl report them.
  @Test func submatchesAreLeftmostFirst() throws {
    #expect(try groups("(a+)(a*)", "xaaay") == ["aaa", "aaa", ""])
    #expect(try groups("(a+?)(a*)", "xaaay") == ["aaa", "a", "aa"])
    #expect(try groups("(a|ab)(c|bcd)", "abcd") == ["abcd", "a", "bcd"])
    #expect(try groups("(x)?y", "y") == ["y", nil])
    #expect(try groups("(?<level>\\S+) (?<rest>.*?)$", "WARN disk full") == ["WARN disk full", "WARN", "disk full"])
    #expect(try groups("eni-.*? ", "eni-1 eni-2 x") == ["eni-1 "])
    #expect(try groups("z", "abc") == nil)
    #expect(try groups("(?:a)(b)", "ab") == ["ab", "b"])
  }

  @Test func groupNamesByNumber() throws {
    let regex = try LinearRegex(insights: "(?P<a>x)(y)(?<b>z)")
    #expect(regex.groupNames == [nil, "a", nil, "b"])
  }

  /// Constructs RE2 refuses because they cannot run in linear time, each with its position in the pattern.
  @Test(arguments: [
    ("(a)\\1", 3, "backreferences are not supported"),
    ("(?<n>a)\\k<n>", 7, "backreferences are not supported"),
    ("foo(?=bar)", 3, "lookahead '(?=' is not supported"),
    ("foo(?!bar)", 3, "lookahead '(?!' is not supported"),
    ("(?<=a)b", 0, "lookbehind '(?<=' is not supported"),
    ("(?<!a)b", 0, "lookbehind '(?<!' is not supported"),
    ("(?>a+)b", 0, "atomic groups"),
    ("a*+", 2, "cannot follow another repetition"),
    ("a**", 2, "cannot follow another repetition"),
    ("*a", 0, "has nothing to repeat"),
    ("a{1001}", 1, "above 1000"),
    ("a{3,2}", 1, "minimum is larger"),
    ("[z-a]", 1, "the start is after the end"),
    ("\\pL", 0, "Unicode classes"),
    ("(?x)a", 2, "unknown group flag"),
    ("a)", 1, "unmatched ')'"),
    ("é\\1", 2, "backreferences"),
  ])
  func refused(pattern: String, offset: Int, message: String) {
    let error = refusal(pattern)
    #expect(error?.offset == offset, "\(String(describing: error))")
    #expect(error?.message.contains(message) == true, "\(String(describing: error))")
  }

  @Test func unclosedGroupsAndClassesBlameThePattern() {
    #expect(refusal("(unclosed") == RegexSyntaxError(message: "missing ')': a group is not closed", offset: nil))
    #expect(refusal("[abc") == RegexSyntaxError(message: "missing ']': a character class is not closed", offset: nil))
  }

  /// RE2 refuses nested counted repetitions whose counts multiply to more than 1000 ("bad repetition operator"),
  /// at the operator that crosses the limit. Found by the fuzzer: `((a{1000}){1000}){1}` timed out.
  @Test func nestedRepetitionCountsAreBoundedAsRE2Bounds() {
    let message = "bad repetition operator: nested repetition counts multiply to more than 1000"
    #expect(refusal("((a{1000}){1000}){1000}") == RegexSyntaxError(message: message, offset: 10))
    #expect(refusal("((a{1000}){1000}){1}000}") == RegexSyntaxError(message: message, offset: 10))
    #expect(refusal("(((){1000}){1000}){1000}") == RegexSyntaxError(message: message, offset: 11))
    #expect(refusal("(a{10}){101}") == RegexSyntaxError(message: message, offset: 7))
    #expect(refusal("(a{10}){100}") == nil)
    #expect(refusal("(a*){1000}") == nil)
    #expect(refusal("(a+){1000}") == nil)
    #expect(refusal("((a?){1000})+") == nil)
  }

  @Test func hugeProgramsAreRefused() {
    let wide = String(repeating: "[a-z]{1000}", count: 300)
    #expect(refusal(wide)?.message == "the regular expression is too large")
  }

  @Test func deepNestingIsRefusedNotRecursedInto() {
    let deep = String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000)
    #expect(refusal(deep)?.message.contains("nested more than 200 deep") == true)
  }

  /// The cases that took seconds to minutes with backtracking: each is one pass over the text now.
  @Test func pathologicalPatternsRunInLinearTime() throws {
    let started = Date()
    #expect(try matches("(a+)+b", String(repeating: "a", count: 28)) == false)
    #expect(try matches("(a+)+b", String(repeating: "a", count: 10_000)) == false)
    #expect(try matches("(a+)+b", String(repeating: "a", count: 10_000) + "b") == true)
    // Texts that get past the literal prefilter, so the automaton itself does the work.
    #expect(try matches("(a+)+b", "b" + String(repeating: "a", count: 10_000)) == false)
    #expect(try matches("a*a*a*a*b", String(repeating: "a", count: 200)) == false)
    #expect(try matches("a*a*a*a*[bc]", String(repeating: "a", count: 10_000)) == false)
    #expect(try matches("(x+x+)+y", "y" + String(repeating: "x", count: 2_000)) == false)
    #expect(try groups("(a|aa)*c", "c" + String(repeating: "a", count: 2_000)) == ["c", nil])
    #expect(try groups("(a|aa)*c", String(repeating: "a", count: 2_000) + "c")?[1] == "a")
    #expect(Date().timeIntervalSince(started) < 1)
  }
}
