import Foundation
import VigilCore

/// Why a call to the account failed, in words a user can act on. Every case maps to exit code 2 in `VigilCLI`.
public enum AWSError: Error, Equatable, Sendable, CustomStringConvertible {
  /// `aws` is not on PATH.
  case cliMissing(path: String)
  /// The account refused the call: `action` is the IAM action to grant (`cloudwatch:GetMetricData`).
  case denied(action: String, code: String, message: String)
  /// The service kept throttling after every retry.
  case throttled(operation: String, attempts: Int, code: String)
  /// The endpoint could not be reached (no network, wrong `--endpoint-url`, the server went away).
  case cannotConnect(operation: String, message: String)
  /// Any other error the AWS CLI reported: its error code (when it printed one) and message.
  case failed(operation: String, code: String?, message: String)
  /// The CLI printed something that is not the JSON the operation returns.
  case invalidResponse(operation: String, reason: String)
  /// Ctrl-C (SIGINT) or SIGTERM stopped the run.
  case cancelled
  /// A request Vigil refuses to send, with the reason (an unsupported statistic, a bad time range, …).
  case invalidRequest(String)

  public var description: String {
    switch self {
    case .cliMissing(let path):
      return
        "error: the AWS CLI (`aws`) is not on PATH (\(path.isEmpty ? "PATH is empty" : "searched \(path)"));"
        + " install it (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html or `pip install awscli`)"
    case .denied(let action, let code, let message):
      return "error: access denied (\(code)): the credentials in use may not call \(action); grant the IAM action \(action)\n  AWS said: \(message)"
    case .throttled(let operation, let attempts, let code):
      return "error: \(operation) was throttled (\(code)) on all \(attempts) attempts; try again later or narrow --since"
    case .cannotConnect(let operation, let message):
      return "error: \(operation): cannot reach the AWS endpoint: \(message)"
    case .failed(let operation, let code, let message):
      return "error: \(operation) failed\(code.map { " (\($0))" } ?? ""): \(message)"
    case .invalidResponse(let operation, let reason):
      return "error: \(operation) returned output Vigil cannot read: \(reason)"
    case .cancelled:
      return "vigil: interrupted; nothing was written"
    case .invalidRequest(let reason):
      return "error: \(reason)"
    }
  }

  /// The error codes the AWS SDKs treat as throttling; each is retried with backoff.
  /// https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
  public static let throttlingCodes: Set<String> = [
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
    "RequestLimitExceeded", "ProvisionedThroughputExceededException", "RequestThrottled", "SlowDown",
    "PriorRequestNotComplete", "EC2ThrottledException", "BandwidthLimitExceeded", "LimitExceededException",
  ]

  /// The error codes that mean the caller lacks an IAM permission.
  public static let deniedCodes: Set<String> = [
    "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedException", "AuthorizationError",
  ]

  /// Reads what the AWS CLI printed on standard error after a failed call (exit status 254/255 in v2, 255 in v1):
  /// `An error occurred (CODE) when calling the OPERATION operation: MESSAGE` for a service error, or the CLI's own
  /// message (`Could not connect to the endpoint URL: …`, `Unable to locate credentials…`, an expired SSO token).
  public static func parse(stderr: String, operation: AWSOperation) -> AWSError {
    let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    for (index, line) in lines.enumerated() {
      guard let open = line.range(of: "An error occurred ("), let close = line[open.upperBound...].firstIndex(of: ")") else { continue }
      var code = String(line[open.upperBound..<close])
      // `… when calling the OP operation: MESSAGE`, or `… operation (reached max retries: 4): MESSAGE`.
      var message = ""
      if let op = line[close...].range(of: " operation") {
        var rest = line[op.upperBound...]
        if rest.hasPrefix(" ("), let end = rest.firstIndex(of: ")") { rest = rest[rest.index(after: end)...] }
        if rest.hasPrefix(": ") { message = String(rest.dropFirst(2)) }
      }
      // A body the CLI could not parse (an XML error from a JSON-protocol endpoint) comes with the HTTP status as
      // its code and the raw body as its message; the body still names the error.
      if code.allSatisfy(\.isNumber) {
        let body = ([message] + lines[(index + 1)...]).joined(separator: "\n")
        if let inner = element("Code", in: body) { code = inner }
        if let inner = element("Message", in: body) {
          message = inner
        } else if let title = element("title", in: body) {
          message = title  // an HTML error page: its title says what happened (`500 Internal Server Error`)
        }
      }
      if deniedCodes.contains(code) || message.contains("is not authorized to perform") {
        return .denied(action: operation.iamAction, code: code, message: message)
      }
      if throttlingCodes.contains(code) { return .throttled(operation: operation.apiName, attempts: 1, code: code) }
      return .failed(operation: operation.apiName, code: code, message: message)
    }
    if let line = lines.first(where: { $0.hasPrefix("Could not connect to the endpoint URL") || $0.contains("Connection was closed") }) {
      return .cannotConnect(operation: operation.apiName, message: line)
    }
    return .failed(operation: operation.apiName, code: nil, message: lines.last ?? "the AWS CLI failed without a message")
  }

  /// The text of the first `<NAME>…</NAME>` in `text`.
  static func element(_ name: String, in text: String) -> String? {
    guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else {
      return nil
    }
    return String(text[open.upperBound..<close.lowerBound])
  }
}
