/// What the importer knows of CloudFormation resource types: what `Ref` returns, which monitored types become
/// references and with which attributes, and why the others are skipped.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
enum CloudFormationTypes {
  /// Types whose `Ref` returns the resource's name, and the property that gives the name. Types not listed return
  /// an ARN, URL or generated id, which stays symbolic (`${LogicalId}`).
  static let refNameProperty: [String: String] = [
    "AWS::ECS::Cluster": "ClusterName", "AWS::RDS::DBInstance": "DBInstanceIdentifier", "AWS::RDS::DBCluster": "DBClusterIdentifier",
    "AWS::ElastiCache::ReplicationGroup": "ReplicationGroupId", "AWS::ElastiCache::CacheCluster": "ClusterName",
    "AWS::Logs::LogGroup": "LogGroupName", "AWS::DynamoDB::Table": "TableName", "AWS::S3::Bucket": "BucketName",
    "AWS::CloudWatch::Alarm": "AlarmName", "AWS::CloudWatch::Dashboard": "DashboardName", "AWS::IAM::Role": "RoleName",
    "AWS::Lambda::Function": "FunctionName", "AWS::Kinesis::Stream": "Name", "AWS::AutoScaling::AutoScalingGroup": "AutoScalingGroupName",
    "AWS::CloudWatch::CompositeAlarm": "AlarmName", "AWS::XRay::SamplingRule": "RuleName",
  ]

  /// Monitored types Vigil does not model: kept as `reference` lines with the attributes CloudWatch metrics name them
  /// by (attribute, the property that gives it), and the attributes only deployment knows.
  static let references: [String: (attributes: [(String, String)], deployed: [String])] = [
    "AWS::EC2::VPC": ([], ["VpcId"]),
    "AWS::EC2::Instance": ([], ["InstanceId"]),
    "AWS::EC2::NatGateway": ([], ["NatGatewayId"]),
    "AWS::ElasticLoadBalancingV2::LoadBalancer": ([("LoadBalancerName", "Name")], ["LoadBalancerFullName"]),
    "AWS::ElasticLoadBalancingV2::TargetGroup": ([("TargetGroupName", "Name")], ["TargetGroupFullName"]),
    "AWS::RDS::DBInstance": ([("DBInstanceIdentifier", "DBInstanceIdentifier")], []),
    "AWS::RDS::DBCluster": ([("DBClusterIdentifier", "DBClusterIdentifier")], []),
    "AWS::ElastiCache::ReplicationGroup": ([("ReplicationGroupId", "ReplicationGroupId")], ["MemberClusters"]),
    "AWS::ElastiCache::CacheCluster": ([("CacheClusterId", "ClusterName")], []),
    "AWS::DynamoDB::Table": ([("TableName", "TableName")], []),
    "AWS::ECS::Cluster": ([("ClusterName", "ClusterName")], []),
    "AWS::ECS::Service": ([("ServiceName", "ServiceName"), ("ClusterName", "Cluster")], []),
    "AWS::ECS::TaskDefinition": ([("Family", "Family")], []),
    "AWS::SQS::Queue": ([("QueueName", "QueueName")], []),
    "AWS::S3::Bucket": ([("BucketName", "BucketName")], []),
    "AWS::WAFv2::WebACL": ([("WebACL", "Name")], []),
    "AWS::Lambda::Function": ([("FunctionName", "FunctionName")], []),
    "AWS::Kinesis::Stream": ([("StreamName", "Name")], []),
    "AWS::AutoScaling::AutoScalingGroup": ([("AutoScalingGroupName", "AutoScalingGroupName")], []),
    "AWS::ApiGateway::RestApi": ([("ApiName", "Name")], []),
    "AWS::StepFunctions::StateMachine": ([("StateMachineName", "StateMachineName")], []),
  ]

  /// Why a type that is neither imported nor a reference is skipped.
  static func skipReason(_ type: String) -> String {
    switch type {
    case "AWS::SNS::Subscription":
      "a subscription that is not e-mail or HTTPS to a topic of this template (SQS, Lambda, SMS, …): Vigil topics deliver to e-mail and HTTPS only"
    case "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::S3::BucketPolicy":
      "an access policy: neither monitored nor modelled by Vigil; it stays in the template"
    case "AWS::WAFv2::WebACLAssociation": "an association: neither monitored nor modelled by Vigil; it stays in the template"
    case "AWS::ElasticLoadBalancingV2::Listener":
      "a listener: CloudWatch publishes load balancer metrics per load balancer and target group, not per listener"
    case "AWS::RDS::DBSubnetGroup", "AWS::ElastiCache::SubnetGroup": "a subnet group: neither monitored nor modelled by Vigil"
    default:
      if type.hasPrefix("AWS::IAM::") { "IAM: Vigil writes the roles its own resources need; this one stays in the template" }
      else if type.hasPrefix("AWS::EC2::") { "networking: neither monitored nor modelled by Vigil; it stays in the template" }
      else { "Vigil does not model \(type), and it is not a monitored resource the importer knows" }
    }
  }
}
