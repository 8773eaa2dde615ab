import Foundation
import Testing
import VigilModel
import VigilTestSupport

@testable import VigilSession

/// Issue 16: `rename OLD NEW` rewrites every reference, refuses a taken name, is undone by `undo`, and a compact save
/// writes the renamed resources.
@Suite struct RenameTests {
  static func payments() throws -> Interpreter {
    let interpreter = Interpreter(baseDirectory: TestPaths.sample("payments.vigil").deletingLastPathComponent())
    _ = interpreter.execute(try String(contentsOf: TestPaths.sample("payments.vigil"), encoding: .utf8), file: "payments.vigil")
    return interpreter
  }

  @Test func renamingAnAlarmRewritesTheRulesThatNameIt() throws {
    let interpreter = try Self.payments()
    let outcome = interpreter.execute("rename api-p99 api-latency-p99")[0]
    #expect(outcome.output == "renamed alarm api-p99 to api-latency-p99\nupdated composite payments-degraded (rule)")
    #expect(interpreter.stack.alarm("api-p99") == nil)
    let composite = try #require(interpreter.stack.composite("payments-degraded"))
    #expect(composite.rule == "ALARM(api-latency-p99) AND (ALARM(api-errors) OR ALARM(api-error-rate))")
    #expect(composite.references == ["api-latency-p99", "api-errors", "api-error-rate"])
    #expect(interpreter.stack.origin("alarm", "api-latency-p99")?.line == 47)
  }

  @Test func renamingATopicRewritesEveryNotifyList() throws {
    let interpreter = try Self.payments()
    let outcome = interpreter.execute("rename oncall pager")[0]
    #expect(
      outcome.output == """
        renamed topic oncall to pager
        updated composite payments-degraded (--notify)
        updated composite fraud-degraded (--notify)
        updated composite authorizer-failing (--notify)
        updated composite ledger-failing (--notify)
        updated composite platform-wide (--notify)
        """)
    #expect(interpreter.stack.composites.filter { $0.notify.contains("oncall") }.isEmpty)
    #expect(interpreter.stack.composites.filter { $0.notify.contains("pager") }.map(\.name).count == 5)
  }

  @Test func renamingAServiceRenamesItsLogGroupAndEveryUse() throws {
    let interpreter = try Self.payments()
    let outcome = interpreter.execute("rename payment-api pay-api")[0]
    #expect(
      outcome.output == """
        renamed service payment-api to pay-api
        renamed logs payment-api to pay-api
        updated metric-filter api-errors (on)
        updated metric-filter api-latency (on)
        updated metric-filter api-requests (on)
        updated alarm api-p99 (--service)
        updated alarm api-errors (--service)
        updated alarm api-error-rate (--service)
        updated alarm api-latency-anomaly (--service)
        updated alarm api-cpu (--service)
        updated alarm api-memory (--service)
        updated alarm deploy-in-progress (--service)
        updated query-definition slow-payments (--services)
        updated query-definition top-errors (--services)
        """)
    #expect(interpreter.stack.logGroup(for: "pay-api") != nil && interpreter.stack.logGroup(for: "payment-api") == nil)
    // The ECS dimension names the service, so CloudWatch sees the renamed service's physical name.
    guard case .metric(let metric, _) = try #require(interpreter.stack.alarm("api-cpu")).source else {
      Issue.record("api-cpu is a single-metric alarm")
      return
    }
    #expect(metric.dimensions == ["ClusterName": "payments", "ServiceName": "pay-api"])
    #expect(interpreter.stack.dependants(of: .service, "payment-api").isEmpty)
  }

  @Test func refusesATakenNameAndAnUnknownOneAndUndoPutsItBack() throws {
    let interpreter = try Self.payments()
    let before = interpreter.stack
    let taken = interpreter.execute("rename api-p99 api-errors")[0]
    #expect(taken.status == .invalid)
    #expect(
      taken.output == """
        1:16: error: cannot rename alarm api-p99 to api-errors: 'api-errors' is already a metric filter and an alarm; choose another name, or remove the metric filter api-errors first
          rename api-p99 api-errors
                         ^
        """)
    let unknown = interpreter.execute("rename api-p98 x")[0]
    #expect(unknown.diagnostic?.message == "nothing is named 'api-p98'")
    let logs = interpreter.execute("rename logs payment-api pay-api")[0]
    #expect(logs.diagnostic?.message == "log group payment-api takes its service's name")
    #expect(logs.diagnostic?.suggestion == "rename service payment-api pay-api renames both")
    #expect(interpreter.execute("rename api-p99")[0].diagnostic?.message == "rename: missing NEW")
    #expect(interpreter.stack == before)
    #expect(interpreter.execute("rename api-p99 api-latency-p99\nundo").map(\.output).last == "undid: rename api-p99 api-latency-p99")
    #expect(interpreter.stack == before)
  }

  @Test func undoOfARemovePutsTheResourceBack() throws {
    let interpreter = try Self.payments()
    let before = interpreter.stack
    _ = interpreter.execute("remove api-p99 --cascade")
    #expect(interpreter.stack.alarm("api-p99") == nil)
    #expect(interpreter.execute("undo")[0].output == "undid: remove api-p99 --cascade")
    #expect(interpreter.stack == before)
  }

  @Test func aCompactSaveWritesTheRenamedResources() throws {
    let interpreter = try Self.payments()
    let renames = interpreter.execute("rename api-p99 api-latency-p99\nrename oncall pager\nrename payment-api pay-api\nrename pay-api payment-svc")
    #expect(renames.map(\.status) == [.ok, .ok, .ok, .ok])
    let compacted = try SessionCompaction.compact(interpreter.entries).map(\.text)
    #expect(compacted.count == 57)
    #expect(!compacted.contains { $0.hasPrefix("rename") })
    #expect(compacted.contains("service payment-svc --ecs --cluster payments --cpu 512 --memory 1024 --port 8080 --desired 3"))
    #expect(compacted.contains("logs payment-svc --retention 30 --key logs --archive glacier"))
    #expect(
      compacted.contains(
        "alarm api-latency-p99 --metric Payments/payment-api/LatencyMs --stat p99 --period 1m --when '> 800' --datapoints 3/5 --missing notBreaching"))
    #expect(compacted.contains { $0.hasPrefix("composite payments-degraded --rule 'ALARM(api-latency-p99) AND (ALARM(api-errors)") })
    #expect(compacted.contains { $0.hasPrefix("topic pager --email payments-oncall@example.com") })
    // Free text keeps the old words: a description is not a reference.
    #expect(compacted.contains("parameter alarms/api-p99-threshold-ms --value 800 --description 'p99 latency threshold of payment-api'"))
    let replay = Interpreter(baseDirectory: interpreter.baseDirectory)
    #expect(replay.execute(compacted.joined(separator: "\n")).allSatisfy { $0.status == .ok })
    #expect(SessionCompaction.comparable(replay.stack) == SessionCompaction.comparable(interpreter.stack))
  }

  @Test func aRenameOfWhatALoadedSessionDefinesStaysACommand() throws {
    let interpreter = Interpreter(baseDirectory: TestPaths.sample("payments.vigil").deletingLastPathComponent())
    #expect(interpreter.execute("load payments.vigil\nrename api-p99 api-latency-p99").map(\.status) == [.ok, .ok])
    let compacted = try SessionCompaction.compact(interpreter.entries).map(\.text)
    #expect(compacted == ["load payments.vigil", "rename api-p99 api-latency-p99"])
  }

  /// The shell's `help` ends with the subcommands that have no shell form (`vigil diff`, `vigil fmt`, ...).
  @Test func theShellsHelpNamesTheSubcommands() throws {
    let shell = try VigilBinary.run(["shell"], in: TestPaths.temporaryDirectory().deletingLastPathComponent(), input: "help\n")
    #expect(shell.status == 0)
    #expect(
      shell.stdout.hasSuffix(
        """
          rename                    Rename a resource and rewrite every reference to it; refuses when the new name is taken.

        Session and data:
        """) == false)
    #expect(
      shell.stdout.contains(
        """

        From the command line ('vigil SUBCOMMAND --help' for details):
          vigil backtest, check, diff, export, fmt, graph, import, metrics, preview-alarm, pull, query, run, shell, test, test-pattern
        """))
    #expect(shell.stdout.contains("  rename                    Rename a resource and rewrite every reference to it; refuses when the new name is taken.\n"))
  }
}
