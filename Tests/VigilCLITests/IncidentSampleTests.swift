import Foundation
import Testing
import VigilTestSupport

@testable import VigilCLI
@testable import VigilSession

/// The sample incident, end to end: logs → metric filters → alarms → composite → notifications.
@Suite struct IncidentSampleTests {
  static func run() throws -> (Interpreter, [CommandOutcome]) {
    let url = TestPaths.sample("incident.vigil")
    let interpreter = Interpreter(baseDirectory: url.deletingLastPathComponent())
    return (interpreter, interpreter.execute(try String(contentsOf: url, encoding: .utf8), file: "incident.vigil"))
  }

  @Test func everyExpectationHolds() throws {
    let (_, outcomes) = try Self.run()
    #expect(outcomes.filter { $0.status != .ok }.map(\.output) == [])
    #expect(outcomes.count == 15)
  }

  @Test func latencyAlarmFiresAtTheThirdSlowMinuteAndRecovers() throws {
    let (_, outcomes) = try Self.run()
    let preview = try #require(outcomes.first { $0.output.contains("Alarm preview") })
    #expect(
      preview.output.contains(
        "2026-03-02T10:18:00Z  api-p99  OK -> ALARM  Threshold Crossed: 3 out of the last 5 datapoints [2034.0 (02/03/26 10:17:00), 2099.0 (02/03/26 10:16:00), 1709.0 (02/03/26 10:15:00)] were greater than the threshold (800.0) (minimum 3 datapoints for OK -> ALARM transition)."
      ))
    #expect(preview.output.contains("2026-03-02T10:33:00Z  api-p99  ALARM -> OK"))
  }

  @Test func compositeNotifiesOnCallThreeTimes() throws {
    let (_, outcomes) = try Self.run()
    let composite = try #require(outcomes.first { $0.output.contains("Notifications from payments-degraded") })
    #expect(
      composite.output.contains(
        """
        Notifications from payments-degraded: 3
          2026-03-02T09:03:00Z  OK → oncall-topic-dev (released after WaitPeriod)
          2026-03-02T10:24:00Z  ALARM → oncall-topic-dev (released after WaitPeriod)
          2026-03-02T10:32:00Z  OK → oncall-topic-dev (released after WaitPeriod)

        """))
  }

  @Test func loadsEachSampleLogWithItsEventCount() throws {
    let (_, outcomes) = try Self.run()
    let loads = outcomes.map(\.output).filter { $0.hasPrefix("loaded logs/") }
    #expect(
      loads == [
        "loaded logs/payment-api.jsonl.gz into payment-api: 14213 event(s), jsonLines, 2026-03-02T09:00:00.010Z .. 2026-03-02T10:59:59.838Z",
        "loaded logs/fraud-scorer.jsonl into fraud-scorer: 3518 event(s), jsonLines, 2026-03-02T09:00:00.426Z .. 2026-03-02T10:59:55.187Z",
        "loaded logs/payment-authorizer.log into payment-authorizer: 12670 event(s), text, 2026-03-02T09:00:00.468Z .. 2026-03-02T10:59:55.400Z",
        "loaded logs/ledger-writer.log into ledger-writer: 7240 event(s), text, 2026-03-02T09:00:00.786Z .. 2026-03-02T10:59:55.677Z",
      ])
  }

  @Test func aBadFilterPatternIsRejectedWithACaretInsideTheCommand() {
    let interpreter = Interpreter()
    let outcomes = interpreter.execute(
      """
      stack payments --suffix dev
      service api --ecs --cluster c
      metric-filter e on api --pattern '{ $.level IS NOT NULL }' --metric E
      """, file: "s.vigil")
    #expect(outcomes.last?.status == .invalid)
    #expect(outcomes.last?.output.hasPrefix("s.vigil:3:") == true)
  }
}

@Suite struct LogCommandTests {
  static func interpreter() throws -> Interpreter {
    let interpreter = Interpreter(baseDirectory: TestPaths.packageRoot)
    let outcomes = interpreter.execute("load samples/payments.vigil\nload samples/logs/payment-api.jsonl.gz into payment-api")
    #expect(outcomes.allSatisfy { $0.status == .ok })
    return interpreter
  }

  @Test func countsMatchesOverLoadedLogs() throws {
    let interpreter = try Self.interpreter()
    #expect(interpreter.execute(#"test-pattern '{ $.level = "ERROR" }' payment-api --count"#)[0].output == "316")
    #expect(
      interpreter.execute(#"test-pattern '{ $.latency_ms > 2400 }' --limit 1"#)[0].output.hasSuffix(
        "5 of 14213 event(s) match (4 more not shown; --limit N)"))
  }

  @Test func metricsShowTheIncidentInTheFilterSeries() throws {
    let interpreter = try Self.interpreter()
    let output = interpreter.execute("metrics payment-api --period 5m")[0].output
    #expect(output.contains("api-latency → Payments/payment-api LatencyMs p99 per 5m: 24 datapoint(s), min 249, max 2050"))
    #expect(output.contains("api-errors → Payments/payment-api ErrorCount Sum per 5m: 24 datapoint(s), min 0, max 182"))
  }

  @Test func loadingRejectsAMissingServiceOrFile() throws {
    let interpreter = try Self.interpreter()
    let noService = interpreter.execute("load samples/logs/fraud-scorer.jsonl into fraud-scorr", file: "s.vigil")[0]
    #expect(noService.output.hasPrefix("s.vigil:1:43: error: unknown service 'fraud-scorr'; did you mean 'fraud-scorer'?"))
    let noFile = interpreter.execute("load nothing.log into payment-api", file: "s.vigil")[0]
    #expect(noFile.output.hasPrefix("s.vigil:1:6: error: cannot read nothing.log"))
  }
}

@Suite struct QueryCommandTests {
  @Test func runsAQueryOverLoadedLogsAndSavesIt() throws {
    let interpreter = try LogCommandTests.interpreter()
    let outcome = interpreter.execute(
      #"query payment-api | filter level = "ERROR" | stats count(*) as errors by bin(5m) | sort errors desc | limit 2"#)[0]
    #expect(
      outcome.output == """
        bin(5m)                  errors
        -----------------------  ------  --------------------------
        2026-03-02 10:20:00.000  182     ██████████████████████████
        2026-03-02 10:25:00.000  82      ████████████
        2 rows; 316 records matched, 14213 scanned, 4273426 bytes
        """)
    let saved = interpreter.execute("save-query errors-by-5m")[0]
    #expect(saved.output == "defined query definition errors-by-5m over payment-api")
    #expect(
      interpreter.entries.last?.text
        == #"query-definition errors-by-5m --query 'filter level = "ERROR" | stats count(*) as errors by bin(5m) | sort errors desc | limit 2' --logs payment-api"#
    )
  }

  @Test func queryErrorsPointIntoTheLine() throws {
    let interpreter = try LogCommandTests.interpreter()
    let outcome = interpreter.execute("query payment-api | stats count(*) | stats avg(x) | stats sum(y)", file: "s.vigil")[0]
    #expect(outcome.status == .invalid)
    #expect(outcome.output.hasPrefix("s.vigil:1:"))
    #expect(outcome.output.contains("stats"))
    let badService = interpreter.execute("query payment-ap | fields @message", file: "s.vigil")[0]
    #expect(
      badService.output == """
        s.vigil:1:7: error: unknown service 'payment-ap'; did you mean 'payment-api'?
          query payment-ap | fields @message
                ^
        """)
  }

  @Test func completesQueryWordsAfterThePipe() throws {
    let interpreter = try LogCommandTests.interpreter()
    var completer = Completer(specs: interpreter.parser.specs, stack: interpreter.stack)
    completer.queryWords = interpreter.queryCompletionWords
    #expect(completer.candidates(forLine: "query payment-api | stats count_d") == ["count_distinct"])
    #expect(completer.candidates(forLine: "query payment-api | fields customer.t") == ["customer.tier"])
    #expect(completer.candidates(forLine: "query payment-api | fields @time") == ["@timestamp"])
  }
}

@Suite struct SessionBehaviourTests {
  @Test func aFailingWebhookIsRetriedThenDeadLettered() throws {
    let url = TestPaths.sample("incident.vigil")
    let interpreter = Interpreter(baseDirectory: url.deletingLastPathComponent())
    _ = interpreter.execute("load incident.vigil")
    let outcomes = interpreter.execute(
      "simulate webhook-failure oncall\npreview composite ledger-failing --from 2026-03-02T10:00:00Z --until 2026-03-02T10:30:00Z")
    #expect(
      outcomes[0].output
        == "webhooks of oncall now fail in previews: SNS retries 3 times 20 s apart, then the message goes to oncall-dlq-dev")
    #expect(
      outcomes[1].output.hasSuffix(
        """
        Deliveries:
          2026-03-02T10:01:00Z  oncall-topic-dev  email payments-oncall@example.com: delivered
          2026-03-02T10:01:00Z  oncall-topic-dev  webhook var:oncall_webhook_url: attempt 1 failed
          2026-03-02T10:01:00Z  oncall-topic-dev  relay queue oncall-notifications-dev: attempt 1 failed
          2026-03-02T10:01:20Z  oncall-topic-dev  webhook var:oncall_webhook_url: attempt 2 failed
          2026-03-02T10:01:30Z  oncall-topic-dev  relay queue oncall-notifications-dev: attempt 2 failed
          2026-03-02T10:01:40Z  oncall-topic-dev  webhook var:oncall_webhook_url: attempt 3 failed
          2026-03-02T10:02:00Z  oncall-topic-dev  webhook var:oncall_webhook_url: attempt 4 failed
          2026-03-02T10:02:00Z  oncall-topic-dev  webhook var:oncall_webhook_url: moved to dead-letter queue oncall-dlq-dev
          2026-03-02T10:02:00Z  oncall-topic-dev  relay queue oncall-notifications-dev: attempt 3 failed
          2026-03-02T10:02:30Z  oncall-topic-dev  relay queue oncall-notifications-dev: moved to dead-letter queue oncall-dlq-dev
        2 message(s) in dead-letter queues: oncall-dlq-dev 2

        """))
  }

  @Test func undoPassesOverViewsAndLoadIsOneCommand() throws {
    let interpreter = Interpreter(baseDirectory: TestPaths.packageRoot)
    _ = interpreter.execute(
      """
      load samples/payments.vigil
      load samples/logs/payment-api.jsonl.gz into payment-api
      test-pattern ERROR payment-api --count
      query payment-api | stats count(*)
      """)
    #expect(interpreter.entries.map(\.text).count == 4)
    #expect(
      interpreter.execute("undo")[0].output
        == "undid: load samples/logs/payment-api.jsonl.gz into payment-api (and the 2 view command(s) after it)")
    #expect(interpreter.entries.map(\.text) == ["load samples/payments.vigil"])
    #expect(interpreter.stack.alarms.count == 15)
    #expect(interpreter.execute("undo")[0].output == "undid: load samples/payments.vigil")
    #expect(interpreter.stack.environment == nil)
  }

  @Test func aSessionWithAnErrorLoadsNothing() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "stack p --suffix dev\nkey logs\nkey Bad\n".write(
      to: directory.appendingPathComponent("bad.vigil"), atomically: true, encoding: .utf8)
    let interpreter = Interpreter(baseDirectory: directory)
    let outcome = interpreter.execute("load bad.vigil")[0]
    #expect(outcome.status == .invalid)
    #expect(
      outcome.output == """
        bad.vigil:3:5: error: key name 'Bad' must start with a lowercase letter
          key Bad
              ^
        nothing loaded from bad.vigil: fix the error and load it again
        """)
    #expect(interpreter.stack.environment == nil)
    #expect(interpreter.entries.isEmpty)
  }

  @Test func loadingTheSameLogTwiceIsRefused() throws {
    let interpreter = try LogCommandTests.interpreter()
    let outcome = interpreter.execute("load samples/logs/payment-api.jsonl.gz into payment-api", file: "s.vigil")[0]
    #expect(
      outcome.output.hasPrefix(
        "s.vigil:1:6: error: samples/logs/payment-api.jsonl.gz is already loaded into payment-api; loading it twice would count its events twice"
      ))
  }
}

@Suite struct PreviewWindowTests {
  @Test func aStartInsideAMinuteStillEvaluatesEveryMinute() throws {
    let url = TestPaths.sample("incident.vigil")
    let interpreter = Interpreter(baseDirectory: url.deletingLastPathComponent())
    _ = interpreter.execute("load incident.vigil")
    let output = interpreter.execute("preview alarm api-p99 --from 2026-03-02T10:00:05Z --until 2026-03-02T10:40:00Z")[0].output
    #expect(output.contains("2026-03-02T10:18:00Z  api-p99  OK -> ALARM"))
    #expect(output.contains("2026-03-02T10:33:00Z  api-p99  ALARM -> OK"))
  }
}

@Suite struct CommandLineExitTests {
  @Test func helpCoversShellCommandsAndUsageErrorsExitTwo() throws {
    let help = try NotebookCommandTests.vigil(["help", "tune"], in: TestPaths.packageRoot)
    #expect(help.status == 0)
    #expect(help.output.hasPrefix("tune: Try every threshold and M-of-N for an alarm"))
    let usage = try NotebookCommandTests.vigil(["export"], in: TestPaths.packageRoot)
    #expect(usage.status == 2)
    let piped = try NotebookCommandTests.vigil(["shell"], in: TestPaths.packageRoot, input: "stack a --suffix dev\nbogus\n")
    #expect(piped.status == 2)
  }
}
