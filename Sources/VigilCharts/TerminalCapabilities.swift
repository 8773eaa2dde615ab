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

  /// Whether the locale's character set is UTF-8 (`LC_ALL`, else `LC_CTYPE`, else `LANG`, the order `setlocale`
  /// reads them); under `LANG=C` or no locale at all, terminal output falls back to ASCII.
  public static func unicodeEnabled(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
    let lowered = locale.lowercased()
    return lowered.contains("utf-8") || lowered.contains("utf8")
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
