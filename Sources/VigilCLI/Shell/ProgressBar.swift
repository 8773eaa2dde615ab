import VigilCharts
import VigilSession

/// Draws `LoadProgress` on standard error, on one line redrawn in place, and clears it when the file is loaded.
enum ProgressBar {
  static func draw(_ progress: LoadProgress) {
    if progress.finished {
      printErrorInline("\r\u{1B}[2K")
    } else if let total = progress.totalBytes {
      let fraction = min(1, Double(progress.bytesRead) / Double(max(1, total)))
      let filled = Int(fraction * 30)
      // `#` and `-` where the locale cannot show the block characters (LANG=C).
      let (full, empty) = TerminalCapabilities.unicodeEnabled() ? ("█", "░") : ("#", "-")
      printErrorInline(
        "\r\(progress.label) [\(String(repeating: full, count: filled))\(String(repeating: empty, count: 30 - filled))] \(Int(fraction * 100))%")
    } else {
      printErrorInline("\r\(progress.label): \(progress.lines / 1000)k lines")
    }
  }
}
