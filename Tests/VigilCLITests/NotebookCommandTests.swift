import Foundation
import Testing
import VigilTestSupport

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `vigil test`, `vigil run NOTEBOOK.md` and `vigil shell NOTEBOOK.md` through the real binary:
/// what CI and a person at a terminal see, with the exit codes they get.
@Suite struct NotebookCommandTests {
  /// A notebook with prose, a stack cell, an `expect-error` cell and a `show` cell.
  static let notebook = """
    # Keys

    A key for the log groups.

    ```vigil
    stack payments --suffix dev
    key logs --rotation on
    ```
    ```output
    defined stack payments (suffix dev, region us-east-1)
    defined KMS key logs (rotation on, deletion window 7 days)
    ```

    ## Typos

    ```vigil expect-error
    key audit --rotaton on
    ```
    ```output
    1:11: error: unknown option --rotaton for 'key'; did you mean --rotation?
      key audit --rotaton on
                ^
    ```

    ```vigil
    show logs
    ```
    ```output
    KMS key logs (alias/logs-key-dev)
      rotation on, deletion window 7 days
    ```

    """

  struct Run {
    var status: Int32
    var output: String
    var errors: String
  }

  /// Runs `vigil` with the arguments in a directory, with a private HOME so no journal is shared.
  static func vigil(_ arguments: [String], in directory: URL, input: String = "") throws -> Run {
    let home = directory.appendingPathComponent(".home")
    let result = try VigilBinary.run(
      arguments, in: directory, input: input,
      environment: ["HOME": home.path, "XDG_STATE_HOME": home.appendingPathComponent("state").path, "LANG": "C.UTF-8"])
    return Run(status: result.status, output: result.stdout, errors: result.stderr)
  }

  /// A temporary directory holding `keys.md` with the given text.
  static func directory(with text: String = notebook) throws -> URL {
    let directory = TestPaths.temporaryDirectory()
    try text.write(to: directory.appendingPathComponent("keys.md"), atomically: true, encoding: .utf8)
    return directory
  }

  @Test func passingNotebookPrintsTheSummaryAndExitsZero() throws {
    let directory = try Self.directory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try Self.vigil(["test", "keys.md"], in: directory)
    #expect(run.output == "3 passed, 0 failed\n")
    #expect(run.errors == "")
    #expect(run.status == 0)
  }

  @Test func oneChangedDigitFailsWithADiffAtTheNotebookLineAndUpdateRestoresIt() throws {
    let changed = Self.notebook.replacingOccurrences(
      of: "\n  rotation on, deletion window 7 days\n", with: "\n  rotation on, deletion window 8 days\n")
    #expect(changed != Self.notebook)
    let directory = try Self.directory(with: changed)
    defer { try? FileManager.default.removeItem(at: directory) }
    let failing = try Self.vigil(["test", "keys.md"], in: directory)
    #expect(failing.status == 1)
    #expect(
      failing.output == """
        keys.md:30: output differs from the recording (Typos, line 25: show logs)
        --- keys.md
        +++ keys.md\t(actual output)
        @@ -27,5 +27,5 @@
         ```
         ```output
         KMS key logs (alias/logs-key-dev)
        -  rotation on, deletion window 8 days
        +  rotation on, deletion window 7 days
         ```
        2 passed, 1 failed

        """)
    // Line 30 of the notebook is the changed line.
    let lines = changed.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[29] == "  rotation on, deletion window 8 days")

    let update = try Self.vigil(["test", "--update", "keys.md"], in: directory)
    #expect(update.output == "updated keys.md (1 output)\n3 passed, 0 failed, 1 updated\n")
    #expect(update.status == 0)
    let restored = try String(contentsOf: directory.appendingPathComponent("keys.md"), encoding: .utf8)
    #expect(restored == Self.notebook)
    #expect(try Self.vigil(["test", "keys.md"], in: directory).status == 0)
  }

  @Test func invalidCellExitsTwoWithItsNotebookPosition() throws {
    let broken = Self.notebook.replacingOccurrences(of: "key logs --rotation on", with: "key logs --rotation sometimes")
    let directory = try Self.directory(with: broken)
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try Self.vigil(["test", "keys.md"], in: directory)
    #expect(run.status == 2)
    #expect(
      run.output == """
        keys.md:7:21: error: --rotation must be one of on, off, got 'sometimes'
          key logs --rotation sometimes
                              ^
        0 passed, 0 failed, 1 invalid, 2 not run

        """)
  }

  @Test func malformedNotebookAndMissingPathExitTwo() throws {
    let directory = try Self.directory(with: "# Unclosed\n\n```vigil\nstack payments --suffix dev\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try Self.vigil(["test", "keys.md", "nowhere.md"], in: directory)
    #expect(run.status == 2)
    #expect(
      run.output == """
        keys.md:3:1: error: this `vigil` code fence is never closed; add a line with ```
          ```vigil
          ^
        nowhere.md: error: no such file or directory
        0 passed, 0 failed, 2 invalid

        """)
  }

  @Test func junitReportParsesAsJUnitXML() throws {
    let changed = Self.notebook.replacingOccurrences(of: "deletion window 7 days)", with: "deletion window 9 days)")
    let directory = try Self.directory(with: changed)
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try Self.vigil(["test", "keys.md", "--junit", "report.xml"], in: directory)
    #expect(run.status == 1)
    let data = try #require(FileManager.default.contents(atPath: directory.appendingPathComponent("report.xml").path))
    let reader = JUnitReader()
    let parser = XMLParser(data: data)
    parser.delegate = reader
    #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    #expect(reader.elements.map(\.name) == ["testsuites", "testsuite", "testcase", "failure", "testcase", "testcase"])
    let suite = reader.elements[1].attributes
    #expect(suite["name"] == "keys.md")
    #expect(suite["tests"] == "3")
    #expect(suite["failures"] == "1")
    #expect(suite["errors"] == "0")
    #expect(reader.elements[2].attributes["name"] == "Keys, line 5: stack payments --suffix dev")
    #expect(reader.elements[2].attributes["line"] == "5")
    #expect(reader.elements[3].attributes["type"] == "OutputMismatch")
    #expect(reader.failureText.hasPrefix("keys.md:11: output differs from the recording"))
    #expect(reader.failureText.contains("-defined KMS key logs (rotation on, deletion window 9 days)\n"))
    #expect(reader.failureText.contains("+defined KMS key logs (rotation on, deletion window 7 days)\n"))
  }

  @Test func filterChecksOnlyTheSelectedCells() throws {
    let directory = try Self.directory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let byHeading = try Self.vigil(["test", "--filter", "typos", "keys.md"], in: directory)
    #expect(byHeading.output == "2 passed, 0 failed\n")
    let byLine = try Self.vigil(["test", "--filter", "keys.md:26", "keys.md"], in: directory)
    #expect(byLine.output == "1 passed, 0 failed\n")
    #expect(byLine.status == 0)
  }

  @Test func directoriesAreSearchedForNotebooksAndSessionFiles() throws {
    let directory = try Self.directory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "stack payments --suffix dev\nkey logs\n".write(
      to: directory.appendingPathComponent("session.vigil"), atomically: true, encoding: .utf8)
    let run = try Self.vigil(["test", "."], in: directory)
    #expect(run.output == "4 passed, 0 failed\n")
    #expect(run.status == 0)
  }

  @Test func runPrintsTheNotebookWithoutComparing() throws {
    let changed = Self.notebook.replacingOccurrences(of: "deletion window 7 days)", with: "deletion window 9 days)")
    let directory = try Self.directory(with: changed)
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try Self.vigil(["run", "keys.md"], in: directory)
    #expect(run.status == 0)
    #expect(
      run.output == """
        vigil> stack payments --suffix dev
        vigil> key logs --rotation on
        defined stack payments (suffix dev, region us-east-1)
        defined KMS key logs (rotation on, deletion window 7 days)
        vigil> key audit --rotaton on
        1:11: error: unknown option --rotaton for 'key'; did you mean --rotation?
          key audit --rotaton on
                    ^
        vigil> show logs
        KMS key logs (alias/logs-key-dev)
          rotation on, deletion window 7 days
        keys.md: 3 cell(s) run, all expectations held

        """)
  }

  @Test func shellOpensTheNotebookSessionAndSavesItAsANotebook() throws {
    let directory = try Self.directory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try Self.vigil(
      ["shell", "keys.md"], in: directory, input: "history\nkey archive\nsave --notebook continued.md\n")
    #expect(run.errors == "")
    #expect(
      run.output == """
        opened keys.md: 2 command(s)
        1  stack payments --suffix dev
        2  key logs --rotation on
        defined KMS key archive (rotation on, deletion window 7 days)
        saved 3 command(s) as 2 cell(s) with their outputs to continued.md

        """)
    let saved = try String(contentsOf: directory.appendingPathComponent("continued.md"), encoding: .utf8)
    #expect(
      saved == """
        # Session: stack payments, suffix dev

        Saved from a Vigil shell. `vigil test continued.md` re-runs the cells and compares their outputs;
        `vigil shell continued.md` continues the session.

        ```vigil
        stack payments --suffix dev
        ```
        ```output
        defined stack payments (suffix dev, region us-east-1)
        ```

        ```vigil
        key logs --rotation on
        key archive
        ```
        ```output
        defined KMS key logs (rotation on, deletion window 7 days)
        defined KMS key archive (rotation on, deletion window 7 days)
        ```

        """)
    #expect(try Self.vigil(["test", "continued.md"], in: directory).output == "2 passed, 0 failed\n")
  }

  @Test func shellReportsAnUnparsableNotebookAndExitsTwo() throws {
    let directory = try Self.directory(with: "```vigil\nstack payments\n```\n```output\na\n```\n```output\nb\n```\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try Self.vigil(["shell", "keys.md"], in: directory)
    #expect(run.status == 2)
    #expect(
      run.errors == """
        keys.md:7:1: error: a second output block for the cell at line 1; a cell has one output block
          ```output
          ^

        """)
  }
}

/// Collects the elements of a JUnit report and the text of its `<failure>`.
final class JUnitReader: NSObject, XMLParserDelegate {
  var elements: [(name: String, attributes: [String: String])] = []
  var failureText = ""
  private var inFailure = false

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String]
  ) {
    elements.append((elementName, attributes))
    if elementName == "failure" { inFailure = true }
  }

  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
    if elementName == "failure" { inFailure = false }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inFailure { failureText += string }
  }
}
