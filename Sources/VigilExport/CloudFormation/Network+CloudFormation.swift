import VigilCore
import VigilModel

extension CloudFormationExporter {
  // MARK: Network

  static let vpc = "Vpc"

  var vpcID: JSONValue? {
    switch stack.network {
    case .none: return nil
    case .existing: return CloudFormation.ref("VpcId")
    case .create: return CloudFormation.ref(Self.vpc)
    }
  }
  var subnetIDs: JSONValue? {
    switch stack.network {
    case .none: return nil
    case .existing: return CloudFormation.ref("PrivateSubnetIds")
    case .create(_, let zones): return .array((0..<zones).map { CloudFormation.ref("PrivateSubnet\($0)") })
    }
  }
  var vpcCIDR: JSONValue {
    switch stack.network {
    case .create(let cidr, _): return .string(cidr)
    default: return CloudFormation.ref("VpcCidr")
    }
  }

  /// An existing VPC comes in as parameters; a new one is created with one private subnet per zone, carved from the
  /// VPC's block as Terraform's `cidrsubnet(cidr, 4, zone)` does (`Fn::Cidr` with 4 more network bits).
  /// Terraform's `aws_default_security_group` (which empties the rules of the VPC's default group) has no
  /// CloudFormation resource: CloudFormation cannot manage a VPC's default security group, so that group keeps AWS's
  /// default rules; Vigil's services never use it.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-cidr.html
  mutating func buildNetwork() throws(CloudFormationExportError) {
    doc.owner = SessionResource("network")
    switch stack.network {
    case .none: return
    case .existing:
      try doc.parameter("VpcId", type: "AWS::EC2::VPC::Id", description: "The existing VPC the services run in.")
      try doc.parameter("PrivateSubnetIds", type: "List<AWS::EC2::Subnet::Id>", description: "Private subnets for ECS tasks and Lambda functions.")
      try doc.parameter("VpcCidr", type: "String", description: "The VPC's CIDR block, allowed to reach the services.")
    case .create(let cidr, let zones):
      try doc.resource(
        "AWS::EC2::VPC", Self.vpc,
        [
          "CidrBlock": .string(cidr), "EnableDnsHostnames": true, "EnableDnsSupport": true,
          "Tags": [["Key": "Name", "Value": .string(names.physical(env.stackName, .vpc))]],
        ])
      let prefix = Int(cidr.split(separator: "/").last ?? "") ?? 16
      for zone in 0..<zones {
        try doc.resource(
          "AWS::EC2::Subnet", "PrivateSubnet\(zone)",
          [
            "VpcId": CloudFormation.ref(Self.vpc),
            "CidrBlock": [
              "Fn::Select": [.int(zone), ["Fn::Cidr": [CloudFormation.getAtt(Self.vpc, "CidrBlock"), .int(zones), .int(32 - prefix - 4)]]]
            ],
            "AvailabilityZone": ["Fn::Select": [.int(zone), ["Fn::GetAZs": ""]]],
            "MapPublicIpOnLaunch": false, "Tags": [["Key": "Name", "Value": .string(names.physical("\(env.stackName)-private-\(zone)", .subnet))]],
          ])
      }
    }
  }

  /// A security group with HTTPS egress and, for services with a port, ingress from the VPC. The rules are inline:
  /// a group created with `SecurityGroupEgress` has exactly those egress rules (without it AWS adds allow-all egress,
  /// which the Terraform provider removes).
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html
  mutating func securityGroup(_ base: String, port: Int?) throws(CloudFormationExportError) -> String {
    let id = ResourceNames.cloudFormationID(.securityGroup, base)
    var properties: [String: JSONValue] = [
      "GroupName": .string(names.physical(base, .securityGroup)),
      "GroupDescription": .string("\(base) (\(env.suffix)): HTTPS out, service port in from the VPC"),
      "SecurityGroupEgress": [
        ["Description": "HTTPS to AWS APIs and images", "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"]
      ],
    ]
    if let vpc = vpcID { properties["VpcId"] = vpc }
    if let port {
      properties["SecurityGroupIngress"] = [
        ["Description": "Service port from inside the VPC", "IpProtocol": "tcp", "FromPort": .int(port), "ToPort": .int(port), "CidrIp": vpcCIDR]
      ]
    }
    try doc.resource("AWS::EC2::SecurityGroup", id, properties)
    return id
  }
}
