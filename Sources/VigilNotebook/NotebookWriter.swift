extension Notebook {
  /// Markdown for a new notebook made from a shell session (`save --notebook FILE.md`): an optional
  /// `# title`, then each cell's ```` ```vigil ```` block followed by its ```` ```output ```` block (none
  /// for an empty output), separated by blank lines. Pass outputs through `OutputNormaliser.lines(of:)`
  /// first so no machine-specific value is recorded. Fences grow when a source or output line would
  /// close them.
  public static func markdown(title: String? = nil, cells: [(source: String, outputLines: [String])]) -> String {
    var text = title.map { "# \($0)\n" } ?? ""
    for cell in cells {
      if !text.isEmpty { text += "\n" }
      let source = OutputNormaliser.splitLines(cell.source)
      let fence = Fence(
        character: "`", length: fenceLength(for: source + cell.outputLines, fence: Fence(character: "`", length: 3, indent: 0)), indent: 0)
      text += fence.marker + "vigil\n" + source.map { $0 + "\n" }.joined() + fence.marker + "\n"
      if !cell.outputLines.isEmpty {
        text += fence.marker + "output\n" + cell.outputLines.map { $0 + "\n" }.joined() + fence.marker + "\n"
      }
    }
    return text
  }
}
