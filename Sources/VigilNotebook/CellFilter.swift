/// Chooses the cells `vigil test --filter` checks.
///
/// A pattern selects a cell when (case-insensitively) it is part of the notebook's path, or part of one
/// of the headings the cell sits under. A pattern `PATH:LINE` (as failure messages print them) selects
/// the cell of a notebook whose path ends with `PATH` and which spans line `LINE` (its source or its
/// output block). Several patterns select the union.
///
/// Cells build on earlier ones, so a selected cell's notebook still runs every cell before it, as
/// unchecked setup; cells after the last selected one are not run, and notebooks with no selected
/// cell are not run at all.
public struct CellFilter: Sendable, Equatable {
  public var patterns: [String]

  public init(_ patterns: [String]) { self.patterns = patterns }

  /// Whether some pattern selects the cell.
  public func selects(_ cell: NotebookCell, in notebook: Notebook) -> Bool {
    patterns.contains { pattern in
      if let (path, line) = Self.pathAndLine(pattern) {
        let start = cell.openingFenceLine ?? cell.firstLine
        return Self.path(notebook.path, endsWith: path) && (start...max(start, cell.lastLine)).contains(line)
      }
      return notebook.path.lowercased().contains(pattern.lowercased())
        || cell.headings.contains { $0.lowercased().contains(pattern.lowercased()) }
    }
  }

  /// Whether some pattern could select cells of a document at this path (used for documents that
  /// could not be parsed, whose cells and headings are unknown).
  public func mentions(path: String) -> Bool {
    patterns.contains { pattern in
      if let (suffix, _) = Self.pathAndLine(pattern) { return Self.path(path, endsWith: suffix) }
      return path.lowercased().contains(pattern.lowercased())
    }
  }

  static func pathAndLine(_ pattern: String) -> (String, Int)? {
    guard let colon = pattern.lastIndex(of: ":") else { return nil }
    let digits = pattern[pattern.index(after: colon)...]
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let line = Int(digits) else { return nil }
    return (String(pattern[..<colon]), line)
  }

  static func path(_ path: String, endsWith suffix: String) -> Bool {
    path == suffix || path.hasSuffix("/" + suffix) || (suffix.hasPrefix("/") && path.hasSuffix(suffix))
  }
}
