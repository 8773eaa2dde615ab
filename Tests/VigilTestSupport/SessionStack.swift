import VigilCore
import VigilModel

/// Builds stacks from session text the way the shell does: every line parsed against the stack commands
/// and applied with full validation (references, limits, embedded patterns, rules, queries and math).
public enum SessionStack {
  /// The stack the session text defines; throws the first rejected line's diagnostic.
  /// `checksNameCollisions: false` keeps resources that would share a name (to test the export's own defence).
  public static func build(_ text: String, file: String = "test.vigil", checksNameCollisions: Bool = true) throws(Diagnostic) -> Stack {
    var builder = StackBuilder(checksNameCollisions: checksNameCollisions)
    try apply(text, file: file, to: &builder)
    return builder.stack
  }

  /// Applies each line of `text` to `builder`, stopping at the first rejected line.
  public static func apply(_ text: String, file: String = "test.vigil", to builder: inout StackBuilder) throws(Diagnostic) {
    let parser = CommandParser(specs: StackCommands.specs)
    for item in CommandLexer.split(text, file: file) {
      _ = try builder.apply(try parser.parse(try item.get()))
    }
  }

  /// The confirmation of the last line of `text`, applied after the earlier lines.
  public static func confirmation(_ text: String, file: String = "test.vigil") throws(Diagnostic) -> String {
    var builder = StackBuilder()
    let parser = CommandParser(specs: StackCommands.specs)
    var message = ""
    for item in CommandLexer.split(text, file: file) {
      message = try builder.apply(try parser.parse(try item.get()))
    }
    return message
  }

  /// How the session is rejected, as the user sees it (headline, line, caret), or nil when it is accepted.
  public static func rejection(_ text: String, file: String = "test.vigil") -> String? {
    do throws(Diagnostic) {
      _ = try build(text, file: file)
      return nil
    } catch {
      return error.description
    }
  }
}
