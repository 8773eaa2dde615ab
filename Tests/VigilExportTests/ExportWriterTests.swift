import Foundation
import Testing
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
}
