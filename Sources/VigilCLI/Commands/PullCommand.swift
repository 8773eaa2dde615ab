import ArgumentParser
import Foundation
import VigilAWS
import VigilAlarms
import VigilCore
import VigilLogs
import VigilSession

/// `vigil pull metrics|alarms|logs`: data from an AWS account, saved in the AWS CLI's output shapes.
struct PullCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pull",
    abstract: "Pull metrics, alarms or logs from an AWS account through the AWS CLI.",
    discussion: """
      Calls go through the real AWS CLI (`aws`, v1 or v2, on PATH), so profiles, SSO, credential processes and the \
      region chain work as they do for `aws`. Files are written whole or not at all (a temporary file renamed). \
      The number of API calls made is printed on standard error. Exit codes: 0 ok, 2 invalid input or a failed \
      call, 130 interrupted.
      """,
    subcommands: [PullMetricsCommand.self, PullAlarmsCommand.self, PullLogsCommand.self])
}

/// The options every command that talks to the account takes.
struct AWSAccountOptions: ParsableArguments {
  @Option(help: "AWS CLI profile (default: the CLI's own chain).") var profile: String?
  @Option(help: "AWS region (default: the profile's).") var region: String?
  @Option(name: .customLong("endpoint-url"), help: "Endpoint URL (default: $VIGIL_AWS_ENDPOINT_URL, else AWS).") var endpointURL: String?
  @Flag(help: "Print progress on standard error even when it is not a terminal.") var progress = false

  /// A client whose progress goes to standard error on a terminal (or with --progress); Ctrl-C cancels it.
  func client() throws -> AWSClient {
    let client = try AccountRun.attempt {
      try AWSClient(options: AWSOptions(profile: profile, region: region, endpointURL: endpointURL))
    }
    if progress || isatty(STDERR_FILENO) == 1 { client.progress = { printError("… " + $0) } }
    Cancellation.shared.handleInterrupts()
    return client
  }
}

/// How account commands report failures and times, one place for all of them.
enum AccountRun {
  /// Runs `body`, printing an `AWSError` or `Diagnostic` and exiting 2 (130 when interrupted); then, when `client`
  /// made calls, how many (`vigil: 3 API calls (GetMetricData 3)`) on standard error, failed or not.
  static func attempt<T>(reporting client: AWSClient? = nil, _ body: () throws -> T) throws -> T {
    func summary() {
      if let client, !client.calls.isEmpty { printError("vigil: \(client.callSummary)") }
    }
    do {
      let value = try body()
      summary()
      return value
    } catch let error as AWSError {
      printError(error.description)
      summary()
      throw error == .cancelled ? ExitCode(130) : ExitCode.invalidInput
    } catch let error as Diagnostic {
      printError(error.description)
      summary()
      throw ExitCode.invalidInput
    } catch let error as AlarmPreviewError {
      printError("error: \(error)")
      summary()
      throw ExitCode.invalidInput
    } catch let error as FileWriteFailure {
      printError("error: \(error.step): \(error.reason)")
      summary()
      throw ExitCode.invalidInput
    }
  }

  /// The window [until − since, until]: `since` a duration (`14d`), `until` a time (default now).
  static func window(since: String, until: String?) throws -> (from: EpochMillis, until: EpochMillis) {
    guard let span = TimeFormat.parseDuration(since), span > 0 else {
      throw AWSError.invalidRequest("--since expects a duration such as 2h, 14d or 30m, not '\(since)'")
    }
    var end = EpochMillis((Date().timeIntervalSince1970 * 1000).rounded(.down))
    if let until {
      guard let t = TimeFormat.parse(until) else {
        let (offset, reason) = TimeFormat.rejection(of: until) ?? (0, "not a time")
        throw Diagnostic("--until expects an ISO-8601 time or epoch seconds: \(reason)", in: until, offset: offset)
      }
      end = t
    }
    return (end - span, end)
  }

  /// Writes `text` to `path` whole or not at all.
  static func write(_ text: String, to path: String) throws {
    try FileWriting.replace(URL(fileURLWithPath: path), with: Array(text.utf8))
  }

  /// The alarms of a session (`.vigil`) or of `aws cloudwatch describe-alarms` output (`.json`), and the session's
  /// interpreter when there is one (for its dashboards and log groups).
  static func alarms(_ path: String) throws -> (AlarmSet, Interpreter?) {
    if path.hasSuffix(".json") {
      guard let data = FileManager.default.contents(atPath: path) else { throw AWSError.invalidRequest("cannot read \(path)") }
      let text = String(decoding: data, as: UTF8.self)
      return (try DescribeAlarmsReader.read(text, file: path), nil)
    }
    let (interpreter, _) = try SessionLoading.replay(path)
    return (try interpreter.alarmDefinitions(), interpreter)
  }
}

/// `vigil pull metrics SESSION|ALARMS.json --since 14d --out DIR`.
struct PullMetricsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "metrics",
    abstract: "GetMetricData for every metric the alarms, math expressions and widgets use, at their period and statistic.",
    discussion: """
      Writes DIR/metric-data.json: GetMetricData's request fields (MetricDataQueries, StartTime, EndTime) beside \
      its response fields (MetricDataResults merged over every call and page, Messages). Calls stay within the \
      API's limits (500 queries and 100,800 datapoints per call). Percentile statistics also pull SampleCount.
      """)

  @Argument(help: "A session file (.vigil) or describe-alarms output (.json).") var source: String
  @Option(help: "How far back from --until, e.g. 14d.") var since: String = "14d"
  @Option(help: "End of the window (ISO-8601 or epoch seconds; default now).") var until: String?
  @Option(help: "Folder to write metric-data.json into (created if missing).") var out: String
  @OptionGroup var account: AWSAccountOptions

  func run() throws {
    let client = try account.client()
    try AccountRun.attempt(reporting: client) {
      let (from, end) = try AccountRun.window(since: since, until: until)
      let (alarms, interpreter) = try AccountRun.alarms(source)
      var requests = MetricRequests.forAlarms(alarms)
      if let interpreter { for r in MetricRequests.forWidgets(interpreter.stack) where !requests.contains(r) { requests.append(r) } }
      guard !requests.isEmpty else { throw AWSError.invalidRequest("\(source) has no alarm or widget that reads a metric") }
      let pull = MetricPull(requests: requests, from: from, until: end)
      for warning in pull.retentionWarnings(now: EpochMillis(Date().timeIntervalSince1970 * 1000)) { printError(warning) }
      let pulled = try pull.run(client)
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      let path = (out as NSString).appendingPathComponent("metric-data.json")
      try AccountRun.write(pulled.document.serialized() + "\n", to: path)
      print("wrote \(path): \(pull.requests.count) metric\(pull.requests.count == 1 ? "" : "s"), \(pulled.datapointCount) datapoints")
    }
  }
}

/// `vigil pull alarms [--prefix P] --out alarms.json`.
struct PullAlarmsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "alarms", abstract: "DescribeAlarms (metric and composite), saved as `aws cloudwatch describe-alarms` output.")

  @Option(help: "Only alarms whose names start with this (AlarmNamePrefix).") var prefix: String?
  @Option(help: "File to write.") var out: String
  @OptionGroup var account: AWSAccountOptions

  func run() throws {
    let client = try account.client()
    try AccountRun.attempt(reporting: client) {
      let document = try AlarmPull(prefix: prefix).run(client)
      try AccountRun.write(document.serialized() + "\n", to: out)
      let metric = document["MetricAlarms"]?.arrayValue?.count ?? 0, composite = document["CompositeAlarms"]?.arrayValue?.count ?? 0
      print("wrote \(out): \(metric) metric alarm\(metric == 1 ? "" : "s"), \(composite) composite alarm\(composite == 1 ? "" : "s")")
    }
  }
}

/// `vigil pull logs LOGGROUP|SERVICE --since 2h [--pattern P] --out FILE`.
struct PullLogsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "logs",
    abstract: "FilterLogEvents over a log group, saved as `aws logs filter-log-events` output (which Vigil reads as a log file).",
    discussion: "A name without '/' is a service of --session, mapped to its log group (/aws/lambda/NAME-SUFFIX, /ecs/NAME-SUFFIX).")

  @Argument(help: "A log group name, or a service of --session.") var target: String
  @Option(help: "How far back from --until, e.g. 2h.") var since: String = "1h"
  @Option(help: "End of the window (ISO-8601 or epoch seconds; default now).") var until: String?
  @Option(help: "A CloudWatch filter pattern, checked before it is sent.") var pattern: String?
  @Option(help: "The session whose service names map to log groups.") var session: String?
  @Option(name: .customLong("page-size"), help: "Events per FilterLogEvents call (1-10000; default: the service's).") var pageSize: Int?
  @Option(help: "File to write.") var out: String
  @OptionGroup var account: AWSAccountOptions

  func run() throws {
    let client = try account.client()
    try AccountRun.attempt(reporting: client) {
      let (from, end) = try AccountRun.window(since: since, until: until)
      if let pattern { _ = try FilterPattern(pattern) }
      if let pageSize, !(1...10_000).contains(pageSize) { throw AWSError.invalidRequest("--page-size must be 1 to 10000, got \(pageSize)") }
      let group = try LogGroupNames.resolve(target, session: session)
      let document = try LogPull(logGroup: group, from: from, until: end, pattern: pattern, pageSize: pageSize).run(client)
      try AccountRun.write(document.serialized() + "\n", to: out)
      let n = document["events"]?.arrayValue?.count ?? 0
      print("wrote \(out): \(n) event\(n == 1 ? "" : "s") from \(group)")
    }
  }
}

/// A service name of a session → its log group; a name with '/' is taken as a log group as it is.
enum LogGroupNames {
  static func resolve(_ name: String, session: String?) throws -> String {
    if name.contains("/") { return name }
    guard let session else {
      throw AWSError.invalidRequest("'\(name)' is not a log group name (no '/'); give --session FILE to map a service to its log group")
    }
    let (interpreter, _) = try SessionLoading.replay(session)
    guard let env = interpreter.stack.environment, let service = interpreter.stack.service(name) else {
      throw AWSError.invalidRequest("\(session) has no service '\(name)'")
    }
    return service.logGroupName(in: env)
  }
}
