import VigilCore
import VigilModel

extension CloudFormationExporter {
  /// The rule's target sits in the rule (`Targets`); the permission lets EventBridge invoke the function.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-rule.html
  mutating func buildRemediations() throws(CloudFormationExportError) {
    for remediation in stack.remediations {
      doc.owner = SessionResource("remediation", remediation.name)
      let id = ResourceNames.cloudFormationID(.remediation, remediation.name)
      let function = ResourceNames.cloudFormationID(.function, remediation.function)
      try doc.resource(
        "AWS::Events::Rule", id,
        [
          "Name": .string(names.physical(remediation.name, .rule)),
          "Description": .string("\(remediation.alarm) → \(remediation.state) invokes \(remediation.function)"),
          "EventPattern": [
            "source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"],
            "resources": [CloudFormation.arn(alarmID(remediation.alarm))], "detail": ["state": ["value": [.string(remediation.state)]]],
          ],
          "State": "ENABLED", "Targets": [["Id": "remediation", "Arn": CloudFormation.arn(function)]],
        ])
      try doc.resource(
        "AWS::Lambda::Permission", ResourceNames.cloudFormationID(.remediation, remediation.name, "permission"),
        [
          "Action": "lambda:InvokeFunction", "FunctionName": CloudFormation.ref(function), "Principal": "events.amazonaws.com",
          "SourceArn": CloudFormation.arn(id),
        ])
    }
  }
}
