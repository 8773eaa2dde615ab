import Foundation
import Glibc
import Testing
import VigilTestSupport

/// Ctrl-C during a long command and Ctrl-R followed by an arrow key, through the real binary under a pty.
@Suite(.serialized) struct ShellInterruptTests {
  typealias Terminal = PseudoTerminalShellTests.Terminal

  static func environment(_ home: URL) -> [String: String] {
    ["HOME": home.path, "XDG_STATE_HOME": home.appendingPathComponent("state").path, "TERM": "xterm", "LANG": "C.UTF-8"]
  }

  /// A JSON-lines log big enough that loading it takes seconds (and draws a progress bar): 3,000,000 events.
  static func writeBigLog(to url: URL) throws {
    var chunk = ""
    for i in 0..<10_000 {
      chunk += "{\"timestamp\":\"2026-03-02T10:\(String(format: "%02d", i % 60)):00Z\",\"level\":\"INFO\",\"latency_ms\":\(i % 900),\"path\":\"/pay\"}\n"
    }
    FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    let data = Data(chunk.utf8)
    for _ in 0..<300 { handle.write(data) }
    try handle.close()
  }

  @Test func ctrlCDuringALongLoadReturnsToThePromptWithTheSessionIntact() throws {
    let home = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    let big = home.appendingPathComponent("big.jsonl")
    try Self.writeBigLog(to: big)
    let terminal = try Terminal(arguments: ["shell"], environment: Self.environment(home))
    defer { terminal.close() }
    #expect(terminal.waitFor("vigil> "))
    terminal.type("stack payments --suffix dev\r")
    #expect(terminal.waitFor("payments/dev> "))
    terminal.type("service payment-api --ecs --cluster payments\r")
    #expect(terminal.waitFor("payments/dev> "))

    terminal.type("load \(big.path) into payment-api\r")
    // The progress bar shows the load is under way; then Ctrl-C.
    #expect(terminal.waitFor("%", timeout: 60))
    kill(terminal.process.processIdentifier, SIGINT)
    #expect(terminal.waitFor("interrupted: the command was stopped; the session is as it was before it", timeout: 20))
    #expect(terminal.waitFor("payments/dev> "))
    #expect(terminal.process.isRunning)

    // The session is intact: the two commands before the load, and nothing loaded.
    terminal.type("history\r")
    #expect(terminal.waitFor("1  stack payments --suffix dev\r\n2  service payment-api --ecs --cluster payments\r\npayments/dev> "))
    // The same file loads when asked again: it was not left half-loaded or marked loaded.
    terminal.type("quit\r")
    let deadline = Date().addingTimeInterval(10)
    while terminal.process.isRunning && Date() < deadline { usleep(20_000) }
    #expect(!terminal.process.isRunning, "the shell did not leave on quit")
  }

  /// `vigil run` draws the load of a large file on the terminal, in ASCII under `LANG=C`, and clears it.
  @Test func runShowsLoadProgressOnATerminal() throws {
    let home = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    try Self.writeBigLog(to: home.appendingPathComponent("big.jsonl"))
    let session = home.appendingPathComponent("big.vigil")
    try "stack payments --suffix dev\nservice payment-api --ecs --cluster payments\nload big.jsonl into payment-api\n".write(
      to: session, atomically: true, encoding: .utf8)
    var environment = Self.environment(home)
    environment["LANG"] = "C"
    let terminal = try Terminal(arguments: ["run", session.path], environment: environment)
    defer { terminal.close() }
    #expect(terminal.waitFor("big.jsonl [#", timeout: 60))
    #expect(terminal.waitFor("\r\u{1B}[2K\u{1B}[32m\(session.path): 3 command(s) replayed, all expectations held", timeout: 120))
  }

  /// `vigil test` past its first second names the document it starts on, and clears the line before the summary.
  @Test func testShowsWhichDocumentItIsOnOnceItTakesASecond() throws {
    let home = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    let documents = home.appendingPathComponent("docs")
    try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
    try Self.writeBigLog(to: documents.appendingPathComponent("big.jsonl"))
    try "stack payments --suffix dev\nservice payment-api --ecs --cluster payments\nload big.jsonl into payment-api\n".write(
      to: documents.appendingPathComponent("a.vigil"), atomically: true, encoding: .utf8)
    try "stack payments --suffix dev\n".write(to: documents.appendingPathComponent("b.vigil"), atomically: true, encoding: .utf8)
    var environment = Self.environment(home)
    environment["NO_COLOR"] = "1"
    let terminal = try Terminal(arguments: ["test", documents.path], environment: environment)
    defer { terminal.close() }
    #expect(terminal.waitFor("\r\u{1B}[2Ktesting \(documents.path)/b.vigil …", timeout: 120))
    #expect(terminal.waitFor("\r\u{1B}[2K2 passed, 0 failed\r\n", timeout: 60))
  }

  @Test func anArrowKeyEndsAHistorySearchAndKeepsTheMatch() throws {
    let home = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    let terminal = try Terminal(arguments: ["shell"], environment: Self.environment(home))
    defer { terminal.close() }
    #expect(terminal.waitFor("vigil> "))
    terminal.type("stack payments --suffix dev\r")
    #expect(terminal.waitFor("payments/dev> "))
    terminal.type("key logs\r")
    #expect(terminal.waitFor("payments/dev> "))
    // Ctrl-R, the search text, then Right arrow: the found line stays, the cursor moves, Enter runs it.
    terminal.type("\u{12}stack")
    #expect(terminal.waitFor("bck:s"))
    usleep(200_000)
    terminal.type("\u{1B}[C")
    usleep(200_000)
    terminal.type("\r")
    #expect(terminal.waitFor("updated stack payments (suffix dev, region us-east-1)"))
    #expect(terminal.waitFor("payments/dev> "))
    terminal.type("history\r")
    #expect(terminal.waitFor("3  stack payments --suffix dev\r\n"))
  }
}
