import Foundation
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilNotebook

@Suite struct NotebookRunnerTests {
  static let tour = """
    # Tour

    ```vigil
    set a 1
    add a 2
    ```
    ```output
    3
    ```

    ```vigil
    add 1 2
    ```
    ```output
    3
    ```

    Done.

    """

  func test(_ text: String, path: String = "tour.md", options: NotebookRunOptions = fixedOptions()) throws -> TestRunReport {
    let notebook = try Notebook.parse(text: text, path: path, kind: path.hasSuffix(".vigil") ? .session : .markdown)
    let result = runner(options).test(notebook, directory: URL(fileURLWithPath: "/nb"))
    return TestRunReport(notebooks: [result], update: options.update)
  }

  @Test func matchingNotebookPasses() throws {
    let report = try test(Self.tour)
    #expect(report.exitStatus == 0)
    #expect(report.consoleText == "2 passed, 0 failed\n")
    #expect(report.notebooks[0].updatedText == nil)
  }

  @Test func changedDigitFailsWithADiffAtTheNotebookLine() throws {
    let changed = Self.tour.replacingOccurrences(of: "add 1 2\n```\n```output\n3", with: "add 1 2\n```\n```output\n4")
    let report = try test(changed)
    #expect(report.exitStatus == 1)
    #expect(
      report.consoleText == """
        tour.md:15: output differs from the recording (Tour, line 11: add 1 2)
        --- tour.md
        +++ tour.md\t(actual output)
        @@ -12,7 +12,7 @@
         add 1 2
         ```
         ```output
        -4
        +3
         ```
         
         Done.
        1 passed, 1 failed

        """)
  }

  @Test func updateRestoresTheRecordingByteForByte() throws {
    let changed = Self.tour.replacingOccurrences(of: "add 1 2\n```\n```output\n3", with: "add 1 2\n```\n```output\n4")
    let report = try test(changed, options: fixedOptions(update: true))
    #expect(report.exitStatus == 0)
    #expect(report.notebooks[0].updatedText == Self.tour)
    #expect(report.consoleText == "updated tour.md (1 output)\n2 passed, 0 failed, 1 updated\n")
  }

  @Test func updateKeepsCrlfEndingsAndEverythingElse() throws {
    let original = Self.tour.replacingOccurrences(of: "\n", with: "\r\n")
    let changed = original.replacingOccurrences(of: "```output\r\n3\r\n```\r\n\r\nDone", with: "```output\r\n3\r\n4\r\n```\r\n\r\nDone")
    let report = try test(changed, options: fixedOptions(update: true))
    #expect(report.notebooks[0].updatedText == original)
  }

  @Test func updateInsertsAMissingOutputBlockAfterTheCell() throws {
    let report = try test("Intro\n\n  ~~~vigil\n  add 2 2\n  ~~~\nOutro\n", options: fixedOptions(update: true))
    #expect(report.notebooks[0].updatedText == "Intro\n\n  ~~~vigil\n  add 2 2\n  ~~~\n  ~~~output\n  4\n  ~~~\nOutro\n")
  }

  @Test func updateAtTheEndOfAFileWithoutNewline() throws {
    let report = try test("```vigil\r\nadd 2 2\r\n```", options: fixedOptions(update: true))
    #expect(report.notebooks[0].updatedText == "```vigil\r\nadd 2 2\r\n```\r\n```output\r\n4\r\n```")
  }

  @Test func missingOutputBlockFailsWithAnInsertionDiff() throws {
    let report = try test("```vigil\nadd 2 2\n```\n")
    #expect(report.exitStatus == 1)
    #expect(
      report.consoleText == """
        tour.md:3: output differs from the recording (line 1: add 2 2)
        --- tour.md
        +++ tour.md\t(actual output)
        @@ -1,3 +1,6 @@
         ```vigil
         add 2 2
         ```
        +```output
        +4
        +```
        0 passed, 1 failed

        """)
  }

  @Test func outputThatLooksLikeAFenceGetsALongerFence() throws {
    let report = try test("```vigil\necho ```\n```\n```output\nold\n```\n", options: fixedOptions(update: true))
    let updated = try #require(report.notebooks[0].updatedText)
    #expect(updated == "```vigil\necho ```\n```\n````output\n```\n````\n")
    let reparsed = try Notebook.parse(text: updated, path: "n.md")
    #expect(reparsed.cells[0].output?.lines == ["```"])
  }

  @Test func emptyOutputEmptiesTheBlockAndNeedsNoBlock() throws {
    let updated = try test("```vigil\nset a 1\n```\n```output\nstale\n```\n", options: fixedOptions(update: true))
    #expect(updated.notebooks[0].updatedText == "```vigil\nset a 1\n```\n```output\n```\n")
    let noBlock = try test("```vigil\nset a 1\n```\n")
    #expect(noBlock.exitStatus == 0)
  }

  @Test func invalidCellStopsTheNotebookAndExits2() throws {
    let text = "# T\n\n```vigil\nset a 1\n  bogus thing\n```\n\n```vigil\nadd 1 1\n```\n"
    let report = try test(text, options: fixedOptions(update: true))
    #expect(report.exitStatus == 2)
    #expect(report.notebooks[0].updatedText == nil)
    #expect(report.notebooks[0].cells.map(\.status.name) == ["invalid", "notRun"])
    #expect(
      report.consoleText == """
        tour.md:5:3: error: unknown command `bogus`
            bogus thing
            ^
        0 passed, 0 failed, 1 invalid, 1 not run

        """)
  }

  @Test func expectErrorCellRecordsTheErrorAsItsOutput() throws {
    let text = "```vigil expect-error\necho hi\nadd nope 1\n```\n```output\nhi\n2:5: error: unknown name\n  add nope 1\n      ^\n```\n"
    #expect(try test(text).exitStatus == 0)
    let clean = try test("```vigil expect-error\nadd 1 1\n```\n```output\n2\n```\n")
    #expect(clean.exitStatus == 1)
    #expect(clean.consoleText == "tour.md:1: the cell is tagged expect-error but ran without an error\n0 passed, 1 failed\n")
  }

  @Test func sessionFileIsCheckedByItsExpectLines() throws {
    let passing = try test("set a 1\nexpect a 1\n", path: "s.vigil")
    #expect(passing.exitStatus == 0)
    #expect(passing.summary == "1 passed, 0 failed")
    let failing = try test("set a 1\nadd a 1\nexpect a 2\n", path: "s.vigil")
    #expect(failing.exitStatus == 1)
    #expect(failing.consoleText == "s.vigil:3: expectation failed: expected a = 2, found 1\n0 passed, 1 failed\n")
  }

  @Test func volatileValuesAreNormalisedBeforeComparing() throws {
    let text = "```vigil\nwhere\ntimed\n```\n```output\n<dir>/sample.log\nscanned 3 files in <duration>\n```\n"
    #expect(try test(text).exitStatus == 0)
    let update = try test("```vigil\nwhere\ntimed\n```\n", options: fixedOptions(update: true))
    #expect(update.notebooks[0].updatedText == text)
  }

  static let filtered = """
    # Setup
    ```vigil
    set a 40
    ```
    # Answer
    ```vigil
    add a 2
    ```
    ```output
    42
    ```
    # Later
    ```vigil
    bogus
    ```

    """

  @Test func filterByHeadingRunsEarlierCellsAsSetupAndSkipsLaterOnes() throws {
    let report = try test(Self.filtered, options: fixedOptions(filter: CellFilter(["answer"])))
    #expect(report.notebooks[0].cells.map(\.status.name) == ["setup", "passed", "excluded"])
    #expect(report.exitStatus == 0)
    #expect(report.summary == "1 passed, 0 failed")
  }

  @Test func filterByPathAndLine() throws {
    let byLine = try test(Self.filtered, path: "notebooks/f.md", options: fixedOptions(filter: CellFilter(["f.md:9"])))
    #expect(byLine.notebooks[0].cells.map(\.status.name) == ["setup", "passed", "excluded"])
    let otherFile = try test(Self.filtered, path: "notebooks/f.md", options: fixedOptions(filter: CellFilter(["g.md:9"])))
    #expect(otherFile.notebooks[0].cells.map(\.status.name) == ["excluded", "excluded", "excluded"])
    let byPath = try test(Self.filtered, path: "notebooks/f.md", options: fixedOptions(filter: CellFilter(["NOTEBOOKS/F"])))
    #expect(byPath.exitStatus == 2)
  }

  @Test func runPrintsEchoAndOutputWithoutComparing() throws {
    let notebook = try Notebook.parse(text: Self.filtered, path: "f.md")
    var printed = ""
    let status = runner(fixedOptions()).run(notebook, directory: URL(fileURLWithPath: "/nb")) { printed += $0 }
    #expect(status == 2)
    #expect(
      printed == """
        vigil> set a 40
        vigil> add a 2
        42
        vigil> bogus
        f.md:14:1: error: unknown command `bogus`
          bogus
          ^

        """)
  }

  @Test func directoriesRunEachDocumentInAFreshSessionAndUpdateWritesFiles() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let files = [
      "a.md": "```vigil\nset x 1\nadd x 1\n```\n```output\n3\n```\n",
      "b/c.md": "```vigil\nadd x 1\n```\n",
      "s.vigil": "set y 2\nexpect y 2\n",
      "README.md": "No cells here.\n",
      ".hidden/d.md": "```vigil\nbogus\n```\n",
      "notes.txt": "ignored\n",
    ]
    for (name, text) in files {
      let url = directory.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    let root = directory.path
    let first = runner(fixedOptions(update: true, directory: root)).test(paths: [root, root + "/missing.md"])
    #expect(
      first.notebooks.map(\.path) == ["\(root)/README.md", "\(root)/a.md", "\(root)/b/c.md", "\(root)/s.vigil", "\(root)/missing.md"])
    // b/c.md cannot see x from a.md: a fresh session per document.
    #expect(first.notebooks[2].cells.map(\.status.name) == ["invalid"])
    #expect(first.notebooks[4].errors == ["\(root)/missing.md: error: no such file or directory"])
    #expect(first.exitStatus == 2)
    #expect(first.summary == "2 passed, 0 failed, 2 invalid, 1 updated")
    let written = try String(contentsOf: directory.appendingPathComponent("a.md"), encoding: .utf8)
    #expect(written == "```vigil\nset x 1\nadd x 1\n```\n```output\n2\n```\n")
    let second = runner(fixedOptions(directory: root)).test(paths: [root + "/a.md", root + "/s.vigil"])
    #expect(second.exitStatus == 0)
    #expect(second.consoleText == "2 passed, 0 failed\n")
  }
}

extension CellStatus {
  var name: String {
    switch self {
    case .passed: "passed"
    case .updated: "updated"
    case .failed: "failed"
    case .invalid: "invalid"
    case .notRun: "notRun"
    case .setup: "setup"
    case .excluded: "excluded"
    }
  }
}

/// Issue 12 item 12: `vigil test DIR` on a folder without notebooks passed with nothing checked.
@Suite struct EmptyFolderDiscoveryTests {
  @Test func aFolderWithoutDocumentsIsAProblem() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
    try Data("notes".utf8).write(to: directory.appendingPathComponent("README.txt"))
    let found = NotebookDiscovery.documents(at: [directory.path])
    #expect(
      found == [
        .failure(
          NotebookDiscovery.Problem(
            path: directory.path, message: "\(directory.path): error: no notebooks (.md) or session files (.vigil) in this folder"))
      ])
  }
}
