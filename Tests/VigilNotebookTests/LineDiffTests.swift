import Testing

@testable import VigilNotebook

@Suite struct LineDiffTests {
  @Test func oneChangedLine() {
    #expect(LineDiff.diff(["a", "b", "c"], ["a", "x", "c"]) == [.common("a"), .removed("b"), .added("x"), .common("c")])
  }

  @Test func emptySides() {
    #expect(LineDiff.diff([], []) == [])
    #expect(LineDiff.diff([], ["a"]) == [.added("a")])
    #expect(LineDiff.diff(["a"], []) == [.removed("a")])
  }

  @Test func linesCompareByBytesNotCanonicalEquivalence() {
    // "é" precomposed and decomposed are == as Swift Strings but differ in the file.
    #expect(LineDiff.diff(["caf\u{E9}"], ["cafe\u{301}"]) == [.removed("caf\u{E9}"), .added("cafe\u{301}")])
  }

  /// Myers' paper example: ABCABBA → CBABAC has 5 edits.
  @Test func myersPaperExampleIsMinimal() {
    let old = "ABCABBA".map(String.init)
    let new = "CBABAC".map(String.init)
    let script = LineDiff.diff(old, new)
    #expect(script.filter { $0 != .common($0.text) }.count == 5)
    #expect(script.oldSide == old)
    #expect(script.newSide == new)
  }

  /// On pseudo-random inputs the script rebuilds both sides and has exactly n + m - 2·LCS edits.
  @Test func randomInputsAgreeWithDynamicProgrammingLCS() {
    var seed: UInt64 = 42
    func random(_ bound: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((seed >> 33) % UInt64(bound))
    }
    for _ in 0..<300 {
      let old = (0..<random(12)).map { _ in String(random(4)) }
      let new = (0..<random(12)).map { _ in String(random(4)) }
      let script = LineDiff.diff(old, new)
      #expect(script.oldSide == old)
      #expect(script.newSide == new)
      let edits = script.filter { $0 != .common($0.text) }.count
      #expect(edits == old.count + new.count - 2 * lcs(old, new))
    }
  }

  @Test func largeUnrelatedOutputsFallBackToReplacingTheMiddle() {
    let old = (0..<3000).map { "old \($0)" }
    let new = (0..<3000).map { "new \($0)" }
    let script = LineDiff.diff(["same"] + old + ["end"], ["same"] + new + ["end"])
    #expect(script.first == .common("same"))
    #expect(script.last == .common("end"))
    #expect(script.count == 6002)
    #expect(script.oldSide == ["same"] + old + ["end"])
    #expect(script.newSide == ["same"] + new + ["end"])
  }

  @Test func unifiedHunkUsesContextAndRealLineNumbers() {
    let old = (1...10).map { "line \($0)" }
    var new = old
    new[4] = "line five"
    let text = UnifiedDiff.render(LineDiff.diff(old, new), oldLabel: "a.md", newLabel: "b.md")
    #expect(
      text == """
        --- a.md
        +++ b.md
        @@ -2,7 +2,7 @@
         line 2
         line 3
         line 4
        -line 5
        +line five
         line 6
         line 7
         line 8

        """)
  }

  @Test func distantChangesMakeSeparateHunksCloseOnesMerge() {
    let old = (1...20).map { "\($0)" }
    var new = old
    new[1] = "two"
    new[18] = "nineteen"
    let separate = UnifiedDiff.render(LineDiff.diff(old, new), oldLabel: "a", newLabel: "b", context: 2)
    #expect(separate.components(separatedBy: "\n").filter { $0.hasPrefix("@@") } == ["@@ -1,4 +1,4 @@", "@@ -17,4 +17,4 @@"])
    new = old
    new[5] = "six"
    new[10] = "eleven"
    let merged = UnifiedDiff.render(LineDiff.diff(old, new), oldLabel: "a", newLabel: "b", context: 2)
    #expect(merged.components(separatedBy: "\n").filter { $0.hasPrefix("@@") } == ["@@ -4,10 +4,10 @@"])
  }

  @Test func insertionAndSingleLineRangesUseGnuForms() {
    #expect(UnifiedDiff.render(LineDiff.diff([], ["x", "y"]), oldLabel: "a", newLabel: "b") == "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n")
    #expect(UnifiedDiff.render(LineDiff.diff(["a"], ["b"]), oldLabel: "a", newLabel: "b") == "--- a\n+++ b\n@@ -1 +1 @@\n-a\n+b\n")
    #expect(UnifiedDiff.render(LineDiff.diff(["a", "b"], ["a", "b"]), oldLabel: "a", newLabel: "b") == "")
  }

  func lcs(_ a: [String], _ b: [String]) -> Int {
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0..<a.count {
      for j in 0..<b.count {
        table[i + 1][j + 1] = a[i] == b[j] ? table[i][j] + 1 : max(table[i][j + 1], table[i + 1][j])
      }
    }
    return table[a.count][b.count]
  }
}

extension DiffLine {
  var text: String {
    switch self {
    case .common(let s), .removed(let s), .added(let s): s
    }
  }
}

extension [DiffLine] {
  var oldSide: [String] { compactMap { if case .added = $0 { nil } else { $0.text } } }
  var newSide: [String] { compactMap { if case .removed = $0 { nil } else { $0.text } } }
}
