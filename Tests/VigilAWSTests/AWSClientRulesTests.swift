import Testing
import VigilAWS
import VigilCore
import VigilMetrics
import VigilTestSupport
import Foundation

/// The rules the client follows without a server: GetMetricData's limits, backoff, and reading the CLI's errors.
@Suite struct MetricDataPlanTests {
  let day: EpochMillis = 86_400_000
  // 2026-11-16T00:00:00Z, a multiple of every period used here.
  let start: EpochMillis = 1_795_305_600_000

  func request(_ n: Int, period: Int = 60, stat: Statistic = .sum) -> MetricStat {
    MetricStat(identity: MetricIdentity(namespace: "App", name: "M\(n)"), statistic: stat, period: period)
  }

  @Test func fourteenDaysAtOneMinuteFitFiveMetricsPerCall() {
    // 14 × 1440 = 20,160 datapoints per metric; 100,800 / 20,160 = 5 per call.
    let calls = MetricDataPlan.calls(for: (0..<6).map { request($0) }, from: start, until: start + 14 * day)
    #expect(calls == [
      MetricDataCall(start: start, end: start + 14 * day, requests: [0, 1, 2, 3, 4]),
      MetricDataCall(start: start, end: start + 14 * day, requests: [5]),
    ])
  }

  @Test func atMostFiveHundredQueriesPerCall() {
    // One-hour periods are pulled at each of their 60 one-minute offsets: 500 + 100 queries at each.
    let calls = MetricDataPlan.calls(for: (0..<600).map { request($0, period: 3600) }, from: start, until: start + day)
    #expect(calls.count == 120)
    #expect(calls.prefix(2).map(\.requests.count) == [500, 100])
    #expect(calls[1].requests.first == 500)
    #expect(calls[119].start == start - 59 * 60_000)
  }

  @Test func aLongRangeIsSplitIntoWindows() {
    // 100 days at 60 s = 144,000 datapoints: one window of 100,800 periods (70 days), then the rest.
    let calls = MetricDataPlan.calls(for: [request(0)], from: start, until: start + 100 * day)
    #expect(calls == [
      MetricDataCall(start: start, end: start + 70 * day, requests: [0]),
      MetricDataCall(start: start + 70 * day, end: start + 100 * day, requests: [0]),
    ])
  }

  @Test func timesAreAlignedToThePeriodAndEveryMinuteOffsetIsPulled() {
    // Aligned to 5 minutes, then the same window moved back 1, 2, 3 and 4 minutes.
    let calls = MetricDataPlan.calls(for: [request(0, period: 300)], from: start + 61_000, until: start + 3_600_000 + 1)
    #expect(calls == (0..<5).map { MetricDataCall(start: start - $0 * 60_000, end: start + 3_900_000 - $0 * 60_000, requests: [0]) })
  }

  @Test func periodsSharingAWindowShareACall() {
    let calls = MetricDataPlan.calls(for: [request(0), request(1, period: 300)], from: start, until: start + day)
    #expect(calls == [MetricDataCall(start: start, end: start + day, requests: [0, 1])]
      + (1..<5).map { MetricDataCall(start: start - $0 * 60_000, end: start + day - $0 * 60_000, requests: [1]) })
  }

  @Test func offsetsAreOneEvaluationStepApart() {
    // CloudWatch evaluates every minute (every 10 s for periods under a minute), over the period ending then.
    #expect(MetricDataPlan.offsets(period: 60) == [0])
    #expect(MetricDataPlan.offsets(period: 300) == [0, 60_000, 120_000, 180_000, 240_000])
    #expect(MetricDataPlan.offsets(period: 30) == [0, 10_000, 20_000])
    #expect(MetricDataPlan.offsets(period: 10) == [0])
    #expect(MetricDataPlan.offsets(period: 1) == [0])
    #expect(MetricDataPlan.offsets(period: 3600).count == 60)
  }

  @Test func aRequestIsPulledOnce() {
    let pull = MetricPull(requests: [request(0, stat: .percentile(99)), request(0, stat: .percentile(99))], from: start, until: start + day)
    #expect(pull.requests == [request(0, stat: .percentile(99))])
  }
}

@Suite struct RetryAndErrorTests {
  @Test func backoffIsExponentialWithFullJitterAndACap() {
    let policy = RetryPolicy(maximumAttempts: 5, base: 0.5, cap: 20)
    #expect(policy.delay(beforeRetry: 1, random: 0.5) == 0.25)
    #expect(policy.delay(beforeRetry: 3, random: 1) == 2)
    #expect(policy.delay(beforeRetry: 10, random: 1) == 20)
    #expect(policy.delay(beforeRetry: 4, random: 0) == 0)
  }

  // The messages below are what the AWS CLI prints on standard error; the parser reads them.
  @Test func accessDeniedNamesTheIAMAction() {
    let error = AWSError.parse(
      stderr:
        "\nAn error occurred (AccessDenied) when calling the GetMetricData operation: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudwatch:GetMetricData\n",
      operation: .getMetricData)
    #expect(
      error
        == .denied(
          action: "cloudwatch:GetMetricData", code: "AccessDenied",
          message: "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudwatch:GetMetricData"))
    #expect(error.description.contains("grant the IAM action cloudwatch:GetMetricData"))
  }

  @Test func anErrorBodyTheCLICouldNotParseStillNamesTheError() {
    // What AWS CLI 1.45 prints when a JSON-protocol call gets an XML error body (moto with IAM checks on).
    let error = AWSError.parse(
      stderr: """

        An error occurred (403) when calling the DescribeAlarms operation: <?xml version="1.0" encoding="utf-8"?>
        <ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/ci is not authorized to perform: monitoring:DescribeAlarms</Message><Type>Sender</Type></Error></Errors></ErrorResponse>

        """, operation: .describeAlarms)
    #expect(
      error
        == .denied(
          action: "cloudwatch:DescribeAlarms", code: "AccessDenied",
          message: "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: monitoring:DescribeAlarms"))
  }

  @Test func throttlingAfterTheCLIsOwnRetriesIsThrottling() {
    let error = AWSError.parse(
      stderr: "An error occurred (ThrottlingException) when calling the StartQuery operation (reached max retries: 4): Rate exceeded\n",
      operation: .startQuery)
    #expect(error == .throttled(operation: "StartQuery", attempts: 1, code: "ThrottlingException"))
  }

  @Test func otherServiceErrorsKeepCodeAndMessage() {
    let error = AWSError.parse(
      stderr: "\nAn error occurred (ResourceNotFoundException) when calling the FilterLogEvents operation: The specified log group does not exist.\n",
      operation: .filterLogEvents)
    #expect(error == .failed(operation: "FilterLogEvents", code: "ResourceNotFoundException", message: "The specified log group does not exist."))
  }

  @Test func anUnreachableEndpointIsNamed() {
    let error = AWSError.parse(stderr: "\nCould not connect to the endpoint URL: \"http://127.0.0.1:1/\"\n", operation: .describeAlarms)
    #expect(error == .cannotConnect(operation: "DescribeAlarms", message: "Could not connect to the endpoint URL: \"http://127.0.0.1:1/\""))
  }

  @Test func aMissingCLIIsReported() {
    #expect(throws: AWSError.cliMissing(path: "/nonexistent")) {
      _ = try AWSClient(options: AWSOptions(), environment: ["PATH": "/nonexistent"])
    }
  }

  @Test func theEndpointComesFromTheEnvironmentUnlessGiven() throws {
    guard let path = MotoServer.executable("aws") else { return }
    let dir = String(path.dropLast(4))
    let fromEnvironment = try AWSClient(options: AWSOptions(), environment: ["PATH": dir, "VIGIL_AWS_ENDPOINT_URL": "http://127.0.0.1:9"])
    #expect(fromEnvironment.options.arguments == ["--endpoint-url", "http://127.0.0.1:9"])
    let given = try AWSClient(
      options: AWSOptions(profile: "ops", region: "eu-west-1", endpointURL: "http://h:1"),
      environment: ["PATH": dir, "VIGIL_AWS_ENDPOINT_URL": "http://127.0.0.1:9"])
    #expect(given.options.arguments == ["--profile", "ops", "--region", "eu-west-1", "--endpoint-url", "http://h:1"])
  }
}

@Suite struct PulledFileTests {
  @Test func backtestDataRefusesAFileNotWrittenByPull() throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("results.json")
    // get-metric-data output alone: results without the queries that say what each one measures.
    try Data(#"{"MetricDataResults": [{"Id": "m0", "Timestamps": [], "Values": []}]}"#.utf8).write(to: file)
    let result = try VigilBinary.run([
      "backtest", TestPaths.packageRoot.appendingPathComponent("Tests/VigilAWSTests/Fixtures/checkout.vigil").path, "--data", file.path,
    ])
    #expect(result.status == 2)
    #expect(
      result.stderr
        == "error: \(file.path): not a file written by `vigil pull metrics` (StartTime, EndTime, MetricDataQueries and MetricDataResults)\n")
    #expect(result.stdout == "")
  }

  @Test func aTimestampBeyondEpochMillisIsRefusedNotTrapped() throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("pulled.json")
    try Data(
      #"""
      {"StartTime": "2026-11-29T00:00:00Z", "EndTime": "2026-11-30T00:00:00Z", "Messages": [],
       "MetricDataQueries": [{"Id": "m0", "MetricStat": {"Metric": {"Namespace": "Checkout/api", "MetricName": "ErrorCount", "Dimensions": []}, "Period": 60, "Stat": "Sum"}, "ReturnData": true}],
       "MetricDataResults": [{"Id": "m0", "Timestamps": [9223372036854775807], "Values": [1], "StatusCode": "Complete"}]}
      """#.utf8
    ).write(to: file)
    let result = try VigilBinary.run([
      "backtest", TestPaths.packageRoot.appendingPathComponent("Tests/VigilAWSTests/Fixtures/checkout.vigil").path, "--data", file.path,
    ])
    #expect(result.status == 2)
    // Read by the same reader as preview-alarm --data: the error points at the timestamp.
    #expect(
      result.stderr == """
        \(file.path):3:52: error: not an ISO-8601 time or epoch seconds within the years 0000 to 9999
           "MetricDataResults": [{"Id": "m0", "Timestamps": [9223372036854775807], "Values": [1], "StatusCode": "Complete"}]}
        \(String(repeating: " ", count: 53))^

        """)
  }
}
