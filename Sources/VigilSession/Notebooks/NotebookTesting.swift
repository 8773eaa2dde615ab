import VigilNotebook

/// `vigil test`: notebooks and session files re-run, each in a fresh interpreter session, outputs compared.
public enum NotebookTesting {
  /// Runs the documents (files or directories searched for `.md` and `.vigil`); with `update`, rewrites differing outputs.
  /// `filter` keeps only the cells whose path or heading contains one of the words, or the cell at `PATH:LINE`.
  public static func test(
    paths: [String], update: Bool = false, filter: [String] = [], onDocument: (@Sendable (String) -> Void)? = nil
  ) -> TestRunReport {
    var options = NotebookRunOptions(update: update, filter: filter.isEmpty ? nil : CellFilter(filter))
    options.onDocument = onDocument
    return NotebookRunner(options: options) { InterpreterCellExecutor(session: $0) }.test(paths: paths)
  }
}
