import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// What notebook 09 quotes from the command line, held true through the real binary: the Lambda log-format trap as
/// `vigil check` reports it, and VIGIL-ALM-004 in `vigil check` and `vigil run --strict`.
@Suite struct MistakesNotebookTests {
  /// The ```text blocks of notebook 09, in order.
  static func textBlocks() throws -> [String] {
    let url = TestPaths.packageRoot.appendingPathComponent("notebooks/09-mistakes-caught-early.md")
    let text = try String(contentsOf: url, encoding: .utf8)
    return text.components(separatedBy: "```text\n").dropFirst().map { $0.components(separatedBy: "```\n")[0] }
  }

  @Test func theLogFormatTrapIsReportedAsTheNotebookSays() throws {
    let blocks = try Self.textBlocks()
    let session = try #require(blocks.first { $0.hasPrefix("stack payments") })
    let finding = try #require(blocks.first { $0.hasPrefix("authorizer.vigil:3:1: VIGIL-LMB-001") })
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try session.write(to: directory.appendingPathComponent("authorizer.vigil"), atomically: true, encoding: .utf8)
    let result = try VigilBinary.run(["check", "authorizer.vigil"], in: directory)
    #expect(result.status == 1)
    #expect(result.stdout.contains(finding), "\(result.stdout)")
  }

  @Test func anIncidentNoListedAlarmPagesForFailsCheckAndRunStrict() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try """
    stack payments --suffix dev --region us-east-1
    service payment-api --ecs --cluster payments
    series Payments/payment-api/Errors '0x60' --start 2026-03-02T10:00:00Z
    alarm api-errors --metric Payments/payment-api/Errors --stat Sum --period 1m --when '> 5'
    incident 2026-03-02T10:30:00Z 2026-03-02T10:40:00Z --alarms api-errors

    """.write(to: directory.appendingPathComponent("quiet.vigil"), atomically: true, encoding: .utf8)
    let message =
      "quiet.vigil:5:1: VIGIL-ALM-004: alarm api-errors never reaches ALARM during the incident 2026-03-02T10:30:00Z .. "
      + "2026-03-02T10:40:00Z (OK throughout)"
    let check = try VigilBinary.run(["check", "quiet.vigil"], in: directory)
    #expect(check.status == 1)
    #expect(check.stdout.contains(message + "\n  why: An alarm that stays OK through a known incident"), "\(check.stdout)")
    let run = try VigilBinary.run(["run", "quiet.vigil"], in: directory)
    #expect(run.status == 0)
    #expect(run.stderr == message + "\n")
    let strict = try VigilBinary.run(["run", "quiet.vigil", "--strict"], in: directory)
    #expect(strict.status == 1)
    #expect(strict.stderr == message + "\n")
    #expect(strict.stdout == "quiet.vigil: 1 wiring finding(s) (--strict)\n")
  }
}
