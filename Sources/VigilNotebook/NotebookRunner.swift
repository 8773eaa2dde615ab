import Foundation
import VigilCore

/// Settings of a `vigil test` run.
public struct NotebookRunOptions: Sendable {
  /// Record actual outputs in place of differing recordings (the accept step) instead of failing.
  public var update: Bool
  /// Check only the cells the filter selects; nil checks every cell.
  public var filter: CellFilter?
  /// The clock, for durations and the run date (a fixed one in tests).
  public var now: @Sendable () -> Date
  /// The volatile values of a notebook's run, given its directory and the run's start.
  public var normalisation: @Sendable (_ notebookDirectory: URL, _ runStarted: Date) -> NormalisationContext
  /// Called with each document's path as it starts (`vigil test` draws progress on a terminal); nil reports nothing.
  public var onDocument: (@Sendable (String) -> Void)?

  public init(
    update: Bool = false, filter: CellFilter? = nil, now: @escaping @Sendable () -> Date = { Date() },
    normalisation: @escaping @Sendable (URL, Date) -> NormalisationContext = {
      NormalisationContext.standard(notebookDirectory: $0, runStarted: $1)
    }
  ) {
    self.update = update
    self.filter = filter
    self.now = now
    self.normalisation = normalisation
  }
}

/// Runs notebooks and session files through a `CellExecutor`, compares outputs and records them.
///
/// Exit status (`TestRunReport.exitStatus`): 0 when every checked cell passed; 1 when a cell's output
/// differs from its recording or an `expect` line failed; 2 when a document cannot be read or parsed, a
/// cell is invalid, or `--update` cannot write. Invalid wins over failed.
public struct NotebookRunner<Executor: CellExecutor> {
  public var options: NotebookRunOptions
  /// Makes the fresh session each document runs in.
  public var makeSession: (SessionContext) -> Executor

  public init(options: NotebookRunOptions = NotebookRunOptions(), makeSession: @escaping (SessionContext) -> Executor) {
    self.options = options
    self.makeSession = makeSession
  }

  // MARK: - vigil test

  /// `vigil test PATH...`: finds the documents (`.md` notebooks and `.vigil` session files; directories
  /// are searched recursively, hidden entries skipped, in path order), runs each in a fresh session,
  /// and with `update` rewrites the notebooks whose outputs changed.
  public func test(paths: [String]) -> TestRunReport {
    var results: [NotebookResult] = []
    for document in NotebookDiscovery.documents(at: paths) {
      switch document {
      case .failure(let problem):
        results.append(NotebookResult(path: problem.path, errors: [problem.message], started: options.now()))
      case .success(let found):
        options.onDocument?(found.path)
        if let result = test(file: found.path, url: found.url, kind: found.kind) { results.append(result) }
      }
    }
    return TestRunReport(notebooks: results, update: options.update)
  }

  /// Reads, parses, runs and (with `update`) rewrites one document; nil when the filter leaves nothing.
  func test(file path: String, url: URL, kind: Notebook.Kind) -> NotebookResult? {
    guard let data = FileManager.default.contents(atPath: url.path) else {
      if let filter = options.filter, !filter.mentions(path: path) { return nil }
      return NotebookResult(path: path, errors: ["\(path): error: cannot read the file"], started: options.now())
    }
    let notebook: Notebook
    do {
      notebook = try Notebook.parse(data, path: path, kind: kind)
    } catch let error as NotebookError {
      if let filter = options.filter, !filter.mentions(path: path) { return nil }
      return NotebookResult(path: path, errors: error.diagnostics.map(\.description), started: options.now())
    } catch {
      return NotebookResult(path: path, errors: ["\(path): error: \(error)"], started: options.now())
    }
    var result = test(notebook, directory: url.deletingLastPathComponent())
    if let filter = options.filter, !notebook.cells.contains(where: { filter.selects($0, in: notebook) }) { return nil }
    if let text = result.updatedText {
      do {
        try Data(text.utf8).write(to: url, options: .atomic)
      } catch {
        result.errors.append("\(path): error: cannot write the updated notebook: \(error.localizedDescription)")
      }
    }
    return result
  }

  /// Runs one parsed document in a fresh session and compares each selected cell's output with its
  /// recording. Nothing is written: with `update`, the new text is in `updatedText`.
  public func test(_ notebook: Notebook, directory: URL) -> NotebookResult {
    let started = options.now()
    var result = NotebookResult(path: notebook.path, errors: [], started: started)
    result.notebook = notebook
    let selected = notebook.cells.map { options.filter?.selects($0, in: notebook) ?? true }
    guard let lastSelected = selected.lastIndex(of: true) else {
      result.cells = notebook.cells.map { CellOutcome(cell: $0, status: .excluded) }
      return result
    }
    let normaliser = OutputNormaliser.standard(options.normalisation(directory, started))
    var executor = makeSession(SessionContext(path: notebook.path, directory: directory, kind: notebook.kind))
    var edits: [OutputEdit] = []
    var stopped = false
    for cell in notebook.cells {
      if stopped || cell.index > lastSelected {
        result.cells.append(CellOutcome(cell: cell, status: stopped && selected[cell.index] ? .notRun : .excluded))
        continue
      }
      let cellStarted = options.now()
      let context = CellContext(
        path: notebook.path, directory: directory, cellIndex: cell.index, firstLine: cell.firstLine, headings: cell.headings)
      let run = executor.run(cell: cell.source, context: context)
      var outcome = CellOutcome(cell: cell, status: .passed)
      outcome.duration = options.now().timeIntervalSince(cellStarted)
      var output = run.output
      if let error = run.error {
        if cell.expectsError {
          if !output.isEmpty && !output.hasSuffix("\n") { output += "\n" }
          output += error.description
        } else {
          outcome.status = .invalid(
            error.relocated(
              file: notebook.path, line: cell.firstLine + error.location.line - 1, sourceLine: error.sourceLine,
              columnOffset: cell.fence?.indent ?? 0))
          result.cells.append(outcome)
          stopped = true
          continue
        }
      } else if cell.expectsError {
        outcome.failures.append(
          CellFailure(
            path: notebook.path, line: cell.openingFenceLine ?? cell.firstLine,
            message: "the cell is tagged expect-error but ran without an error"))
      }
      for failure in run.failedExpectations {
        outcome.failures.append(
          CellFailure(
            path: notebook.path, line: cell.firstLine + failure.line - 1, message: "expectation failed: \(failure.message)"))
      }
      guard selected[cell.index] else {
        outcome.status = .setup
        result.cells.append(outcome)
        continue
      }
      outcome.actualLines = normaliser.lines(of: output)
      if let edit = notebook.outputEdit(for: cell, actual: outcome.actualLines) {
        edits.append(edit)
        outcome.outputDiffers = true
        outcome.diff = notebook.diff(applying: [edit])
      }
      outcome.status = outcome.failures.isEmpty && !outcome.outputDiffers ? .passed : .failed
      result.cells.append(outcome)
    }
    let invalid = result.cells.contains { if case .invalid = $0.status { true } else { false } }
    if options.update && !invalid && !edits.isEmpty {
      result.updatedText = notebook.applying(edits)
      for index in result.cells.indices where result.cells[index].outputDiffers && result.cells[index].failures.isEmpty {
        result.cells[index].status = .updated
      }
    } else {
      for index in result.cells.indices where result.cells[index].outputDiffers {
        let cell = result.cells[index].cell
        result.cells[index].failures.insert(
          CellFailure(
            path: notebook.path, line: Self.firstDifferingLine(cell, actual: result.cells[index].actualLines),
            message: "output differs from the recording (\(cell.title))"),
          at: 0)
      }
      result.diff = notebook.diff(applying: edits)
    }
    result.duration = options.now().timeIntervalSince(started)
    return result
  }

  /// The notebook line of the first recorded line that differs (the block's closing fence if the actual
  /// output is longer, the cell's closing fence if there is no block).
  static func firstDifferingLine(_ cell: NotebookCell, actual: [String]) -> Int {
    guard let block = cell.output else { return cell.closingFenceLine ?? cell.firstLine }
    let expected = block.lines
    var index = 0
    while index < expected.count, index < actual.count, expected[index].utf8.elementsEqual(actual[index].utf8) { index += 1 }
    return block.firstLine + index
  }

  // MARK: - vigil run

  /// `vigil run DOCUMENT`: runs every cell in a fresh session without comparing, passing each cell's
  /// echo (`vigil> ` and the source line) and raw output to `emit` as soon as the cell finishes.
  /// Returns the exit status: 2 at the first invalid cell (which stops the run), 1 if an `expect`
  /// line failed, else 0.
  public func run(_ notebook: Notebook, directory: URL, emit: (String) -> Void) -> Int32 {
    var executor = makeSession(SessionContext(path: notebook.path, directory: directory, kind: notebook.kind))
    var status: Int32 = 0
    for cell in notebook.cells {
      if notebook.kind == .markdown {
        let echo = cell.sourceLines.filter { !NotebookParser.isBlank($0) }.map { "vigil> \($0)\n" }.joined()
        emit(echo)
      }
      let context = CellContext(
        path: notebook.path, directory: directory, cellIndex: cell.index, firstLine: cell.firstLine, headings: cell.headings)
      let result = executor.run(cell: cell.source, context: context)
      if !result.output.isEmpty { emit(result.output.hasSuffix("\n") ? result.output : result.output + "\n") }
      for failure in result.failedExpectations {
        emit("\(notebook.path):\(cell.firstLine + failure.line - 1): expectation failed: \(failure.message)\n")
        status = max(status, 1)
      }
      if let error = result.error {
        if cell.expectsError {
          emit(error.description + "\n")
          continue
        }
        let located = error.relocated(
          file: notebook.path, line: cell.firstLine + error.location.line - 1, sourceLine: error.sourceLine,
          columnOffset: cell.fence?.indent ?? 0)
        emit(located.description + "\n")
        return 2
      }
    }
    return status
  }
}
