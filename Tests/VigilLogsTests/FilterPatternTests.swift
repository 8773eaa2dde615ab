import Testing
import VigilCore

@testable import VigilLogs

/// Indices (1-based) of the events the pattern matches.
func matching(_ pattern: String, _ events: [String]) throws -> [Int] {
  let p = try FilterPattern(pattern)
  return events.enumerated().filter { p.matches($0.element) }.map { $0.offset + 1 }
}

/// Example corpus A of the AWS "Filter pattern syntax" page (unstructured log events).
let corpusA = [
  "[ERROR 400] BAD REQUEST",
  "[ERROR 401] UNAUTHORIZED REQUEST",
  "[ERROR 419] MISSING ARGUMENTS",
  "[ERROR 420] INVALID ARGUMENTS",
  "[ERROR 500] INTERNAL SERVER ERROR",
  "[INFO] REQUEST FAILED",
  "[WARN] UNAUTHORIZED REQUEST",
  "[ERROR] 400 BAD REQUEST",
  "[SUCCESS 200] AUTHORIZED REQUEST",
]

@Suite struct TermPatternTests {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-terms-unstructured-log-events
  @Test(arguments: [
    ("ERROR", [1, 2, 3, 4, 5, 8]),
    ("ERROR ARGUMENTS", [3, 4]),
    ("?ERROR ?ARGUMENTS", [1, 2, 3, 4, 5, 8]),
    // "the question mark filter terms are ignored and have no effect"
    ("?ERROR ?ARGUMENTS REQUEST", [1, 2, 6, 7, 8, 9]),
    ("\"INTERNAL SERVER ERROR\"", [5]),
    ("ERROR -ARGUMENTS", [1, 2, 5, 8]),
    ("\" \"", [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    ("%AUTHORIZED%", [2, 7, 9]),
    ("", [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    // [COMMUNITY C1]
    ("?BAD ?INVALID", [1, 4, 8]),
  ])
  func corpusAExamples(pattern: String, expected: [Int]) throws {
    #expect(try matching(pattern, corpusA) == expected)
  }

  // The 2018–2021 "OR pattern matching" section.
  @Test(arguments: [
    ("ERROR", [1, 2]),
    ("?ERROR ?WARN", [1, 2, 3]),
    ("ERROR WARN", [1]),
    ("ERROR -WARN", [2]),
  ])
  func corpusBExamples(pattern: String, expected: [Int]) throws {
    #expect(try matching(pattern, ["ERROR WARN message", "ERROR message", "WARN message"]) == expected)
  }

  @Test func olderPageExamples() throws {
    let events = [
      "[ERROR] A fatal exception has occurred", "Exiting with ERRORCODE: -1", "[ERROR] Caught IllegalArgumentException",
      "[ERROR] Unhandled Exception", "[WARN] Failed to process the request",
      "[ERROR] Unable to continue: Failed to process the request",
    ]
    #expect(try matching("\"ERROR\"", events) == [1, 2, 3, 4, 6])
    #expect(try matching("\"ERROR\" - \"Exiting\"", events) == [1, 3, 4, 6])
    #expect(try matching("ERROR Exception", events) == [3, 4])
    #expect(try matching("\"ERROR\" \"Exception\"", events) == [3, 4])
    #expect(try matching("Failed to process the request", events) == [5, 6])
  }

  @Test func caseSensitiveSubstrings() throws {
    // [COMMUNITY C1]
    let events = ["ERRORNEOUS PROGRAM", "error=1", "Error: x", "NotFoundError", "ErRoR"]
    #expect(try matching("ERROR", events) == [1])
    #expect(try matching("\"ERROR][grpc\"", ["2025-03-28 [ERROR][grpc] failed", "[ERROR] [grpc]"]) == [1])
    let cleanUp = ["map clean up", "xyz", "xyz will do clean up", "abc xy yz xz", "map is cleaned up", "[ERROR 419] MISSING ARGUMENTS"]
    #expect(try matching("?\"clean up\" ?xyz", cleanUp) == [1, 2, 3])
  }

  @Test func patternKinds() throws {
    #expect(try FilterPattern("").kind == .matchAll)
    #expect(try FilterPattern("\" \"").kind == .matchAll)
    #expect(try FilterPattern("ERROR").kind == .terms)
    #expect(try FilterPattern("%ERR%").kind == .regex)
    #expect(try FilterPattern("{ $.a = 1 }").kind == .json)
    #expect(try FilterPattern("[a, b]").kind == .spaceDelimited)
  }
}

@Suite struct RegexPatternTests {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#regex-expressions
  @Test(arguments: [
    ("%^[hc]at%", ["hat", "cat is here"], ["that", "bat"]),
    ("%[hc]at$%", ["a hat", "cat"], ["hats", "cats are"]),
    ("%colou?r%", ["color", "colour"], ["colr"]),
    ("%[abc]%", ["a", "xbx", "c"], ["xyz"]),
    ("%[a-z]%", ["Q1a"], ["Q1Z"]),
    ("%[abcx-z]%", ["y", "b"], ["dfw"]),
    ("%a{3,5}%", ["aaa", "aaaa", "aaaaa"], ["aa", "a-a-a"]),
    ("%a{3}%", ["aaa"], ["aa"]),
    ("%a{3,}%", ["aaaaaaa"], ["aa"]),
    ("%ba{,2}c%", ["bc", "bac", "baac"], ["baaac"]),
    ("%gra|ey%", ["gray", "grey"], ["gry"]),
    (
      "%^starting|^initializing|^shutting down%", ["starting server", "initializing cache", "shutting down"], ["skipping initializing step"]
    ),
    ("%abcc|ab[^c]$%", ["abcc x", "aba"], ["aac", "abc"]),
    ("%\\[.\\]%", ["[a]", "[b]", "[7]", "[@]", "[]]", "[ ]"], ["[]", "[ab]"]),
    ("%10\\.10\\.0\\.1%", ["ip 10.10.0.1"], ["10010,051"]),
    ("%10.10.0.1%", ["10.10.0.1", "10010,051"], ["10.10.0"]),
    ("%ab*c%", ["ac", "abc", "abbbc"], ["ab"]),
    ("%ab[0-9]*%", ["ab", "ab0", "ab129"], ["a b"]),
    ("%ab+c%", ["abc", "abbc", "abbbc"], ["ac"]),
    ("%.at%", ["hat", "cat", "bat", "4at", "#at", " at"], ["at"]),
    ("%\\d%", ["a1"], ["ab"]),
    ("%\\D%", ["1a"], ["12"]),
    ("%\\w%", ["_"], ["-+"]),
    ("%\\W%", ["a-b"], ["a_b"]),
    ("%\\s%", ["a b", "a\tb"], ["ab"]),
    ("%\\S%", [" a "], ["  "]),
    ("%\\x3A%", ["a:b"], ["ab"]),
    ("%\\x28%", ["f(x)"], ["fx"]),
  ])
  func documentedRegexes(pattern: String, matches: [String], nonMatches: [String]) throws {
    let p = try FilterPattern(pattern)
    for m in matches { #expect(p.matches(m), "\(pattern) should match \(m)") }
    for m in nonMatches { #expect(!p.matches(m), "\(pattern) should not match \(m)") }
  }

  @Test func dotMatchesOneMultiByteCharacter() throws {
    #expect(try FilterPattern("%^.$%").matches("é"))
    #expect(try !FilterPattern("%^..$%").matches("é"))
    #expect(try FilterPattern("%^[^a]$%").matches("€"))
  }
}

@Suite struct RejectionTests {
  /// Each rejected pattern with the caret column (1-based) and a fragment of the message.
  @Test(arguments: [
    ("{ $.SomeObject IS NOT NULL }", 19, "IS NOT is not supported"),
    ("{ $.SomeObject EXISTS }", 16, "EXISTS is not supported"),
    ("%(abc)%", 2, "parentheses are not supported"),
    ("%abc)%", 5, "parentheses are not supported"),
    ("%something!%", 11, "'!' is not supported"),
    ("%abcc|ab[^c]$", 1, "unclosed regular expression"),
    ("%é%", 2, "multi-byte characters are not supported"),
    ("{ $.a[*].b[*] = 1 }", 3, "at most one wildcard"),
    ("{ $.a[*] = 1 && $.b[*] = 1 && $.c[*] = 1 && $.d[*] = 1 }", 45, "at most three wildcard selectors"),
    ("{ $.a = %x% && $.b = %y% && $.c = %z% }", 35, "at most 2 regular expressions"),
    ("[a=%x%, b=%y%, c=%z%]", 18, "at most 2 regular expressions"),
    ("{ $.latency > fast }", 15, "compares numbers"),
    ("{ $.a = 1 ", 11, "unexpected end of pattern"),
    ("{ $.a = }", 9, "expected a value"),
    ("{ $[0] = 1 }", 4, "array indexes must follow a property"),
    ("{ $.@timestamp = 1 }", 5, "use .['name']"),
    ("{ a = 1 }", 3, "expected a property selector"),
    ("ERROR: x", 6, "must be in double quotes"),
    ("ERROR %x%", 7, "must be the whole pattern"),
    ("\"unclosed", 1, "unclosed double quote"),
    ("[a, b", 6, "expected ']'"),
    ("[a, , b]", 5, "only the last field may be left unnamed"),
    ("[a, ..., b, ...]", 13, "only one '...'"),
    ("[ip, status_code = 4* && bytes > 1000]", 26, "can only test its own field"),
    ("[a = (1)]", 6, "expected a value"),
    ("{ $.a == 1 }", 7, "not '=='"),
    ("{ $.a = 1 } x", 13, "after the closing '}'"),
    ("%a{2%", 3, "'{' must start a repetition"),
  ])
  func rejected(pattern: String, column: Int, fragment: String) {
    do {
      _ = try FilterPattern(pattern)
      Issue.record("accepted \(pattern)")
    } catch {
      #expect(error.location.column == column, "\(pattern): \(error.description)")
      #expect(error.message.contains(fragment), "\(pattern): \(error.message)")
      #expect(error.sourceLine == pattern)
    }
  }

  @Test func longerThan1024CharactersIsRejected() throws {
    let ok = String(repeating: "a", count: 1024)
    #expect(try FilterPattern(ok).kind == .terms)
    do {
      _ = try FilterPattern(ok + "b")
      Issue.record("accepted 1025 characters")
    } catch {
      #expect(error.location.column == 1025)
      #expect(error.message == "invalid filter pattern: longer than 1024 characters (1025)")
    }
  }

  @Test func caretRendering() {
    do {
      _ = try FilterPattern("{ $.SomeObject IS NOT NULL }")
      Issue.record("accepted IS NOT NULL")
    } catch {
      #expect(
        error.description == """
          1:19: error: invalid filter pattern: IS NOT is not supported (AWS: the variables IS NOT and EXISTS currently aren't supported); use NOT EXISTS to test absence
            { $.SomeObject IS NOT NULL }
                              ^
          """)
    }
  }
}
