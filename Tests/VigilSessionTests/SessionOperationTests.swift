import Foundation
import Testing
import VigilAlarms
import VigilCore
import VigilInsights
import VigilLogSource
import VigilModel
import VigilTestSupport

@testable import VigilSession

/// The shell commands and the `vigil` subcommands call one session operation each, so the same input gives
/// the same output in both forms.
@Suite struct SessionOperationTests {
  static let query = "stats count(*) as events, avg(latency_ms) as latency by level | sort level"
  static let logs = "samples/logs/fraud-scorer.jsonl"

  /// The shell's table (bars a third of the display width: 40 at width 120) is `vigil query`'s table.
  @Test func theShellQueryPrintsTheSubcommandsTable() throws {
    let interpreter = Interpreter(baseDirectory: TestPaths.sample("."))
    interpreter.display.width = 120
    let outcomes = interpreter.execute(
      """
      stack payments --suffix dev
      service fraud-scorer --lambda
      load logs/fraud-scorer.jsonl into fraud-scorer
      query fraud-scorer | \(Self.query)
      """)
    let shell = try #require(outcomes.last)
    #expect(shell.status == .ok)
    let binary = try VigilBinary.run(["query", Self.query, Self.logs])
    #expect(binary.status == 0)
    #expect(shell.output + "\n" == binary.stdout)
    #expect(
      binary.stdout.hasPrefix("level  events  latency"), "a table with a header row, got: \(binary.stdout.prefix(200))")
  }

  /// `LogsQuery`, as a library user calls it, gives `vigil query`'s output in every format.
  @Test(arguments: LogsQuery.Format.allCases)
  func theOperationPrintsWhatTheSubcommandPrints(format: LogsQuery.Format) throws {
    let path = TestPaths.packageRoot.appendingPathComponent(Self.logs).path
    let run = try LogsQuery(try QueryParser.parse(Self.query), threads: 1).run([LogFileSource(path: path)])
    let binary = try VigilBinary.run(["query", Self.query, Self.logs, "--format", format.rawValue])
    #expect(binary.status == 0)
    #expect(LogsQuery.render(run.result, format: format) == binary.stdout)
    #expect(run.skipped.count == 0)
  }

  @Test(arguments: AlarmReplay.Format.allCases)
  func alarmReplayPrintsWhatPreviewAlarmPrints(format: AlarmReplay.Format) throws {
    let alarms = TestPaths.sample("alarms/describe-alarms.json").path
    let data = ["payment-app.json", "payment-ecs.json"].map { TestPaths.sample("metrics/" + $0).path }
    let replay = try AlarmReplay(describeAlarmsFile: alarms, metricDataFiles: data)
    let library = replay.render(try replay.run(), format: format)
    let binary = try VigilBinary.run(["preview-alarm", alarms, "--data"] + data + ["--format", format.rawValue])
    #expect(binary.status == 0)
    #expect(library == binary.stdout)
    #expect(library.contains("payment-api-p99-latency"))
  }

  /// `preview alarm` in the shell shows the state timeline `AlarmReplay` renders for the stack's alarms.
  @Test func theShellPreviewEndsWithTheReplaysTimeline() throws {
    let replay = try SessionReplay(file: TestPaths.sample("incident.vigil").path)
    let preview = try #require(replay.interpreter.execute("preview alarm api-p99").first)
    #expect(preview.status == .ok)
    let result = try replay.interpreter.evaluateAlarms()
    #expect(preview.output.hasSuffix(AlarmReplay.timeline(result, only: ["api-p99"])))
  }

  @Test func anUnreadableNotebookIsAnErrorNotAMessageOnStandardError() {
    #expect(throws: NotebookReadError("vigil: error: cannot read notebook /nonexistent/x.md")) {
      try NotebookDocument.read("/nonexistent/x.md")
    }
    var problems: [String] = []
    let status = NotebookReplay.run("/nonexistent/x.md", emit: { _ in }, problem: { problems.append($0.description) })
    #expect(status == 2)
    #expect(problems == ["vigil: error: cannot read notebook /nonexistent/x.md"])
  }

  /// Loading a large file reports progress through the callback (the shell draws the bar), every 100,000 lines.
  @Test func loadProgressIsReportedThroughTheCallback() throws {
    let directory = TestPaths.temporaryDirectory()
    let url = directory.appendingPathComponent("big.jsonl")
    let line = #"{"timestamp":"2026-03-02T09:00:00.000Z","level":"INFO","message":"padding padding padding padding padding"}"# + "\n"
    let count = (16 << 20) / line.utf8.count + 1
    try String(repeating: line, count: count).write(to: url, atomically: true, encoding: .utf8)
    let interpreter = Interpreter(baseDirectory: directory)
    var reports: [LoadProgress] = []
    interpreter.onLoadProgress = { reports.append($0) }
    let outcomes = interpreter.execute("stack shop --suffix dev\nservice api --lambda\nload big.jsonl into api")
    #expect(outcomes.map(\.status) == [.ok, .ok, .ok])
    let size = count * line.utf8.count
    #expect(
      reports == (1...(count / 100_000)).map {
        LoadProgress(label: "big.jsonl", bytesRead: $0 * 100_000 * line.utf8.count, totalBytes: size, lines: $0 * 100_000, finished: false)
      } + [LoadProgress(label: "big.jsonl", bytesRead: size, totalBytes: size, lines: count, finished: true)])
  }

  /// Help lists a command under Stack because the registry records it as a stack command, whatever its spec says.
  @Test func helpGroupsCommandsByHowTheyAreRecorded() throws {
    let misleading = CommandSpec("widget", summary: "Define a widget.", example: "widget w", changesStack: false)
    let view = CommandSpec("peek", summary: "Look at something.", example: "peek", changesStack: true)
    let commands = [
      SessionCommand(.stack, misleading) { _, _ throws(Diagnostic) in CommandOutcome(.ok, "") },
      SessionCommand(.view, view) { _, _ throws(Diagnostic) in CommandOutcome(.ok, "") },
    ]
    #expect(
      try HelpText.render([], commands: commands) == """
        Commands (one per line; # comments; \\ continues a line; 'help COMMAND' for details):

        Stack:
          widget  Define a widget.

        Session and data:
          peek    Look at something.
        """)
  }

  /// With policy warnings on, each accepted stack command checks the stack once (the first also checks the empty one).
  @Test func eachAcceptedStackCommandCostsOnePolicyCheck() {
    let interpreter = Interpreter()
    interpreter.policyWarnings = true
    let outcomes = interpreter.execute(
      """
      stack shop --suffix dev
      service api --lambda
      topic oncall --email a@example.com
      """)
    #expect(outcomes.map(\.status) == [.ok, .ok, .ok])
    #expect(interpreter.policyWatch.checks == 4)
  }
}
