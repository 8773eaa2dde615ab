import Foundation
import VigilCore

/// Runs cells in one session: the command interpreter implements this, the notebook runner drives it.
///
/// The runner makes a fresh executor for every notebook (through the `makeSession` factory it is given)
/// and calls `run(cell:context:)` for its cells in file order, so state such as a defined stack carries
/// from one cell to the next and never from one notebook to another.
public protocol CellExecutor {
  /// Runs one cell's source (all its lines, `\n`-separated) and returns what it printed.
  mutating func run(cell source: String, context: CellContext) -> CellResult
}

/// What a new session knows about the document it will run.
public struct SessionContext: Sendable {
  /// The document's path as shown in messages.
  public var path: String
  /// The document's directory; relative paths in cells (sample logs) resolve against it.
  public var directory: URL
  public var kind: Notebook.Kind

  public init(path: String, directory: URL, kind: Notebook.Kind) {
    self.path = path
    self.directory = directory
    self.kind = kind
  }
}

/// Where a cell sits, for the executor's messages.
public struct CellContext: Sendable {
  /// The document's path as shown in messages.
  public var path: String
  /// The document's directory.
  public var directory: URL
  /// 0-based index of the cell.
  public var cellIndex: Int
  /// 1-based document line of the cell's first source line; cell line `n` is document line `firstLine + n - 1`.
  public var firstLine: Int
  /// The headings the cell sits under, outermost first.
  public var headings: [String]

  public init(path: String, directory: URL, cellIndex: Int, firstLine: Int, headings: [String]) {
    self.path = path
    self.directory = directory
    self.cellIndex = cellIndex
    self.firstLine = firstLine
    self.headings = headings
  }
}

/// What running one cell produced.
public struct CellResult: Sendable, Equatable {
  /// Everything the cell printed, as the shell would show it (tables, previews, messages).
  public var output: String
  /// `expect` lines that did not hold; they fail the cell whatever its output.
  public var failedExpectations: [ExpectationFailure]
  /// Set when the cell is invalid (a malformed command, pattern or query): the run stops for this
  /// notebook and exits 2, unless the cell is tagged `expect-error`. Line numbers are relative to the
  /// cell (line 1 = its first source line) and `file` is nil; the runner moves it into the notebook.
  public var error: Diagnostic?

  public init(output: String, failedExpectations: [ExpectationFailure] = [], error: Diagnostic? = nil) {
    self.output = output
    self.failedExpectations = failedExpectations
    self.error = error
  }
}

/// An `expect` line of a cell that did not hold.
public struct ExpectationFailure: Sendable, Equatable {
  /// What was expected and what was found, e.g. `expected alarm latency-p99 in ALARM, found OK`.
  public var message: String
  /// 1-based line within the cell.
  public var line: Int

  public init(_ message: String, line: Int) {
    self.message = message
    self.line = line
  }
}
