import Foundation
import Glibc
import VigilCore
import VigilModel

/// Keeps every accepted command of one running shell on disk as soon as it is accepted, so a killed shell loses
/// nothing.
///
/// Each shell writes its own journal, `PID-STARTED.vigil` in `$XDG_STATE_HOME/vigil/journals/`, and holds an
/// exclusive `flock` on it while it runs: another shell never truncates, recovers or deletes a live shell's
/// journal (two shells without a session file used to share one journal, and the second truncated the first's).
/// The header names the shell (pid, start time) and the session file it opened; a `# saved N command(s) to FILE`
/// line records a `save`, so the next shell offers only what came after it as unsaved. A `# folder: PATH` line before
/// a command records the folder its relative paths resolve against (the shell's directory for a typed command, the
/// file's folder for one read from a session file or notebook) whenever it changes, so a recovery from anywhere
/// resolves them as the dead shell did. The file is created 0600
/// because it holds what was typed, secrets included, and it is valid session text (`load` reads it).
final class Journal {
  /// Why a journal could not be written: said at once, never ignored.
  struct WriteError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot write the journal \(path): \(reason)" }
  }

  let url: URL
  private var descriptor: Int32

  /// The folder every shell's journal lives in.
  static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
    let state =
      environment["XDG_STATE_HOME"].map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/state")
    return state.appendingPathComponent("vigil/journals")
  }

  /// The header line naming the session file a shell opened (or none), so recovery offers a journal only to a
  /// shell on the same session.
  static func sessionLine(_ session: String?) -> String {
    "# session: " + (session.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? "none")
  }

  /// Starts the journal of this shell: a new file only this process writes, locked for as long as it runs.
  init(
    in directory: URL, session: String?, pid: Int32 = getpid(), started: Date = Date()
  ) throws(WriteError) {
    let stamp = Journal.timestamp(started)
    let name = "\(pid)-\(stamp.replacingOccurrences(of: ":", with: ""))"
    var url = directory.appendingPathComponent(name + ".vigil")
    do {
      try FileManager.default.createDirectory(
        at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw WriteError(path: url.path, reason: "cannot create \(directory.path)")
    }
    // O_EXCL: a reused pid in the same second (an abandoned journal not yet recovered) gets the next free name.
    var descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    var attempt = 2
    while descriptor < 0 && errno == EEXIST && attempt < 100 {
      url = directory.appendingPathComponent("\(name)-\(attempt).vigil")
      descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
      attempt += 1
    }
    self.url = url
    self.descriptor = descriptor
    guard descriptor >= 0 else { throw WriteError(path: url.path, reason: String(cString: strerror(errno))) }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let reason = String(cString: strerror(errno))
      Glibc.close(descriptor)
      throw WriteError(path: url.path, reason: "cannot lock it: \(reason)")
    }
    header = """
      # Vigil journal: the accepted commands of a running shell; the next shell offers to recover them.
      # pid: \(pid)
      # started: \(stamp)
      \(Journal.sessionLine(session))

      """
    try write(header)
  }

  private let header: String

  deinit { if descriptor >= 0 { Glibc.close(descriptor) } }

  /// The folder the last `# folder:` line named (nil: none yet in this file).
  private var folder: String?

  /// Records one accepted command, after a `# folder:` line when its folder is not the one last recorded.
  func append(_ text: String, folder: URL? = nil) throws(WriteError) { try write(folderLine(folder) + text + "\n") }

  /// `# folder: PATH` and a newline when `url` differs from the folder last recorded; else nothing.
  private func folderLine(_ url: URL?) -> String {
    guard let path = url?.standardizedFileURL.path, path != folder else { return "" }
    folder = path
    return Journal.folderPrefix + path + "\n"
  }

  /// Records that the first `count` commands are now in a file.
  func recordSave(count: Int, to path: String) throws(WriteError) {
    try write(Journal.savedMarker(count: count, path: path) + "\n")
  }

  /// Replaces the commands after an `undo`: the kept ones (with the save line if they still start with what was
  /// saved) and, first, the commands a recovery could not replay, which are never dropped.
  func rewrite(entries: [(text: String, folder: URL?)], saved: (count: Int, path: String)?, unreplayed: [String]) throws(WriteError) {
    var text = header
    folder = nil
    for command in unreplayed { text += Journal.unreplayedMarker + "\n" + command + "\n" }
    for (index, entry) in entries.enumerated() {
      if let saved, saved.count == index { text += Journal.savedMarker(count: saved.count, path: saved.path) + "\n" }
      text += folderLine(entry.folder) + entry.text + "\n"
    }
    if let saved, saved.count == entries.count { text += Journal.savedMarker(count: saved.count, path: saved.path) + "\n" }
    // In place, not by rename: the lock is on this file, and a renamed-over file would look abandoned.
    guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
      throw WriteError(path: url.path, reason: String(cString: strerror(errno)))
    }
    try write(text)
  }

  /// Ends the journal: removed when everything in it is saved, kept (unlocked) otherwise.
  func close(remove: Bool) {
    if remove { unlink(url.path) }
    Glibc.close(descriptor)
    descriptor = -1
  }

  private func write(_ text: String) throws(WriteError) {
    guard !text.isEmpty else { return }
    var failure = FileWriting.writeAll(descriptor, Array(text.utf8))
    if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
    if let failure { throw WriteError(path: url.path, reason: failure) }
  }

  static let savedPrefix = "# saved "
  static let folderPrefix = "# folder: "
  static let unreplayedMarker = "# did not replay when recovered; kept so that nothing is lost:"

  static func savedMarker(count: Int, path: String) -> String { "\(savedPrefix)\(count) command(s) to \(path)" }

  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
  }
}

/// The journal of a shell that is no longer running, found by the next shell on the same session.
struct AbandonedJournal {
  let url: URL
  let pid: String
  let started: String
  /// When its last command was written.
  let lastWritten: String
  /// The commands up to its last save line, and the file they were saved to.
  let savedText: String
  let savedTo: String?
  /// The commands after that: what only the journal holds.
  let unsavedText: String
  /// The line of the journal `unsavedText` starts on.
  let unsavedFirstLine: Int
  private let descriptor: Int32

  var savedCount: Int { CommandLexer.split(savedText).count }
  var unsavedCount: Int { CommandLexer.split(unsavedText).count }

  /// The journals in `directory` of shells on this session that no longer run: each is locked until released, so
  /// two shells starting together cannot both recover it. A journal whose shell still runs is left untouched.
  /// Takes the journal's lock, trying for up to 200 ms: a child being started elsewhere in this process (between
  /// fork and exec) briefly shares every descriptor, close-on-exec ones included, and with them their `flock`.
  /// A live shell holds its lock for its whole life, so waiting this long never mistakes one for abandoned.
  static func lockSoon(_ descriptor: Int32) -> Bool {
    for attempt in 0..<20 {
      if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return true }
      guard errno == EWOULDBLOCK || errno == EINTR, attempt < 19 else { return false }
      usleep(10_000)
    }
    return false
  }

  static func find(in directory: URL, session: String?) -> [AbandonedJournal] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
    let wanted = Journal.sessionLine(session)
    var found: [AbandonedJournal] = []
    for name in names.sorted() where name.hasSuffix(".vigil") && !name.hasPrefix("declined-") {
      let url = directory.appendingPathComponent(name)
      let descriptor = open(url.path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
      guard descriptor >= 0 else { continue }
      // A running shell holds its lock: its journal is not ours to read or touch.
      guard lockSoon(descriptor),
        let data = FileManager.default.contents(atPath: url.path),
        let text = String(validating: Array(data), as: UTF8.self),
        let journal = AbandonedJournal(url: url, text: text, descriptor: descriptor),
        text.split(separator: "\n", maxSplits: 4).contains(where: { $0 == wanted })
      else {
        Glibc.close(descriptor)
        continue
      }
      found.append(journal)
    }
    return found
  }

  init?(url: URL, text: String, descriptor: Int32) {
    let lines = CommandLexer.physicalLines(of: text)
    func field(_ name: String) -> String? {
      lines.prefix(5).first(where: { $0.hasPrefix("# \(name): ") }).map { String($0.dropFirst(name.count + 4)) }
    }
    guard let pid = field("pid"), let started = field("started") else { return nil }
    self.url = url
    self.pid = pid
    self.started = started
    let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate]) as? Date
    lastWritten = modified.map(Journal.timestamp) ?? started
    self.descriptor = descriptor
    if let marker = lines.lastIndex(where: { $0.hasPrefix(Journal.savedPrefix) }) {
      savedText = lines[..<marker].joined(separator: "\n")
      savedTo = lines[marker].range(of: " to ").map { String(lines[marker][$0.upperBound...]) }
      unsavedText = lines[(marker + 1)...].joined(separator: "\n")
      unsavedFirstLine = marker + 2
    } else {
      savedText = ""
      savedTo = nil
      unsavedText = text
      unsavedFirstLine = 1
    }
  }

  /// `text` (starting at `firstLine` of the journal) cut at its `# folder:` lines: each part with the folder its
  /// commands resolve against (nil before the first such line: the recovering shell's own) and its first line.
  static func parts(of text: String, firstLine: Int) -> [(folder: URL?, text: String, firstLine: Int)] {
    var parts: [(folder: URL?, text: String, firstLine: Int)] = []
    var folder: URL?
    var lines: [String] = []
    var start = firstLine
    for (offset, line) in CommandLexer.physicalLines(of: text).enumerated() {
      guard line.hasPrefix(Journal.folderPrefix) else {
        lines.append(line)
        continue
      }
      if !lines.isEmpty { parts.append((folder, lines.joined(separator: "\n"), start)) }
      folder = URL(fileURLWithPath: String(line.dropFirst(Journal.folderPrefix.count)), isDirectory: true)
      lines = []
      start = firstLine + offset + 1
    }
    if !lines.isEmpty { parts.append((folder, lines.joined(separator: "\n"), start)) }
    return parts
  }

  /// The question the next shell asks.
  var offer: String {
    let saved = savedTo.map { " (after \(savedCount) saved to \($0))" } ?? ""
    return "Shell \(pid) (started \(started), last command \(lastWritten)) left \(unsavedCount) unsaved command(s)\(saved)"
      + " in \(url.path). Recover them? [Y/n] "
  }

  /// Deletes the journal once its commands are safe in the new shell's journal.
  func remove() {
    unlink(url.path)
    Glibc.close(descriptor)
  }

  /// Keeps the journal under a name no shell offers again; returns where it is.
  func decline() -> URL {
    let kept = url.deletingLastPathComponent().appendingPathComponent("declined-" + url.lastPathComponent)
    let moved = rename(url.path, kept.path) == 0
    Glibc.close(descriptor)
    return moved ? kept : url
  }

  /// Leaves the journal as it is, for another shell.
  func release() { Glibc.close(descriptor) }
}
