import VigilCore

/// A parsed notebook: the exact lines of the file plus the cells found in them.
///
/// A notebook is plain Markdown. Every fenced block whose info string starts with the word `vigil` is a
/// cell; the fenced block tagged `output` right after it (only blank lines between) is the cell's recorded
/// output. Everything else is prose and is never touched: `text` always reproduces the file byte for byte.
/// A session file (`.vigil`) is a document with a single cell that spans the whole file and records no output.
public struct Notebook: Sendable {
  /// What kind of file the document came from.
  public enum Kind: Sendable, Equatable {
    /// A Markdown notebook (`.md`): cells with recorded outputs.
    case markdown
    /// A session file (`.vigil`): one cell, checked by its `expect` lines only.
    case session
  }

  /// The path used in messages, diffs and reports (as the user gave it, not made absolute).
  public var path: String
  public var kind: Kind
  /// The file's lines with their own line endings, in order.
  public var lines: [NotebookLine]
  /// The cells, in file order.
  public var cells: [NotebookCell]

  /// The document's text; for an unedited notebook it is the file's exact content.
  public var text: String {
    var result = ""
    result.reserveCapacity(lines.reduce(0) { $0 + $1.text.utf8.count + $1.terminator.utf8.count })
    for line in lines {
      result += line.text
      result += line.terminator
    }
    return result
  }

  /// The line ending new lines get: the first one the file uses, `\n` if it has none.
  public var preferredLineEnding: String {
    lines.first { !$0.terminator.isEmpty }?.terminator ?? "\n"
  }
}

/// One line of a document, split off at `\n`; `\r\n` endings are kept as such, a last line without
/// an ending has an empty terminator.
public struct NotebookLine: Sendable, Equatable {
  /// The line's text without its ending.
  public var text: String
  /// `"\n"`, `"\r\n"` or `""` (only for a last line without newline).
  public var terminator: String

  public init(_ text: String, terminator: String = "\n") {
    self.text = text
    self.terminator = terminator
  }
}

/// A code fence as CommonMark defines it: up to three spaces of indentation, then three or more backticks
/// or tildes. https://spec.commonmark.org/0.31.2/#fenced-code-blocks
public struct Fence: Sendable, Equatable {
  /// `` ` `` or `~`.
  public var character: Character
  /// How many fence characters open the block (a closing fence needs at least as many).
  public var length: Int
  /// Spaces before the opening fence; CommonMark removes up to this many from each content line.
  public var indent: Int

  public init(character: Character, length: Int, indent: Int) {
    self.character = character
    self.length = length
    self.indent = indent
  }

  /// The fence string, e.g. "```".
  public var marker: String { String(repeating: character, count: length) }
}

/// A `vigil` cell: its source, where it sits in the notebook and its recorded output.
public struct NotebookCell: Sendable, Equatable {
  /// 0-based position among the notebook's cells.
  public var index: Int
  /// The source lines (fence indentation removed), without line endings.
  public var sourceLines: [String]
  /// 1-based notebook line of the first source line (the line after the opening fence).
  public var firstLine: Int
  /// 1-based line of the opening fence, nil for a session file.
  public var openingFenceLine: Int?
  /// 1-based line of the closing fence, nil for a session file.
  public var closingFenceLine: Int?
  /// The cell's fence, nil for a session file.
  public var fence: Fence?
  /// True for a cell tagged ```` ```vigil expect-error ````: the executor must reject it as invalid, and
  /// the error it reports is the cell's recorded output (for notebooks that teach error messages).
  public var expectsError: Bool
  /// The recorded output block, nil when the cell has none yet (this means "no output expected").
  public var output: OutputBlock?
  /// The Markdown headings the cell sits under, outermost first (e.g. ["Tour", "Alarms"]).
  public var headings: [String]
  /// Whether the cell's output is recorded and compared (false for session files, which check
  /// themselves with `expect` lines).
  public var recordsOutput: Bool

  /// The source as the executor receives it: the source lines joined with `\n`.
  public var source: String { sourceLines.joined(separator: "\n") }

  /// The recorded output lines; empty when there is no output block.
  public var expectedLines: [String] { output?.lines ?? [] }

  /// The last notebook line that belongs to the cell (its output block's closing fence if any).
  public var lastLine: Int {
    output?.closingFenceLine ?? closingFenceLine ?? (firstLine + sourceLines.count - 1)
  }

  /// A short human name: the nearest heading, the cell's line and its first source line.
  public var title: String {
    let first = sourceLines.first { !$0.allSatisfy(\.isWhitespace) }?.trimmingLeadingSpaces ?? ""
    let command = first.count > 72 ? String(first.prefix(71)) + "…" : first
    let place = "line \(openingFenceLine ?? firstLine)"
    let head = headings.last.map { "\($0), " } ?? ""
    return command.isEmpty ? "\(head)\(place)" : "\(head)\(place): \(command)"
  }
}

/// A fenced ```` ```output ```` block recorded after a cell.
public struct OutputBlock: Sendable, Equatable {
  /// 1-based line of the opening fence.
  public var openingFenceLine: Int
  /// 1-based line of the closing fence.
  public var closingFenceLine: Int
  public var fence: Fence
  /// The recorded lines (fence indentation removed), without line endings.
  public var lines: [String]

  /// 1-based notebook line of the first recorded line.
  public var firstLine: Int { openingFenceLine + 1 }
}

extension StringProtocol {
  var trimmingLeadingSpaces: String { String(drop { $0 == " " || $0 == "\t" }) }
}
