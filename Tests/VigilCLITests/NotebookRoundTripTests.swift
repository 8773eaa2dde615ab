import Foundation
import Testing
import VigilNotebook
import VigilTestSupport

@testable import VigilCLI
@testable import VigilSession

/// The teaching notebooks in notebooks/: byte-identical round trip, and `vigil test notebooks/` passes.
@Suite struct NotebookRoundTripTests {
  static let directory = TestPaths.packageRoot.appendingPathComponent("notebooks")

  /// Every Markdown file in notebooks/, by name.
  static let files: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".md") }.sorted()
  }()

  @Test func theNotebooksThatExistAreTheOnesTheReadmeMarksWritten() throws {
    #expect(Self.files.contains("README.md"))
    let readme = try String(contentsOf: Self.directory.appendingPathComponent("README.md"), encoding: .utf8)
    for file in Self.files where file != "README.md" { #expect(readme.contains("(\(file))"), "README links \(file)") }
  }

  @Test(arguments: files) func parseAndWriteIsByteIdentical(file: String) throws {
    let data = try #require(FileManager.default.contents(atPath: Self.directory.appendingPathComponent(file).path))
    let notebook = try Notebook.parse(data, path: file)
    #expect(Array(notebook.text.utf8) == Array(data))
    #expect(notebook.applying([]) == notebook.text)
  }

  @Test(arguments: files.filter { $0 != "README.md" }) func everyCellHasARecordedOutput(file: String) throws {
    let data = try #require(FileManager.default.contents(atPath: Self.directory.appendingPathComponent(file).path))
    let notebook = try Notebook.parse(data, path: file)
    #expect(notebook.cells.count >= 3)
    #expect(notebook.cells.allSatisfy { $0.output != nil && !$0.expectedLines.isEmpty })
  }

  @Test func vigilTestOnTheNotebooksFolderPassesWithTheCountNotebook08Shows() throws {
    let report = NotebookTesting.test(paths: [Self.directory.path])
    let cells = try Self.files.reduce(0) { count, file in
      let data = try #require(FileManager.default.contents(atPath: Self.directory.appendingPathComponent(file).path))
      return count + (try Notebook.parse(data, path: file)).cells.count
    }
    #expect(report.consoleText == "\(cells) passed, 0 failed\n")
    #expect(report.exitStatus == 0)
    // Notebook 08 quotes this run; keep its transcript true.
    let ci = try String(contentsOf: Self.directory.appendingPathComponent("08-replaying-sessions-in-ci.md"), encoding: .utf8)
    #expect(ci.contains("$ vigil test notebooks/\n\(cells) passed, 0 failed\n"))
  }

  @Test func theRunTranscriptInNotebook08IsWhatVigilRunPrints() throws {
    let run = try NotebookCommandTests.vigil(["run", "samples/payments.vigil"], in: TestPaths.packageRoot)
    #expect(run.status == 0)
    let ci = try String(contentsOf: Self.directory.appendingPathComponent("08-replaying-sessions-in-ci.md"), encoding: .utf8)
    #expect(ci.contains("$ vigil run samples/payments.vigil\n" + run.output))
  }
}
