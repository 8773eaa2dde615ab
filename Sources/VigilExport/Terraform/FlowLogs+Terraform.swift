import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildFlowLogs() throws(ExportError) {
    guard let flow = stack.flowLogs, let vpc = vpcID else { return }
    doc.owner = SessionResource("flow-logs")
    try logGroup(id: "logs_vpc_flow", name: names.flowLogGroup, retention: flow.retentionDays, key: flow.key)
    let role = try self.role(
      "flow-logs", service: "vpc-flow-logs.amazonaws.com",
      inline: [
        PolicyDocument.statement(
          sid: "WriteFlowLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: ["${aws_cloudwatch_log_group.logs_vpc_flow.arn}:*"])
      ])
    try doc.resource(
      "aws_flow_log", "vpc",
      [
        "vpc_id": .template(vpc), "traffic_type": .string(flow.trafficType), "log_destination_type": "cloud-watch-logs",
        "log_destination": "${aws_cloudwatch_log_group.logs_vpc_flow.arn}", "iam_role_arn": .template("${aws_iam_role.\(role).arn}"),
        "max_aggregation_interval": 60,
      ])
  }
}
