import Foundation
import Testing
import VigilTestSupport

@testable import VigilSession

/// Issue 16: one path rule, remove, compact save, fmt and the behavioural diff, end to end through `vigil`.
@Suite struct SessionReviewTests {
  /// `root/a` holds a session and its data; nothing else.
  static func workspace() throws -> URL {
    let root = TestPaths.temporaryDirectory()
    for folder in ["a/data", "b", "c"] {
      try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    try FileManager.default.copyItem(at: TestPaths.sample("payments.vigil"), to: root.appendingPathComponent("a/payments.vigil"))
    try FileManager.default.copyItem(
      at: TestPaths.sample("metrics/payment-ecs.json"), to: root.appendingPathComponent("a/data/ecs.json"))
    return root
  }

  @Test func savedFromOneFolderIntoAnotherReplaysFromAThird() throws {
    let root = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: root) }
    let shell = try NotebookCommandTests.vigil(
      ["shell"], in: root.appendingPathComponent("a"),
      input: "load payments.vigil\nload-metrics data/ecs.json\nsave ../b/s.vigil\nsave --notebook ../b/n.md\n")
    #expect(shell.status == 0)
    let saved = try String(contentsOf: root.appendingPathComponent("b/s.vigil"), encoding: .utf8)
    #expect(saved.hasSuffix("load ../a/payments.vigil\nload-metrics ../a/data/ecs.json\n"))
    let run = try NotebookCommandTests.vigil(["run", "../b/s.vigil"], in: root.appendingPathComponent("c"))
    #expect(run.output == "../b/s.vigil: 2 command(s) replayed, all expectations held\n")
    #expect(run.status == 0)
    let notebook = try NotebookCommandTests.vigil(["test", "../b/n.md"], in: root.appendingPathComponent("c"))
    #expect(notebook.output == "2 passed, 0 failed\n")
  }

  @Test func typedPathsResolveAgainstTheCurrentDirectoryInAShellOpenedOnAFile() throws {
    let root = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: root) }
    try "load payments.vigil\n".write(to: root.appendingPathComponent("a/open.vigil"), atomically: true, encoding: .utf8)
    let shell = try NotebookCommandTests.vigil(["shell", "a/open.vigil"], in: root, input: "load-metrics nope.json\nsave here.vigil\n")
    #expect((shell.output + shell.errors).contains("cannot read nope.json: no such file (looked in \(root.standardizedFileURL.path))"))
    let saved = try String(contentsOf: root.appendingPathComponent("here.vigil"), encoding: .utf8)
    #expect(saved.hasSuffix("\nload a/payments.vigil\n"))
  }

  @Test func removeNamesDependantsAndCascadeRemovesThem() throws {
    let interpreter = Interpreter(baseDirectory: TestPaths.sample("payments.vigil").deletingLastPathComponent())
    #expect(interpreter.execute("load payments.vigil").map(\.status) == [.ok])
    let refused = interpreter.execute("remove api-p99")[0]
    #expect(
      refused.diagnostic?.message
        == "cannot remove alarm api-p99: used by composite payments-degraded (rule)")
    let ambiguous = interpreter.execute("remove payment-api")[0]
    #expect(ambiguous.diagnostic?.message == "'payment-api' names a service and a log group; say which")
    let removed = interpreter.execute("remove api-p99 --cascade")[0]
    #expect(removed.output == "removed composite platform-wide\nremoved composite payments-degraded\nremoved alarm api-p99")
    #expect(interpreter.stack.alarm("api-p99") == nil)
    #expect(interpreter.stack.composite("payments-degraded") == nil)
    let widget = interpreter.execute("dashboard overview add --text hello --title Notes\ndashboard overview remove Notes")
    #expect(widget.map(\.output) == ["added widget 'Notes' to dashboard overview", "removed widget 'Notes' from dashboard overview"])
  }

  @Test func compactSaveOfTheIncidentReplaysToTheSameStackAndPreviews() throws {
    let samples = TestPaths.sample("incident.vigil").deletingLastPathComponent()
    let interpreter = Interpreter(baseDirectory: samples)
    _ = interpreter.execute(try String(contentsOf: TestPaths.sample("incident.vigil"), encoding: .utf8), file: "incident.vigil")
    let out = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let target = out.appendingPathComponent("compact.vigil")
    #expect(interpreter.execute("save --compact \(target.path)")[0].output.hasSuffix("(compact: 3 view or superseded command(s) left out)"))
    let text = try String(contentsOf: target, encoding: .utf8)
    #expect(!text.contains("preview") && !text.contains("tune"))
    let replay = try SessionReplay(file: target.path)
    #expect(SessionCompaction.comparable(replay.interpreter.stack) == SessionCompaction.comparable(interpreter.stack))
    let exportBefore = try StackExport(interpreter).files.map(\.bytes)
    let exportAfter = try StackExport(replay.interpreter).files.map(\.bytes)
    #expect(exportBefore == exportAfter)
    let before = try interpreter.evaluateAlarms(), after = try replay.interpreter.evaluateAlarms()
    #expect(AlarmReplay.timeline(before) == AlarmReplay.timeline(after))
    #expect(before.notifications == after.notifications)
  }

  @Test func compactKeepsTheLastDefinitionWhereTheResourceWasIntroduced() throws {
    let entries = """
      stack s --suffix dev
      service api --lambda
      alarm a --metric X/Y --stat Sum --period 1m --when '> 1' --service api
      composite c --rule 'ALARM(a)'
      alarm a --metric X/Y --stat Sum --period 1m --when '> 5' --service api
      incident 2026-03-02T10:15:00Z 2026-03-02T10:30:00Z
      show a
      """
    let interpreter = Interpreter()
    #expect(interpreter.execute(entries).allSatisfy { $0.status == .ok })
    let compacted = try SessionCompaction.compact(interpreter.entries).map(\.text)
    #expect(
      compacted == [
        "stack s --suffix dev", "service api --lambda", "alarm a --metric X/Y --stat Sum --period 1m --when '> 5' --service api",
        "composite c --rule 'ALARM(a)'", "incident 2026-03-02T10:15:00Z 2026-03-02T10:30:00Z",
      ])
  }

  @Test func fmtCheckFailsThenFmtRewritesAndKeepsComments() throws {
    let root = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let file = root.appendingPathComponent("s.vigil")
    try "# Header\n\nstack s --suffix dev\n# the key\nkey k\nshow k\nkey k --rotation on\n".write(to: file, atomically: true, encoding: .utf8)
    let check = try NotebookCommandTests.vigil(["fmt", "s.vigil", "--check"], in: root)
    #expect(check.status == 1)
    let fmt = try NotebookCommandTests.vigil(["fmt", "s.vigil"], in: root)
    #expect(fmt.status == 0)
    #expect(try String(contentsOf: file, encoding: .utf8) == "# Header\n\nstack s --suffix dev\nkey k --rotation on\n")
    #expect(try NotebookCommandTests.vigil(["fmt", "s.vigil", "--check"], in: root).status == 0)
  }

  @Test func diffOnAChangedThresholdGivesThePreviewsNotificationCounts() throws {
    let root = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: root) }
    let original = try String(contentsOf: root.appendingPathComponent("a/payments.vigil"), encoding: .utf8)
    let changed = original.replacingOccurrences(
      of: "--dimension ServiceName=payment-api \\\n  --stat Average --period 5m --when '> 80'",
      with: "--dimension ServiceName=payment-api \\\n  --stat Average --period 5m --when '> 60'")
    #expect(changed != original)
    try changed.write(to: root.appendingPathComponent("a/changed.vigil"), atomically: true, encoding: .utf8)
    // The two previews, each on its own.
    var counts: [Int] = []
    for name in ["payments.vigil", "changed.vigil"] {
      let replay = try SessionReplay(file: root.appendingPathComponent("a/\(name)").path)
      _ = replay.interpreter.execute("load-metrics data/ecs.json")
      counts.append(try replay.interpreter.evaluateAlarms().notifications.count)
    }
    let run = try NotebookCommandTests.vigil(
      ["diff", "a/payments.vigil", "a/changed.vigil", "--data", "a/data/ecs.json"], in: root)
    #expect(run.status == 0)
    #expect(
      run.output.hasPrefix(
        "Stack:\n  ~ alarm api-cpu: --when '> 80' → '> 60'\n  ~ alarm api-memory: --when '> 80' → '> 60'\nBehaviour (before → after):\n"))
    #expect(run.output.contains("  composite api-saturated: transitions 3 → 2, minutes in ALARM 12 → 118, notifications 3 → 2\n"))
    #expect(run.output.contains("  payments-team-topic-dev: 4 → 3\n"))
    #expect(run.output.hasSuffix("Total notifications: \(counts[0]) → \(counts[1])\n"))
    #expect(counts == [9, 8])
    let more = try NotebookCommandTests.vigil(
      ["diff", "a/changed.vigil", "a/payments.vigil", "--data", "a/data/ecs.json", "--format", "markdown", "--fail-on-more-pages"],
      in: root)
    // Back from 60 to 80 sends one more notification: CI fails the change.
    #expect(more.status == 1)
    #expect(more.errors == "vigil: the new stack sends more notifications (8 → 9)\n")
    #expect(more.output.hasPrefix("### Stack changes\n\n```diff\n~ alarm api-cpu: --when '> 60' → '> 80'\n~ alarm api-memory:"))
    #expect(more.output.hasSuffix("**Total notifications: 8 → 9**\n"))
  }
}
