import Foundation
import Testing
import VigilAWS
import VigilCore
import VigilTestSupport

/// What the AWS CLI prints on standard error when the service throttles and the CLI's own retries are spent:
/// botocore's `ClientError.MSG_TEMPLATE` ("An error occurred ({error_code}) when calling the {operation_name}
/// operation{retry_info}: {error_message}", retry_info " (reached max retries: N)"), with CloudWatch's throttling
/// code `Throttling` and message `Rate exceeded`; the CLI exits 255 (v1) or 254 (v2).
/// https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-returncodes.html
let throttledByTheCLI = CLIOutcome(
  exitStatus: 255, stdout: Data(),
  stderr: Data("\nAn error occurred (Throttling) when calling the DescribeAlarms operation (reached max retries: 4): Rate exceeded\n".utf8))

/// A runner that answers the first `throttled` calls with the CLI's throttling error and then runs the real CLI
/// against the server: moto never throttles, so this is how Vigil's own retry loop meets throttling.
final class ThrottlingRunner: @unchecked Sendable {
  let throttled: Int
  var runs = 0
  var onThrottle: () -> Void = {}

  init(throttled: Int) { self.throttled = throttled }

  func run(_ executable: String, _ arguments: [String], _ environment: [String: String], _ cancellation: VigilAWS.Cancellation)
    throws(AWSError) -> CLIOutcome
  {
    runs += 1
    if runs <= throttled {
      onThrottle()
      return throttledByTheCLI
    }
    return try AWSClient.runProcess(executable, arguments, environment, cancellation)
  }
}

@Suite(.serialized, .enabled(if: MotoServer.available, "needs the AWS CLI and moto[server]: run scripts/setup.sh"))
struct RetryLoopTests {
  let server: MotoServer

  init() throws {
    guard let server = MotoServer.shared else { throw ScenarioError(MotoServer.unavailableReason ?? "moto did not start") }
    self.server = server
  }

  func client(_ runner: ThrottlingRunner, attempts: Int = 4, cancellation: VigilAWS.Cancellation = VigilAWS.Cancellation()) throws -> AWSClient {
    try AWSClient(
      options: AWSOptions(), environment: server.environment, retry: RetryPolicy(maximumAttempts: attempts, base: 0.01, cap: 0.02),
      cancellation: cancellation, runner: runner.run)
  }

  @Test func throttledCallsAreRetriedUntilTheServiceAnswers() throws {
    try server.aws([
      "cloudwatch", "put-metric-alarm", "--alarm-name", "throttle-errors", "--namespace", "Checkout/api", "--metric-name", "ErrorCount",
      "--statistic", "Sum", "--period", "60", "--evaluation-periods", "1", "--threshold", "10", "--comparison-operator",
      "GreaterThanOrEqualToThreshold",
    ])
    let runner = ThrottlingRunner(throttled: 2)
    let client = try client(runner)
    var lines: [String] = []
    client.progress = { lines.append($0) }
    let document = try AlarmPull(prefix: "throttle-").run(client)
    #expect(document["MetricAlarms"]?.arrayValue?.map { $0["AlarmName"]?.stringValue ?? "" } == ["throttle-errors"])
    #expect(runner.runs == 3)
    // Each retry is a request the account served: all three are counted.
    #expect(client.callSummary == "3 API calls (DescribeAlarms 3)")
    #expect(lines.count == 3)
    #expect(lines[0] == "DescribeAlarms page 1: 0 alarms so far")
    #expect(lines[1...].allSatisfy { $0.hasPrefix("DescribeAlarms throttled (Throttling); retrying in 0.0") && $0.hasSuffix(" s") })
  }

  @Test func throttlingOnEveryAttemptIsReportedWithTheCount() throws {
    let runner = ThrottlingRunner(throttled: .max)
    let client = try client(runner, attempts: 4)
    #expect(throws: AWSError.throttled(operation: "DescribeAlarms", attempts: 4, code: "Throttling")) {
      _ = try AlarmPull().run(client)
    }
    #expect(runner.runs == 4)
    #expect(client.callSummary == "4 API calls (DescribeAlarms 4)")
    #expect(
      AWSError.throttled(operation: "DescribeAlarms", attempts: 4, code: "Throttling").description
        == "error: DescribeAlarms was throttled (Throttling) on all 4 attempts; try again later or narrow --since")
  }

  @Test func anErrorThatIsNotThrottlingIsNotRetried() throws {
    let runner = ThrottlingRunner(throttled: 0)
    let client = try AWSClient(
      options: AWSOptions(), environment: server.environment, retry: RetryPolicy(maximumAttempts: 4, base: 0.01, cap: 0.02),
      cancellation: VigilAWS.Cancellation(), runner: runner.run)
    #expect(throws: AWSError.failed(operation: "FilterLogEvents", code: "ResourceNotFoundException", message: "The specified log group does not exist.")) {
      _ = try LogPull(logGroup: "/ecs/never-created", from: 0, until: 1).run(client)
    }
    #expect(runner.runs == 1)
  }

  @Test func ctrlCDuringTheBackoffStopsTheRun() throws {
    let cancellation = VigilAWS.Cancellation()
    let runner = ThrottlingRunner(throttled: .max)
    runner.onThrottle = { cancellation.cancel() }
    let client = try AWSClient(
      options: AWSOptions(), environment: server.environment, retry: RetryPolicy(maximumAttempts: 4, base: 5, cap: 5),
      cancellation: cancellation, runner: runner.run)
    let started = Date()
    #expect(throws: AWSError.cancelled) { _ = try AlarmPull().run(client) }
    #expect(runner.runs == 1)
    // The 0 to 5 s wait was cut short.
    #expect(Date().timeIntervalSince(started) < 2)
  }
}
