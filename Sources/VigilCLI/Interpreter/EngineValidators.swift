import VigilCore
import VigilModel

/// Connects the engines' parsers to the command language, so a bad filter pattern, composite rule
/// or Insights query is rejected when the command is typed, with a caret inside the embedded text.
enum EngineValidators {
  static func make() -> EmbeddedLanguageValidators {
    EmbeddedLanguageValidators()
  }
}
