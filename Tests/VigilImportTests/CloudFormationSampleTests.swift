import Foundation
import Testing
import VigilCore
import VigilImport
import VigilModel
import VigilTestSupport

/// The e-commerce team's template (samples/ecommerce): every resource accounted for, the monitoring resources in the
/// session with their names as written, and the template's mistakes found at their positions.
@Suite struct CloudFormationSampleTests {
  static let path = "samples/ecommerce/ecommerce-platform.yaml"

  static func sample() throws -> StackImport {
    let text = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(path), encoding: .utf8)
    return try StackImporter.run([ImportSource(path: path, text: text)])
  }

  @Test func everyResourceHasItsOutcome() throws {
    let report = try Self.sample().report
    let outcomes = report.resources.map { "\($0.logicalID) \($0.outcome.rawValue) \($0.sessionLine.map(String.init) ?? "-")" }
    #expect(
      outcomes == [
        "VPC reference 8", "InternetGateway skipped -", "InternetGatewayAttachment skipped -", "PublicSubnet1 skipped -",
        "PublicSubnet2 skipped -", "PrivateSubnet1 skipped -", "PrivateSubnet2 skipped -", "PublicRouteTable skipped -",
        "DefaultPublicRoute skipped -", "PublicSubnet1RouteTableAssociation skipped -", "PublicSubnet2RouteTableAssociation skipped -",
        "WebSecurityGroup skipped -", "DatabaseSecurityGroup skipped -", "DatabaseSubnetGroup skipped -", "Database reference 10",
        "ECSCluster reference 12", "ApplicationLoadBalancer reference 14", "UserServiceTargetGroup reference 16",
        "LoadBalancerListener skipped -", "UserServiceTaskDefinition reference 18", "UserService reference 20",
        "RedisSubnetGroup skipped -", "RedisCluster reference 22", "RedisSecurityGroup skipped -", "CloudWatchLogGroup imported 52",
        "ECSTaskExecutionRole skipped -", "ECSTaskRole skipped -", "KMSKey imported 6", "WAFWebACL reference 24",
        "WAFAssociation skipped -", "AuroraCluster reference 26", "AuroraClusterInstance1 reference 28", "UserTable reference 30",
        "ProductTable reference 32", "S3Bucket reference 34", "OrderProcessingQueue reference 36", "NotificationQueue reference 38",
        "OrderProcessingDLQ reference 40", "OrderEventsTopic imported 42", "NotificationTopic imported 44",
        "OrderEventsSubscription skipped -", "NotificationSubscription skipped -", "OrderProcessingQueuePolicy skipped -",
        "NotificationQueuePolicy skipped -", "EcommerceDashboard imported 60", "HighCPUAlarm imported 54", "HighMemoryAlarm imported 56",
        "DatabaseConnectionsAlarm imported 58", "HighCPUAlarmTopic imported 46", "HighMemoryAlarmTopic imported 48",
        "DatabaseAlarmTopic imported 50", "XRayServiceRole skipped -", "XRaySamplingRule imported 76",
      ])
    #expect(report.resources.count == 53)
    // Nothing is dropped in silence: every skip says why.
    #expect(report.resources.filter { $0.outcome == .skipped && $0.reason.isEmpty }.isEmpty)
    #expect(report.resources.first { $0.logicalID == "ApplicationLoadBalancer" }?.reason == "known only after deployment: LoadBalancerFullName")
    #expect(
      report.resources.first { $0.logicalID == "LoadBalancerListener" }?.reason
        == "a listener: CloudWatch publishes load balancer metrics per load balancer and target group, not per listener")
  }

  @Test func theMonitoringResourcesKeepTheirNamesAndSettings() throws {
    let imported = try Self.sample()
    let lines = imported.session.split(separator: "\n").map(String.init)
    #expect(lines[3] == "stack ecommerce-platform --suffix dev")
    #expect(
      lines[53]
        == "alarm high-cpu-alarm --metric AWS/ECS/CPUUtilization --dimension ServiceName=user-service --dimension ClusterName=dev-ecommerce-cluster --stat Average --period 5m --threshold 80 --comparison GreaterThanThreshold --datapoints 2/2 --description 'High CPU utilization' --notify high-cpu-alarm-topic --physical-name dev-high-cpu-alarm"
    )
    #expect(
      lines[57]
        == "alarm database-connections-alarm --metric AWS/RDS/DatabaseConnections --dimension DBInstanceIdentifier=dev-aurora-instance-1 --stat Average --period 5m --threshold 80 --comparison GreaterThanThreshold --datapoints 2/2 --description 'High database connections' --notify database-alarm-topic --physical-name dev-db-connections-alarm"
    )
    #expect(lines[51] == "logs cloud-watch-log-group --physical-name /ecs/dev-ecommerce --retention 30 --no-key --archive none")
    #expect(lines[45] == "topic high-cpu-alarm-topic --physical-name dev-high-cpu-alarms --no-key")
    #expect(lines[41] == "topic order-events-topic --physical-name dev-order-events --key kms-key")
    #expect(lines[75] == "tracing --sampling 0.1 --reservoir 1000 --physical-name dev-ecommerce-sampling")
    #expect(
      lines[13] == "reference application-load-balancer --type AWS::ElasticLoadBalancingV2::LoadBalancer --attribute LoadBalancerName=dev-ecommerce-alb")
    #expect(lines[52] == "# samples/ecommerce/ecommerce-platform.yaml:826:3 HighCPUAlarm (AWS::CloudWatch::Alarm)")
    #expect(lines.filter { $0.hasPrefix("dashboard overview add") }.count == 8)
    #expect(
      lines[63]
        == "dashboard overview add --metric AWS/ApplicationELB/RequestCount --dimension LoadBalancer=${ApplicationLoadBalancer} --stat Average --title 'Load Balancer Metrics' --width 12 --height 6"
    )

    // The stack the session defines: AWS names as written, references kept apart, nothing added.
    let stack = imported.stack
    let env = try #require(stack.environment)
    let names = ResourceNames(env)
    #expect(stack.alarms.map { names.physical($0.name, .alarm) } == ["dev-high-cpu-alarm", "dev-high-memory-alarm", "dev-db-connections-alarm"])
    #expect(stack.alarms.map(\.notify) == [["high-cpu-alarm-topic"], ["high-memory-alarm-topic"], ["database-alarm-topic"]])
    #expect(stack.topics.map { names.physical($0.name, .topic) } == [
      "dev-order-events", "dev-notifications", "dev-high-cpu-alarms", "dev-high-memory-alarms", "dev-database-alarms",
    ])
    #expect(stack.topics.map(\.key) == ["kms-key", "kms-key", nil, nil, nil])
    #expect(stack.logGroups.map { "\($0.service) \($0.retentionDays) \($0.key ?? "-") \($0.archive ?? "-")" } == ["cloud-watch-log-group 30 - -"])
    #expect(stack.logGroupName(of: stack.logGroups[0], in: env) == "/ecs/dev-ecommerce")
    #expect(names.physical("overview", .dashboard) == "dev-ecommerce-dashboard")
    #expect(names.physical(env.stackName, .sampling) == "dev-ecommerce-sampling")
    #expect(stack.tracing?.samplingRate == 0.1)
    #expect(stack.tracing?.reservoir == 1000)
    #expect(stack.references.count == 17)
    #expect(stack.reference("user-service")?.attributes == ["ServiceName": "user-service", "ClusterName": "dev-ecommerce-cluster"])
    #expect(stack.services.isEmpty)
  }

  @Test func theSessionReplaysThroughTheStackCommands() throws {
    let imported = try Self.sample()
    let replayed = try SessionStack.build(imported.session, file: "ecommerce.vigil")
    #expect(replayed.alarms == imported.stack.alarms)
    #expect(replayed.topics == imported.stack.topics)
    #expect(replayed.references == imported.stack.references)
    #expect(replayed.environment == imported.stack.environment)
    // The checked-in sample is this import.
    let checkedIn = try String(
      contentsOf: TestPaths.packageRoot.appendingPathComponent("samples/ecommerce/ecommerce-platform.vigil"), encoding: .utf8)
    #expect(checkedIn == imported.session)
  }

  @Test func theFindingsPointIntoTheTemplate() throws {
    let findings = try Self.sample().report.findings
    #expect(findings.map { "\($0.location.description) \($0.kind)" } == [
      "samples/ecommerce/ecommerce-platform.yaml:779:75 dimension-never-has-data",
      "samples/ecommerce/ecommerce-platform.yaml:780:81 dimension-never-has-data",
      "samples/ecommerce/ecommerce-platform.yaml:813:76 dimension-never-has-data",
      "samples/ecommerce/ecommerce-platform.yaml:814:77 dimension-never-has-data",
      "samples/ecommerce/ecommerce-platform.yaml:920:5 sampling-rule-wrapper",
    ])
    #expect(
      findings[0].message
        == "EcommerceDashboard: AWS/ApplicationELB dimension LoadBalancer is given the load balancer's ARN (Ref ApplicationLoadBalancer); CloudWatch publishes it under its full name app/dev-ecommerce-alb/ID, so this metric never has data"
    )
    #expect(findings[0].fix == "use !GetAtt ApplicationLoadBalancer.LoadBalancerFullName (${ApplicationLoadBalancer.LoadBalancerFullName} inside !Sub)")
    #expect(
      findings[2].message
        == "EcommerceDashboard: AWS/ElastiCache dimension CacheClusterId is given the replication group id dev-ecommerce-redis (Ref RedisCluster); ElastiCache publishes these metrics per node, under each member cluster's id, so this metric never has data"
    )
  }

  @Test func theReportAsJSON() throws {
    let json = try Self.sample().report.json
    let first = try #require(json["resources"]?.arrayValue?.first)
    #expect(
      first == [
        "logicalId": "VPC", "type": "AWS::EC2::VPC", "outcome": "reference", "sessionLine": 8, "reason": "known only after deployment: VpcId",
        "source": "samples/ecommerce/ecommerce-platform.yaml:24:3",
      ])
    #expect(json["resources"]?.arrayValue?.count == 53)
    #expect(json["findings"]?.arrayValue?.count == 5)
    #expect(json["resources"]?.arrayValue?[1]["sessionLine"] == .null)
  }

  @Test func parametersChangeTheNames() throws {
    let text = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(Self.path), encoding: .utf8)
    let imported = try StackImporter.run(
      [ImportSource(path: Self.path, text: text)], parameters: [("Environment", "prod"), ("AWS::Region", "eu-west-1")])
    let lines = imported.session.split(separator: "\n").map(String.init)
    #expect(lines[3] == "stack ecommerce-platform --suffix prod --region eu-west-1")
    let env = try #require(imported.stack.environment)
    #expect(imported.stack.alarms.map { ResourceNames(env).physical($0.name, .alarm) }.first == "prod-high-cpu-alarm")
    #expect(throws: Diagnostic.self) {
      try StackImporter.run([ImportSource(path: Self.path, text: text)], parameters: [("Environment", "qa")])
    }
  }
}
