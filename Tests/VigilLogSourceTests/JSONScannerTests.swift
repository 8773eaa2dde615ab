import Testing

@testable import VigilLogSource

/// Runs `body` on a scanner over the UTF-8 bytes of `text`.
private func scanning<T>(_ text: String, _ body: (JSONScanner) -> T) -> T {
  var text = text
  return text.withUTF8 { body(JSONScanner($0)) }
}

/// The one lazy JSON scanner: its primitives, the two strictness answers, and the callers built on it.
@Suite struct JSONScannerTests {
  /// On well-formed values the lenient skip (member lookup, Insights) and the strict check (validator) agree.
  @Test(arguments: [
    #""plain""#, #""tab\t quote\" slash\\""#, #""\u00e9\ud83d\ude00""#, "0", "-12.5e+3", "true", "false", "null", "{}",
    "[]", #"{"a":[1,{"b":"}"}],"c":null}"#, #"[ 1 , "]" , [ ] ]"#,
  ])
  func lenientAndStrictAgreeOnWellFormedValues(value: String) {
    let ends = scanning(value + " ,") { json in [json.valueEnd(0, .lenient), json.valueEnd(0, .strict)] }
    #expect(ends == [value.utf8.count, value.utf8.count])
  }

  /// Where the text is not JSON, the lenient skip runs to the next delimiter (Insights shows `12abc` as text); the
  /// strict check ends at the last byte of a JSON token (`12` of `12abc`, which the validator then rejects) or
  /// says no.
  @Test(arguments: [
    ("12abc,", 5, 2), ("01]", 2, 1), ("tru}", 3, nil), ("+7 ", 2, nil), ("xyz", 3, nil), ("\"a\u{01}b\"", 5, nil),
    (#""bad \x""#, 8, nil), (#""\u12""#, 6, nil), ("[1 2]", 5, nil), (#"{"a" 1}"#, 7, nil),
  ] as [(String, Int, Int?)])
  func malformedValuesLenientVersusStrict(value: String, lenientEnd: Int, strictEnd: Int?) {
    let ends = scanning(value) { json in [json.valueEnd(0, .lenient), json.valueEnd(0, .strict)] }
    #expect(ends == [lenientEnd, strictEnd])
  }

  @Test func unterminatedValuesHaveNoEnd() {
    for text in [#""open"#, #""escaped quote \""#, "[1, [2]", #"{"a": "}"#, "", ","] {
      #expect(scanning(text) { json in [json.valueEnd(0, .lenient), json.valueEnd(0, .strict)] } == [nil, nil])
    }
  }

  /// A string ends at the first quote not escaped by an odd run of backslashes.
  @Test func stringEndCountsBackslashes() {
    #expect(scanning(#""a\\" tail"#) { $0.stringEnd(0) } == 5)
    #expect(scanning(#""a\\\"b" tail"#) { $0.stringEnd(0) } == 8)
    #expect(scanning(#""\"" tail"#) { $0.stringEnd(0) } == 4)
  }

  /// The validator recurses once per level and stops at `maximumDepth`; the lenient skip counts brackets, so even
  /// 100 000 levels cost it no stack.
  @Test func nestingIsBounded() {
    let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
    let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
    #expect(scanning(deepest) { $0.isValidDocument() })
    #expect(!scanning(tooDeep) { $0.isValidDocument() })
    let huge = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(scanning(huge) { $0.valueEnd(0, .lenient) } == 200_000)
    #expect(!scanning(huge) { $0.isValidDocument() })
  }

  @Test func validDocuments() {
    #expect(scanning(#"  {"a": [1, -0.5, 2e10, true, false, null, "\/\u0041"]}  "#) { $0.isValidDocument() })
    for text in ["", "   ", #"{"a": 1} x"#, #"{"a": 1,}"#, "[1,]", #"{"a": 01}"#, "1.", "-", "1e", #""\u00G0""#, "nul"] {
      #expect(!scanning(text) { $0.isValidDocument() }, "\(text)")
    }
  }

  /// Surrogate pairs join; a lone surrogate becomes U+FFFD; bad escapes are nil when strict and kept when lenient.
  @Test func unescapeBothWays() {
    func decode(_ content: String, _ strictness: JSONScanner.Strictness) -> String? {
      scanning(content) { json in json.unescape(0, json.count, strictness).map { String(decoding: $0, as: UTF8.self) } }
    }
    #expect(decode(#"\ud83d\ude00 \u00e9\n\"\/"#, .strict) == "😀 é\n\"/")
    #expect(decode(#"\ud83d\ude00 \u00e9\n\"\/"#, .lenient) == "😀 é\n\"/")
    #expect(decode(#"lone \ud83d then \ude00 x"#, .strict) == "lone \u{FFFD} then \u{FFFD} x")
    #expect(decode(#"\ud83d\u0041"#, .lenient) == "\u{FFFD}A")
    #expect(decode(#"a\xb"#, .strict) == nil)
    #expect(decode(#"a\xb"#, .lenient) == "axb")
    #expect(decode(#"\u12zz"#, .strict) == nil)
    #expect(decode(#"\u12zz"#, .lenient) == "12zz")
    #expect(decode(#"end\"#, .strict) == nil)
    #expect(decode(#"end\"#, .lenient) == #"end\"#)
    #expect(JSONFieldScanner.unescape(UnsafeBufferPointer(start: nil, count: 0)) == "")
  }

  @Test func memberLookup() {
    let doc = #"{"a": 1, "": "empty", "k\u0065y": {"n": [10, 20]}, "a": 2}"#
    scanning(doc) { json in
      guard let root = json.rootStart else { return }
      #expect(json.member(root, key: Array("a".utf8)).flatMap(json.number) == 1)
      #expect(json.member(root, key: []).flatMap(json.decodedString) == Array("empty".utf8))
      let n = json.member(root, key: Array("key".utf8)).flatMap { json.member($0, key: Array("n".utf8)) }
      var elements: [Double] = []
      _ = json.forEachElement(n ?? 0) { _, v in
        elements += json.number(v).map { [$0] } ?? []
        return false
      }
      #expect(elements == [10, 20])
      #expect(json.member(root, key: Array("missing".utf8)) == nil)
    }
  }

  /// Member lookup and the multi-path scan read the same values from well-formed JSON.
  @Test func memberLookupAndFieldScanAgree() {
    let doc = #"{"level":"ERROR","latency_ms":250,"customer":{"tier":"gold","id":"c\"1"},"ok":true,"items":[{"sku":"x"}]}"#
    let paths = [["level"], ["latency_ms"], ["customer", "tier"], ["customer", "id"], ["ok"], ["items"]]
    let scanner = JSONFieldScanner(paths: paths.map { $0.joined(separator: ".") })
    var slots: [JSONSlot] = []
    scanning(doc) { json in
      scanner.scan(json.bytes, into: &slots)
      for (path, slot) in zip(paths, slots) {
        var at = json.rootStart
        for key in path { at = at.flatMap { json.member($0, key: Array(key.utf8)) } }
        guard let at, let raw = json.rawRange(at) ?? json.valueEnd(at).map({ at..<$0 }) else {
          Issue.record("\(path) not found by member lookup")
          continue
        }
        #expect(slot.start..<slot.end == raw, "\(path)")
      }
    }
    #expect(slots.map(\.kind) == [.string, .number, .string, .string, .bool, .array])
    #expect(slots[3].escaped)
  }

  /// Insights keeps reading past a malformed scalar (the field is found, as text); a filter pattern never matches
  /// such a line because the document is not valid JSON.
  @Test func insightsLeniencyIsExplicit() {
    let scanner = JSONFieldScanner(paths: ["a", "b"])
    var slots: [JSONSlot] = []
    let doc = #"{"a": 12abc, "b": 1}"#
    scanning(doc) { json in
      scanner.scan(json.bytes, into: &slots)
      #expect(slots.map(\.kind) == [.number, .number])
      #expect(slots.map { String(decoding: json.bytes[$0.start..<$0.end], as: UTF8.self) } == ["12abc", "1"])
      #expect(!json.isValidDocument())
    }
  }
}
