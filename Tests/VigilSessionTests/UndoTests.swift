import Foundation
import Testing
import VigilTestSupport

@testable import VigilSession

/// `undo` goes back to the point before the undone command: nothing is replayed, loaded data stays loaded.
@Suite struct UndoTests {
  @Test func undoKeepsLoadedDataWithoutReadingItsFilesAgain() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let metrics = directory.appendingPathComponent("ecs.json")
    try FileManager.default.copyItem(at: TestPaths.sample("metrics/payment-ecs.json"), to: metrics)
    let interpreter = Interpreter(baseDirectory: directory)
    let outcomes = interpreter.execute("stack payments --suffix dev\nload-metrics ecs.json\nkey logs")
    #expect(outcomes.map(\.status) == [.ok, .ok, .ok])
    // Replaying `load-metrics` now would fail: the data must come from the session, not from the file.
    try FileManager.default.removeItem(at: metrics)
    #expect(interpreter.execute("undo")[0].output == "undid: key logs")
    #expect(interpreter.entries.map(\.text) == ["stack payments --suffix dev", "load-metrics ecs.json"])
    #expect(interpreter.stack.keys.isEmpty)
    #expect(interpreter.metricCompletionNames == ["AWS/ECS/CPUUtilization", "AWS/ECS/MemoryUtilization"])
    // Undoing the load itself takes its data away.
    #expect(interpreter.execute("undo")[0].output == "undid: load-metrics ecs.json")
    #expect(interpreter.metricCompletionNames == [])
    #expect(interpreter.stack.environment?.stackName == "payments")
  }

  @Test func undoInTheSampleIncidentGivesBackTheSamePreview() throws {
    let interpreter = Interpreter(baseDirectory: TestPaths.packageRoot.appendingPathComponent("samples"))
    _ = interpreter.execute(try String(contentsOf: TestPaths.sample("incident.vigil"), encoding: .utf8), file: "incident.vigil")
    let before = interpreter.execute("preview alarm api-p99")[0].output
    let stack = interpreter.stack
    #expect(interpreter.execute("alarm api-p99 --metric Payments/LatencyMs --stat p99 --when '> 100'")[0].status == .ok)
    #expect(interpreter.execute("preview alarm api-p99")[0].output != before)
    let clock = ContinuousClock()
    var undo: [CommandOutcome] = []
    let elapsed = clock.measure { undo = interpreter.execute("undo") }
    print("undo in the sample incident: \(elapsed)")
    #expect(undo[0].output == "undid: alarm api-p99 --metric Payments/LatencyMs --stat p99 --when '> 100' (and the 1 view command(s) after it)")
    #expect(interpreter.stack == stack)
    #expect(interpreter.execute("preview alarm api-p99")[0].output == before)
  }

  @Test func aRejectedCommandLeavesTheSessionAsItWas() throws {
    let interpreter = Interpreter()
    _ = interpreter.execute("stack payments --suffix dev\nkey logs")
    let stack = interpreter.stack
    // A session that fails half-way: its first commands are taken back without replaying this session.
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "key more\nkey Bad\n".write(to: directory.appendingPathComponent("half.vigil"), atomically: true, encoding: .utf8)
    let outcome = interpreter.execute("load \(directory.path)/half.vigil")[0]
    #expect(outcome.status == .invalid)
    #expect(interpreter.stack == stack)
    #expect(interpreter.entries.map(\.text) == ["stack payments --suffix dev", "key logs"])
    #expect(interpreter.execute("undo")[0].output == "undid: key logs")
  }
}
