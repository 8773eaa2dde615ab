import Testing
import VigilCore

@testable import VigilNotebook

@Suite struct NotebookParserTests {
  static let trickyDocuments: [String] = [
    "",
    "\n",
    "# Title\n\nJust prose.\n",
    "# Tour\n\n```vigil\nset a 1\nadd a 2\n```\n```output\n3\n```\n\nAfter.\n",
    "# CRLF\r\n\r\n```vigil\r\nadd 1 2\r\n```\r\n```output\r\n3\r\n```\r\n",
    "no newline at the end\n```vigil\nadd 1 2\n```",
    "mixed\r\nendings\n```vigil\r\nadd 1 2\n```\r\n\n\n```output\n3\r\n```\n   trailing spaces   \n\ttab\n",
    "~~~vigil\nadd 1 2\n~~~\n~~~~output\n3\n~~~~\n",
    "````markdown\n```vigil\nnot a cell\n```\n```output\nnot an output\n```\n````\n",
    "  ```vigil\n  add 1 2\n    indented more\n  ```\n  ```output\n  3\n  ```\n",
    "    ```vigil\n    indented code, not a cell\n    ```\n",
    "<!--\n```vigil\nhidden cell\n```\n-->\n",
    "\u{FEFF}```vigil\nadd 1 2\n```\n",
    "unicode: café, naïve, 日本語, 🚀\n```vigil\necho é 🚀\n```\n```output\né 🚀\n```\n",
    "lone\rcarriage return\n",
    "```vigil\n```\n```output\n```\n",
    "> ```vigil\n> quoted, not a cell\n> ```\n",
    "``` vigil   expect-error  \nbad\n```\n",
    "\n\n\n```vigil\nadd 1 1\n```\n\n\n",
  ]

  @Test(arguments: trickyDocuments)
  func writingAnUneditedNotebookIsByteIdentical(_ document: String) throws {
    let bytes = Array(document.utf8)
    let notebook = try Notebook.parse(bytes, path: "n.md")
    #expect(Array(notebook.text.utf8) == bytes)
  }

  @Test func cellsKnowTheirLinesSourceAndOutput() throws {
    let notebook = try Notebook.parse(
      text: "# Tour\n\n## Sums\n\n```vigil\nset a 1\nadd a 2\n```\n\n```output\n3\n```\n\n```vigil\nadd 2 2\n```\n",
      path: "tour.md")
    #expect(notebook.cells.count == 2)
    let first = notebook.cells[0]
    #expect(first.openingFenceLine == 5)
    #expect(first.firstLine == 6)
    #expect(first.closingFenceLine == 8)
    #expect(first.sourceLines == ["set a 1", "add a 2"])
    #expect(first.source == "set a 1\nadd a 2")
    #expect(
      first.output
        == OutputBlock(openingFenceLine: 10, closingFenceLine: 12, fence: Fence(character: "`", length: 3, indent: 0), lines: ["3"]))
    #expect(first.headings == ["Tour", "Sums"])
    #expect(first.title == "Sums, line 5: set a 1")
    let second = notebook.cells[1]
    #expect(second.openingFenceLine == 14)
    #expect(second.output == nil)
    #expect(second.lastLine == 16)
  }

  @Test func crlfLinesKeepTheirEndingsOutOfTheCellText() throws {
    let notebook = try Notebook.parse(text: "```vigil\r\nadd 1 2\r\n```\r\n```output\r\n3\r\n```\r\n", path: "n.md")
    #expect(notebook.cells[0].sourceLines == ["add 1 2"])
    #expect(notebook.cells[0].output?.lines == ["3"])
    #expect(notebook.preferredLineEnding == "\r\n")
  }

  @Test func indentedFenceContentLosesTheFenceIndentation() throws {
    let notebook = try Notebook.parse(text: "  ```vigil\n  add 1 2\n    more\n add\n  ```\n", path: "n.md")
    #expect(notebook.cells[0].sourceLines == ["add 1 2", "  more", "add"])
    #expect(notebook.cells[0].fence == Fence(character: "`", length: 3, indent: 2))
  }

  @Test func blocksThatAreNotCells() throws {
    let nested = try Notebook.parse(text: "````md\n```vigil\nx\n```\n````\n", path: "n.md")
    #expect(nested.cells.isEmpty)
    let indented = try Notebook.parse(text: "    ```vigil\n    x\n    ```\n", path: "n.md")
    #expect(indented.cells.isEmpty)
    let commented = try Notebook.parse(text: "<!-- off\n```vigil\nx\n```\n-->\n```vigil\ny\n```\n", path: "n.md")
    #expect(commented.cells.map(\.sourceLines) == [["y"]])
    let otherLanguage = try Notebook.parse(text: "```vigilant\nx\n```\n```bash\nls\n```\n", path: "n.md")
    #expect(otherLanguage.cells.isEmpty)
    // A backtick fence whose info string has a backtick is inline code, not a fence (CommonMark 0.31.2 §4.5).
    let inline = try Notebook.parse(text: "``` vigil ` ```\n", path: "n.md")
    #expect(inline.cells.isEmpty)
  }

  @Test func closingFenceMustBeAtLeastAsLongAndOfTheSameCharacter() throws {
    let notebook = try Notebook.parse(text: "````vigil\n```\n~~~~\n`````  \n", path: "n.md")
    #expect(notebook.cells[0].sourceLines == ["```", "~~~~"])
    #expect(notebook.cells[0].closingFenceLine == 4)
  }

  @Test func expectErrorAttribute() throws {
    let notebook = try Notebook.parse(text: "```vigil expect-error\nbad\n```\n```vigil\nok\n```\n", path: "n.md")
    #expect(notebook.cells.map(\.expectsError) == [true, false])
  }

  @Test func headingsAtxAndSetext() throws {
    let text = """
      Intro
      =====

      ### Deep ###
      ```vigil
      a
      ```
      Second part
      -----------
      ```vigil
      b
      ```
      # New top
      ```vigil
      c
      ```

      """
    let notebook = try Notebook.parse(text: text, path: "n.md")
    #expect(notebook.cells.map(\.headings) == [["Intro", "Deep"], ["Intro", "Second part"], ["New top"]])
  }

  @Test func sessionFileIsOneCellWithoutRecordedOutput() throws {
    let session = try Notebook.parse(text: "set a 1\nexpect a 1\n", path: "s.vigil", kind: .session)
    #expect(session.cells.count == 1)
    #expect(session.cells[0].source == "set a 1\nexpect a 1")
    #expect(session.cells[0].firstLine == 1)
    #expect(session.cells[0].recordsOutput == false)
    #expect(session.text == "set a 1\nexpect a 1\n")
  }

  static let invalidDocuments: [(String, String)] = [
    (
      "Prose\n```output\n3\n```\n",
      "n.md:2:1: error: an output block must follow a ```vigil cell (only blank lines between)\n  ```output\n  ^"
    ),
    (
      "```vigil\nx\n```\ntext\n```output\n3\n```\n",
      "n.md:5:1: error: an output block must follow a ```vigil cell (only blank lines between)\n  ```output\n  ^"
    ),
    (
      "```bash\nls\n```\n```output\n3\n```\n",
      "n.md:4:1: error: an output block must follow a ```vigil cell (only blank lines between)\n  ```output\n  ^"
    ),
    (
      "```vigil\nx\n```\n```output\n1\n```\n\n```output\n2\n```\n",
      "n.md:8:1: error: a second output block for the cell at line 1; a cell has one output block\n  ```output\n  ^"
    ),
    (
      "# T\n\n  ```vigil\nx\n",
      "n.md:3:3: error: this `vigil` code fence is never closed; add a line with ```\n    ```vigil\n    ^"
    ),
    (
      "```vigil expect-eror\nx\n```\n",
      "n.md:1:10: error: unknown cell attribute `expect-eror`; did you mean `expect-error`?\n  ```vigil expect-eror\n           ^"
    ),
    (
      "```vigil vigil\nx\n```\n",
      "n.md:1:10: error: unknown cell attribute `vigil`\n  ```vigil vigil\n           ^"
    ),
    (
      "```vigil\nx\n```\n```output text\n```\n",
      "n.md:4:11: error: an output block takes no attributes\n  ```output text\n            ^"
    ),
  ]

  @Test(arguments: invalidDocuments)
  func invalidNotebooksReportLineColumnAndCaret(_ document: String, _ expected: String) {
    #expect(throws: NotebookError.self) { try Notebook.parse(text: document, path: "n.md") }
    do {
      _ = try Notebook.parse(text: document, path: "n.md")
    } catch let error as NotebookError {
      #expect(error.description == expected)
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func invalidUTF8IsReportedAtTheBadByte() {
    let bytes: [UInt8] = Array("ok\nab".utf8) + [0xFF] + Array("c\n".utf8)
    do {
      _ = try Notebook.parse(bytes, path: "n.md")
      Issue.record("parsed invalid UTF-8")
    } catch let error as NotebookError {
      #expect(error.description == "n.md:2:3: error: the file is not valid UTF-8\n  ab\n    ^")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }
}
