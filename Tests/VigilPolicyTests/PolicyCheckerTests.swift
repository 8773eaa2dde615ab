import Foundation
import Testing
import VigilCore
import VigilExport
import VigilModel
import VigilPolicy
import VigilTestSupport

/// One session that breaks one rule, the exact findings it must produce, and (where there is one) the fix that clears them.
struct BrokenSession: CustomStringConvertible, Sendable {
  var name: String
  var session: String
  /// `location: RULE: message` of every finding, in order.
  var headlines: [String]
  /// The fix commands of every finding, in order.
  var fixes: [[String]]
  /// A webhook URL the session cannot type (the model refuses a token), put into topic `oncall` in code, as a stack
  /// built by a library user or imported would have it.
  var literalWebhook: String?
  var description: String { name }

  init(
    _ name: String, replacing: (String, String)? = nil, appending lines: String = "", literalWebhook: String? = nil, _ headlines: [String],
    fixes: [[String]]
  ) {
    self.name = name
    self.literalWebhook = literalWebhook
    var text = PolicySessions.clean
    if let (old, new) = replacing { text = text.replacingOccurrences(of: old, with: new) }
    if !lines.isEmpty { text += "\n" + lines }
    self.session = text
    self.headlines = headlines
    self.fixes = fixes
  }

  /// The stack of `session` followed by `extra`, with `literalWebhook` (if any) as topic `oncall`'s only webhook.
  func stack(appending extra: String = "") throws -> Stack {
    var stack = try PolicySessions.stack(session + extra)
    if let literalWebhook, extra.isEmpty, let index = stack.topics.firstIndex(where: { $0.name == "oncall" }) {
      stack.topics[index].webhooks = [.literal(literalWebhook)]
    }
    return stack
  }
}

@Suite struct PolicyCheckerTests {
  static let cases: [BrokenSession] = [
    BrokenSession(
      "log group without a key", replacing: ("key logs\nservice api --lambda", "service api --lambda\nkey logs"),
      [
        "shop.vigil:2:1: VIGIL-LOG-001: log group /aws/lambda/api-dev does not use a customer-managed KMS key (CloudWatch falls back to an AWS-owned key)"
      ],
      fixes: [["logs api --retention 30 --key logs --archive glacier"]]),
    BrokenSession(
      "retention 14", appending: "logs api --retention 14",
      ["shop.vigil:10:1: VIGIL-LOG-002: log group /aws/lambda/api-dev keeps logs 14 days; the platform requires exactly 30"],
      fixes: [["logs api --retention 30 --key logs --archive glacier"]]),
    BrokenSession(
      "no archive", appending: "logs web --archive none",
      ["shop.vigil:10:1: VIGIL-LOG-003: log group /ecs/web-dev is not archived to S3 and Glacier"],
      fixes: [["logs web --retention 30 --key logs --archive glacier"]]),
    BrokenSession(
      "flow logs kept 90 days", appending: "flow-logs --key logs --retention 90",
      ["shop.vigil:10:1: VIGIL-LOG-002: log group /vpc/shop-flow-logs-dev keeps logs 90 days; the platform requires exactly 30"],
      fixes: [["flow-logs --key logs --retention 30"]]),
    BrokenSession(
      "sampling 0.5", appending: "tracing --sampling 0.5",
      ["shop.vigil:10:1: VIGIL-TRC-002: X-Ray samples at a fixed rate of 0.5; the platform requires 0.1"],
      fixes: [["tracing --sampling 0.1"]]),
    BrokenSession(
      "no sampling rule", replacing: ("\ntracing --sampling 0.1", ""),
      ["shop.vigil:1:1: VIGIL-TRC-001: stack shop defines no X-Ray sampling rule"], fixes: [["tracing --sampling 0.1"]]),
    BrokenSession(
      "function without tracing", appending: "service api --lambda --tracing off",
      ["shop.vigil:10:1: VIGIL-TRC-003: Lambda function api has X-Ray tracing off (mode PassThrough)"],
      fixes: [["service api --lambda --runtime nodejs22.x --memory 512 --timeout 10 --tracing on"]]),
    BrokenSession(
      "ECS service without the X-Ray sidecar", appending: "service web --ecs --cluster main --tracing off",
      ["shop.vigil:10:1: VIGIL-TRC-003: ECS service web runs without the X-Ray daemon sidecar"],
      fixes: [["service web --ecs --cluster main --cpu 512 --memory 1024 --port 8080 --desired 2 --tracing on"]]),
    BrokenSession(
      "function without Lambda Insights", appending: "service api --lambda --memory 1024 --insights off",
      ["shop.vigil:10:1: VIGIL-INS-001: Lambda function api runs without the Lambda Insights extension"],
      fixes: [["service api --lambda --runtime nodejs22.x --memory 1024 --timeout 10 --insights on"]]),
    BrokenSession(
      "cluster without Container Insights", appending: "cluster main --container-insights disabled",
      ["shop.vigil:10:1: VIGIL-INS-002: ECS cluster main has Container Insights disabled"],
      fixes: [["cluster main --container-insights enabled"]]),
    BrokenSession(
      "topic without a DLQ", appending: "topic oncall --email oncall@example.com --key logs",
      ["shop.vigil:10:1: VIGIL-SNS-002: topic oncall has no dead-letter queue: notifications that cannot be delivered are dropped"],
      fixes: [["topic oncall --email oncall@example.com --dlq --max-receive 3 --key logs"]]),
    BrokenSession(
      "maxReceiveCount 5", appending: "topic oncall --email oncall@example.com --dlq --max-receive 5 --key logs",
      ["shop.vigil:10:1: VIGIL-SNS-003: topic oncall redrives to its dead-letter queue after maxReceiveCount 5; the platform requires 3"],
      fixes: [["topic oncall --email oncall@example.com --dlq --max-receive 3 --key logs"]]),
    BrokenSession(
      "alarm outside any composite",
      appending: "alarm api-throttles --metric AWS/Lambda/Throttles --dimension FunctionName=api --stat Sum --when '> 0'",
      ["shop.vigil:10:1: VIGIL-ALM-001: metric alarm api-throttles takes part in no composite alarm, so its ALARM state notifies nobody"],
      fixes: [["composite api-throttles-alert --rule 'ALARM(api-throttles)' --notify oncall"]]),
    BrokenSession(
      "dimension with a hard-coded suffix",
      appending:
        "alarm api-errors --metric AWS/Lambda/Errors --dimension FunctionName=api-dev --stat Sum --when '>= 1' --missing notBreaching",
      [
        "shop.vigil:10:1: VIGIL-NAM-001: alarm api-errors hard-codes FunctionName=api-dev: exported with another suffix it still watches api-dev; "
          + "name the function api and the export adds the suffix"
      ],
      fixes: [
        [
          "alarm api-errors --metric AWS/Lambda/Errors --dimension FunctionName=api --stat Sum --period 1m --when '>= 1' --missing notBreaching --service api"
        ]
      ]),
    BrokenSession(
      "dimension naming nothing in the stack",
      appending: "alarm api-errors --metric AWS/Lambda/Errors --dimension FunctionName=legacy-billing --stat Sum --when '>= 1'",
      [
        "shop.vigil:3:1: VIGIL-DSH-001: the dashboard of api shows no alarm: no metric alarm belongs to this service boundary",
        // Issue 13: the alarm also reads a metric AWS/Lambda never publishes for this stack.
        "shop.vigil:10:1: VIGIL-MET-003: alarm api-errors reads AWS/Lambda/Errors with FunctionName=legacy-billing, which names "
          + "no resource of the stack and no declared publisher; AWS/Lambda/Errors is published for FunctionName=api-dev",
        "shop.vigil:10:1: VIGIL-NAM-001: alarm api-errors has FunctionName=legacy-billing, which names no function of this stack, "
          + "so the export cannot give it the environment suffix",
      ],
      fixes: [
        [
          "alarm api-errors --metric AWS/Lambda/Errors --dimension FunctionName=api --stat Sum --period 1m --when '>= 1' --missing notBreaching --service api",
          "composite api-errors-alert --rule 'ALARM(api-errors)' --notify oncall",
        ], [], [],
      ]),
    BrokenSession(
      "stack name that pushes the suffix out of the sampling rule name",
      replacing: ("stack shop --suffix dev", "stack payments-observability-platform --suffix dev"),
      [
        "shop.vigil:9:1: VIGIL-NAM-001: aws_xray_sampling_rule.sampling: rule_name 'payments-observability-platform-' does not contain "
          + "the environment suffix 'dev'"
      ],
      fixes: [["stack payments-observabil --suffix dev --region us-east-1"]]),
    BrokenSession(
      "service name too long for its X-Ray group",
      appending: """
        service settlement-reconciliation --lambda
        alarm settle-errors --metric AWS/Lambda/Errors --dimension FunctionName=settlement-reconciliation --stat Sum --when '>= 1'
        composite settle-failing --rule 'ALARM(settle-errors)' --notify oncall
        """,
      [
        "shop.vigil:10:1: VIGIL-NAM-002: aws_xray_group.xray_settlement-reconciliation: group_name 'settlement-reconciliation-xray-dev' is 34 characters; AWS allows at most 32"
      ],
      fixes: [[]]),
    BrokenSession(
      "key rotation off", appending: "key logs --rotation off",
      ["shop.vigil:10:1: VIGIL-KMS-002: KMS key logs has automatic rotation off"], fixes: [["key logs --rotation on --deletion-window 7"]]),
    BrokenSession(
      "30-day deletion window", appending: "key logs --deletion-window 30",
      ["shop.vigil:10:1: VIGIL-KMS-003: KMS key logs has a deletion window of 30 days; the platform uses 7"],
      fixes: [["key logs --rotation on --deletion-window 7"]]),
    BrokenSession(
      "no key at all", replacing: ("key logs\n", ""),
      [
        "shop.vigil:1:1: VIGIL-KMS-001: stack shop defines no customer-managed KMS key, so its queues, archive bucket and parameters use AWS-managed encryption",
        "shop.vigil:2:1: VIGIL-LOG-001: log group /aws/lambda/api-dev does not use a customer-managed KMS key (CloudWatch falls back to an AWS-owned key)",
        "shop.vigil:3:1: VIGIL-LOG-001: log group /ecs/web-dev does not use a customer-managed KMS key (CloudWatch falls back to an AWS-owned key)",
        "shop.vigil:4:1: VIGIL-SNS-001: topic oncall and its queues are not encrypted with a customer-managed KMS key",
      ],
      fixes: [
        ["key logs --rotation on --deletion-window 7"],
        ["key logs --rotation on --deletion-window 7", "logs api --retention 30 --key logs --archive glacier"],
        ["key logs --rotation on --deletion-window 7", "logs web --retention 30 --key logs --archive glacier"],
        ["key logs --rotation on --deletion-window 7", "topic oncall --email oncall@example.com --dlq --max-receive 3 --key logs"],
      ]),
    BrokenSession(
      "topic without a key (no key defined yet)",
      replacing: ("key logs\n", ""),
      appending: "key logs\nlogs api --key logs\nlogs web --key logs",
      // The topic was defined before the key, so it has none; everything else got the key later.
      ["shop.vigil:4:1: VIGIL-SNS-001: topic oncall and its queues are not encrypted with a customer-managed KMS key"],
      fixes: [["topic oncall --email oncall@example.com --dlq --max-receive 3 --key logs"]]),
    BrokenSession(
      "literal webhook with a token in its path",
      appending: "topic oncall --email oncall@example.com --webhook https://hooks.example.com/placeholder --dlq --max-receive 3 --key logs",
      literalWebhook: "https://hooks.example.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX",
      [
        "shop.vigil:10:1: VIGIL-SEC-001: webhook https://hooks.example.com/… of topic oncall is written literally and carries a token (a 24-character path segment)"
      ],
      fixes: [
        [
          "variable oncall_webhook_url --sensitive --description 'HTTPS webhook of topic oncall (contains a token)'",
          "topic oncall --email oncall@example.com --webhook var:oncall_webhook_url --dlq --max-receive 3 --key logs",
        ]
      ]),
    BrokenSession(
      "literal webhook with a token in its query",
      appending: "topic oncall --webhook https://alerts.example.com/placeholder --dlq --max-receive 3 --key logs",
      literalWebhook: "https://alerts.example.com/hook?token=abc",
      [
        "shop.vigil:10:1: VIGIL-SEC-001: webhook https://alerts.example.com/… of topic oncall is written literally and carries a token (a query string)"
      ],
      fixes: [
        [
          "variable oncall_webhook_url --sensitive --description 'HTTPS webhook of topic oncall (contains a token)'",
          "topic oncall --webhook var:oncall_webhook_url --dlq --max-receive 3 --key logs",
        ]
      ]),
    BrokenSession(
      "endpoint variable not marked sensitive",
      appending: "variable hook --description 'on-call webhook'\ntopic oncall --webhook var:hook --dlq --max-receive 3 --key logs",
      [
        "shop.vigil:10:1: VIGIL-SEC-002: variable hook carries the webhook of topic oncall but is not marked sensitive, so Terraform prints it in plans"
      ],
      fixes: [["variable hook --sensitive --description 'on-call webhook'"]]),
    BrokenSession(
      "webhook variable defaulting to HTTP",
      appending:
        "variable hook --sensitive --default http://alerts.example.com/hook\ntopic oncall --webhook var:hook --dlq --max-receive 3 --key logs",
      [
        "shop.vigil:10:1: VIGIL-SNS-005: variable hook (webhook of topic oncall) defaults to http://alerts.example.com/…, which is not an HTTPS URL"
      ],
      fixes: [["variable hook --sensitive"]]),
    BrokenSession(
      "service with no alarm on its dashboard", appending: "service worker --lambda",
      ["shop.vigil:10:1: VIGIL-DSH-001: the dashboard of worker shows no alarm: no metric alarm belongs to this service boundary"],
      fixes: [
        [
          "alarm worker-errors --metric AWS/Lambda/Errors --dimension FunctionName=worker --stat Sum --period 1m --when '>= 1' --missing notBreaching --service worker",
          "composite worker-errors-alert --rule 'ALARM(worker-errors)' --notify oncall",
        ]
      ]),
  ]

  @Test func theCleanSessionHasNoFindings() throws {
    #expect(PolicyChecker.findings(in: try PolicySessions.stack(PolicySessions.clean)).map(\.text) == [])
  }

  @Test func theSampleSessionHasNoFindings() throws {
    let text = try String(contentsOf: TestPaths.sample("payments.vigil"), encoding: .utf8)
    #expect(PolicyChecker.findings(in: try PolicySessions.stack(text)).map(\.text) == [])
    #expect(PolicyChecker.findings(in: try PolicySessions.stack(text), options: ExportOptions(suffix: "pr-1234")).map(\.text) == [])
  }

  @Test(arguments: cases) func breakingARuleGivesTheExactFinding(_ broken: BrokenSession) throws {
    let findings = PolicyChecker.findings(in: try broken.stack())
    #expect(findings.map { "\($0.location!.description): \($0.rule.id): \($0.message)" } == broken.headlines)
    #expect(findings.map(\.fix) == broken.fixes)
  }

  /// Typing the suggested commands after the session clears the finding they are for.
  @Test(arguments: cases) func theFixClearsTheFinding(_ broken: BrokenSession) throws {
    let before = PolicyChecker.findings(in: try broken.stack())
    for finding in before where !finding.fix.isEmpty {
      let fixed = try broken.stack(appending: "\n" + finding.fix.joined(separator: "\n"))
      let after = PolicyChecker.findings(in: fixed).filter { $0.rule.id == finding.rule.id && $0.resource == finding.resource }
      #expect(after.map(\.message) == [], "\(finding.message)")
    }
  }

  @Test func newFindingsAreOnlyWhatTheLastCommandBroke() throws {
    let before = try PolicySessions.stack(PolicySessions.clean)
    let after = try PolicySessions.stack(PolicySessions.clean + "\nlogs api --retention 14")
    #expect(PolicyChecker.newFindings(before: before, after: after).map(\.rule.id) == ["VIGIL-LOG-002"])
    #expect(PolicyChecker.newFindings(before: after, after: after).isEmpty)
    #expect(PolicyChecker.findings(in: after, resource: "logs api").map(\.rule.id) == ["VIGIL-LOG-002"])
    #expect(PolicyChecker.findings(in: after, resource: "logs web").isEmpty)
  }

  @Test func textFormatShowsWhyAndFix() throws {
    let findings = PolicyChecker.findings(in: try PolicySessions.stack(PolicySessions.clean + "\ntracing --sampling 0.5"))
    #expect(
      PolicyReport.text(findings, session: "shop.vigil") == """
        shop.vigil:10:1: VIGIL-TRC-002: X-Ray samples at a fixed rate of 0.5; the platform requires 0.1
          why: The platform traces 10% of requests: enough to see the slow paths of an incident, affordable at payment volume.
          fix: tracing --sampling 0.1
        shop.vigil: 1 finding(s): 1 error(s), 0 warning(s)

        """)
    #expect(PolicyReport.text([], session: "shop.vigil") == "shop.vigil: no findings (38 rules checked)\n")
  }

  @Test func secretsNeverAppearInFindings() throws {
    let token = "XXXXXXXXXXXXXXXXXXXXXXXX"
    // The model refuses the token when typed; a stack built in code can still carry one.
    var stack = try PolicySessions.stack(PolicySessions.clean + "\ntopic oncall --webhook https://hooks.example.com/placeholder --key logs")
    stack.topics[0].webhooks = [.literal("https://hooks.example.com/services/T0000/B0000/\(token)")]
    let findings = PolicyChecker.findings(in: stack)
    #expect(findings.map(\.rule.id) == ["VIGIL-SEC-001", "VIGIL-SNS-002"])
    #expect(!PolicyReport.render(findings, format: .text, session: "shop.vigil").contains(token))
    #expect(!PolicyReport.render(findings, format: .sarif, session: "shop.vigil").contains(token))
  }

  @Test(
    arguments: [
      ("https://hooks.example.com/alarms", nil),
      ("https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue", "a 32-character path segment"),
      ("https://user:secret@alerts.example.com/hook", "user information before the host"),
      ("https://alerts.example.com/notify-the-payments-oncall-team", nil),
      ("https://alerts.example.com/hook?channel=payments", "a query string"),
    ] as [(String, String?)])
  func tokenHeuristics(_ url: String, _ reason: String?) {
    #expect(SecretHeuristics.tokenReason(url) == reason)
  }

  @Test func ruleIDsAreUniqueAndStable() {
    let ids = PolicyRules.all.map(\.id)
    #expect(Set(ids).count == ids.count)
    #expect(ids.count == 38)
    #expect(PolicyRules.rule("VIGIL-LOG-001")?.scannerIDs == ["CKV_AWS_158", "AVD-AWS-0017"])
    // Every scanner id the brief lists is mapped to some rule.
    let mapped = Set(PolicyRules.all.flatMap(\.scannerIDs))
    let listed = [
      "CKV_AWS_158", "CKV_AWS_66", "CKV_AWS_26", "CKV_AWS_27", "CKV_AWS_7", "CKV_AWS_50", "CKV_AWS_65", "CKV_AWS_319", "CKV2_AWS_73",
      "AVD-AWS-0017", "AVD-AWS-0095", "AVD-AWS-0136", "AVD-AWS-0096", "AVD-AWS-0135", "AVD-AWS-0065", "AVD-AWS-0066", "AVD-AWS-0034",
    ]
    #expect(listed.filter { !mapped.contains($0) } == [])
  }
}
