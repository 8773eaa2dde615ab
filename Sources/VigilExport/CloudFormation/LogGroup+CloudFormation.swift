import VigilCore
import VigilModel

extension CloudFormationExporter {
  // MARK: Log groups

  mutating func logGroup(id: String, name groupName: String, retention: Int, key: String?) throws(CloudFormationExportError) {
    var properties: [String: JSONValue] = ["LogGroupName": .string(groupName), "RetentionInDays": .int(retention)]
    if let key = keyARN(key) { properties["KmsKeyId"] = key }
    try doc.resource("AWS::Logs::LogGroup", id, properties)
  }

  mutating func buildLogGroups() throws(CloudFormationExportError) {
    for group in stack.logGroups {
      doc.owner = SessionResource("logs", group.service)
      // A service's group, or an adopted one named by its --physical-name (no service behind it).
      let id = ResourceNames.cloudFormationID(.logs, group.service)
      try logGroup(id: id, name: stack.logGroupName(of: group, in: env), retention: group.retentionDays, key: group.key)
      if group.archive != nil {
        try doc.resource(
          "AWS::Logs::SubscriptionFilter", ResourceNames.cloudFormationID(.archive, group.service),
          [
            "FilterName": .string(names.physical(group.service, .archive)), "LogGroupName": CloudFormation.ref(id), "FilterPattern": "",
            "DestinationArn": CloudFormation.arn(Self.archiveStream), "RoleArn": CloudFormation.arn(ResourceNames.cloudFormationID(.role, "logs_to_firehose")),
          ])
      }
    }
  }
}
