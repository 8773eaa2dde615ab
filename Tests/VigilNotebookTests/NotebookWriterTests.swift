import Testing

@testable import VigilNotebook

@Suite struct NotebookWriterTests {
  @Test func sessionBecomesANotebookThatParsesBackToTheSameCells() throws {
    let text = Notebook.markdown(
      title: "Incident replay",
      cells: [
        (source: "stack payments --suffix dev\n", outputLines: ["stack payments (suffix dev)"]),
        (source: "set a 1", outputLines: []),
        (source: "echo ```", outputLines: ["```"]),
      ])
    #expect(
      text == """
        # Incident replay

        ```vigil
        stack payments --suffix dev
        ```
        ```output
        stack payments (suffix dev)
        ```

        ```vigil
        set a 1
        ```

        ````vigil
        echo ```
        ````
        ````output
        ```
        ````

        """)
    let notebook = try Notebook.parse(text: text, path: "saved.md")
    #expect(notebook.cells.map(\.source) == ["stack payments --suffix dev", "set a 1", "echo ```"])
    #expect(notebook.cells.map(\.expectedLines) == [["stack payments (suffix dev)"], [], ["```"]])
    #expect(notebook.cells.map(\.headings) == [["Incident replay"], ["Incident replay"], ["Incident replay"]])
  }
}

@Suite struct NotebookFuzzTests {
  static let pieces = [
    "```vigil\n", "```\n", "```output\n", "~~~vigil\n", "~~~\n", "````\n", "  ```vigil\n", "    ```\n", "add 1 2\n",
    "3\n", "\n", "\r\n", "# Heading\n", "Title\n===\n", "<!--\n", "-->\n", "text", "\u{FEFF}", "é", "```vigil expect-error\n",
    "```output extra\n", "```vigil bad\n", "\t```\n", "> ```vigil\n",
  ]

  /// Any mix of fences, endings and prose either parses and writes back byte for byte or is rejected with
  /// diagnostics that carry a line; it never crashes. Updating with the recorded outputs changes nothing.
  @Test func randomDocumentsRoundTripOrAreRejected() {
    var seed: UInt64 = 7
    func random(_ bound: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((seed >> 33) % UInt64(bound))
    }
    var parsed = 0
    var rejected = 0
    for _ in 0..<2_000 {
      let text = (0..<random(14)).map { _ in Self.pieces[random(Self.pieces.count)] }.joined()
      do {
        let notebook = try Notebook.parse(text: text, path: "f.md")
        #expect(Array(notebook.text.utf8) == Array(text.utf8))
        for cell in notebook.cells { #expect(notebook.outputEdit(for: cell, actual: cell.expectedLines) == nil) }
        // Recording new outputs (some look like fences) keeps every cell and reads back the new outputs.
        let outputs = notebook.cells.map { ["out \($0.index)", "```", "~~~~", "", "  ```output"].prefix(1 + random(5)).map { $0 } }
        let edits = notebook.cells.compactMap { notebook.outputEdit(for: $0, actual: outputs[$0.index]) }
        let updated = try Notebook.parse(text: notebook.applying(edits), path: "f.md")
        #expect(updated.cells.map(\.source) == notebook.cells.map(\.source))
        #expect(updated.cells.map(\.expectedLines) == outputs)
        parsed += 1
      } catch let error as NotebookError {
        #expect(!error.diagnostics.isEmpty && error.diagnostics.allSatisfy { $0.location.line >= 1 })
        rejected += 1
      } catch {
        Issue.record("unexpected error \(error)")
      }
    }
    #expect(parsed > 100)
    #expect(rejected > 100)
  }
}
