import VigilCore
import VigilModel

extension CloudFormationExporter {
  static let flowLogGroup = "FlowLogGroup"

  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-flowlog.html
  mutating func buildFlowLogs() throws(CloudFormationExportError) {
    guard let flow = stack.flowLogs, let vpc = vpcID else { return }
    doc.owner = SessionResource("flow-logs")
    try logGroup(id: Self.flowLogGroup, name: names.flowLogGroup, retention: flow.retentionDays, key: flow.key)
    let role = try self.role(
      "flow-logs", service: "vpc-flow-logs.amazonaws.com",
      inline: [
        CloudFormation.statement(
          sid: "WriteFlowLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [CloudFormation.arn(Self.flowLogGroup)])
      ])
    try doc.resource(
      "AWS::EC2::FlowLog", "VpcFlowLog",
      [
        "ResourceId": vpc, "ResourceType": "VPC", "TrafficType": .string(flow.trafficType), "LogDestinationType": "cloud-watch-logs",
        "LogDestination": CloudFormation.arn(Self.flowLogGroup), "DeliverLogsPermissionArn": CloudFormation.arn(role),
        "MaxAggregationInterval": 60,
      ])
  }
}
