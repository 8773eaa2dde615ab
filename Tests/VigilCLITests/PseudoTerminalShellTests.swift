import Foundation
import Glibc
import Testing
import VigilTestSupport

/// Drives the real `vigil` binary through a pseudo-terminal, as a person at a keyboard would.
@Suite(.serialized) struct PseudoTerminalShellTests {
  static var binary: URL { VigilBinary.url }

  final class Terminal {
    let master: Int32
    let process = Process()
    var transcript = ""
    /// Where the next search starts, so each wait looks only at new output.
    var searchFrom = 0

    init(arguments: [String], environment: [String: String]) throws {
      var master: Int32 = 0, slave: Int32 = 0
      var size = winsize(ws_row: 40, ws_col: 160, ws_xpixel: 0, ws_ypixel: 0)
      guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw POSIXError(.EIO) }
      self.master = master
      let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
      process.executableURL = PseudoTerminalShellTests.binary
      process.arguments = arguments
      process.environment = environment
      process.standardInput = handle
      process.standardOutput = handle
      process.standardError = handle
      try process.run()
      let flags = fcntl(master, F_GETFL)
      _ = fcntl(master, F_SETFL, flags | O_NONBLOCK)
    }

    func type(_ text: String) { _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, text.utf8.count) } }

    /// Reads until `needle` appears in the transcript (after `from`), or times out.
    @discardableResult
    func waitFor(_ needle: String, timeout: Double = 10) -> Bool {
      let deadline = Date().addingTimeInterval(timeout)
      var buffer = [UInt8](repeating: 0, count: 4096)
      while Date() < deadline {
        let n = read(master, &buffer, buffer.count)
        if n > 0 { transcript += String(decoding: buffer[0..<n], as: UTF8.self) }
        let unread = transcript.utf8.dropFirst(searchFrom)
        if let range = String(decoding: unread, as: UTF8.self).range(of: needle) {
          searchFrom += String(decoding: unread, as: UTF8.self)[..<range.upperBound].utf8.count
          return true
        }
        if n <= 0 { usleep(20_000) }
      }
      return false
    }

    private var closed = false

    /// Idempotent: a second close must not close a descriptor number another test may have reused.
    func close() {
      guard !closed else { return }
      closed = true
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
      Glibc.close(master)
    }
  }

  @Test func typingCompletionHistoryErrorAndSave() throws {
    let home = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    let environment = ["HOME": home.path, "XDG_STATE_HOME": home.appendingPathComponent("state").path, "TERM": "xterm", "LANG": "C.UTF-8"]
    let terminal = try Terminal(arguments: ["shell"], environment: environment)
    defer { terminal.close() }
    #expect(terminal.waitFor("vigil> "))

    // Typing a command.
    terminal.type("stack payments --suffix dev\r")
    #expect(terminal.waitFor("defined stack payments (suffix dev, region us-east-1)"))
    #expect(terminal.waitFor("payments/dev> "))

    // Tab completion of a command name and an option: "servi<TAB>" → "service ", "--ec<TAB>" → "--ecs".
    terminal.type("servi\t")
    #expect(terminal.waitFor("ce "))  // the terminal echoes only the completed part
    terminal.type("payment-api --ec\t--cluster payments\r")
    #expect(terminal.waitFor("defined ECS service payment-api on cluster payments"))
    #expect(terminal.waitFor("payments/dev> "))

    // Completion of a defined resource name.
    terminal.type("show payment-ap\t\r")
    #expect(terminal.waitFor("service payment-api-dev (ECS)"))
    #expect(terminal.waitFor("payments/dev> "))

    // An error keeps the shell running and shows the caret.
    terminal.type("alarm api-p99 --metric Payments/LatencyMs --treshold 800\r")
    #expect(terminal.waitFor("did you mean --threshold?"))
    #expect(terminal.waitFor("^"))
    #expect(terminal.waitFor("payments/dev> "))

    // History recall: Up arrow brings back the failed line; fix it by editing the end.
    terminal.type("\u{1B}[A")
    terminal.type("\u{1B}[F")  // End
    terminal.type(" --comparison GreaterThanThreshold\r")
    #expect(terminal.waitFor("unknown option --treshold"))
    #expect(terminal.waitFor("payments/dev> "))
    terminal.type("alarm api-p99 --metric Payments/LatencyMs --threshold 800\r")
    #expect(terminal.waitFor("defined alarm api-p99: GreaterThanThreshold 800"))
    #expect(terminal.waitFor("payments/dev> "))

    // save writes exactly the accepted commands.
    let session = home.appendingPathComponent("saved.vigil")
    terminal.type("save \(session.path)\r")
    #expect(terminal.waitFor("saved 3 command(s)"))
    #expect(terminal.waitFor("payments/dev> "))
    // Ctrl-R searches the history backwards; Enter runs the line it found.
    terminal.type("\u{12}stack")
    #expect(terminal.waitFor("bck:s"))  // libedit redraws the search prompt one character at a time
    terminal.type("\r")
    #expect(terminal.waitFor("updated stack payments (suffix dev, region us-east-1)"))
    #expect(terminal.waitFor("payments/dev> "))
    // Ctrl-C at the prompt abandons the typed line; the shell goes on.
    terminal.type("key half-typed")
    usleep(200_000)
    kill(terminal.process.processIdentifier, SIGINT)
    #expect(terminal.waitFor("^C"))
    #expect(terminal.waitFor("payments/dev> "))  // type only once libedit owns the terminal again
    #expect(terminal.process.isRunning)

    terminal.type("quit\r")
    // Never hang the suite: give the shell 10 s to leave.
    let deadline = Date().addingTimeInterval(10)
    while terminal.process.isRunning && Date() < deadline { usleep(20_000) }
    #expect(!terminal.process.isRunning, "the shell did not leave on quit")
    terminal.close()
    let saved = try String(contentsOf: session, encoding: .utf8)
    #expect(
      saved == """
        # Vigil session: replay with `vigil run FILE`, export with `vigil export FILE --out DIR`.
        stack payments --suffix dev
        service payment-api --ecs --cluster payments
        alarm api-p99 --metric Payments/LatencyMs --threshold 800

        """)
    // The history file persisted the lines (libedit's own format).
    let history = try String(contentsOf: home.appendingPathComponent("state/vigil/history"), encoding: .utf8)
    #expect(history.hasPrefix("_HiStOrY_V2_"))
    #expect(history.contains("stack\\040payments\\040--suffix\\040dev"))
  }

  @Test func journalKeepsCommandsOfAKilledShellAndOffersRecovery() throws {
    let home = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    let environment = ["HOME": home.path, "XDG_STATE_HOME": home.appendingPathComponent("state").path, "TERM": "xterm", "LANG": "C.UTF-8"]
    let first = try Terminal(arguments: ["shell"], environment: environment)
    #expect(first.waitFor("vigil> "))
    first.type("stack payments --suffix dev\r")
    #expect(first.waitFor("payments/dev> "))
    first.type("key logs\r")
    #expect(first.waitFor("defined KMS key logs"))
    first.type("key scratch\r")
    #expect(first.waitFor("defined KMS key scratch"))
    // An undone command must not come back on recovery.
    first.type("undo\r")
    #expect(first.waitFor("undid: key scratch"))
    kill(first.process.processIdentifier, SIGKILL)
    first.close()

    let second = try Terminal(arguments: ["shell"], environment: environment)
    defer { second.close() }
    #expect(second.waitFor("left 2 unsaved command(s)"))
    #expect(second.waitFor("Recover them? [Y/n] "))
    second.type("y\r")
    #expect(second.waitFor("recovered 2 command(s)"))
    second.type("show logs\r")
    #expect(second.waitFor("KMS key logs (alias/logs-key-dev)"))
    second.type("show scratch\r")
    #expect(second.waitFor("nothing named 'scratch'"))
  }
}
