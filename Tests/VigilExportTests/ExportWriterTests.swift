import Foundation
import Testing
import VigilCore
import VigilExport
import VigilTestSupport

/// Issue 12 item 11, export side: files are created 0600 or keep the mode of the file they replace, and are
/// replaced atomically (a temporary file in the same folder, renamed).
@Suite struct ExportWriterTests {
  static func mode(_ path: String) throws -> Int {
    try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
  }

  @Test func newFilesAreCreatedOwnerOnly() throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let files = ExportedFiles(files: [("stacks/s/cdk.tf.json", Array("{}\n".utf8)), ("dashboards/a.json", Array("[]".utf8))])
    try ExportWriter.write(files, to: dir)
    #expect(try Self.mode(dir.appendingPathComponent("stacks/s/cdk.tf.json").path) == 0o600)
    #expect(try Self.mode(dir.appendingPathComponent("dashboards/a.json").path) == 0o600)
    #expect(try Data(contentsOf: dir.appendingPathComponent("stacks/s/cdk.tf.json")) == Data("{}\n".utf8))
  }

  @Test func aReplacedFileKeepsItsModeAndNoTemporaryIsLeft() throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("main.tf.json")
    try Data("old old old".utf8).write(to: url)
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: url.path)
    let before = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? Int)
    try ExportWriter.write(Array("new".utf8), to: url)
    #expect(try Self.mode(url.path) == 0o640)
    #expect(try Data(contentsOf: url) == Data("new".utf8))
    // Renamed over the old name, not rewritten in place: a reader holding the old file still sees it whole.
    let after = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? Int)
    #expect(before != after)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["main.tf.json"])
  }

  @Test func aFailedWriteLeavesTheOldFileAndNoTemporary() throws {
    let dir = TestPaths.temporaryDirectory()
    defer {
      try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dir.path)
      try? FileManager.default.removeItem(at: dir)
    }
    let url = dir.appendingPathComponent("main.tf.json")
    try Data("old".utf8).write(to: url)
    // A folder that cannot take a new file: the temporary cannot be created, so nothing is touched.
    try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: dir.path)
    guard getuid() != 0 else { return }  // root ignores the folder's mode
    #expect(throws: ExportWriteError.self) { try ExportWriter.write(Array("new".utf8), to: url) }
    #expect(try Data(contentsOf: url) == Data("old".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["main.tf.json"])
  }

  /// Issue 17: an export flushes once for all its files (one `fsync` per file took 7 s for 1,500 files), writing
  /// every temporary before it replaces anything: when one file cannot be written, none is replaced and no
  /// temporary is left.
  @Test func aBatchReplacesNothingWhenOneFileCannotBeWritten() throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let first = dir.appendingPathComponent("main.tf.json")
    try Data("old".utf8).write(to: first)
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: first.path)
    // The second file's folder does not exist: its temporary cannot be created.
    let second = dir.appendingPathComponent("missing/a.json")
    #expect(throws: FileWriting.BatchFailure.self) {
      try FileWriting.replaceAll([(url: first, bytes: Array("new".utf8)), (url: second, bytes: Array("{}".utf8))])
    }
    #expect(try Data(contentsOf: first) == Data("old".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["main.tf.json"])
    // Written whole when every file can be.
    try FileWriting.replaceAll([(url: first, bytes: Array("new".utf8))])
    #expect(try Data(contentsOf: first) == Data("new".utf8))
    #expect(try Self.mode(first.path) == 0o640)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["main.tf.json"])
  }

  /// Issue 17: a file that already holds the bytes an export would write is not replaced (re-exporting an unchanged
  /// stack of 1,500 files spent 4 s freeing the blocks of the files it replaced); a file with other bytes is.
  @Test func aFileThatAlreadyHoldsTheBytesIsLeftAsItIs() throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let same = dir.appendingPathComponent("same.json")
    let other = dir.appendingPathComponent("other.json")
    try ExportWriter.write(ExportedFiles(files: [("same.json", Array("{}\n".utf8)), ("other.json", Array("[]".utf8))]), to: dir)
    func inode(_ url: URL) throws -> Int {
      try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? Int)
    }
    let (sameBefore, otherBefore) = (try inode(same), try inode(other))
    try ExportWriter.write(ExportedFiles(files: [("same.json", Array("{}\n".utf8)), ("other.json", Array("[1]".utf8))]), to: dir)
    #expect(try inode(same) == sameBefore)
    #expect(try inode(other) != otherBefore)
    #expect(try Data(contentsOf: other) == Data("[1]".utf8))
    #expect(try Self.mode(other.path) == 0o600)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["other.json", "same.json"])
  }
}
