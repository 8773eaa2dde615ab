import Foundation

/// Writes to standard error without a newline (progress lines).
func printErrorInline(_ text: String) {
  FileHandle.standardError.write(Data(text.utf8))
}

/// Writes to standard error.
func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}
