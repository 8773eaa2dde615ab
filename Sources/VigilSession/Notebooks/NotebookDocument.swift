import Foundation
import VigilNotebook

/// Reading a notebook from the command line, and the session a notebook describes.
public enum NotebookDocument {
  /// Whether a path names a Markdown notebook rather than a session file.
  public static func isNotebook(_ path: String) -> Bool { path.hasSuffix(".md") }

  /// Reads and parses a notebook; the error lists the problems, each with line, column and caret.
  public static func read(_ path: String) throws(NotebookReadError) -> Notebook {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw NotebookReadError("vigil: error: cannot read notebook \(path)")
    }
    do {
      return try Notebook.parse(data, path: path)
    } catch let error as NotebookError {
      throw NotebookReadError(error.description)
    } catch {
      throw NotebookReadError("\(path): error: \(error)")
    }
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
  /// Nil when the file cannot be read or parsed (`read` says why).
  public static func sessionText(at path: String) -> String? {
    if isNotebook(path) { return (try? read(path)).map(sessionText(of:)) }
    return try? String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
  }
}

/// Why a notebook cannot be read or parsed: the text `vigil` prints on standard error.
public struct NotebookReadError: Error, Equatable, Sendable, CustomStringConvertible {
  public let description: String
  /// An error with the text to print.
  public init(_ description: String) { self.description = description }
}
