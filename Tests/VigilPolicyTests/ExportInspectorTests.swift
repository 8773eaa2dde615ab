import Testing
import VigilCore
import VigilExport
import VigilModel
import VigilPolicy

/// The rules over the export, fed the clean session's real export with one part changed: the exporter never
/// writes these mistakes, so the only way to break the rules is to edit what it wrote.
@Suite struct ExportInspectorTests {
  static func cleanExport() throws -> (Stack, JSONValue) {
    let stack = try PolicySessions.stack(PolicySessions.clean)
    let files = try TerraformExporter.export(stack)
    let main = try #require(files.files.first { $0.path.hasSuffix(".tf.json") })
    return (stack, try JSONValue.parse(bytes: main.bytes))
  }

  /// Replaces `resource.TYPE.ID.KEY` with `value`.
  static func edited(_ doc: JSONValue, _ type: String, _ id: String, _ key: String, _ value: JSONValue) -> JSONValue {
    guard case .object(var root) = doc, case .object(var resources) = root["resource"]!, case .object(var items) = resources[type]!,
      case .object(var body) = items[id]!
    else { return doc }
    body[key] = value
    items[id] = .object(body)
    resources[type] = .object(items)
    root["resource"] = .object(resources)
    return .object(root)
  }

  static func policy(_ statements: [JSONValue]) -> JSONValue {
    .string((["Version": "2012-10-17", "Statement": .array(statements)] as JSONValue).serialized(pretty: false))
  }

  static func messages(_ doc: JSONValue, _ stack: Stack) -> [String] {
    var inspector = ExportInspector(stack: stack, env: stack.environment!, document: doc)
    return inspector.run().map { "\($0.location!.description): \($0.rule.id): \($0.message)" }
  }

  @Test func theCleanExportPasses() throws {
    let (stack, doc) = try Self.cleanExport()
    #expect(Self.messages(doc, stack) == [])
  }

  @Test(
    arguments: [
      (
        "aws_s3_bucket", "archive", "lifecycle", ["prevent_destroy": true] as JSONValue,
        ["shop.vigil:1:1: VIGIL-DST-001: aws_s3_bucket.archive: lifecycle.prevent_destroy is set, so `terraform destroy` fails"]
      ),
      (
        "aws_s3_bucket", "archive", "force_destroy", false,
        [
          "shop.vigil:1:1: VIGIL-DST-001: aws_s3_bucket.archive: force_destroy is not set, so `terraform destroy` fails while the bucket holds objects"
        ]
      ),
      (
        "aws_cloudwatch_metric_alarm", "alarm_api-errors", "alarm_actions", ["${aws_sns_topic.topic_oncall.arn}"],
        [
          "shop.vigil:6:1: VIGIL-ALM-002: aws_cloudwatch_metric_alarm.alarm_api-errors: a metric alarm has alarm_actions; only composite alarms notify"
        ]
      ),
      (
        "aws_cloudwatch_composite_alarm", "composite_shop-failing", "actions_enabled", false,
        [
          "shop.vigil:8:1: VIGIL-ALM-003: aws_cloudwatch_composite_alarm.composite_shop-failing: actions_enabled is false, so state changes trigger nothing"
        ]
      ),
      (
        "aws_sns_topic", "topic_oncall", "name", "oncall-topic",
        ["shop.vigil:5:1: VIGIL-NAM-001: aws_sns_topic.topic_oncall: name 'oncall-topic' does not contain the environment suffix 'dev'"]
      ),
      (
        "aws_iam_role_policy", "policy_api", "policy",
        policy([["Sid": "Everything", "Effect": "Allow", "Action": ["s3:*"], "Resource": "arn:aws:s3:::bucket"]]),
        ["shop.vigil:3:1: VIGIL-IAM-001: aws_iam_role_policy.policy_api: statement Everything grants wildcard action(s) s3:*"]
      ),
      (
        "aws_iam_role_policy", "policy_api", "policy",
        policy([["Sid": "Logs", "Effect": "Allow", "Action": ["logs:PutLogEvents", "xray:PutTraceSegments"], "Resource": "*"]]),
        [
          "shop.vigil:3:1: VIGIL-IAM-002: aws_iam_role_policy.policy_api: statement Logs grants logs:PutLogEvents on \"*\" although AWS lets these be scoped to resources"
        ]
      ),
      (
        "aws_kms_key", "key_logs", "policy",
        policy([
          ["Sid": "Anyone", "Effect": "Allow", "Principal": "*", "Action": ["kms:Decrypt"], "Resource": "*"],
          [
            "Sid": "Other", "Effect": "Allow", "Principal": ["AWS": "arn:aws:iam::111122223333:root"], "Action": ["kms:Decrypt"],
            "Resource": "*",
          ],
          [
            "Sid": "Logs", "Effect": "Allow", "Principal": ["Service": "logs.us-east-1.amazonaws.com"], "Action": ["kms:Decrypt"],
            "Resource": "*",
          ],
        ]),
        [
          "shop.vigil:2:1: VIGIL-KMS-004: aws_kms_key.key_logs: statement Anyone grants the key to every principal (\"*\")",
          "shop.vigil:2:1: VIGIL-KMS-004: aws_kms_key.key_logs: statement Other grants the key to arn:aws:iam::111122223333:root, which is not this account",
          "shop.vigil:2:1: VIGIL-KMS-004: aws_kms_key.key_logs: statement Logs grants the key to a service without a condition on the account or encryption context",
        ]
      ),
      (
        "aws_sns_topic_policy", "topic_oncall", "policy",
        policy([
          ["Sid": "Open", "Effect": "Allow", "Principal": ["AWS": "*"], "Action": ["sns:Publish", "sns:Subscribe"], "Resource": "*"]
        ]),
        [
          "shop.vigil:5:1: VIGIL-SNS-004: aws_sns_topic_policy.topic_oncall: statement Open lets principals other than CloudWatch and EventBridge publish",
          "shop.vigil:5:1: VIGIL-SNS-004: aws_sns_topic_policy.topic_oncall: statement Open grants more than sns:Publish",
          "shop.vigil:5:1: VIGIL-SNS-004: aws_sns_topic_policy.topic_oncall: statement Open does not require aws:SourceAccount to be this account",
        ]
      ),
    ] as [(String, String, String, JSONValue, [String])])
  func editedExportBreaksTheRule(_ type: String, _ id: String, _ key: String, _ value: JSONValue, _ expected: [String]) throws {
    let (stack, doc) = try Self.cleanExport()
    #expect(Self.messages(Self.edited(doc, type, id, key, value), stack) == expected)
  }

  /// The key policy the exporter writes: explicit actions, services conditioned on the account and encryption context.
  @Test func theKeyPolicyNamesItsActionsAndConditionsEveryService() throws {
    let (_, doc) = try Self.cleanExport()
    let text = try #require(doc["resource"]?["aws_kms_key"]?["key_logs"]?["policy"]?.stringValue)
    let policy = try JSONValue.parse(text)
    let statements = try #require(policy["Statement"]?.arrayValue)
    #expect(
      statements.compactMap { $0["Sid"]?.stringValue } == [
        "AccountAdministration", "CloudWatchLogs", "SNSToEncryptedQueues", "AlarmsAndEventsToEncryptedTopics",
      ])
    let actions = statements.flatMap { $0["Action"]?.arrayValue ?? [] }.compactMap(\.stringValue)
    #expect(actions.count == 41)
    #expect(actions.filter { $0.contains("*") } == [])
    #expect(
      statements[2]["Condition"]?["ArnLike"]?["kms:EncryptionContext:aws:sqs:arn"]
        == "arn:aws:sqs:us-east-1:${data.aws_caller_identity.current.account_id}:*-dev")
    #expect(
      statements[3]["Condition"]?["ArnLike"]?["kms:EncryptionContext:aws:sns:topicArn"]
        == "arn:aws:sns:us-east-1:${data.aws_caller_identity.current.account_id}:*-topic-dev")
  }
}
