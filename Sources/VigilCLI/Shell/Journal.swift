import Foundation

/// Keeps every accepted command on disk as soon as it is accepted, so a killed shell loses nothing.
/// The journal sits next to the session file (`SESSION.journal`), or in the state directory.
struct Journal {
  let url: URL

  static func location(for session: String?) -> URL {
    if let session { return URL(fileURLWithPath: session + ".journal") }
    let state =
      ProcessInfo.processInfo.environment["XDG_STATE_HOME"].map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/state")
    return state.appendingPathComponent("vigil/journal.vigil")
  }

  /// The commands of an interrupted session, if any.
  func pending() -> String? {
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
    let commands = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    return commands.isEmpty ? nil : text
  }

  func start() {
    try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: url.path, contents: Data("# Vigil journal: accepted commands of the open shell\n".utf8))
  }

  func append(_ text: String) {
    guard let handle = try? FileHandle(forWritingTo: url) else { return }
    defer { try? handle.close() }
    _ = try? handle.seekToEnd()
    try? handle.write(contentsOf: Data((text + "\n").utf8))
    try? handle.synchronize()
  }

  func remove() { try? FileManager.default.removeItem(at: url) }
}
