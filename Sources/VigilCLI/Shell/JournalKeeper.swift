import Foundation
import VigilCore
import VigilModel
import VigilSession

/// Connects a shell's interpreter to its journal: recovery of abandoned journals at start, every accepted command
/// and every save as it happens, and the truthful count of unsaved commands at the end.
final class JournalKeeper {
  let session: String?
  let directory: URL
  private(set) var journal: Journal?
  /// The commands the last save wrote, and where; nil when nothing the session holds is in a file.
  private(set) var saved: (count: Int, path: String)?
  /// Commands of a recovered journal that did not replay: listed, kept in the journal, never dropped.
  private(set) var unreplayed: [String] = []
  /// A journal write failed: said once, at once.
  private var warned = false
  /// Where messages go (standard output in the shell; a buffer in tests).
  let say: (String) -> Void
  let warn: (String) -> Void

  init(
    session: String?, directory: URL, say: @escaping (String) -> Void = { print($0) },
    warn: @escaping (String) -> Void = { printError($0) }
  ) {
    self.session = session
    self.directory = directory
    self.say = say
    self.warn = warn
  }

  /// Starts the journal with the commands the shell opened (saved already when the session file opened without
  /// error), offers each abandoned journal of a shell on the same session, and hooks into the interpreter.
  func start(_ interpreter: Interpreter, openedIntact: Bool, ask: (String) -> String?) {
    let abandoned = AbandonedJournal.find(in: directory, session: session)
    do throws(Journal.WriteError) {
      journal = try Journal(in: directory, session: session)
    } catch {
      warn("warning: \(error); commands typed in this shell are not protected against a crash")
      warned = true
    }
    if openedIntact, let session { saved = (interpreter.entries.count, URL(fileURLWithPath: session).standardizedFileURL.path) }
    record { journal throws(Journal.WriteError) in
      for entry in interpreter.entries { try journal.append(entry.text, folder: entry.directory ?? interpreter.baseDirectory) }
      if let saved = self.saved { try journal.recordSave(count: saved.count, to: saved.path) }
    }
    interpreter.onAccept = { [unowned self, unowned interpreter] entry in
      self.record { journal throws(Journal.WriteError) in
        try journal.append(entry.text, folder: entry.directory ?? interpreter.baseDirectory)
      }
    }
    interpreter.onSave = { [unowned self] count, path in
      self.saved = (count, path)
      self.record { journal throws(Journal.WriteError) in try journal.recordSave(count: count, to: path) }
    }
    interpreter.onRebuild = { [unowned self] kept in
      if let saved = self.saved, saved.count > kept.count { self.saved = nil }  // the saved file has more than the session
      self.rewrite(kept)
    }
    for found in abandoned {
      guard found.unsavedCount > 0 else {
        found.remove()  // everything in it is in a file
        continue
      }
      let answer = ask(found.offer) ?? "y"
      guard answer.isEmpty || answer.lowercased().hasPrefix("y") else {
        say("kept \(found.decline().path); `load` it to use its commands")
        continue
      }
      recover(found, into: interpreter)
    }
  }

  /// Replays an abandoned journal in place of the session: command by command, not stopping at a failure; what
  /// fails is listed and kept in this shell's journal. The abandoned file goes once its commands are safe here.
  func recover(_ found: AbandonedJournal, into interpreter: Interpreter) {
    // The abandoned journal holds the whole session of that shell (the commands it opened included).
    interpreter.rebuild(from: [])
    saved = nil
    rewrite([])
    var failures: [String] = []
    // Each command resolves its paths against the folder the journal recorded for it (the path rule), then the
    // shell goes on in its own.
    let own = interpreter.baseDirectory
    defer { interpreter.baseDirectory = own }
    func replay(_ text: String, firstLine: Int) {
      for part in AbandonedJournal.parts(of: text, firstLine: firstLine) {
        if let folder = part.folder { interpreter.baseDirectory = folder }
        for item in CommandLexer.split(part.text, file: found.url.lastPathComponent, firstLine: part.firstLine) {
          switch item {
          case .failure(let diagnostic):
            keep(diagnostic.sourceLine, because: diagnostic.description, in: &failures)
          case .success(let command):
            let outcome = interpreter.execute(command)
            if outcome.status == .invalid { keep(command.text, because: outcome.output, in: &failures) }
          }
        }
      }
    }
    replay(found.savedText, firstLine: 1)
    if failures.isEmpty, let path = found.savedTo {
      saved = (interpreter.entries.count, path)
      record { journal throws(Journal.WriteError) in try journal.recordSave(count: interpreter.entries.count, to: path) }
    }
    replay(found.unsavedText, firstLine: found.unsavedFirstLine)
    let recovered = found.savedCount + found.unsavedCount - failures.count
    if failures.isEmpty {
      say("recovered \(recovered) command(s) from shell \(found.pid)")
    } else {
      say(
        "recovered \(recovered) command(s) from shell \(found.pid); \(failures.count) did not replay and stay in "
          + "\(journal?.url.path ?? found.url.path):\n" + failures.joined(separator: "\n"))
    }
    if journal != nil && !warned { found.remove() } else { found.release() }
  }

  private func keep(_ text: String, because reason: String, in failures: inout [String]) {
    unreplayed.append(text)
    failures.append(reason)
    record { journal throws(Journal.WriteError) in
      try journal.append(Journal.unreplayedMarker)
      try journal.append(text)
    }
  }

  /// The commands that only the journal holds: those after the last save, and those that did not replay.
  func unsavedCount(_ interpreter: Interpreter) -> Int {
    let afterSave = saved.map { interpreter.entries.count - $0.count } ?? interpreter.entries.count
    return afterSave + unreplayed.count
  }

  /// Ends the journal: removed when nothing is unsaved, kept with a truthful count otherwise.
  func finish(_ interpreter: Interpreter) {
    let unsaved = unsavedCount(interpreter)
    guard let journal else {
      if unsaved > 0 { say("\n\(unsaved) unsaved command(s) lost: the journal could not be written") }
      return
    }
    journal.close(remove: unsaved == 0)
    if unsaved > 0 {
      say("\n\(unsaved) unsaved command(s) kept in \(journal.url.path); the next shell offers to recover them")
    }
  }

  private func rewrite(_ kept: [SessionEntry]) {
    record { journal throws(Journal.WriteError) in
      try journal.rewrite(entries: kept.map { ($0.text, $0.directory) }, saved: self.saved, unreplayed: self.unreplayed)
    }
  }

  /// Runs one journal write; the first failure is said at once, and the shell goes on.
  private func record(_ write: (Journal) throws(Journal.WriteError) -> Void) {
    guard let journal else { return }
    do throws(Journal.WriteError) {
      try write(journal)
    } catch {
      if !warned { warn("warning: \(error); commands typed from now on are not protected against a crash") }
      warned = true
    }
  }
}
