import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildRemediations() throws(ExportError) {
    for remediation in stack.remediations {
      doc.owner = SessionResource("remediation", remediation.name)
      let id = ResourceNames.logicalID(.remediation, remediation.name)
      let pattern: JSONValue = [
        "source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"],
        "resources": [.string(alarmReference(remediation.alarm, attribute: "arn"))],
        "detail": ["state": ["value": [.string(remediation.state)]]],
      ]
      try doc.resource(
        "aws_cloudwatch_event_rule", id,
        [
          "name": .string(names.physical(remediation.name, .rule)),
          "description": .string("\(remediation.alarm) → \(remediation.state) invokes \(remediation.function)"),
          "event_pattern": .string(pattern.serialized(pretty: false)),
        ])
      let function = ResourceNames.logicalID(.function, remediation.function)
      try doc.resource(
        "aws_cloudwatch_event_target", id,
        [
          "rule": .string("${aws_cloudwatch_event_rule.\(id).name}"), "target_id": "remediation",
          "arn": .string("${aws_lambda_function.\(function).arn}"),
        ])
      try doc.resource(
        "aws_lambda_permission", id,
        [
          "statement_id": .string("AllowEventBridge-\(remediation.name)"), "action": "lambda:InvokeFunction",
          "function_name": .string("${aws_lambda_function.\(function).function_name}"), "principal": "events.amazonaws.com",
          "source_arn": .string("${aws_cloudwatch_event_rule.\(id).arn}"),
        ])
    }
  }
}
