import VigilCore
import VigilModel

extension CloudFormationExporter {
  // MARK: KMS

  func keyID(_ key: String?) -> String? { key.map { ResourceNames.cloudFormationID(.key, $0) } }
  /// The key's ARN (what log groups, topics, queues and Firehose take), or nil without a key.
  func keyARN(_ key: String?) -> JSONValue? { keyID(key).map(CloudFormation.arn) }
  /// The stack's default key (the first defined) for resources without their own.
  var defaultKey: String? { stack.keys.first?.name }

  /// The same key policy as the Terraform export (`TerraformExporter.keyPolicy`): the account through IAM, CloudWatch
  /// Logs for this stack's log groups, SNS for its encrypted queues, alarms and EventBridge for its encrypted topics.
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
  /// https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
  func keyPolicy() -> JSONValue {
    let account = Self.account
    let region = env.region
    let sourceAccount: JSONValue = ["aws:SourceAccount": account]
    return CloudFormation.policy([
      CloudFormation.statement(
        sid: "AccountAdministration", principal: ["AWS": CloudFormation.join("arn:aws:iam::", account, ":root")],
        actions: TerraformExporter.accountKeyActions, resources: ["*"]),
      CloudFormation.statement(
        sid: "CloudWatchLogs", principal: ["Service": .string("logs.\(region).amazonaws.com")],
        actions: [
          "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext",
          "kms:ReEncryptFrom", "kms:ReEncryptTo",
        ], resources: ["*"],
        condition: [
          "ArnLike": [
            "kms:EncryptionContext:aws:logs:arn": CloudFormation.join(
              .string("arn:aws:logs:\(region):"), account, .string(":log-group:\(names.physical("*"))"))
          ]
        ]),
      CloudFormation.statement(
        sid: "SNSToEncryptedQueues", principal: ["Service": "sns.amazonaws.com"], actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
        condition: [
          "StringEquals": sourceAccount,
          "ArnLike": [
            "kms:EncryptionContext:aws:sqs:arn": CloudFormation.join(.string("arn:aws:sqs:\(region):"), account, .string(":\(names.physical("*"))"))
          ],
        ]),
      CloudFormation.statement(
        sid: "AlarmsAndEventsToEncryptedTopics", principal: ["Service": ["cloudwatch.amazonaws.com", "events.amazonaws.com"]],
        actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: ["*"],
        condition: [
          "StringEquals": sourceAccount,
          "ArnLike": [
            "kms:EncryptionContext:aws:sns:topicArn": CloudFormation.join(
              .string("arn:aws:sns:\(region):"), account, .string(":\(names.physical("*", .topic))"))
          ],
        ]),
    ])
  }

  mutating func buildKeys() throws(CloudFormationExportError) {
    for key in stack.keys {
      doc.owner = SessionResource("key", key.name)
      let id = ResourceNames.cloudFormationID(.key, key.name)
      try doc.resource(
        "AWS::KMS::Key", id,
        [
          "Description": .string("\(key.name) key for the \(env.stackName) observability stack (\(env.suffix))"),
          "EnableKeyRotation": .bool(key.rotation), "PendingWindowInDays": .int(key.deletionWindowDays), "Enabled": true,
          "KeyPolicy": keyPolicy(),
        ])
      try doc.resource(
        "AWS::KMS::Alias", ResourceNames.cloudFormationID(.key, key.name, "alias"),
        ["AliasName": .string(names.keyAlias(key.name)), "TargetKeyId": CloudFormation.ref(id)])
    }
  }
}
