import VigilCore
import VigilModel

/// Session command lines: the input is session text, split by `CommandLexer`, parsed against the stack
/// commands and applied to a stack that already holds a small platform (the prefix below), so references,
/// replacements and name-collision checks are reached. A rejected line is skipped, as `vigil run` reports it
/// and goes on with the next in the shell.
public enum CommandLineFuzzTarget {
  /// The prefix session: one resource of most kinds, named so fuzzed lines can refer to them.
  static let prefix = #"""
    stack payments --suffix dev --region us-east-1
    network existing
    key logs --rotation on --deletion-window 7
    cluster payments --container-insights enabled
    service payment-authorizer --lambda --runtime nodejs20.x --memory 512 --timeout 10
    service payment-api --ecs --cluster payments --cpu 512 --memory 1024 --port 8080 --desired 3
    logs payment-api --retention 30 --key logs --archive glacier
    logs payment-authorizer --retention 30 --key logs
    metric-filter api-errors on payment-api --pattern '{ $.level = "ERROR" }' \
      --namespace Payments/payment-api --metric ErrorCount --value 1 --default 0 --unit Count
    metric-filter authorizer-duration on payment-authorizer \
      --pattern '[type=REPORT, request_id_label, request_id, duration_label, duration, ...]' \
      --namespace Payments/payment-authorizer --metric DurationMs --value '$duration' --unit Milliseconds
    alarm api-p99 --metric Payments/payment-api/LatencyMs --stat p99 --period 1m --when '> 800' --datapoints 3/5 --missing notBreaching
    alarm api-errors --metric Payments/payment-api/ErrorCount --stat Sum --period 1m --when '>= 10' --datapoints 2/3
    alarm api-error-rate --math '100 * errors / requests' --using errors=Payments/payment-api/ErrorCount:Sum \
      --using requests=Payments/payment-api/RequestCount:Sum --period 1m --when '> 5' --datapoints 3/5 --service payment-api
    variable oncall_webhook_url --sensitive --description 'HTTPS webhook of the on-call tool'
    topic oncall --email oncall@example.com --webhook var:oncall_webhook_url --dlq --max-receive 3 --key logs
    composite payments-degraded --rule 'ALARM(api-p99) AND (ALARM(api-errors) OR ALARM(api-error-rate))' \
      --notify oncall --suppressor api-errors --suppress-wait 2m --suppress-extension 5m
    canary checkout --url https://api.payments.example.com/health --every 5m
    parameter xray/sampling-rate --value 0.1 --description 'X-Ray fixed sampling rate'
    query-definition slow-payments --query 'fields @timestamp, latency_ms | filter latency_ms > 800 | limit 20' --logs payment-api
    """#

  static let parser = CommandParser(specs: StackCommands.specs)

  /// The stack after the prefix (built once; a fuzzed input starts from a copy).
  static let start: StackBuilder = {
    var builder = StackBuilder()
    apply(prefix, file: "prefix.vigil", to: &builder)
    return builder
  }()

  /// Applies every line that parses and validates; returns how many were applied.
  @discardableResult
  static func apply(_ text: String, file: String, to builder: inout StackBuilder) -> Int {
    var applied = 0
    for item in CommandLexer.split(text, file: file) {
      guard case .success(let line) = item, let command = try? parser.parse(line) else { continue }
      if (try? builder.apply(command)) != nil { applied += 1 }
    }
    return applied
  }

  public static func fuzz(_ data: [UInt8]) {
    var builder = start
    apply(FuzzInput.text(data), file: "fuzz.vigil", to: &builder)
  }
}

extension FuzzTargets {
  /// How many commands the command-line harness's prefix session holds, and how many of them the model
  /// accepts (the same number unless a model change broke the prefix).
  public static var commandLinePrefixCommandCount: Int {
    CommandLexer.split(CommandLineFuzzTarget.prefix).count
  }
  public static var commandLinePrefixCommandsApplied: Int {
    var builder = StackBuilder()
    return CommandLineFuzzTarget.apply(CommandLineFuzzTarget.prefix, file: "prefix.vigil", to: &builder)
  }
}
