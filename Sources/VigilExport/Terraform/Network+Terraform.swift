import VigilCore
import VigilModel

extension TerraformExporter {
  // MARK: Network

  var vpcID: TerraformTemplate? {
    switch stack.network {
    case .none: return nil
    case .existing: return "${var.vpc_id}"
    case .create: return "${aws_vpc.vpc.id}"
    }
  }
  var subnetIDs: TerraformValue? {
    switch stack.network {
    case .none: return nil
    case .existing: return "${var.private_subnet_ids}"
    case .create(_, let zones): return .array((0..<zones).map { .template("${aws_subnet.private_\($0).id}") })
    }
  }
  var vpcCIDR: TerraformValue {
    switch stack.network {
    case .create(let cidr, _): return .string(cidr)
    default: return "${var.vpc_cidr}"
    }
  }

  mutating func buildNetwork() throws(ExportError) {
    doc.owner = SessionResource("network")
    switch stack.network {
    case .none: return
    case .existing:
      doc.variable("vpc_id", type: "string", description: "The existing VPC the services run in.")
      doc.variable("private_subnet_ids", type: "list(string)", description: "Private subnets for ECS tasks and Lambda functions.")
      doc.variable("vpc_cidr", type: "string", description: "The VPC's CIDR block, allowed to reach the services.")
    case .create(let cidr, let zones):
      doc.dataSource("aws_availability_zones", "available", ["state": "available"])
      try doc.resource(
        "aws_vpc", "vpc",
        [
          "cidr_block": .string(cidr), "enable_dns_hostnames": true, "enable_dns_support": true,
          "tags": ["Name": .string(names.physical(env.stackName, .vpc))],
        ])
      for zone in 0..<zones {
        try doc.resource(
          "aws_subnet", "private_\(zone)",
          [
            "vpc_id": "${aws_vpc.vpc.id}", "cidr_block": .template("${cidrsubnet(aws_vpc.vpc.cidr_block, 4, \(zone))}"),
            "availability_zone": .template("${data.aws_availability_zones.available.names[\(zone)]}"),
            "map_public_ip_on_launch": false, "tags": ["Name": .string(names.physical("\(env.stackName)-private-\(zone)", .subnet))],
          ])
      }
      // The default security group of a new VPC allows nothing (CKV2_AWS_12).
      try doc.resource("aws_default_security_group", "default", ["vpc_id": "${aws_vpc.vpc.id}"])
    }
  }
}
