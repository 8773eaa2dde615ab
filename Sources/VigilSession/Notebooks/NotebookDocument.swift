import Foundation
import VigilNotebook

/// Reading a notebook from the command line, and the session a notebook describes.
public enum NotebookDocument {
  /// Whether a path names a Markdown notebook rather than a session file.
  public static func isNotebook(_ path: String) -> Bool { path.hasSuffix(".md") }

  /// Reads and parses a notebook; on failure prints the problems (each with line, column and caret)
  /// to standard error and returns nil.
  public static func read(_ path: String) -> Notebook? {
    guard let data = FileManager.default.contents(atPath: path) else {
      printError("vigil: cannot read notebook \(path)")
      return nil
    }
    do {
      return try Notebook.parse(data, path: path)
    } catch let error as NotebookError {
      printError(error.description)
    } catch {
      printError("\(path): error: \(error)")
    }
    return nil
  }

  /// The notebook as session text: each cell's source lines at their own line numbers and every
  /// other line (prose, fences, recorded outputs) blank, so an error found while replaying it
  /// names the notebook's real line. Cells tagged `expect-error` are left out: they exist to fail.
  public static func sessionText(of notebook: Notebook) -> String {
    var lines = [String](repeating: "", count: notebook.lines.count)
    for cell in notebook.cells where !cell.expectsError {
      for (offset, line) in cell.sourceLines.enumerated() { lines[cell.firstLine - 1 + offset] = line }
    }
    return lines.joined(separator: "\n")
  }

  /// The text a shell opens a session from: a session file as it is, a notebook as `sessionText`.
  /// Nil when the file cannot be read or parsed (the problems are printed).
  public static func sessionText(at path: String) -> String? {
    if isNotebook(path) { return read(path).map(sessionText(of:)) }
    return try? String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
  }
}
