import Foundation
import Glibc
import Testing
import VigilCharts
import VigilTestSupport

@testable import VigilCLI

/// Colour and the ASCII fallback of subcommand output: through the binary on a pty (a terminal), and the pure parts.
@Suite(.serialized) struct TerminalOutputTests {
  typealias Terminal = PseudoTerminalShellTests.Terminal

  static func run(_ arguments: [String], _ environment: [String: String], until needle: String) throws -> String {
    let home = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    var full = ["HOME": home.path, "TERM": "xterm"]
    full.merge(environment) { _, new in new }
    let terminal = try Terminal(arguments: arguments, environment: full)
    defer { terminal.close() }
    #expect(terminal.waitFor(needle, timeout: 60), "\(needle)")
    return terminal.transcript
  }

  @Test func runColoursItsVerdictOnATerminalUnlessNoColor() throws {
    let coloured = try Self.run(
      ["run", TestPaths.sample("incident.vigil").path], ["LANG": "C.UTF-8"], until: "all expectations held\u{1B}[0m\r\n")
    #expect(coloured.contains("\u{1B}[32m\(TestPaths.sample("incident.vigil").path): 15 command(s) replayed"))
    let plain = try Self.run(
      ["run", TestPaths.sample("incident.vigil").path], ["LANG": "C.UTF-8", "NO_COLOR": "1"], until: "all expectations held\r\n")
    #expect(!plain.contains("\u{1B}["))
  }

  @Test func testColoursItsSummaryOnATerminal() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let good = directory.appendingPathComponent("good.vigil"), bad = directory.appendingPathComponent("bad.vigil")
    try "stack p --suffix dev\nkey logs\n".write(to: good, atomically: true, encoding: .utf8)
    try "stack p --suffix dev\nkey Bad\n".write(to: bad, atomically: true, encoding: .utf8)
    let passed = try Self.run(["test", good.path], ["LANG": "C.UTF-8"], until: "failed\u{1B}[0m\r\n")
    #expect(passed == "\u{1B}[32m1 passed, 0 failed\u{1B}[0m\r\n")
    let invalid = try Self.run(["test", bad.path], ["LANG": "C.UTF-8", "NO_COLOR": ""], until: "invalid\u{1B}[0m\r\n")
    #expect(invalid.hasSuffix("\u{1B}[1;31m0 passed, 0 failed, 1 invalid\u{1B}[0m\r\n"))
  }

  @Test func errorsAreRedOnATerminal() throws {
    let transcript = try Self.run(["expot"], ["LANG": "C.UTF-8"], until: "did you mean 'export'?\r\n")
    #expect(transcript == "vigil: \u{1B}[1;31merror:\u{1B}[0m unknown command 'expot'\r\ndid you mean 'export'?\r\n")
  }

  @Test func queryBarsAreASCIIUnderTheCLocale() throws {
    let transcript = try Self.run(
      ["query", "stats count(*) by bin(5m)", TestPaths.sample("logs/payment-api.jsonl.gz").path], ["LANG": "C"],
      until: " scanned, 4273426 bytes\r\n")
    #expect(transcript.contains("2026-03-02 10:50:00.000  625       #######################################\r\n"))
    #expect(transcript.unicodeScalars.allSatisfy { $0.isASCII })
  }

  @Test func asciiFallbackAndLocale() {
    #expect(TerminalOutput.ascii("p99 ≥ 800 → ALARM … ×3 █░ ⣿⠀│") == "p99 >= 800 -> ALARM ... x3 #- * |")
    #expect(TerminalCapabilities.unicodeEnabled(environment: ["LANG": "C"]) == false)
    #expect(TerminalCapabilities.unicodeEnabled(environment: [:]) == false)
    #expect(TerminalCapabilities.unicodeEnabled(environment: ["LANG": "en_US.UTF-8"]) == true)
    #expect(TerminalCapabilities.unicodeEnabled(environment: ["LANG": "en_US.UTF-8", "LC_ALL": "C"]) == false)
    #expect(TerminalCapabilities.unicodeEnabled(environment: ["LC_CTYPE": "C.utf8", "LANG": "C"]) == true)
  }
}
