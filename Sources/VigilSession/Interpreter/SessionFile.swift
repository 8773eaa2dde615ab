import VigilCore

/// Reading and writing session files: the accepted commands, one per line, with a header comment.
public enum SessionFile {
  /// The session file text for these commands.
  public static func render(_ entries: [SessionEntry]) -> String {
    var text = "# Vigil session: replay with `vigil run FILE`, export with `vigil export FILE --out DIR`.\n"
    for entry in entries { text += entry.text + "\n" }
    return text
  }
}
