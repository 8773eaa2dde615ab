import Foundation
import VigilCore

/// What an export wrote into its folder, kept in `DIR/.vigil-export` (one relative path a line), so the next export
/// into that folder knows which files are an earlier export's and which of them it would leave behind, stale.
/// Files the manifest does not name (the user's own) are never touched.
struct ExportManifest {
  static let fileName = ".vigil-export"

  /// The files an earlier export recorded that still exist in `directory` (none without a manifest).
  static func read(in directory: URL) -> [String] {
    guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(fileName).path) else { return [] }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter { path in
      !path.hasPrefix("#") && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
        && FileManager.default.fileExists(atPath: directory.appendingPathComponent(path).path)
    }
  }

  /// Records `paths` as what the export into `directory` wrote.
  static func write(_ paths: [String], in directory: URL) throws(FileWriteFailure) {
    let text = "# Written by vigil export: the files of the last export into this folder.\n" + paths.map { $0 + "\n" }.joined()
    try FileWriting.replace(directory.appendingPathComponent(fileName), with: Array(text.utf8))
  }

  /// The earlier export's files this export does not write, and those it writes over.
  static func compare(previous: [String], next: [String]) -> (stale: [String], replaced: [String]) {
    let writing = Set(next)
    return (previous.filter { !writing.contains($0) }.sorted(), previous.filter { writing.contains($0) }.sorted())
  }
}
