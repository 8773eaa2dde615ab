import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the terminal on standard output can show: colour and size.
public enum TerminalCapabilities {
  /// Whether to colour output, following https://no-color.org: off when `NO_COLOR` is set and not empty,
  /// when `TERM` is `dumb`, or when standard output is not a terminal.
  public static func colorEnabled(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    isTerminal: Bool = isatty(STDOUT_FILENO) != 0
  ) -> Bool {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
    if environment["TERM"] == "dumb" { return false }
    return isTerminal
  }

  /// The size of the terminal on standard output; else `COLUMNS` and `LINES`; else 80×24.
  public static func size(environment: [String: String] = ProcessInfo.processInfo.environment) -> (
    columns: Int, rows: Int
  ) {
    var window = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 {
      return (Int(window.ws_col), Int(window.ws_row))
    }
    let columns = environment["COLUMNS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? 80
    let rows = environment["LINES"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? 24
    return (columns, rows)
  }
}
