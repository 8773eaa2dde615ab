import Foundation
import Testing
import VigilCore

@testable import VigilLogs

/// Filter-pattern regexes run on the linear-time engine: the cases a backtracking matcher could not finish.
@Suite struct PatternRegexTests {
  /// `%a*a*a*a*b%` took 37.5 s on one 200-byte line (over 120 s on 400) when matched by backtracking.
  @Test func starsBeforeAMissingLetterAreLinear() throws {
    let pattern = try FilterPattern("%a*a*a*a*b%")
    let started = Date()
    #expect(!pattern.matches(String(repeating: "a", count: 200)))
    #expect(!pattern.matches(String(repeating: "a", count: 400)))
    // Without a required literal the automaton itself does the work.
    #expect(try !FilterPattern("%a*a*a*a*[bc]%").matches(String(repeating: "a", count: 400)))
    #expect(pattern.matches(String(repeating: "a", count: 400) + "b"))
    #expect(Date().timeIntervalSince(started) < 1)
  }

  /// `%.*a.*b.*c.*d.*z%` cost about 20 ms per line; now a line costs one pass.
  @Test func manyDotStarsAreLinear() throws {
    let pattern = try FilterPattern("%.*a.*b.*c.*d.*z%")
    let line = String(repeating: "abcd ", count: 40)
    let started = Date()
    var matched = 0
    for _ in 0..<100 where pattern.matches(line) { matched += 1 }
    #expect(matched == 0)
    #expect(pattern.matches(line + "z"))
    #expect(Date().timeIntervalSince(started) < 1)
  }

  /// Structured patterns with a regex value use the same engine.
  @Test func regexValuesInJSONAndDelimitedPatterns() throws {
    let json = try FilterPattern("{ $.message = %a*a*a*a*[bc]% }")
    #expect(!json.matches("{\"message\":\"\(String(repeating: "a", count: 300))\"}"))
    #expect(json.matches("{\"message\":\"aab\"}"))
    let delimited = try FilterPattern("[ip=%127\\.0\\.0\\.[1-9]%, user]")
    #expect(delimited.matches("127.0.0.7 alice"))
    #expect(!delimited.matches("127.0.0.0 alice"))
  }

  /// Bytes that are not UTF-8 are one character to `.` and negated classes, as before, and never to a literal.
  @Test func invalidUTF8IsOneCharacter() throws {
    let bytes: [UInt8] = [0x61, 0xFF, 0x62]
    let one = try FilterPattern("%^a.b$%")
    let literal = try FilterPattern("%^a[a-z]b$%")
    bytes.withUnsafeBufferPointer { text in
      #expect(one.matches(bytes: text))
      #expect(!literal.matches(bytes: text))
    }
  }
}
