import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// Issue 13 through the real binary: `vigil check --format json` names rule, resource and line of each wiring
/// finding; `vigil run` prints them on stderr and `--strict` makes them exit 1.
@Suite struct WiringCommandTests {
  static let session = """
    stack payments --suffix dev --region us-east-1
    service refund-worker --lambda --runtime nodejs20.x
    metric-filter refund-latency on refund-worker --pattern '{ $.latency_ms = * }' \\
      --namespace Payments/refund-worker --metric LatencyMs --value '$.latency_ms' --unit Milliseconds
    alarm refund-p99 --metric Payments/refund-worker/Latency --stat p99 --period 1m --when '> 800' --missing notBreaching
    topic oncall
    composite refunds --rule 'ALARM(refund-p99)' --notify oncall

    """

  static func directory() throws -> URL {
    let directory = TestPaths.temporaryDirectory()
    try session.write(to: directory.appendingPathComponent("refunds.vigil"), atomically: true, encoding: .utf8)
    return directory
  }

  @Test func checkJSONListsRuleResourceAndLine() throws {
    let directory = try Self.directory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try VigilBinary.run(["check", "refunds.vigil", "--format", "json"], in: directory)
    #expect(result.status == 1)
    let findings = try #require(try JSONValue.parse(result.stdout)["findings"]?.arrayValue)
    let wiring = findings.filter { ["VIGIL-MET-001", "VIGIL-SNS-006"].contains($0["ruleId"]?.stringValue ?? "") }
    #expect(wiring.map { $0["ruleId"]?.stringValue ?? "" } == ["VIGIL-MET-001", "VIGIL-SNS-006"])
    #expect(wiring.map { $0["resource"]?.stringValue ?? "" } == ["alarm refund-p99", "topic oncall"])
    #expect(wiring.map { $0["location"]?["line"] } == [.int(5), .int(6)])
  }

  @Test func runPrintsWiringFindingsAndStrictExitsOne() throws {
    let directory = try Self.directory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let relaxed = try VigilBinary.run(["run", "refunds.vigil"], in: directory)
    #expect(relaxed.status == 0)
    let expectedErrors = """
      refunds.vigil:5:1: VIGIL-MET-001: alarm refund-p99 reads Payments/refund-worker/Latency, which nothing publishes (no metric filter, AWS service of the stack, declared metric or loaded data); did you mean Payments/refund-worker/LatencyMs (published by metric filter refund-latency)?
      refunds.vigil:6:1: VIGIL-SNS-006: topic oncall has no subscription, but composite refunds notifies it: SNS accepts the alarm's message and delivers it to nobody

      """
    #expect(relaxed.stderr == expectedErrors)
    let strict = try VigilBinary.run(["run", "refunds.vigil", "--strict"], in: directory)
    #expect(strict.status == 1)
    #expect(strict.stderr == expectedErrors)
    #expect(strict.stdout == "refunds.vigil: 2 wiring finding(s) (--strict)\n")
  }

  @Test func theSamplesStayCleanUnderStrict() throws {
    for sample in ["samples/payments.vigil", "samples/incident.vigil"] {
      let result = try VigilBinary.run(["run", sample, "--strict"])
      #expect(result.status == 0, "\(sample): \(result.stderr)")
      #expect(result.stderr == "")
    }
  }
}
