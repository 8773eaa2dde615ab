import Testing
import VigilSession

/// The registry says how each command is recorded; `history`, `save` and `undo` follow it.
@Suite struct CommandRegistryTests {
  let registry = CommandRegistry.standard

  @Test(arguments: [
    ("stack", CommandRecording.stack), ("alarm", .stack), ("topic", .stack),
    ("load", .data), ("load-metrics", .data), ("series", .data), ("incident", .data), ("simulate webhook-failure", .data),
    ("expect alarm", .data), ("expect notifications", .data),
    ("preview alarm", .view), ("preview composite", .view), ("tune", .view), ("test-pattern", .view), ("metrics", .view),
    ("query", .view),
    ("help", .unrecorded), ("show", .unrecorded), ("show dashboard", .unrecorded), ("history", .unrecorded),
    ("undo", .unrecorded), ("save", .unrecorded), ("save-query", .unrecorded), ("quit", .unrecorded),
  ])
  func eachCommandHasItsRecording(name: String, recording: CommandRecording) {
    #expect(registry.command(named: name)?.recording == recording)
  }

  @Test func everySpecTheParserKnowsIsRegisteredOnce() {
    let names = registry.specs.map(\.name)
    #expect(Set(names).count == names.count)
    #expect(Interpreter.allSpecs.map(\.name) == names)
  }

  @Test func aLineIsFoundByItsTwoWordNameFirst() {
    #expect(registry.recording(ofLine: "preview alarm api-p99 --from 2026-03-02T10:00:00Z") == .view)
    #expect(registry.recording(ofLine: "show dashboard overview") == .unrecorded)
    #expect(registry.recording(ofLine: "show api-p99") == .unrecorded)
    #expect(registry.recording(ofLine: "frobnicate") == nil)
  }

  @Test func viewsAreRecordedUnrecordedCommandsAreNotAndUndoPassesOverViews() {
    let interpreter = Interpreter()
    let session = """
      stack shop --suffix dev
      help
      service api --lambda
      show
      series Shop/api/Errors '1x5 9x5' --start 2026-03-02T10:00:00Z
      alarm api-errors --metric Shop/api/Errors --stat Sum --when '> 5'
      history
      preview alarm api-errors
      test-pattern ERROR
      """
    let outcomes = interpreter.execute(session)
    #expect(outcomes.count == 9)
    #expect(outcomes.dropLast().allSatisfy { $0.status == .ok })
    // test-pattern without loaded logs is rejected, so it is not recorded either.
    #expect(outcomes.last?.status == .invalid)
    #expect(
      interpreter.entries.map(\.text) == [
        "stack shop --suffix dev", "service api --lambda", "series Shop/api/Errors '1x5 9x5' --start 2026-03-02T10:00:00Z",
        "alarm api-errors --metric Shop/api/Errors --stat Sum --when '> 5'",
        "preview alarm api-errors",
      ])
    #expect(
      interpreter.execute("undo")[0].output
        == "undid: alarm api-errors --metric Shop/api/Errors --stat Sum --when '> 5' (and the 1 view command(s) after it)"
    )
    #expect(interpreter.execute("undo")[0].output == "undid: series Shop/api/Errors '1x5 9x5' --start 2026-03-02T10:00:00Z")
    #expect(interpreter.entries.map(\.text) == ["stack shop --suffix dev", "service api --lambda"])
  }
}
