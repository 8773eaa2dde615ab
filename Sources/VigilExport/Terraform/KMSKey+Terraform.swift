import VigilCore
import VigilModel

extension TerraformExporter {
  // MARK: KMS

  func keyID(_ key: String?) -> String? { key.map { ResourceNames.logicalID(.key, $0) } }
  func keyARN(_ key: String?) -> TerraformTemplate? { keyID(key).map { "${aws_kms_key.\($0).arn}" } }
  /// The stack's default key (the first defined) for resources without their own.
  var defaultKey: String? { stack.keys.first?.name }

  /// Everything the account needs to administer and use a key, named one by one (no wildcard actions).
  /// `kms:PutKeyPolicy` is included so the account can always repair the policy.
  static let accountKeyActions = [
    "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:CreateGrant", "kms:Decrypt", "kms:DeleteAlias", "kms:DescribeKey",
    "kms:DisableKey", "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:Encrypt", "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListGrants", "kms:ListKeyPolicies",
    "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:RetireGrant",
    "kms:RevokeGrant", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource",
    "kms:UpdateAlias", "kms:UpdateKeyDescription",
  ]

  /// The key policy: the account (through IAM), CloudWatch Logs for this stack's log groups, SNS for this
  /// stack's encrypted queues, and CloudWatch alarms / EventBridge for this stack's encrypted topics — each service
  /// limited to this account and, through the encryption context, to resources named with this stack's suffix.
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
  /// https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
  func keyPolicy() -> TerraformValue {
    let account = Self.account
    let region = env.region
    let sourceAccount: TerraformValue = ["aws:SourceAccount": .template(account)]
    return PolicyDocument.render([
      PolicyDocument.statement(
        sid: "AccountAdministration", principal: ["AWS": .template("arn:aws:iam::\(account):root")], actions: Self.accountKeyActions,
        resources: ["*"]),
      PolicyDocument.statement(
        sid: "CloudWatchLogs", principal: ["Service": .string("logs.\(region).amazonaws.com")],
        actions: [
          "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext",
          "kms:ReEncryptFrom",
          "kms:ReEncryptTo",
        ], resources: ["*"],
        condition: [
          "ArnLike": ["kms:EncryptionContext:aws:logs:arn": .template("arn:aws:logs:\(region):\(account):log-group:\(names.physical("*"))")]
        ]),
      PolicyDocument.statement(
        sid: "SNSToEncryptedQueues", principal: ["Service": "sns.amazonaws.com"], actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
        condition: [
          "StringEquals": sourceAccount,
          "ArnLike": ["kms:EncryptionContext:aws:sqs:arn": .template("arn:aws:sqs:\(region):\(account):\(names.physical("*"))")],
        ]),
      PolicyDocument.statement(
        sid: "AlarmsAndEventsToEncryptedTopics", principal: ["Service": ["cloudwatch.amazonaws.com", "events.amazonaws.com"]],
        actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: ["*"],
        condition: [
          "StringEquals": sourceAccount,
          "ArnLike": ["kms:EncryptionContext:aws:sns:topicArn": .template("arn:aws:sns:\(region):\(account):\(names.physical("*", .topic))")],
        ]),
    ])
  }

  mutating func buildKeys() throws(ExportError) {
    for key in stack.keys {
      doc.owner = SessionResource("key", key.name)
      let id = ResourceNames.logicalID(.key, key.name)
      try doc.resource(
        "aws_kms_key", id,
        [
          "description": .string("\(key.name) key for the \(env.stackName) observability stack (\(env.suffix))"),
          "enable_key_rotation": .bool(key.rotation), "deletion_window_in_days": .int(key.deletionWindowDays),
          "is_enabled": true, "policy": keyPolicy(),
        ])
      try doc.resource(
        "aws_kms_alias", ResourceNames.logicalID(.key, key.name, "alias"),
        ["name": .string(names.keyAlias(key.name)), "target_key_id": .template("${aws_kms_key.\(id).key_id}")])
    }
  }
}
