import Foundation
import Glibc
import Testing
import VigilTestSupport

@testable import VigilCLI
@testable import VigilSession

/// Issue 12 item 7: the journal must never lose an accepted command.
@Suite struct JournalTests {
  static let started = Date(timeIntervalSince1970: 1_772_445_600)  // 2026-03-02T10:00:00Z

  /// A journal of a shell that died: written, then closed without removal, its last write at a fixed time.
  func abandoned(in directory: URL, pid: Int32, commands: [String], session: String? = nil) throws -> URL {
    let journal = try Journal(in: directory, session: session, pid: pid, started: Self.started)
    for command in commands { try journal.append(command) }
    journal.close(remove: false)
    try FileManager.default.setAttributes(
      [.modificationDate: Self.started.addingTimeInterval(720)], ofItemAtPath: journal.url.path)
    return journal.url
  }

  func mode(_ url: URL) -> mode_t {
    var status = stat()
    _ = stat(url.path, &status)
    return status.st_mode & 0o777
  }

  @Test func aLiveShellsJournalIsNeverOfferedOrTouched() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let first = try Journal(in: directory, session: nil, pid: 101, started: Self.started)
    try first.append("stack payments --suffix dev")
    let second = try Journal(in: directory, session: nil, pid: 102, started: Self.started)
    try second.append("key logs")
    #expect(first.url != second.url)
    #expect(AbandonedJournal.find(in: directory, session: nil).isEmpty)
    #expect(mode(first.url) == 0o600)
    first.close(remove: false)
    let found = AbandonedJournal.find(in: directory, session: nil)
    #expect(found.map(\.url) == [first.url])
    #expect(found.map(\.unsavedCount) == [1])
    found.forEach { $0.release() }
    // A shell on a session file is not offered the journal of a shell without one.
    #expect(AbandonedJournal.find(in: directory, session: "/tmp/other.vigil").isEmpty)
    second.close(remove: true)
    #expect(!FileManager.default.fileExists(atPath: second.url.path))
  }

  @Test func recoveryNamesTheShellAndKeepsCommandsThatDoNotReplay() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let old = try abandoned(
      in: directory, pid: 4242,
      commands: ["stack payments --suffix dev", "load no-such-session-12.vigil", "key logs"])
    var said: [String] = []
    var asked: [String] = []
    let interpreter = Interpreter(baseDirectory: directory)
    let keeper = JournalKeeper(session: nil, directory: directory, say: { said.append($0) }, warn: { said.append($0) })
    keeper.start(interpreter, openedIntact: false) { asked.append($0); return "" }
    let journal = try #require(keeper.journal)
    #expect(
      asked == [
        "Shell 4242 (started 2026-03-02T10:00:00Z, last command 2026-03-02T10:12:00Z) left 3 unsaved command(s) in "
          + "\(old.path). Recover them? [Y/n] "
      ])
    #expect(
      said == [
        """
        recovered 2 command(s) from shell 4242; 1 did not replay and stay in \(journal.url.path):
        4242-2026-03-02T100000Z.vigil:6:6: error: cannot read no-such-session-12.vigil: no such file (looked in \(directory.standardizedFileURL.path))
          load no-such-session-12.vigil
               ^
        """
      ])
    #expect(interpreter.entries.map(\.text) == ["stack payments --suffix dev", "key logs"])
    #expect(!FileManager.default.fileExists(atPath: old.path))
    let lines = try String(contentsOf: journal.url, encoding: .utf8).split(separator: "\n").dropFirst(4)
    #expect(
      Array(lines) == [
        // Issue 16: the folder the recovered commands resolve against comes first.
        "# folder: \(directory.standardizedFileURL.path)",
        "stack payments --suffix dev", "# did not replay when recovered; kept so that nothing is lost:",
        "load no-such-session-12.vigil", "key logs",
      ])
    #expect(keeper.unsavedCount(interpreter) == 3)
    keeper.finish(interpreter)
    #expect(said.last == "\n3 unsaved command(s) kept in \(journal.url.path); the next shell offers to recover them")
    #expect(FileManager.default.fileExists(atPath: journal.url.path))
  }

  @Test func savedCommandsAreNotOfferedAgain() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var said: [String] = []
    let interpreter = Interpreter(baseDirectory: directory)
    let keeper = JournalKeeper(session: nil, directory: directory, say: { said.append($0) }, warn: { said.append($0) })
    keeper.start(interpreter, openedIntact: false) { _ in "y" }
    let journal = try #require(keeper.journal)
    _ = interpreter.execute("stack payments --suffix dev\nsave s.vigil\nkey logs")
    let session = directory.appendingPathComponent("s.vigil")
    #expect(mode(session) == 0o600)
    #expect(keeper.unsavedCount(interpreter) == 1)
    // The shell dies here: the next one offers only the command after the save.
    let found = AbandonedJournal.find(in: directory, session: nil)
    #expect(found.isEmpty)  // still locked by the live shell
    journal.close(remove: false)
    let next = AbandonedJournal.find(in: directory, session: nil)
    #expect(next.map(\.unsavedCount) == [1])
    #expect(next.map(\.savedCount) == [1])
    #expect(next.first?.offer.contains("left 1 unsaved command(s) (after 1 saved to \(session.path)) in ") == true)
    next.forEach { $0.release() }

    // Saving everything lets the journal go, and quitting says nothing.
    let again = Interpreter(baseDirectory: directory)
    let second = JournalKeeper(session: nil, directory: directory, say: { said.append($0) }, warn: { said.append($0) })
    second.start(again, openedIntact: false) { _ in "y" }
    #expect(said.last == "recovered 2 command(s) from shell \(getpid())")
    _ = again.execute("save s.vigil")
    #expect(second.unsavedCount(again) == 0)
    let count = said.count
    second.finish(again)
    #expect(said.count == count)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["s.vigil"])
  }

  @Test func aJournalThatCannotBeWrittenIsSaidAtOnce() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let blocker = directory.appendingPathComponent("state")
    try Data().write(to: blocker)
    var warnings: [String] = []
    let keeper = JournalKeeper(
      session: nil, directory: blocker.appendingPathComponent("journals"), say: { _ in }, warn: { warnings.append($0) })
    let interpreter = Interpreter(baseDirectory: directory)
    keeper.start(interpreter, openedIntact: false) { _ in "y" }
    #expect(warnings.count == 1)
    #expect(warnings.first?.hasPrefix("warning: cannot write the journal \(blocker.path)/journals/\(getpid())-") == true)
    #expect(
      warnings.first?.hasSuffix(
        ".vigil: cannot create \(blocker.path)/journals; commands typed in this shell are not protected against a crash")
        == true)
  }

  @Test func saveKeepsTheModeOfTheFileItReplaces() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let secret = directory.appendingPathComponent("secret.vigil")
    let shared = directory.appendingPathComponent("shared.vigil")
    try AtomicFile.write("# old\n", to: secret)
    try AtomicFile.write("# old\n", to: shared)
    chmod(shared.path, 0o644)
    let interpreter = Interpreter(baseDirectory: directory)
    _ = interpreter.execute("stack p --suffix dev\nkey logs\nsave secret.vigil\nsave shared.vigil")
    #expect(mode(secret) == 0o600)
    #expect(mode(shared) == 0o644)
    #expect(try String(contentsOf: secret, encoding: .utf8).hasSuffix("\nkey logs\n"))
  }

  /// Issue 16: recovered commands resolve their paths as the dead shell did — those of the opened file against the
  /// file's folder, typed ones against the shell's directory — wherever the recovering shell runs.
  @Test func recoveredCommandsResolveAgainstTheFolderTheyCameFrom() throws {
    let root = try SessionReviewTests.workspace()
    defer { try? FileManager.default.removeItem(at: root) }
    let journals = root.appendingPathComponent("journals")
    let folder = root.appendingPathComponent("a")
    let opened = folder.appendingPathComponent("open.vigil")
    try "load payments.vigil\n".write(to: opened, atomically: true, encoding: .utf8)
    let first = Interpreter(baseDirectory: root)
    let dead = JournalKeeper(session: opened.path, directory: journals, say: { _ in }, warn: { _ in })
    #expect(first.execute(try String(contentsOf: opened, encoding: .utf8), file: opened.path, relativeTo: folder).map(\.status) == [.ok])
    dead.start(first, openedIntact: false) { _ in "y" }
    #expect(first.execute("load-metrics a/data/ecs.json").map(\.status) == [.ok])
    let deadJournal = try #require(dead.journal)
    let written = try String(contentsOf: deadJournal.url, encoding: .utf8).split(separator: "\n").dropFirst(4)
    #expect(
      Array(written) == [
        "# folder: \(folder.standardizedFileURL.path)", "load payments.vigil", "# folder: \(root.standardizedFileURL.path)",
        "load-metrics a/data/ecs.json",
      ])
    deadJournal.close(remove: false)  // the shell dies

    var said: [String] = []
    let elsewhere = root.appendingPathComponent("c")
    let second = Interpreter(baseDirectory: elsewhere)
    let keeper = JournalKeeper(session: opened.path, directory: journals, say: { said.append($0) }, warn: { said.append($0) })
    keeper.start(second, openedIntact: false) { _ in "y" }
    #expect(said == ["recovered 2 command(s) from shell \(getpid())"])
    #expect(second.entries.map(\.text) == ["load payments.vigil", "load-metrics a/data/ecs.json"])
    #expect(second.entries.map { $0.directory?.standardizedFileURL.path } == [folder.standardizedFileURL.path, root.standardizedFileURL.path])
    #expect(second.baseDirectory == elsewhere)
    #expect(second.stack.alarm("api-p99") != nil)
    keeper.finish(second)
  }
}
