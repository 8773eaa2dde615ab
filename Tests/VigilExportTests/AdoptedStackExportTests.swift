import Foundation
import Testing
import VigilCore
import VigilExport
import VigilModel
import VigilTestSupport

/// Issue 14: a stack adopted from a template (samples/ecommerce, as `vigil import` wrote it: no services, a log group
/// named by its `--physical-name`, alarms that `--notify` topics, the overview's widgets) is exported whole, with the
/// names as written, by both exporters; its references are never exported as resources.
@Suite struct AdoptedStackExportTests {
  static let path = "samples/ecommerce/ecommerce-platform.vigil"

  static func stack() throws -> Stack {
    let text = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(path), encoding: .utf8)
    return try SessionStack.build(text, file: path)
  }

  /// The dashboard's widgets as `title: namespace/metric dimensions stat`, in the order of the body.
  static func widgets(_ body: String) throws -> [String] {
    let widgets = try #require(try JSONValue.parse(body)["widgets"]?.arrayValue)
    return widgets.map { widget in
      let title = widget["properties"]?["title"]?.stringValue ?? ""
      let rows = widget["properties"]?["metrics"]?.arrayValue ?? []
      let metrics = rows.map { row in
        (row.arrayValue ?? []).map { $0.stringValue ?? $0["stat"]?.stringValue ?? "" }.joined(separator: " ")
      }
      return "\(title): \(metrics.joined(separator: "; "))"
    }
  }

  static let expectedWidgets = [
    "ECS Service Metrics: AWS/ECS CPUUtilization ClusterName dev-ecommerce-cluster ServiceName user-service Average",
    "ECS Service Metrics: AWS/ECS MemoryUtilization ClusterName dev-ecommerce-cluster ServiceName user-service Average",
    "Load Balancer Metrics: AWS/ApplicationELB RequestCount LoadBalancer ${ApplicationLoadBalancer} Average",
    "Load Balancer Metrics: AWS/ApplicationELB TargetResponseTime LoadBalancer ${ApplicationLoadBalancer} Average",
    "Database Metrics: AWS/RDS CPUUtilization DBInstanceIdentifier dev-aurora-instance-1 Average",
    "Database Metrics: AWS/RDS DatabaseConnections DBInstanceIdentifier dev-aurora-instance-1 Average",
    "Redis Metrics: AWS/ElastiCache CPUUtilization CacheClusterId dev-ecommerce-redis Average",
    "Redis Metrics: AWS/ElastiCache CurrConnections CacheClusterId dev-ecommerce-redis Average",
  ]

  @Test func theTerraformExportKeepsTheLogGroupTheAlarmActionsAndTheDashboard() throws {
    let document = try TerraformExporter.terraform(try Self.stack(), options: ExportOptions(plain: true)).document
    let resources = try #require(document["resource"])
    #expect(
      resources["aws_cloudwatch_log_group"]?["logs_cloud-watch-log-group"]?.serialized(pretty: false)
        == #"{"name":"/ecs/dev-ecommerce","retention_in_days":30}"#)
    #expect(
      resources["aws_cloudwatch_metric_alarm"]?["alarm_high-cpu-alarm"]?["alarm_actions"]?.serialized(pretty: false)
        == #"["${aws_sns_topic.topic_high-cpu-alarm-topic.arn}"]"#)
    #expect(
      resources["aws_cloudwatch_metric_alarm"]?["alarm_database-connections-alarm"]?["alarm_actions"]?.serialized(pretty: false)
        == #"["${aws_sns_topic.topic_database-alarm-topic.arn}"]"#)
    let dashboard = try #require(resources["aws_cloudwatch_dashboard"]?["dashboard_overview"])
    #expect(dashboard["dashboard_name"] == "dev-ecommerce-dashboard")
    // Terraform's `$${` is a literal `${` once Terraform has read the body.
    let body = try #require(dashboard["dashboard_body"]?.stringValue).replacingOccurrences(of: "$${", with: "${")
    #expect(try Self.widgets(body) == Self.expectedWidgets)
    // Only what the session defines: no reference becomes a resource, nothing is generated for services it lacks.
    let types = resources.objectValue.map { $0.keys.sorted() } ?? []
    #expect(
      types == [
        "aws_cloudwatch_dashboard", "aws_cloudwatch_log_group", "aws_cloudwatch_metric_alarm", "aws_kms_alias", "aws_kms_key",
        "aws_sns_topic", "aws_sns_topic_policy", "aws_xray_sampling_rule",
      ])
  }

  @Test func theCloudFormationExportKeepsTheLogGroupTheAlarmActionsAndTheDashboard() throws {
    let template = try CloudFormationExporter.template(try Self.stack()).template
    let resources = try #require(template["Resources"])
    #expect(
      resources["LogsCloudWatchLogGroup"]?.serialized(pretty: false)
        == #"{"Properties":{"LogGroupName":"/ecs/dev-ecommerce","RetentionInDays":30},"Type":"AWS::Logs::LogGroup"}"#)
    #expect(resources["AlarmHighCpuAlarm"]?["Properties"]?["AlarmActions"]?.serialized(pretty: false) == #"[{"Ref":"TopicHighCpuAlarmTopic"}]"#)
    #expect(
      resources["AlarmHighMemoryAlarm"]?["Properties"]?["AlarmActions"]?.serialized(pretty: false) == #"[{"Ref":"TopicHighMemoryAlarmTopic"}]"#)
    let dashboard = try #require(resources["DashboardOverview"]?["Properties"])
    #expect(dashboard["DashboardName"] == "dev-ecommerce-dashboard")
    // The body has no alarm ARN (no account to join in), so it is a plain string.
    #expect(try Self.widgets(try #require(dashboard["DashboardBody"]?.stringValue)) == Self.expectedWidgets)
    let types = Set((resources.objectValue ?? [:]).values.compactMap { $0["Type"]?.stringValue }).sorted()
    #expect(
      types == [
        "AWS::CloudWatch::Alarm", "AWS::CloudWatch::Dashboard", "AWS::KMS::Alias", "AWS::KMS::Key", "AWS::Logs::LogGroup", "AWS::SNS::Topic",
        "AWS::SNS::TopicPolicy", "AWS::XRay::SamplingRule",
      ])
  }

  /// Both exports write the physical names the template had.
  @Test func bothExportsWriteThePhysicalNamesAsWritten() throws {
    let stack = try Self.stack()
    let terraform = try TerraformExporter.terraform(stack, options: ExportOptions(plain: true)).document["resource"]
    let cloudFormation = try CloudFormationExporter.template(stack).template["Resources"]
    #expect(terraform?["aws_cloudwatch_metric_alarm"]?["alarm_high-cpu-alarm"]?["alarm_name"] == "dev-high-cpu-alarm")
    #expect(cloudFormation?["AlarmHighCpuAlarm"]?["Properties"]?["AlarmName"] == "dev-high-cpu-alarm")
    #expect(terraform?["aws_sns_topic"]?["topic_database-alarm-topic"]?["name"] == "dev-database-alarms")
    #expect(cloudFormation?["TopicDatabaseAlarmTopic"]?["Properties"]?["TopicName"] == "dev-database-alarms")
    #expect(terraform?["aws_xray_sampling_rule"]?["sampling"]?["rule_name"] == "dev-ecommerce-sampling")
    #expect(cloudFormation?["SamplingRule"]?["Properties"]?["SamplingRule"]?["RuleName"] == "dev-ecommerce-sampling")
  }

  static let checker = ["/work/shared/tools/tfjson-check"].map { URL(fileURLWithPath: $0) }.first {
    FileManager.default.isExecutableFile(atPath: $0.path)
  }

  @Test(.enabled(if: checker != nil, "/work/shared/tools/tfjson-check is not available"))
  func theTerraformExportPassesTheProviderSchemaCheck() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try ExportWriter.write(try TerraformExporter.export(try Self.stack(), options: ExportOptions(plain: true)), to: directory)
    let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", Self.checker!.path, directory.path])
    #expect(result.stdout.hasSuffix(" 0 problem(s)\n"), "\(result.stdout)")
    #expect(result.status == 0)
  }
}
