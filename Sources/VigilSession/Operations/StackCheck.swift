import VigilExport
import VigilModel
import VigilPolicy

/// The platform rules and the scanner rules over a stack and its export: what `vigil check` reports.
public enum StackCheck {
  /// Every finding, ordered by session location then rule id; throws when there is no stack or it cannot be
  /// exported (a bad suffix, two resources that would get the same name).
  public static func run(_ stack: Stack, suffix: String? = nil) throws(ExportError) -> [PolicyFinding] {
    guard stack.environment != nil else { throw .noStack }
    return try PolicyChecker.check(stack, options: ExportOptions(suffix: suffix))
  }
}
