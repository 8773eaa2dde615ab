/// A rewrite of one cell's output block: which notebook lines go and which lines take their place.
///
/// `--update` applies edits to the notebook's lines; the failure diff is computed from the same edits, so
/// the diff a failing run prints is exactly the change `--update` would make.
public struct OutputEdit: Sendable, Equatable {
  /// The cell whose output changes.
  public var cellIndex: Int
  /// 0-based indices of the notebook lines replaced (empty for an insertion).
  public var replacedLines: Range<Int>
  /// The lines written in their place, with line endings.
  public var newLines: [NotebookLine]
}

extension Notebook {
  /// Whether `actual` (normalised output lines) differs from the cell's recording. A missing output block
  /// records no output.
  public func outputDiffers(for cell: NotebookCell, actual: [String]) -> Bool {
    let expected = cell.expectedLines
    return expected.count != actual.count || zip(expected, actual).contains { !$0.utf8.elementsEqual($1.utf8) }
  }

  /// The edit that records `actual` as the cell's output, or nil when the recording already matches.
  ///
  /// An existing block keeps its fence lines and line endings; only its content changes. The fence is made
  /// longer if an output line would otherwise close it. A missing block is inserted right after the cell's
  /// closing fence with the cell's fence style and indentation. An empty output empties an existing block
  /// and inserts none.
  public func outputEdit(for cell: NotebookCell, actual: [String]) -> OutputEdit? {
    guard cell.recordsOutput, let cellFence = cell.fence, let cellClosing = cell.closingFenceLine,
      outputDiffers(for: cell, actual: actual)
    else { return nil }
    if let block = cell.output {
      let opening = lines[block.openingFenceLine - 1]
      let closing = lines[block.closingFenceLine - 1]
      let ending = opening.terminator
      var fence = block.fence
      let needed = Self.fenceLength(for: actual, fence: fence)
      var newLines: [NotebookLine] = []
      if needed > fence.length {
        let oldMarker = fence.marker
        fence.length = needed
        let rest = opening.text.dropFirst(fence.indent + oldMarker.count)
        newLines.append(NotebookLine(String(repeating: " ", count: fence.indent) + fence.marker + rest, terminator: ending))
      } else {
        newLines.append(opening)
      }
      newLines += actual.map { NotebookLine(Self.indented($0, by: fence.indent), terminator: ending) }
      newLines.append(
        needed > block.fence.length
          ? NotebookLine(String(repeating: " ", count: fence.indent) + fence.marker, terminator: closing.terminator)
          : closing)
      return OutputEdit(
        cellIndex: cell.index, replacedLines: (block.openingFenceLine - 1)..<block.closingFenceLine, newLines: newLines)
    }
    guard !actual.isEmpty else { return nil }
    let closing = lines[cellClosing - 1]
    let atEndOfFile = closing.terminator.isEmpty
    let ending = atEndOfFile ? preferredLineEnding : closing.terminator
    var fence = cellFence
    fence.length = Self.fenceLength(for: actual, fence: fence)
    let indent = String(repeating: " ", count: fence.indent)
    var block = [NotebookLine(indent + fence.marker + "output", terminator: ending)]
    block += actual.map { NotebookLine(Self.indented($0, by: fence.indent), terminator: ending) }
    block.append(NotebookLine(indent + fence.marker, terminator: atEndOfFile ? "" : ending))
    if atEndOfFile {
      // The cell's closing fence was the file's last line; it needs an ending before the new block.
      return OutputEdit(
        cellIndex: cell.index, replacedLines: (cellClosing - 1)..<cellClosing,
        newLines: [NotebookLine(closing.text, terminator: ending)] + block)
    }
    return OutputEdit(cellIndex: cell.index, replacedLines: cellClosing..<cellClosing, newLines: block)
  }

  /// The notebook's text with the edits applied (edits must be for different cells).
  public func applying(_ edits: [OutputEdit]) -> String {
    var result: [NotebookLine] = []
    var next = 0
    for edit in edits.sorted(by: { $0.replacedLines.lowerBound < $1.replacedLines.lowerBound }) {
      result += lines[next..<edit.replacedLines.lowerBound]
      result += edit.newLines
      next = edit.replacedLines.upperBound
    }
    result += lines[next...]
    return Notebook(path: path, kind: kind, lines: result, cells: []).text
  }

  /// The unified diff of the edits against the notebook: `--- path`, `+++ path<TAB>(actual output)`, and
  /// hunks numbered by the notebook's own lines, so it reads as the patch `--update` would apply.
  public func diff(applying edits: [OutputEdit], context: Int = 3) -> String {
    var script: [DiffLine] = []
    var next = 0
    for edit in edits.sorted(by: { $0.replacedLines.lowerBound < $1.replacedLines.lowerBound }) {
      script += lines[next..<edit.replacedLines.lowerBound].map { .common($0.text) }
      script += LineDiff.diff(lines[edit.replacedLines].map(\.text), edit.newLines.map(\.text))
      next = edit.replacedLines.upperBound
    }
    script += lines[next...].map { .common($0.text) }
    return UnifiedDiff.render(script, oldLabel: path, newLabel: "\(path)\t(actual output)", context: context)
  }

  /// The fence length that no output line can close (CommonMark: a closing fence is at least as long).
  static func fenceLength(for output: [String], fence: Fence) -> Int {
    var length = fence.length
    for line in output {
      let written = indented(line, by: fence.indent)
      var probe = fence
      probe.length = length
      while NotebookParser.isClosingFence(written, of: probe) {
        length += 1
        probe.length = length
      }
    }
    return length
  }

  static func indented(_ line: String, by count: Int) -> String {
    count == 0 || line.isEmpty ? line : String(repeating: " ", count: count) + line
  }
}
