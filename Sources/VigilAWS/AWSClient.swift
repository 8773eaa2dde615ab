import Foundation
import VigilCore

/// One API operation as the AWS CLI names it (`cloudwatch get-metric-data`) and as IAM names it
/// (`cloudwatch:GetMetricData`).
public struct AWSOperation: Equatable, Hashable, Sendable {
  /// The CLI's service command and IAM's service prefix (`cloudwatch`, `logs`).
  public var service: String
  /// The CLI's operation command (`get-metric-data`).
  public var command: String
  /// The API's operation name (`GetMetricData`).
  public var apiName: String

  public init(service: String, command: String, apiName: String) {
    self.service = service
    self.command = command
    self.apiName = apiName
  }

  /// The IAM action that allows this call.
  /// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
  public var iamAction: String { "\(service):\(apiName)" }

  public static let getMetricData = AWSOperation(service: "cloudwatch", command: "get-metric-data", apiName: "GetMetricData")
  public static let describeAlarms = AWSOperation(service: "cloudwatch", command: "describe-alarms", apiName: "DescribeAlarms")
  public static let filterLogEvents = AWSOperation(service: "logs", command: "filter-log-events", apiName: "FilterLogEvents")
  public static let startQuery = AWSOperation(service: "logs", command: "start-query", apiName: "StartQuery")
  public static let getQueryResults = AWSOperation(service: "logs", command: "get-query-results", apiName: "GetQueryResults")
  public static let stopQuery = AWSOperation(service: "logs", command: "stop-query", apiName: "StopQuery")
}

/// Where calls go: the user's profile, region and endpoint, passed through to the AWS CLI unchanged, so
/// profiles, SSO, credential processes and the region chain work exactly as they do for `aws` itself.
public struct AWSOptions: Equatable, Sendable {
  public var profile: String?
  public var region: String?
  /// `--endpoint-url`, or `VIGIL_AWS_ENDPOINT_URL` when the flag is not given (a local server, a VPC endpoint).
  public var endpointURL: String?

  public init(profile: String? = nil, region: String? = nil, endpointURL: String? = nil) {
    self.profile = profile
    self.region = region
    self.endpointURL = endpointURL
  }

  /// The global options for `aws`, in the order the CLI documents them.
  public var arguments: [String] {
    var arguments: [String] = []
    if let profile { arguments += ["--profile", profile] }
    if let region { arguments += ["--region", region] }
    if let endpointURL { arguments += ["--endpoint-url", endpointURL] }
    return arguments
  }
}

/// How throttled calls are retried: up to `maximumAttempts` calls, waiting a random time between 0 and
/// min(cap, base × 2^attempt) before each retry ("full jitter"), as the AWS SDKs do.
/// https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
public struct RetryPolicy: Equatable, Sendable {
  public var maximumAttempts: Int
  /// Seconds.
  public var base: Double
  /// Seconds.
  public var cap: Double

  public init(maximumAttempts: Int = 5, base: Double = 0.5, cap: Double = 20) {
    self.maximumAttempts = maximumAttempts
    self.base = base
    self.cap = cap
  }

  /// The wait in seconds before retry number `retry` (1 for the first retry); `random` is uniform in [0, 1).
  public func delay(beforeRetry retry: Int, random: Double) -> Double {
    random * min(cap, base * pow(2, Double(max(0, retry - 1))))
  }
}

/// What one run of the AWS CLI gave back: its exit status (nil when a signal ended it) and what it printed.
public struct CLIOutcome: Equatable, Sendable {
  public var exitStatus: Int32?
  public var stdout: Data
  public var stderr: Data

  public init(exitStatus: Int32?, stdout: Data, stderr: Data) {
    self.exitStatus = exitStatus
    self.stdout = stdout
    self.stderr = stderr
  }
}

/// Runs the CLI once: the executable, its arguments and environment, and the run's `Cancellation` (which must be
/// able to stop it). `AWSClient.runProcess` is the one used outside tests; a test may wrap it to put the CLI's
/// recorded output (a throttling error) in front of real calls, which exercises Vigil's retry loop.
public typealias CLIRunner = (_ executable: String, _ arguments: [String], _ environment: [String: String], _ cancellation: Cancellation)
  throws(AWSError) -> CLIOutcome

/// Runs the real AWS CLI (`aws`, v1 or v2) with `--output json`, one process per API call, and counts the calls.
///
/// Requests go in with `--cli-input-json file://…` (API field names, no argument-length limit); `--no-paginate`
/// keeps one call per page so Vigil follows `NextToken` itself, counts every call and can stop between pages.
public final class AWSClient: @unchecked Sendable {
  public let options: AWSOptions
  /// The `aws` executable found on PATH.
  public let executable: String
  public var retry: RetryPolicy
  /// Called with a short line before each call and while waiting (the CLI shows them on a terminal).
  public var progress: ((String) -> Void)?
  /// Calls made, per API operation, in the order first made (retries count: each is a request the account served).
  public private(set) var calls: [(operation: String, count: Int)] = []
  private let cancellation: Cancellation
  private let scratch: URL
  private let environment: [String: String]
  private let runner: CLIRunner

  /// Finds `aws` on PATH (`environment["PATH"]`); `VIGIL_AWS_ENDPOINT_URL` fills a missing `endpointURL`. `runner`
  /// runs each call (default: `runProcess`, the CLI as a child process).
  public init(
    options: AWSOptions, environment: [String: String] = ProcessInfo.processInfo.environment, retry: RetryPolicy = RetryPolicy(),
    cancellation: Cancellation = .shared, runner: @escaping CLIRunner = AWSClient.runProcess
  ) throws(AWSError) {
    self.runner = runner
    var options = options
    if options.endpointURL == nil, let url = environment["VIGIL_AWS_ENDPOINT_URL"], !url.isEmpty { options.endpointURL = url }
    self.options = options
    let path = environment["PATH"] ?? ""
    guard
      let found = path.split(separator: ":").map({ String($0) + "/aws" }).first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else { throw .cliMissing(path: path) }
    executable = found
    self.retry = retry
    self.cancellation = cancellation
    var childEnvironment = environment
    // AWS CLI v2 pipes output through a pager by default; Vigil reads it.
    childEnvironment["AWS_PAGER"] = ""
    self.environment = childEnvironment
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-aws-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw .invalidRequest("cannot create a temporary folder: \(error.localizedDescription)")
    }
  }

  deinit { try? FileManager.default.removeItem(at: scratch) }

  /// Runs `executable` as a child process with standard output and error sent to files (a pipe could fill and
  /// stall it); `cancellation` kills it when the run is stopped.
  public static func runProcess(
    _ executable: String, _ arguments: [String], _ environment: [String: String], _ cancellation: Cancellation
  ) throws(AWSError) -> CLIOutcome {
    let scratch = FileManager.default.temporaryDirectory
    let id = UUID().uuidString
    let outURL = scratch.appendingPathComponent("vigil-aws-\(id)-stdout"), errURL = scratch.appendingPathComponent("vigil-aws-\(id)-stderr")
    defer {
      for url in [outURL, errURL] { try? FileManager.default.removeItem(at: url) }
    }
    let process = Process()
    do {
      FileManager.default.createFile(atPath: outURL.path, contents: nil, attributes: [.posixPermissions: 0o600])
      FileManager.default.createFile(atPath: errURL.path, contents: nil, attributes: [.posixPermissions: 0o600])
      let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
      defer {
        try? out.close()
        try? err.close()
      }
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
      process.environment = environment
      process.standardInput = FileHandle.nullDevice
      process.standardOutput = out
      process.standardError = err
      try cancellation.run(process)
    } catch let error as AWSError {
      throw error
    } catch {
      // The caller names the operation (`AWSClient.call`).
      throw .failed(operation: "", code: nil, message: "cannot run \(executable): \(error.localizedDescription)")
    }
    return CLIOutcome(
      exitStatus: process.terminationReason == .exit ? process.terminationStatus : nil,
      stdout: (try? Data(contentsOf: outURL)) ?? Data(), stderr: (try? Data(contentsOf: errURL)) ?? Data())
  }

  /// Every call made, e.g. `3 API calls (GetMetricData 2, DescribeAlarms 1)`.
  public var callSummary: String {
    let total = calls.reduce(0) { $0 + $1.count }
    let parts = calls.map { "\($0.operation) \($0.count)" }.joined(separator: ", ")
    return "\(total) API call\(total == 1 ? "" : "s")\(parts.isEmpty ? "" : " (\(parts))")"
  }

  /// Calls `operation` with `input` (the API's request fields) and returns the parsed JSON response, retrying
  /// throttled calls with backoff.
  public func call(_ operation: AWSOperation, _ input: [String: JSONValue]) throws(AWSError) -> JSONValue {
    var attempt = 1
    while true {
      do {
        return try callOnce(operation, input)
      } catch {
        guard case .throttled(_, _, let code) = error else { throw error }
        guard attempt < retry.maximumAttempts else {
          throw .throttled(operation: operation.apiName, attempts: attempt, code: code)
        }
        let wait = retry.delay(beforeRetry: attempt, random: Double.random(in: 0..<1))
        progress?("\(operation.apiName) throttled (\(code)); retrying in \(String(format: "%.1f", wait)) s")
        try cancellation.sleep(seconds: wait)
        attempt += 1
      }
    }
  }

  private func count(_ operation: AWSOperation) {
    if let index = calls.firstIndex(where: { $0.operation == operation.apiName }) {
      calls[index].count += 1
    } else {
      calls.append((operation.apiName, 1))
    }
  }

  /// Waits, waking early (and throwing `.cancelled`) when the run is stopped.
  public func sleep(seconds: Double) throws(AWSError) { try cancellation.sleep(seconds: seconds) }

  /// One call made even though the run was stopped (StopQuery after Ctrl-C); errors are ignored.
  @discardableResult
  public func callIgnoringCancellation(_ operation: AWSOperation, _ input: [String: JSONValue]) -> JSONValue? {
    try? callOnce(operation, input, cancellation: Cancellation())
  }

  private func callOnce(_ operation: AWSOperation, _ input: [String: JSONValue]) throws(AWSError) -> JSONValue {
    try callOnce(operation, input, cancellation: cancellation)
  }

  private func callOnce(_ operation: AWSOperation, _ input: [String: JSONValue], cancellation: Cancellation) throws(AWSError) -> JSONValue {
    try cancellation.check()
    let inputURL = scratch.appendingPathComponent("\(UUID().uuidString)-input.json")
    defer { try? FileManager.default.removeItem(at: inputURL) }
    do {
      try Data(JSONValue.object(input).serialized(pretty: false).utf8).write(to: inputURL)
    } catch {
      throw .failed(operation: operation.apiName, code: nil, message: "cannot write the request: \(error.localizedDescription)")
    }
    let arguments =
      options.arguments + [
        "--output", "json", "--no-paginate", operation.service, operation.command, "--cli-input-json", "file://" + inputURL.path,
      ]
    count(operation)
    let outcome: CLIOutcome
    do {
      outcome = try runner(executable, arguments, environment, cancellation)
    } catch {
      if case .failed("", let code, let message) = error { throw .failed(operation: operation.apiName, code: code, message: message) }
      throw error
    }
    try cancellation.check()
    let stdout = outcome.stdout
    guard outcome.exitStatus == 0 else {
      throw AWSError.parse(stderr: String(decoding: outcome.stderr, as: UTF8.self), operation: operation)
    }
    if stdout.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([:]) }
    do {
      return try JSONValue.parse(bytes: Array(stdout))
    } catch {
      throw .invalidResponse(operation: operation.apiName, reason: error.description)
    }
  }
}
