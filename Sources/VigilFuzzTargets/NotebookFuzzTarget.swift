import VigilNotebook

/// Notebooks and session files (`Notebook.parse`): the input is read as a Markdown notebook and as a
/// session; an accepted notebook's cells, headings and text are read as `vigil test` reads them.
public enum NotebookFuzzTarget {
  public static func fuzz(_ data: [UInt8]) {
    for kind in [Notebook.Kind.markdown, .session] {
      guard let notebook = try? Notebook.parse(data, path: "fuzz.md", kind: kind) else { continue }
      _ = notebook.text
      _ = notebook.preferredLineEnding
      for cell in notebook.cells {
        _ = cell.sourceLines
        _ = cell.headings
        _ = cell.output
      }
    }
  }
}
