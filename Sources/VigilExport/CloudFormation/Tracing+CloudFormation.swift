import VigilCore
import VigilModel

extension CloudFormationExporter {
  // MARK: X-Ray

  /// The sampling rule's settings sit inside the `SamplingRule` property (the resource's only required property);
  /// written at the top level CloudFormation rejects them.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-xray-samplingrule.html
  mutating func buildTracing() throws(CloudFormationExportError) {
    guard let tracing = stack.tracing else { return }
    doc.owner = SessionResource("tracing")
    try doc.resource(
      "AWS::XRay::SamplingRule", "SamplingRule",
      [
        "SamplingRule": [
          "RuleName": .string(String(names.physical(env.stackName, .sampling).prefix(32))), "Priority": 1000, "Version": 1,
          "ReservoirSize": .int(tracing.reservoir), "FixedRate": .double(tracing.samplingRate), "URLPath": "*", "Host": "*",
          "HTTPMethod": "*", "ServiceType": "*", "ServiceName": "*", "ResourceARN": "*",
        ]
      ])
    for service in stack.services {
      doc.owner = SessionResource("service", service.name)
      try doc.resource(
        "AWS::XRay::Group", ResourceNames.cloudFormationID(.xray, service.name),
        [
          "GroupName": .string(names.physical(service.name, .xray)),
          "FilterExpression": .string("service(\"\(names.physical(service.name))\")"),
          "InsightsConfiguration": ["InsightsEnabled": true, "NotificationsEnabled": false],
        ])
    }
  }
}
