import Foundation
import Testing
import VigilCore
import VigilTestSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The checkout scenario of notebook 11, put into the shared moto server once through the AWS CLI: two weeks of
/// 5-minute request counts and latencies, and error counts during three incidents.
enum CheckoutScenario {
  /// The end of the two weeks: 2026-11-30T00:00:00Z.
  static let until: EpochMillis = 1_795_996_800_000
  static let session = TestPaths.packageRoot.appendingPathComponent("Tests/VigilAWSTests/Fixtures/checkout.vigil").path
  static let lowered = TestPaths.packageRoot.appendingPathComponent("Tests/VigilAWSTests/Fixtures/checkout-errors-3.vigil").path

  /// Incidents: (start, minutes, errors per minute, latency during it).
  static let incidents: [(EpochMillis, Int, Double, Double)] = [
    (until - 10 * 86_400_000 + 14 * 3_600_000, 20, 15, 1200),
    (until - 5 * 86_400_000 + 3 * 3_600_000, 8, 12, 250),
    (until - 2 * 86_400_000 + 9 * 3_600_000, 30, 4, 250),
  ]

  /// The server with the scenario loaded, or the reason it cannot run.
  static let ready: Result<MotoServer, ScenarioError> = {
    guard let server = MotoServer.shared else { return .failure(ScenarioError(MotoServer.unavailableReason ?? "moto did not start")) }
    do {
      try put(server)
      return .success(server)
    } catch {
      return .failure(ScenarioError("\(error)"))
    }
  }()

  static func put(_ server: MotoServer) throws {
    let start = until - 14 * 86_400_000
    var datums: [JSONValue] = []
    func datum(_ name: String, _ t: EpochMillis, _ value: Double, unit: String) -> JSONValue {
      .object([
        "MetricName": .string(name), "Timestamp": .string(TimeFormat.iso8601(t, fraction: false)), "Value": .double(value),
        "Unit": .string(unit),
      ])
    }
    var t = start
    while t < until {
      let incident = incidents.first { t >= $0.0 && t < $0.0 + EpochMillis($0.1) * 60_000 }
      datums.append(datum("RequestCount", t, 1000, unit: "Count"))
      datums.append(datum("LatencyMs", t, incident?.3 ?? 200, unit: "Milliseconds"))
      t += 300_000
    }
    for (begin, minutes, errors, _) in incidents {
      for m in 0..<minutes { datums.append(datum("ErrorCount", begin + EpochMillis(m) * 60_000, errors, unit: "Count")) }
    }
    let scratch = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    // PutMetricData takes at most 1,000 datums per call.
    for (n, first) in stride(from: 0, to: datums.count, by: 1000).enumerated() {
      let file = scratch.appendingPathComponent("put-\(n).json")
      let body: JSONValue = .object(["Namespace": "Checkout/api", "MetricData": .array(Array(datums[first..<min(datums.count, first + 1000)]))])
      try Data(body.serialized(pretty: false).utf8).write(to: file)
      try server.aws(["cloudwatch", "put-metric-data", "--cli-input-json", "file://" + file.path])
    }
  }
}

struct ScenarioError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Every account command run through the built `vigil` against a real moto server. Skipped (with the reason) when
/// the AWS CLI or moto is missing: `scripts/setup.sh` installs both.
@Suite(.serialized, .enabled(if: MotoServer.available, "needs the AWS CLI and moto[server]: run scripts/setup.sh"))
struct AccountCommandTests {
  let server: MotoServer

  init() throws {
    server = try CheckoutScenario.ready.get()
  }

  /// The checkout session over the two weeks (notebook 11 shows it).
  static let twoWeeks = """
      backtest 2026-11-16T00:00:00Z to 2026-11-30T00:00:00Z (14d), 5 alarms
      ALARM              KIND       TRANSITIONS  IN ALARM  NOTIFICATIONS
      api-errors         metric     5            32m       -
      api-latency        metric     3            20m       -
      api-error-rate     metric     5            22m       -
      checkout-degraded  composite  3            18m       oncall-topic-dev 3
      checkout-errors    composite  5            22m       checkout-team-topic-dev 5
      notifications: 8 (checkout-team-topic-dev 5, oncall-topic-dev 3)

      """

  @Test func backtestCountsTransitionsTimeInAlarmAndNotifications() throws {
    let result = try server.vigil([
      "backtest", CheckoutScenario.session, "--since", "14d", "--until", "2026-11-30T00:00:00Z",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == Self.twoWeeks)
    // 4 metrics: ErrorCount Sum at 1 minute (20,160 periods) and three at 5 minutes (4,032 each) in one call, then
    // the 5-minute metrics again at each of the other four one-minute offsets of their period.
    #expect(result.stderr == "vigil: 5 API calls (GetMetricData 5)\n")
  }

  @Test func pullMetricsWritesQueriesBesideResults() throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try server.vigil([
      "pull", "metrics", CheckoutScenario.session, "--since", "14d", "--until", "2026-11-30T00:00:00Z", "--out", dir.path,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    // 58 error minutes at 1 minute; at 5 minutes, every one-minute offset: 5 × 4,032 requests and latencies, and
    // the 70 windows that hold an error minute (each incident of n minutes touches n + 4 windows).
    #expect(result.stdout == "wrote \(dir.path)/metric-data.json: 4 metrics, 40448 datapoints\n")
    #expect(result.stderr == "vigil: 5 API calls (GetMetricData 5)\n")
    let document = try JSONValue.parse(String(decoding: try Data(contentsOf: dir.appendingPathComponent("metric-data.json")), as: UTF8.self))
    let queries = document["MetricDataQueries"]?.arrayValue ?? []
    #expect(queries.map { $0["MetricStat"]?["Metric"]?["MetricName"]?.stringValue ?? "" } == ["ErrorCount", "LatencyMs", "ErrorCount", "RequestCount"])
    #expect(queries.map { $0["MetricStat"]?["Stat"]?.stringValue ?? "" } == ["Sum", "Average", "Sum", "Sum"])
    #expect(queries.map { $0["MetricStat"]?["Period"] ?? .null } == [.int(60), .int(300), .int(300), .int(300)])
    let results = document["MetricDataResults"]?.arrayValue ?? []
    #expect(results.map { $0["Id"]?.stringValue ?? "" } == ["m0", "m1", "m2", "m3"])
    // 58 incident minutes of errors: 20 × 15 + 8 × 12 + 30 × 4.
    let errors = results[0]["Values"]?.arrayValue?.compactMap(\.doubleValue) ?? []
    #expect(errors.count == 58)
    #expect(errors.reduce(0, +) == 516)
    // A window starts at every minute for the 5-minute latency, from 4 minutes before the window asked for.
    let latency = results[1]["Timestamps"]?.arrayValue?.compactMap { $0.stringValue.flatMap(TimeFormat.parse) ?? $0.doubleValue.map { EpochMillis($0 * 1000) } } ?? []
    #expect(latency.count == 20160)
    #expect(latency.first == CheckoutScenario.until - 14 * 86_400_000 - 240_000)
    #expect(zip(latency, latency.dropFirst()).allSatisfy { $1 - $0 == 60_000 })
    #expect(document["StartTime"] == "2026-11-16T00:00:00Z")
    #expect(document["EndTime"] == "2026-11-30T00:00:00Z")

    // One pull, replayed without calls: the same figures as a live backtest, then a lower threshold. api-errors now
    // also fires on the third incident (4 errors a minute for 30 minutes), yet no composite pages more: the
    // composite that uses it also needs latency.
    let file = dir.appendingPathComponent("metric-data.json").path
    let same = try server.vigil(["backtest", CheckoutScenario.session, "--data", file])
    #expect(same.status == 0, "\(same.stderr)")
    #expect(same.stdout == Self.twoWeeks)
    #expect(same.stderr == "")
    let lowered = try server.vigil(["backtest", CheckoutScenario.lowered, "--data", file])
    #expect(lowered.status == 0, "\(lowered.stderr)")
    #expect(
      lowered.stdout
        == Self.twoWeeks.replacingOccurrences(
          of: "api-errors         metric     5            32m       -", with: "api-errors         metric     7            1h 4m     -"))
    #expect(lowered.stderr == "")
  }

  @Test func pullAlarmsKeepsTheDescribeAlarmsShape() throws {
    for name in ["pulltest-a", "pulltest-b"] {
      try server.aws([
        "cloudwatch", "put-metric-alarm", "--alarm-name", name, "--namespace", "Checkout/api", "--metric-name", "ErrorCount",
        "--statistic", "Sum", "--period", "60", "--evaluation-periods", "1", "--threshold", "10", "--comparison-operator",
        "GreaterThanOrEqualToThreshold",
      ])
    }
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("alarms.json")
    let result = try server.vigil(["pull", "alarms", "--prefix", "pulltest-", "--out", out.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "wrote \(out.path): 2 metric alarms, 0 composite alarms\n")
    #expect(result.stderr == "vigil: 1 API call (DescribeAlarms 1)\n")
    let document = try JSONValue.parse(String(decoding: try Data(contentsOf: out), as: UTF8.self))
    let alarms = document["MetricAlarms"]?.arrayValue ?? []
    #expect(alarms.map { $0["AlarmName"]?.stringValue ?? "" } == ["pulltest-a", "pulltest-b"])
    // moto, like the AWS CLI against AWS, gives single-metric alarms an empty Metrics array; it is kept as it came.
    #expect(alarms.map { $0["Metrics"] ?? .null } == [.array([]), .array([])])
    #expect(document["CompositeAlarms"] == .array([]))

    // The pulled file is a source for `pull metrics`: both alarms read the same metric, pulled once.
    let metrics = try server.vigil(["pull", "metrics", out.path, "--since", "1h", "--out", dir.path])
    #expect(metrics.status == 0, "\(metrics.stderr)")
    #expect(metrics.stdout == "wrote \(dir.path)/metric-data.json: 1 metric, 0 datapoints\n")
    #expect(metrics.stderr == "vigil: 1 API call (GetMetricData 1)\n")
  }

  func putLogs(_ group: String, _ messages: [String], at start: EpochMillis) throws {
    try VigilAWSTests.putLogs(server, group, messages, at: start)
  }

  @Test func pullLogsFollowsPagesIntoOneEventsFile() throws {
    let now = EpochMillis(Date().timeIntervalSince1970 * 1000) - 60_000
    try putLogs("/ecs/pull-logs-dev", ["{\"level\":\"INFO\"}", "{\"level\":\"ERROR\"}", "{\"level\":\"INFO\"}"], at: now)
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("events.json")
    let result = try server.vigil(["pull", "logs", "/ecs/pull-logs-dev", "--since", "1h", "--page-size", "2", "--out", out.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "wrote \(out.path): 3 events from /ecs/pull-logs-dev\n")
    #expect(result.stderr == "vigil: 2 API calls (FilterLogEvents 2)\n")
    let events = try JSONValue.parse(String(decoding: try Data(contentsOf: out), as: UTF8.self))["events"]?.arrayValue ?? []
    #expect(events.map { $0["message"]?.stringValue ?? "" } == ["{\"level\":\"INFO\"}", "{\"level\":\"ERROR\"}", "{\"level\":\"INFO\"}"])
    // The file is what `vigil query` reads as a log file (filter-log-events output).
    let local = try VigilBinary.run(["query", "stats count(*) as n", out.path, "--format", "csv"])
    #expect(local.stdout == "n\n3\n")
  }

  @Test func anInvalidQueryIsRefusedBeforeAnyCall() throws {
    let result = try server.vigil(["query", "--remote", "--log-group", "/ecs/x", "fields @message | sort"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("error:"))
    #expect(!result.stderr.contains("API call"))
  }

  @Test func aMissingAWSCLIIsAClearError() throws {
    var environment = server.environment
    environment["PATH"] = "/nonexistent"
    let result = try VigilBinary.run(["pull", "alarms", "--out", "/tmp/never-written.json"], environment: environment)
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("error: the AWS CLI (`aws`) is not on PATH (searched /nonexistent)"))
  }

  @Test func aServerErrorIsReportedAsTheServerSentIt() throws {
    // moto answers GetMetricData for a percentile statistic with HTTP 500 and an HTML page (a moto limit; CloudWatch
    // computes percentiles). Vigil reports it and writes nothing; it never makes up data.
    try server.aws(["cloudwatch", "put-metric-data", "--namespace", "Percentile/test", "--metric-name", "LatencyMs", "--value", "5"])
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let session = dir.appendingPathComponent("p99.vigil")
    try Data(
      """
      stack shop --suffix dev --region us-east-1
      alarm latency --metric Percentile/test/LatencyMs --stat p99 --period 1m --when '> 800' --datapoints 3/5

      """.utf8
    ).write(to: session)
    let result = try server.vigil(["pull", "metrics", session.path, "--since", "1h", "--out", dir.appendingPathComponent("out").path])
    #expect(result.status == 2)
    #expect(result.stderr == "error: GetMetricData failed (500): 500 Internal Server Error\nvigil: 1 API call (GetMetricData 1)\n")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
  }

  @Test func aFailedCallNamesTheOperationAndTheServiceError() throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try server.vigil(["pull", "logs", "/ecs/no-such-group", "--out", dir.appendingPathComponent("x.json").path])
    #expect(result.status == 2)
    #expect(
      result.stderr
        == "error: FilterLogEvents failed (ResourceNotFoundException): The specified log group does not exist.\nvigil: 1 API call (FilterLogEvents 1)\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
  }
}

/// A pull stopped in the middle: by the server going away (a clear error, exit 2) or by Ctrl-C (exit 130); either
/// way nothing is written, not even a temporary file, and no `aws` child is left running.
@Suite(.enabled(if: MotoServer.available, "needs the AWS CLI and moto[server]: run scripts/setup.sh"))
struct InterruptedPullTests {
  /// Starts `vigil pull logs` one event per page over 20 events, waits until the third page is under way, then
  /// calls `interrupt`; returns the exit status, what it printed on standard error without progress lines, and
  /// the files left in its output folder.
  func interruptedPull(_ interrupt: (MotoServer, Process) -> Void) throws -> (Int32, [String], [String], MotoServer) {
    let server = try MotoServer()
    defer { server.stop() }
    let group = "/ecs/stopped-dev"
    try server.aws(["logs", "create-log-group", "--log-group-name", group])
    try server.aws(["logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", "s"])
    let start = EpochMillis(Date().timeIntervalSince1970 * 1000) - 600_000
    let events: JSONValue = .array((0..<20).map { .object(["timestamp": .int(Int(start) + $0 * 1000), "message": .string("event \($0)")]) })
    try server.aws(["logs", "put-log-events", "--log-group-name", group, "--log-stream-name", "s", "--log-events", events.serialized(pretty: false)])

    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let errURL = dir.appendingPathComponent("stderr.txt"), outDir = dir.appendingPathComponent("out")
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = VigilBinary.url
    process.arguments = ["pull", "logs", group, "--since", "1h", "--page-size", "1", "--progress", "--out", outDir.appendingPathComponent("events.json").path]
    process.environment = server.environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    let deadline = Date().addingTimeInterval(120)
    while Date() < deadline, process.isRunning {
      if String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self).contains("FilterLogEvents page 3") { break }
      Thread.sleep(forTimeInterval: 0.05)
    }
    interrupt(server, process)
    process.waitUntilExit()
    let stderr = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
    let lines = stderr.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("… ") }
    return (process.terminationStatus, lines, try FileManager.default.contentsOfDirectory(atPath: outDir.path), server)
  }

  /// N of `vigil: N API calls (…)`.
  static func calls(_ line: String?) -> Int {
    Int(line?.dropFirst("vigil: ".count).prefix { $0.isNumber } ?? "") ?? -1
  }

  @Test func aServerStoppedMidPullIsAClearErrorAndLeavesNothingBehind() throws {
    let (status, lines, files, server) = try interruptedPull { server, _ in server.stop() }
    #expect(status == 2)
    // The call in flight when the server went away is the one that fails: the third (a fourth if the third
    // finished first).
    let calls = Self.calls(lines.last)
    #expect(calls == 3 || calls == 4)
    #expect(lines == [
      "error: FilterLogEvents: cannot reach the AWS endpoint: Could not connect to the endpoint URL: \"\(server.endpoint)/\"",
      "vigil: \(calls) API calls (FilterLogEvents \(calls))",
    ])
    #expect(files == [])
  }

  @Test func ctrlCStopsThePullAndItsChild() throws {
    let (status, lines, files, _) = try interruptedPull { _, process in kill(process.processIdentifier, SIGINT) }
    #expect(status == 130)
    let calls = Self.calls(lines.last)
    #expect(calls == 3 || calls == 4)
    #expect(lines == ["vigil: interrupted; nothing was written", "vigil: \(calls) API calls (FilterLogEvents \(calls))"])
    #expect(files == [])
  }
}

/// `vigil query --remote` against a server of its own: moto numbers `@ptr` across all of a server's events.
@Suite(.enabled(if: MotoServer.available, "needs the AWS CLI and moto[server]: run scripts/setup.sh"))
struct RemoteQueryTests {
  @Test func remoteQueryPrintsLikeALocalQuery() throws {
    // moto's Insights runs only fields, sort and limit, and numbers @ptr across the server's events: this test
    // has a server of its own.
    let server = try MotoServer()
    defer { server.stop() }
    try VigilAWSTests.putLogs(server, "/ecs/remote-query-dev", ["first", "second", "third"], at: 1_795_950_000_000)
    let query = "fields @message | sort @timestamp desc | limit 2"
    let common = ["query", "--remote", "--log-group", "/ecs/remote-query-dev", query, "--start", "2026-11-29T00:00:00Z", "--end", "2026-11-30T00:00:00Z"]
    let table = try server.vigil(common)
    #expect(table.status == 0, "\(table.stderr)")
    #expect(table.stdout == """
      @ptr  @message
      ----  --------
      2     third
      1     second
      2 rows; 0 records matched, 0 scanned, 0 bytes

      """)
    #expect(table.stderr == "vigil: 2 API calls (StartQuery 1, GetQueryResults 1)\n")
    let csv = try server.vigil(common + ["--format", "csv"])
    #expect(csv.stdout == "@ptr,@message\n2,third\n1,second\n")
    let json = try server.vigil(common + ["--format", "json"])
    #expect(try JSONValue.parse(json.stdout)["results"]?.arrayValue?.count == 2)

    // The shell's form: the service's log group comes from its name (/ecs/NAME-SUFFIX), the table is the same, and
    // the query is not recorded (a replay would call the account again). The events lie within the last 30 days.
    let shell = try VigilBinary.run(
      ["shell"],
      input: """
        stack shop --suffix dev --region us-east-1
        service remote-query --ecs --cluster main
        query remote-query --remote --since 30d | \(query)
        query remote-query --remote | \(query) --since 30d
        save \(FileManager.default.temporaryDirectory.path)/remote-query-\(server.port).vigil

        """, environment: server.environment)
    let saved = FileManager.default.temporaryDirectory.appendingPathComponent("remote-query-\(server.port).vigil")
    defer { try? FileManager.default.removeItem(at: saved) }
    #expect(
      shell.stdout
        == """
        defined stack shop (suffix dev, region us-east-1)
        defined ECS service remote-query on cluster main (512 CPU, 1024 MB, X-Ray sidecar on); created cluster main with Container Insights

        """ + table.stdout + table.stdout + "saved 2 command(s) to \(saved.path)\n")
    #expect(shell.stderr == "vigil: 2 API calls (StartQuery 1, GetQueryResults 1)\nvigil: 2 API calls (StartQuery 1, GetQueryResults 1)\n")
    #expect(!String(decoding: (try? Data(contentsOf: saved)) ?? Data(), as: UTF8.self).contains("--remote"))
  }

}

/// Puts `messages` into a new log group, one a second from `start`.
func putLogs(_ server: MotoServer, _ group: String, _ messages: [String], at start: EpochMillis) throws {
  try server.aws(["logs", "create-log-group", "--log-group-name", group])
  try server.aws(["logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", "task-1"])
  let events: JSONValue = .array(
    messages.enumerated().map { .object(["timestamp": .int(Int(start) + $0.offset * 1000), "message": .string($0.element)]) })
  try server.aws([
    "logs", "put-log-events", "--log-group-name", group, "--log-stream-name", "task-1", "--log-events", events.serialized(pretty: false),
  ])
}

/// A call the credentials may not make, against moto with IAM checks on: the message names the IAM action.
@Suite(.enabled(if: MotoServer.available, "needs the AWS CLI and moto[server]: run scripts/setup.sh"))
struct DeniedCallTests {
  @Test func accessDeniedNamesTheIAMActionToGrant() throws {
    // The first two calls (creating a user without policies and its key) are allowed; IAM checks apply after them.
    let server = try MotoServer(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "2"])
    defer { server.stop() }
    try server.aws(["iam", "create-user", "--user-name", "ci"])
    let key = try JSONValue.parse(try server.aws(["iam", "create-access-key", "--user-name", "ci"]))["AccessKey"]
    var environment = server.environment
    environment["AWS_ACCESS_KEY_ID"] = key?["AccessKeyId"]?.stringValue
    environment["AWS_SECRET_ACCESS_KEY"] = key?["SecretAccessKey"]?.stringValue
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try VigilBinary.run(["pull", "alarms", "--out", dir.appendingPathComponent("alarms.json").path], environment: environment)
    #expect(result.status == 2)
    // moto names the action with CloudWatch's signing name (monitoring:); IAM policies use cloudwatch:.
    #expect(
      result.stderr == """
        error: access denied (AccessDenied): the credentials in use may not call cloudwatch:DescribeAlarms; grant the IAM action cloudwatch:DescribeAlarms
          AWS said: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: monitoring:DescribeAlarms
        vigil: 1 API call (DescribeAlarms 1)

        """)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
  }
}
