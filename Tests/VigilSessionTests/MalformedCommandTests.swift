import Foundation
import VigilAlarms
import VigilTestSupport
import Testing
import VigilCore

@testable import VigilSession

/// Each malformed command with the exact message, line, column and caret a user sees.
@Suite struct MalformedCommandTests {
  static let prefix = """
    stack payments --suffix dev
    key logs
    service payment-api --ecs --cluster payments
    alarm api-p99 --metric Payments/LatencyMs --when '> 800'
    topic oncall --email a@example.com
    """

  static let cases: [(withPrefix: Bool, line: String, expected: String)] = [
    (
      false, #"key logs"#,
      """
      s.vigil:1:1: error: no stack yet; start with 'stack NAME --suffix SUFFIX'
        key logs
        ^
      """
    ),
    (
      false, #"stack Payments --suffix dev"#,
      """
      s.vigil:1:7: error: stack name 'Payments' must start with a lowercase letter
        stack Payments --suffix dev
              ^
      """
    ),
    (
      true, #"stack payments"#,
      """
      s.vigil:6:16: error: stack: missing --suffix; usage: stack NAME [--suffix SUFFIX] [--region REGION]
        stack payments
                       ^
      """
    ),
    (
      true, #"stack payments --suffix dev --region moon"#,
      """
      s.vigil:6:38: error: 'moon' is not an AWS region name such as us-east-1
        stack payments --suffix dev --region moon
                                             ^
      """
    ),
    (
      true, #"stack payments --suffix dev --regoin us-east-1"#,
      """
      s.vigil:6:29: error: unknown option --regoin for 'stack'; did you mean --region?
        stack payments --suffix dev --regoin us-east-1
                                    ^
      """
    ),
    (
      true, #"sevice payment-api --ecs --cluster payments"#,
      """
      s.vigil:6:1: error: unknown command 'sevice'; did you mean 'service'?
        sevice payment-api --ecs --cluster payments
        ^
      """
    ),
    (
      true, #"service payment-api"#,
      """
      s.vigil:6:1: error: service payment-api: say --lambda or --ecs (exactly one)
        service payment-api
        ^
      """
    ),
    (
      true, #"service payment-api --lambda --ecs"#,
      """
      s.vigil:6:1: error: service payment-api: say --lambda or --ecs (exactly one)
        service payment-api --lambda --ecs
        ^
      """
    ),
    (
      true, #"service payment-api --lambda --runtime nodejs18.x"#,
      """
      s.vigil:6:40: error: runtime nodejs18.x is too old: use nodejs20.x or newer
        service payment-api --lambda --runtime nodejs18.x
                                               ^
      """
    ),
    (
      true, #"dashboard payment-api --body '{"widgets":[]}'"#,
      """
      s.vigil:6:11: error: dashboard payment-api is one Vigil writes (the overview or a service's); give the team's own dashboard another name
        dashboard payment-api --body '{"widgets":[]}'
                  ^
      """
    ),
    (
      true, #"dashboard ops --body '{"widget":[]}'"#,
      """
      s.vigil:6:22: error: a dashboard body is a JSON object with a "widgets" list (PutDashboard's DashboardBody)
        dashboard ops --body '{"widget":[]}'
                             ^
      """
    ),
    (
      true, #"service payment-api --lambda --runtime nodejs16.x"#,
      """
      s.vigil:6:40: error: runtime nodejs16.x was deprecated by AWS on 2024-06-12; Lambda blocks creating functions with it from 2025-10-01 and updating them from 2025-11-01; move to nodejs22.x
        service payment-api --lambda --runtime nodejs16.x
                                               ^
      """
    ),
    (
      true, #"service payment-api --lambda --runtime python3.8"#,
      """
      s.vigil:6:40: error: runtime python3.8 was deprecated by AWS on 2024-10-14; Lambda blocks creating functions with it from 2025-10-01 and updating them from 2025-11-01; move to python3.13 (Vigil itself bundles Node.js handlers: nodejs20.x or newer)
        service payment-api --lambda --runtime python3.8
                                               ^
      """
    ),
    (
      true, #"service payment-api --lambda --runtime python3.12"#,
      """
      s.vigil:6:40: error: unsupported runtime 'python3.12'; Vigil bundles Node.js handlers: nodejs20.x or newer
        service payment-api --lambda --runtime python3.12
                                               ^
      """
    ),
    (
      true, #"service payment-api --ecs"#,
      """
      s.vigil:6:27: error: service: missing --cluster CLUSTER; usage: service NAME [--lambda] [--ecs] [--runtime RUNTIME] [--memory MB] [--timeout SECONDS] [--handler HANDLER] [--cluster CLUSTER] [--cpu UNITS] [--image IMAGE] [--port PORT] [--desired N] [--insights on|off] [--tracing on|off] [--log-format text|json] [--physical-name NAME]
        service payment-api --ecs
                                  ^
      """
    ),
    (
      true, #"service payment-api --ecs --cluster payments --cpu 300"#,
      """
      s.vigil:6:52: error: Fargate CPU must be 256, 512, 1024, 2048, 4096, 8192 or 16384, got 300
        service payment-api --ecs --cluster payments --cpu 300
                                                           ^
      """
    ),
    (
      true, #"service payment-api --lambda --memory 64"#,
      """
      s.vigil:6:39: error: --memory must be between 128 and 10240, got 64
        service payment-api --lambda --memory 64
                                              ^
      """
    ),
    (
      true, #"service payment-api --lambda --cluster payments"#,
      """
      s.vigil:6:30: error: --cluster applies only to ECS services
        service payment-api --lambda --cluster payments
                                     ^
      """
    ),
    (
      true, #"logs payment-ap --retention 30"#,
      """
      s.vigil:6:6: error: unknown service 'payment-ap'; did you mean 'payment-api'?
        logs payment-ap --retention 30
             ^
      """
    ),
    (
      true, #"logs payment-api --retention 14x"#,
      """
      s.vigil:6:30: error: --retention must be a whole number, got '14x'
        logs payment-api --retention 14x
                                     ^
      """
    ),
    (
      true, #"logs payment-api --retention 45"#,
      """
      s.vigil:6:30: error: CloudWatch does not allow a retention of 45 days; allowed values include 7, 14, 30, 60, 90, 365; nearest is 30
        logs payment-api --retention 45
                                     ^
      """
    ),
    (
      true, #"logs payment-api --key nokey"#,
      """
      s.vigil:6:24: error: unknown key 'nokey'; defined: logs
        logs payment-api --key nokey
                               ^
      """
    ),
    (
      true, #"metric-filter errors payment-api --pattern ERROR --metric E"#,
      """
      s.vigil:6:22: error: expected 'on' here; usage: metric-filter NAME on SERVICE [--pattern PATTERN] [--metric NAME] [--namespace NAMESPACE] [--value VALUE] [--default NUMBER] [--dimension NAME=$.field] [--unit UNIT]
        metric-filter errors payment-api --pattern ERROR --metric E
                             ^
      """
    ),
    (
      true, #"metric-filter errors on payment-api --metric E"#,
      """
      s.vigil:6:48: error: metric-filter: missing --pattern PATTERN; usage: metric-filter NAME on SERVICE [--pattern PATTERN] [--metric NAME] [--namespace NAMESPACE] [--value VALUE] [--default NUMBER] [--dimension NAME=$.field] [--unit UNIT]
        metric-filter errors on payment-api --metric E
                                                       ^
      """
    ),
    (
      true, #"metric-filter errors on payment-api --pattern ERROR --metric E --value latency"#,
      """
      s.vigil:6:72: error: --value must be a number, $.field (JSON) or $name (space-delimited), got 'latency'
        metric-filter errors on payment-api --pattern ERROR --metric E --value latency
                                                                               ^
      """
    ),
    (
      true, #"metric-filter errors on payment-api --pattern ERROR --metric E --dimension Svc=$.service --default 0"#,
      """
      s.vigil:6:90: error: CloudWatch does not allow a default value on a metric filter with dimensions
        metric-filter errors on payment-api --pattern ERROR --metric E --dimension Svc=$.service --default 0
                                                                                                 ^
      """
    ),
    (
      true, #"metric-filter errors on payment-api --pattern ERROR --metric E --unit Secs"#,
      """
      s.vigil:6:71: error: --unit must be one of Seconds, Microseconds, Milliseconds, Bytes, Kilobytes, Megabytes, Gigabytes, Terabytes, Bits, Kilobits, Megabits, Gigabits, Terabits, Percent, Count, Bytes/Second, Kilobytes/Second, Megabytes/Second, Gigabytes/Second, Terabytes/Second, Bits/Second, Kilobits/Second, Megabits/Second, Gigabits/Second, Terabits/Second, Count/Second, None, got 'Secs'
        metric-filter errors on payment-api --pattern ERROR --metric E --unit Secs
                                                                              ^
      """
    ),
    (
      true, #"alarm api-p99 --metric LatencyMs --when '> 800'"#,
      """
      s.vigil:6:24: error: metric must be Namespace/MetricName, e.g. Payments/LatencyMs, got 'LatencyMs'
        alarm api-p99 --metric LatencyMs --when '> 800'
                               ^
      """
    ),
    (
      true, #"alarm api-p99 --metric Payments/LatencyMs --stat p999x --when '> 800'"#,
      """
      s.vigil:6:50: error: unknown statistic 'p999x'; use SampleCount, Sum, Average, Minimum, Maximum, pNN, tmNN, TM(a:b), WM, TC, TS, PR or IQM
        alarm api-p99 --metric Payments/LatencyMs --stat p999x --when '> 800'
                                                         ^
      """
    ),
    (
      true, #"alarm api-p99 --metric Payments/LatencyMs --when '800'"#,
      """
      s.vigil:6:50: error: --when must be a comparison and a threshold, such as '> 800' or '<= 1', got '800'
        alarm api-p99 --metric Payments/LatencyMs --when '800'
                                                         ^
      """
    ),
    (
      true, #"alarm api-p99 --metric Payments/LatencyMs --when '> abc'"#,
      """
      s.vigil:6:52: error: --when needs a number after '>', got 'abc'
        alarm api-p99 --metric Payments/LatencyMs --when '> abc'
                                                           ^
      """
    ),
    (
      true, #"alarm api-p99 --metric Payments/LatencyMs --when '> 800' --datapoints 5/3"#,
      """
      s.vigil:6:71: error: --datapoints M/N needs 1 ≤ M ≤ N, got 5/3
        alarm api-p99 --metric Payments/LatencyMs --when '> 800' --datapoints 5/3
                                                                              ^
      """
    ),
    (
      true, #"alarm api-p99 --metric Payments/LatencyMs --when '> 800' --datapoints three"#,
      """
      s.vigil:6:71: error: --datapoints must be M/N, e.g. 3/5, got 'three'
        alarm api-p99 --metric Payments/LatencyMs --when '> 800' --datapoints three
                                                                              ^
      """
    ),
    (
      true, #"alarm api-p99 --metric Payments/LatencyMs --when '> 800' --period 45s"#,
      """
      s.vigil:6:67: error: --period must be 10s, 20s, 30s or a multiple of 1m, got 45s
        alarm api-p99 --metric Payments/LatencyMs --when '> 800' --period 45s
                                                                          ^
      """
    ),
    (
      true, #"alarm api-p99 --metric Payments/LatencyMs --when '> 800' --missing notbreaching"#,
      """
      s.vigil:6:68: error: --missing must be one of missing, notBreaching, breaching, ignore, got 'notbreaching'; did you mean 'notBreaching'?
        alarm api-p99 --metric Payments/LatencyMs --when '> 800' --missing notbreaching
                                                                           ^
      """
    ),
    (
      true, #"alarm api-p99 --metric Payments/LatencyMs --when '> 800' --treshold 5"#,
      """
      s.vigil:6:58: error: unknown option --treshold for 'alarm'; did you mean --threshold?
        alarm api-p99 --metric Payments/LatencyMs --when '> 800' --treshold 5
                                                                 ^
      """
    ),
    (
      true, #"alarm api-p99 --metric Payments/LatencyMs --when '> 800' --period 1m --datapoints 1/1500"#,
      """
      s.vigil:6:83: error: Period × EvaluationPeriods is 90000 s; CloudWatch allows at most 86400 s here
        alarm api-p99 --metric Payments/LatencyMs --when '> 800' --period 1m --datapoints 1/1500
                                                                                          ^
      """
    ),
    (
      // Issue 12 item 4: the product overflowed and trapped the shell.
      true, #"alarm api-p99 --metric Payments/LatencyMs --when '> 800' --datapoints 1/999999999999999999"#,
      """
      s.vigil:6:71: error: Period × EvaluationPeriods is more than 9223372036854775807 s; CloudWatch allows at most 86400 s here
        alarm api-p99 --metric Payments/LatencyMs --when '> 800' --datapoints 1/999999999999999999
                                                                              ^
      """
    ),
    (
      true, #"alarm api-p99 --metric Payments/LatencyMs --anomaly-band 2 --when '> 5'"#,
      """
      s.vigil:6:67: error: an anomaly-band alarm takes --when outside, above or below, got '> 5'
        alarm api-p99 --metric Payments/LatencyMs --anomaly-band 2 --when '> 5'
                                                                          ^
      """
    ),
    (
      true, #"composite c1 --rule 'ALARM(api-p98)' --notify oncall"#,
      """
      s.vigil:6:28: error: unknown alarm 'api-p98' in rule; did you mean 'api-p99'?
        composite c1 --rule 'ALARM(api-p98)' --notify oncall
                                   ^
      """
    ),
    (
      true, #"composite c1 --rule 'ALARM(api-p99)' --notify oncal"#,
      """
      s.vigil:6:47: error: unknown topic 'oncal'; did you mean 'oncall'?
        composite c1 --rule 'ALARM(api-p99)' --notify oncal
                                                      ^
      """
    ),
    (
      true, #"composite c1 --notify oncall"#,
      """
      s.vigil:6:30: error: composite: missing --rule RULE; usage: composite NAME [--rule RULE] [--notify TOPIC] [--suppressor ALARM] [--suppress-wait DURATION] [--suppress-extension DURATION] [--physical-name NAME]
        composite c1 --notify oncall
                                     ^
      """
    ),
    (
      true, #"composite c1 --rule 'ALARM(api-p99)' --suppress-wait 2m"#,
      """
      s.vigil:6:38: error: --suppress-wait needs --suppressor
        composite c1 --rule 'ALARM(api-p99)' --suppress-wait 2m
                                             ^
      """
    ),
    (
      true, #"topic t1 --webhook http://hooks.example.com/x"#,
      """
      s.vigil:6:20: error: webhook endpoints must use HTTPS, got 'http://hooks.example.com/x'
        topic t1 --webhook http://hooks.example.com/x
                           ^
      """
    ),
    (
      true, #"topic t1 --email not-an-address"#,
      """
      s.vigil:6:18: error: 'not-an-address' is not an e-mail address
        topic t1 --email not-an-address
                         ^
      """
    ),
    (
      true, #"topic t1 --email var:missing_var"#,
      """
      s.vigil:6:18: error: unknown variable 'missing_var'; define it first: variable missing_var --sensitive
        topic t1 --email var:missing_var
                         ^
      """
    ),
    (
      true, #"topic t1 --email a@b.com --max-receive 3"#,
      """
      s.vigil:6:26: error: --max-receive needs --dlq
        topic t1 --email a@b.com --max-receive 3
                                 ^
      """
    ),
    (
      true, #"tracing --sampling 1.5"#,
      """
      s.vigil:6:20: error: --sampling must be between 0 and 1, got 1.5
        tracing --sampling 1.5
                           ^
      """
    ),
    (
      true, #"tracing"#,
      """
      s.vigil:6:9: error: tracing: missing --sampling; usage: tracing [--sampling RATE] [--reservoir N] [--physical-name NAME]
        tracing
                ^
      """
    ),
    (
      true, #"canary checkout-endpoint-health --url https://x.example.com"#,
      """
      s.vigil:6:8: error: canary name 'checkout-endpoint-health-dev' (with suffix) is longer than Synthetics' 21 characters
        canary checkout-endpoint-health --url https://x.example.com
               ^
      """
    ),
    (
      true, #"canary c1 --url http://x.example.com"#,
      """
      s.vigil:6:17: error: canary --url must be an https:// URL, got 'http://x.example.com'
        canary c1 --url http://x.example.com
                        ^
      """
    ),
    (
      true, #"alarm api-p99 --metric Payments/LatencyMs --when '> 800' --metric Payments/Other"#,
      """
      s.vigil:6:58: error: option --metric given twice
        alarm api-p99 --metric Payments/LatencyMs --when '> 800' --metric Payments/Other
                                                                 ^
      """
    ),
    (
      true, #"query-definition q --query 'fields @message' --logs nope"#,
      """
      s.vigil:6:53: error: unknown service 'nope'; defined: payment-api
        query-definition q --query 'fields @message' --logs nope
                                                            ^
      """
    ),
    (
      true, #"variable 9lives"#,
      """
      s.vigil:6:10: error: variable name '9lives' must be letters, digits and _, not starting with a digit
        variable 9lives
                 ^
      """
    ),
    (
      true, #"parameter /abs --value 1"#,
      """
      s.vigil:6:11: error: parameter name '/abs' must be a relative path of letters, digits and / - _ . (it is placed under /STACK/SUFFIX/)
        parameter /abs --value 1
                  ^
      """
    ),
    (
      true, #"dashboard payment-api delete --text hi"#,
      """
      s.vigil:6:23: error: dashboard action must be one of add, remove, got 'delete'
        dashboard payment-api delete --text hi
                              ^
      """
    ),
    (
      true, #"dashboard payment-api add --text hi --alarm api-p99"#,
      """
      s.vigil:6:27: error: a widget is exactly one of --metric, --alarm, --text or --logs
        dashboard payment-api add --text hi --alarm api-p99
                                  ^
      """
    ),
    (
      true, #"metric-filter errors on payment-api --pattern "ERROR --metric E"#,
      """
      s.vigil:6:47: error: unterminated double quote
        metric-filter errors on payment-api --pattern "ERROR --metric E
                                                      ^
      """
    ),
    (
      true, #"remediation r1 --on api-p99 --function payment-api"#,
      """
      s.vigil:6:40: error: 'payment-api' is an ECS service; a remediation invokes a Lambda function
        remediation r1 --on api-p99 --function payment-api
                                               ^
      """
    ),
    (
      // The usage names both forms of `load` (it said `load FILES...`, which hides `into SERVICE`).
      true, #"load logs/api.jsonl --service payment-api"#,
      """
      s.vigil:6:21: error: unknown option --service for 'load'; usage: load SESSION.vigil | load FILE... into SERVICE
        load logs/api.jsonl --service payment-api
                            ^
      """
    ),
  ]

  @Test(arguments: 0..<cases.count)
  func rejectsWithExactMessage(index: Int) {
    let (withPrefix, line, expected) = Self.cases[index]
    let interpreter = Interpreter()
    let text = (withPrefix ? Self.prefix + "\n" : "") + line + "\n"
    let outcomes = interpreter.execute(text, file: "s.vigil")
    #expect(outcomes.last?.status == .invalid)
    #expect(outcomes.last?.output == expected)
    // A rejected command leaves every accepted one in place.
    #expect(interpreter.entries.count == (withPrefix ? 5 : 0))
  }

  @Test func countsAtLeastThirtyCases() { #expect(Self.cases.count >= 30) }
}

/// Issue 12 items 1 and 12: sessions from other editors, and files that are not what a command expects.
@Suite struct SessionFileTextTests {
  @Test func aCRLFSessionReplaysEveryCommand() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("windows.vigil")
    try Data("# saved on Windows\r\nstack payments --suffix dev\r\nkey logs\r\n".utf8).write(to: file)
    let replay = try SessionReplay(file: file.path)
    #expect(replay.interpreter.entries.map(\.text) == ["stack payments --suffix dev", "key logs"])
  }

  @Test func aNonUTF8SessionSaysWhere() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("latin1.vigil")
    try Data(Array("stack p --suffix dev\nkey ".utf8) + [0xFF]).write(to: file)
    #expect(throws: SessionReplayError.invalid("\(file.path):2:5: error: not UTF-8 text (byte 0xFF); save the file as UTF-8\n  key \u{FFFD}\n      ^")) {
      try SessionReplay(file: file.path)
    }
  }

  @Test func previewAlarmSaysWhyItCannotReadAFile() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let binary = directory.appendingPathComponent("alarms.json")
    try Data([0x7B, 0x0A, 0x20, 0xC3, 0x28]).write(to: binary)
    let fifo = directory.appendingPathComponent("fifo.json")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    for (path, reason) in [
      (directory.path, "is a directory"), (fifo.path, "is a named pipe (FIFO), not a file"),
      (binary.path, "\(binary.path):2:2: error: not UTF-8 text (byte 0xC3); save the file as UTF-8"),
    ] {
      #expect(throws: AlarmPreviewError("cannot read \(path): \(reason)")) {
        try AlarmReplay(describeAlarmsFile: path, metricDataFiles: [])
      }
    }
  }
}
