import Foundation

/// How far `load FILE into SERVICE` has read a large log file; the shell draws it as a progress bar.
public struct LoadProgress: Sendable, Equatable {
  /// The file as the command named it.
  public var label: String
  /// Bytes read so far (lines and their line ends).
  public var bytesRead: Int
  /// The file's size; nil for a gzip file, whose uncompressed size is not known in advance.
  public var totalBytes: Int?
  /// Lines read so far.
  public var lines: Int
  /// The file is read: whatever showed the progress can be cleared.
  public var finished: Bool

  /// A progress report.
  public init(label: String, bytesRead: Int, totalBytes: Int?, lines: Int, finished: Bool) {
    self.label = label
    self.bytesRead = bytesRead
    self.totalBytes = totalBytes
    self.lines = lines
    self.finished = finished
  }
}

/// Reports `LoadProgress` every 100,000 lines of a file of 16 MiB or more (smaller files load too fast to need it),
/// and once more when a file it reported on is finished.
struct LoadProgressTracker {
  static let minimumBytes = 16 << 20
  static let linesPerReport = 100_000
  private var progress: LoadProgress
  private let report: (LoadProgress) -> Void
  private var reported = false

  init?(path: String, label: String, report: @escaping (LoadProgress) -> Void) {
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size >= Self.minimumBytes else { return nil }
    // Uncompressed files only: a fraction needs the size of what is read.
    progress = LoadProgress(label: label, bytesRead: 0, totalBytes: path.hasSuffix(".gz") ? nil : size, lines: 0, finished: false)
    self.report = report
  }

  mutating func advance(bytes: Int) {
    progress.bytesRead += bytes
    progress.lines += 1
    guard progress.lines % Self.linesPerReport == 0 else { return }
    reported = true
    report(progress)
  }

  mutating func finish() {
    guard reported else { return }
    progress.finished = true
    report(progress)
  }
}
