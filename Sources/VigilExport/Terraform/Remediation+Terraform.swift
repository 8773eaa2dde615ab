import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildRemediations() throws(ExportError) {
    for remediation in stack.remediations {
      doc.owner = SessionResource("remediation", remediation.name)
      let id = ResourceNames.logicalID(.remediation, remediation.name)
      let pattern: TerraformValue = [
        "source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"],
        "resources": [.template(alarmReference(remediation.alarm, attribute: "arn"))],
        "detail": ["state": ["value": [.string(remediation.state)]]],
      ]
      try doc.resource(
        "aws_cloudwatch_event_rule", id,
        [
          "name": .string(names.physical(remediation.name, .rule)),
          "description": .string("\(remediation.alarm) → \(remediation.state) invokes \(remediation.function)"),
          "event_pattern": pattern.serializedTemplate,
        ])
      let function = ResourceNames.logicalID(.function, remediation.function)
      try doc.resource(
        "aws_cloudwatch_event_target", id,
        [
          "rule": .template("${aws_cloudwatch_event_rule.\(id).name}"), "target_id": "remediation",
          "arn": .template("${aws_lambda_function.\(function).arn}"),
        ])
      try doc.resource(
        "aws_lambda_permission", id,
        [
          "statement_id": .string("AllowEventBridge-\(remediation.name)"), "action": "lambda:InvokeFunction",
          "function_name": .template("${aws_lambda_function.\(function).function_name}"), "principal": "events.amazonaws.com",
          "source_arn": .template("${aws_cloudwatch_event_rule.\(id).arn}"),
        ])
    }
  }
}
