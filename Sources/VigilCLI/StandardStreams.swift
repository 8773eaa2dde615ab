import Foundation

/// Writes to standard error without a newline (progress lines).
func printErrorInline(_ text: String) {
  FileHandle.standardError.write(Data(TerminalOutput.forTerminal(text, descriptor: STDERR_FILENO).utf8))
}

/// Writes to standard error; on a terminal its `error:` or `warning:` in colour, in ASCII under a non-UTF-8 locale.
func printError(_ text: String) {
  let shown = TerminalOutput.highlightSeverity(TerminalOutput.forTerminal(text, descriptor: STDERR_FILENO))
  FileHandle.standardError.write(Data((shown + "\n").utf8))
}

/// Writes a subcommand's output to standard output, in ASCII on a terminal under a non-UTF-8 locale.
func printOutput(_ text: String, terminator: String = "\n") {
  print(TerminalOutput.forTerminal(text, descriptor: STDOUT_FILENO), terminator: terminator)
}
