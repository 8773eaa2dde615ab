import ArgumentParser

/// The exit codes every subcommand uses (documented in `vigil --help`).
extension ExitCode {
  /// A check, expectation or notebook comparison failed.
  public static let checkFailed = ExitCode(1)
  /// The input (session, pattern, query, file, arguments) is invalid.
  public static let invalidInput = ExitCode(2)
}
