import Foundation
import Testing
import VigilCore
import VigilNotebook
import VigilTestSupport

@testable import VigilSession

/// The interpreter as a notebook cell executor: outputs, errors located in the cell, expect-error.
@Suite struct NotebookExecutorTests {
  static func executor(_ kind: Notebook.Kind = .markdown, directory: URL = TestPaths.packageRoot) -> InterpreterCellExecutor {
    InterpreterCellExecutor(session: SessionContext(path: "nb.md", directory: directory, kind: kind))
  }

  static let context = CellContext(path: "nb.md", directory: TestPaths.packageRoot, cellIndex: 0, firstLine: 10, headings: [])

  @Test func cellOutputIsEachCommandsOutputOnItsOwnLines() {
    var executor = Self.executor()
    let result = executor.run(cell: "# a comment\nstack payments --suffix dev\n\nkey logs", context: Self.context)
    #expect(
      result
        == CellResult(
          output: "defined stack payments (suffix dev, region us-east-1)\ndefined KMS key logs (rotation on, deletion window 7 days)\n"
        ))
    // The session carries over to the next cell.
    let next = executor.run(cell: "show logs", context: Self.context)
    #expect(next.output == "KMS key logs (alias/logs-key-dev)\n  rotation on, deletion window 7 days\n")
  }

  @Test func rejectedCommandIsTheCellErrorLocatedInTheCell() throws {
    var executor = Self.executor()
    let result = executor.run(cell: "stack payments --suffix dev\nkey logs \\\n  --deletion-window 3", context: Self.context)
    #expect(result.output == "defined stack payments (suffix dev, region us-east-1)\n")
    let error = try #require(result.error)
    #expect(error.location == SourceLocation(file: nil, line: 3, column: 21))
    #expect(error.sourceLine == "  --deletion-window 3")
    #expect(error.message == "--deletion-window must be between 7 and 30, got 3")
    // Nothing after the error ran and the rejected key is not in the session.
    #expect(executor.interpreter.entries.map(\.text) == ["stack payments --suffix dev"])
  }

  @Test func failedExpectLinesAreFailuresAtTheirCellLineAndNotOutput() {
    var executor = Self.executor()
    _ = executor.run(
      cell:
        "load samples/payments.vigil\nseries Payments/payment-api/LatencyMs '200x75 1500x15 200x30' --start 2026-03-02T09:00:00Z --every 1m",
      context: Self.context)
    let result = executor.run(
      cell: "expect alarm api-p99 transitions 3\n\nexpect alarm api-p99 transitions 2", context: Self.context)
    #expect(
      result
        == CellResult(
          output: "ok: alarm api-p99 transitions 3 — got 3\n",
          failedExpectations: [ExpectationFailure("expected alarm api-p99 transitions 2, got 3", line: 3)]))
  }

  @Test func lexerErrorIsTheCellError() throws {
    var executor = Self.executor()
    let result = executor.run(cell: "stack payments --suffix 'dev", context: Self.context)
    let error = try #require(result.error)
    #expect(error.location.line == 1)
    #expect(error.location.file == nil)
  }

  @Test func quitIsInvalidInANotebookAndEndsASessionFile() throws {
    var notebook = Self.executor()
    let error = try #require(notebook.run(cell: "stack payments --suffix dev\nquit", context: Self.context).error)
    #expect(error.message == "'quit' leaves the shell; a notebook cell cannot use it")
    #expect(error.location == SourceLocation(file: nil, line: 2, column: 1))

    var session = Self.executor(.session)
    let result = session.run(cell: "stack payments --suffix dev\nquit\nkey logs", context: Self.context)
    #expect(result == CellResult(output: "defined stack payments (suffix dev, region us-east-1)\n"))
    #expect(session.interpreter.entries.count == 1)
  }

  @Test func errorInsideALoadedSessionPointsAtTheLoadCommand() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "stack payments --suffix dev\nkey logs --rotaton on\n".write(
      to: directory.appendingPathComponent("broken.vigil"), atomically: true, encoding: .utf8)
    var executor = Self.executor(directory: directory)
    let result = executor.run(cell: "load broken.vigil", context: Self.context)
    let error = try #require(result.error)
    #expect(error.location == SourceLocation(file: nil, line: 1, column: 1))
    #expect(
      error.message
        == "this command failed: broken.vigil:2:10: error: unknown option --rotaton for 'key'; did you mean --rotation?")
    #expect(result.output.hasPrefix("broken.vigil:2:10: error: unknown option --rotaton"))
  }

  @Test func notebookSessionTextKeepsLineNumbersAndSkipsExpectErrorCells() throws {
    let text =
      "# T\n\n```vigil\nstack payments --suffix dev\n```\n```output\ndefined\n```\n\n```vigil expect-error\nkey x --bad\n```\n\n  ```vigil\n  key logs\n  ```\n"
    let notebook = try Notebook.parse(text: text, path: "t.md")
    #expect(
      NotebookDocument.sessionText(of: notebook).split(separator: "\n", omittingEmptySubsequences: false)
        == ["", "", "", "stack payments --suffix dev", "", "", "", "", "", "", "", "", "", "", "key logs", ""])
  }

  @Test func saveNotebookRefusesAmbiguousOrNonMarkdownTargets() {
    let interpreter = Interpreter(baseDirectory: TestPaths.temporaryDirectory())
    _ = interpreter.execute("stack payments --suffix dev")
    let both = interpreter.execute("save s.vigil --notebook s.md")
    #expect(both.map(\.status) == [.invalid])
    #expect(both[0].diagnostic?.message == "save takes FILE or --notebook FILE.md, not both")
    let plain = interpreter.execute("save --notebook notes.txt")
    #expect(plain.map(\.status) == [.invalid])
    #expect(plain[0].diagnostic?.headline == "1:17: error: a notebook is a Markdown file; name it with .md; did you mean notes.txt.md?")
  }

  @Test func savedNotebookOfTheSampleSessionPassesVigilTest() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let interpreter = Interpreter(baseDirectory: directory)
    let sample = TestPaths.sample("payments.vigil").path
    let loaded = interpreter.execute("load \(sample)")
    #expect(loaded.map(\.status) == [.ok])
    let saved = interpreter.execute("save --notebook payments.md")
    #expect(saved.map(\.status) == [.ok])
    let count = interpreter.entries.count
    let notebookPath = directory.appendingPathComponent("payments.md").path
    let notebook = try Notebook.parse(try #require(FileManager.default.contents(atPath: notebookPath)), path: notebookPath)
    #expect(notebook.cells.flatMap { $0.sourceLines }.count >= count)
    #expect(saved[0].output == "saved \(count) command(s) as \(notebook.cells.count) cell(s) with their outputs to payments.md")
    #expect(notebook.cells.allSatisfy { $0.output != nil })
    let report = NotebookTesting.test(paths: [notebookPath])
    #expect(report.summary == "\(notebook.cells.count) passed, 0 failed")
    #expect(report.exitStatus == 0)
  }
}
