import Testing
import VigilCore

@testable import VigilInsights

/// The byte-level paths (filters compared on the message's bytes, groups found by the bytes of their key) must
/// give the answers of the value-level rules for every kind of JSON value, not only plain strings and numbers.
@Suite struct ByteLevelPathTests {
  let time = "2026-03-02T10:15:03.120Z"

  func rows(_ query: String, _ messages: [String]) throws -> [[String]] {
    try runQuery(query, messages.map { (time, $0) }).rows.map { $0.map(\.description) }
  }

  @Test func textEqualityOnBytesFollowsTheValueRules() throws {
    let messages = [
      #"{"level":"ERROR","n":1}"#,
      #"{"level":"ERR\u004fR","n":2}"#,  // escaped: decoded before comparing
      #"{"level":"ERRORS","n":3}"#,
      #"{"level":{"x":1},"n":4}"#,  // an object is no field
      #"{"n":5}"#,  // absent
      #"{"level":null,"n":6}"#,
      #"{"level":true,"n":7}"#,
    ]
    #expect(try rows(#"filter level = "ERROR" | stats sum(n) as s"#, messages) == [["3"]])
    #expect(try rows(#"filter "ERROR" = level | stats sum(n) as s"#, messages) == [["3"]])
    // != is false for absent values, as every comparison with one.
    #expect(try rows(#"filter level != "ERROR" | stats sum(n) as s"#, messages) == [["10"]])
    #expect(try rows(#"filter level = "true" | stats sum(n) as s"#, messages) == [["7"]])
  }

  @Test func numberComparisonOnBytesFollowsTheValueRules() throws {
    let messages = [
      #"{"ms":250,"n":1}"#,
      #"{"ms":"250","n":2}"#,  // numeric text compares as a number
      #"{"ms":2.5e2,"n":4}"#,
      #"{"ms":12abc,"n":8}"#,  // not a number: text comparison ("12abc" < "200", "12abc" <= "150")
      #"{"ms":150,"n":16}"#,
      #"{"ms":null,"n":32}"#,
      #"{"ms":[300],"n":64}"#,
    ]
    #expect(try rows("filter ms > 200 | stats sum(n) as s", messages) == [["7"]])
    #expect(try rows("filter ms = 250 | stats sum(n) as s", messages) == [["7"]])
    #expect(try rows("filter ms != 250 | stats sum(n) as s", messages) == [["24"]])
    #expect(try rows("filter ms <= 150 | stats sum(n) as s", messages) == [["24"]])
  }

  @Test func likeOnAJSONStringSearchesItsDecodedText() throws {
    let messages = [
      #"{"m":"upstream timeout","n":1}"#,
      #"{"m":"time\u006fut","n":2}"#,
      #"{"m":"fine","n":4}"#,
      #"{"n":8}"#,
    ]
    #expect(try rows("filter m like /timeout/ | stats sum(n) as s", messages) == [["3"]])
    #expect(try rows("filter m not like /timeout/ | stats sum(n) as s", messages) == [["4"]])
  }

  @Test func groupsByKeyBytesAreTheGroupsOfEqualValues() throws {
    let messages = [
      #"{"k":"a","n":1}"#,
      #"{"k":"\u0061","n":2}"#,  // the same text, escaped
      #"{"k":"200","n":4}"#,  // text: another group than the number 200
      #"{"k":200,"n":8}"#,
      #"{"k":200.0,"n":16}"#,  // the same number
      #"{"k":-0,"n":32}"#,
      #"{"k":0,"n":64}"#,  // -0 = 0
      #"{"k":"caf\u00e9","n":128}"#,  // é precomposed ...
      #"{"k":"cafe\u0301","n":256}"#,  // ... and decomposed: canonically equal text
      #"{"n":512}"#,  // absent: its own group
      #"{"k":null,"n":1024}"#,  // null: the absent group
    ]
    let result = try rows("stats sum(n) as s by k", messages)
    // Row order is the sort order of the group values (nulls last); the two 200s are a text and a number.
    #expect(result.count == 6)
    #expect(
      result.sorted { $0.lexicographicallyPrecedes($1) }
        == [["", "1536"], ["0", "96"], ["200", "24"], ["200", "4"], ["a", "3"], ["café", "384"]])
    #expect(result.last == ["", "1536"])
  }

  @Test func groupKeyEncodingSeparatesCasesAndJoinsEqualValues() {
    func key(_ values: [InsightsValue]) -> [UInt8] {
      var table = GroupKeyTable()
      for v in values { table.append(v) }
      return Array(table.scratch.bytes)
    }
    #expect(key([.string("200")]) != key([.number(200)]))
    #expect(key([.number(0)]) == key([.number(-0.0)]))
    #expect(key([.string("caf\u{e9}")]) == key([.string("cafe\u{301}")]))
    // Lengths are part of the key: ("ab", "c") and ("a", "bc") are different groups.
    #expect(key([.string("ab"), .string("c")]) != key([.string("a"), .string("bc")]))
    #expect(key([.null]) != key([.string("")]))
    #expect(key([.timestamp(5)]) != key([.number(5)]))
  }

  @Test func mergedParallelGroupsMatchOnePass() throws {
    var table = GroupKeyTable()
    table.append(.string("svc"))
    let first = table.group()
    table.resetKey()
    table.append(.string("svc"))
    let again = table.group()
    table.resetKey()
    table.append(.string("other"))
    let other = table.group()
    #expect(first.index == 0 && first.isNew)
    #expect(again.index == 0 && !again.isNew)
    #expect(other.index == 1 && other.isNew)
    var second = GroupKeyTable()
    let (bytes, hash) = table.key(1)
    let found = bytes.withUnsafeBufferPointer { second.find($0, hash: hash) }
    #expect(found.index == 0 && found.isNew)
    #expect(second.count == 1)
  }
}
