import VigilCore
import VigilModel

extension TerraformExporter {
  // MARK: Log groups

  mutating func logGroup(id: String, name groupName: String, retention: Int, key: String?) throws(ExportError) {
    var body: [String: TerraformValue] = ["name": .string(groupName), "retention_in_days": .int(retention)]
    if let key = keyARN(key) { body["kms_key_id"] = .template(key) }
    try doc.resource("aws_cloudwatch_log_group", id, body)
  }

  mutating func buildLogGroups() throws(ExportError) {
    for group in stack.logGroups {
      doc.owner = SessionResource("logs", group.service)
      // A service's group, or an adopted one named by its --physical-name (no service behind it).
      let id = ResourceNames.logicalID(.logs, group.service)
      try logGroup(id: id, name: stack.logGroupName(of: group, in: env), retention: group.retentionDays, key: group.key)
      if group.archive != nil {
        try doc.resource(
          "aws_cloudwatch_log_subscription_filter", ResourceNames.logicalID(.archive, group.service),
          [
            "name": .string(names.physical(group.service, .archive)), "log_group_name": .template("${aws_cloudwatch_log_group.\(id).name}"),
            "filter_pattern": "", "destination_arn": "${aws_kinesis_firehose_delivery_stream.archive.arn}",
            "role_arn": "${aws_iam_role.role_logs_to_firehose.arn}",
          ])
      }
    }
  }
}
