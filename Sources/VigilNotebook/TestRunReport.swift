import Foundation
import VigilCore

/// A located reason a cell failed: `path:line: message`.
public struct CellFailure: Sendable, Equatable, CustomStringConvertible {
  public var path: String
  /// 1-based notebook line.
  public var line: Int
  public var message: String

  public init(path: String, line: Int, message: String) {
    self.path = path
    self.line = line
    self.message = message
  }

  public var description: String { "\(path):\(line): \(message)" }
}

/// What became of one cell in a run.
public enum CellStatus: Sendable, Equatable {
  /// Its output matched its recording and its `expect` lines held.
  case passed
  /// Its output differed and `--update` recorded the new one.
  case updated
  /// Its output differed or an `expect` line failed.
  case failed
  /// The executor rejected it; the notebook stopped there. The diagnostic points into the notebook.
  case invalid(Diagnostic)
  /// It was selected but not run because an earlier cell was invalid.
  case notRun
  /// Not selected by the filter, but run because a selected cell comes after it.
  case setup
  /// Not selected by the filter and not run.
  case excluded
}

/// The outcome of one cell.
public struct CellOutcome: Sendable {
  public var cell: NotebookCell
  public var status: CellStatus
  /// Why it failed, in notebook order (output difference first).
  public var failures: [CellFailure] = []
  /// The normalised actual output lines (what `--update` records).
  public var actualLines: [String] = []
  /// Whether the actual output differs from the recording.
  public var outputDiffers = false
  /// The unified diff of this cell's output alone against the notebook (empty if it matches).
  public var diff = ""
  /// Seconds the cell took.
  public var duration: TimeInterval = 0

  public init(cell: NotebookCell, status: CellStatus) {
    self.cell = cell
    self.status = status
  }

  /// Whether the cell counts in the summary (it was selected and ran, or should have).
  public var isChecked: Bool {
    switch status {
    case .setup, .excluded: false
    default: true
    }
  }
}

/// The outcome of one document.
public struct NotebookResult: Sendable {
  public var path: String
  /// The parsed document; nil when it could not be read or parsed.
  public var notebook: Notebook?
  /// Problems with the document itself (unreadable, unparsable, not writable), each fully rendered.
  public var errors: [String]
  public var cells: [CellOutcome] = []
  /// The unified diff of every differing output against the notebook (empty with a successful `--update`).
  public var diff = ""
  /// The notebook's new text when `--update` changed it.
  public var updatedText: String?
  /// When the document started running.
  public var started: Date
  /// Seconds the document took.
  public var duration: TimeInterval = 0

  public init(path: String, errors: [String], started: Date) {
    self.path = path
    self.errors = errors
    self.started = started
  }
}

/// The outcome of a `vigil test` run: what to print and how to exit.
public struct TestRunReport: Sendable {
  public var notebooks: [NotebookResult]
  public var update: Bool

  public init(notebooks: [NotebookResult], update: Bool) {
    self.notebooks = notebooks
    self.update = update
  }

  var checkedCells: [CellOutcome] { notebooks.flatMap(\.cells).filter(\.isChecked) }

  /// Cells that passed, including cells whose output `--update` recorded.
  public var passed: Int { checkedCells.count { $0.status == .passed || $0.status == .updated } }
  public var failed: Int { checkedCells.count { $0.status == .failed } }
  public var updated: Int { checkedCells.count { $0.status == .updated } }
  /// Invalid cells plus documents that could not be read, parsed or written.
  public var invalid: Int {
    checkedCells.count { if case .invalid = $0.status { true } else { false } } + notebooks.count { !$0.errors.isEmpty }
  }
  public var notRun: Int { checkedCells.count { $0.status == .notRun } }

  /// 0 all passed, 1 a cell failed, 2 something was invalid.
  public var exitStatus: Int32 { invalid > 0 ? 2 : failed > 0 ? 1 : 0 }

  /// The last line printed. The unit is cells: `12 passed, 1 failed`, followed when nonzero by
  /// `, N invalid` (invalid cells and documents), `, N not run` (after an invalid cell) and
  /// `, N updated` (recorded by `--update`; also counted as passed).
  public var summary: String {
    var text = "\(passed) passed, \(failed) failed"
    if invalid > 0 { text += ", \(invalid) invalid" }
    if notRun > 0 { text += ", \(notRun) not run" }
    if updated > 0 { text += ", \(updated) updated" }
    return text
  }

  /// Everything `vigil test` prints: per document its errors, its failures (`path:line: message`), its
  /// diff, the files `--update` rewrote, then the summary line.
  public var consoleText: String {
    var text = ""
    for notebook in notebooks {
      for error in notebook.errors { text += error + "\n" }
      for cell in notebook.cells {
        if case .invalid(let diagnostic) = cell.status { text += diagnostic.description + "\n" }
        for failure in cell.failures { text += failure.description + "\n" }
      }
      text += notebook.diff
      if notebook.updatedText != nil, notebook.errors.isEmpty {
        let count = notebook.cells.count { $0.outputDiffers }
        text += "updated \(notebook.path) (\(count) output\(count == 1 ? "" : "s"))\n"
      }
    }
    return text + summary + "\n"
  }
}
