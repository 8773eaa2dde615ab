import Testing
import VigilCore
import VigilModel
import VigilTestSupport

/// What an adopted stack keeps: physical names as written, alarms that notify topics, log groups and topics without
/// a key, and references to resources the stack watches but does not own.
@Suite struct AdoptionTests {
  static let base = "stack shop --suffix dev\nkey logs\ntopic pager\n"

  @Test func aPhysicalNameIsKeptAsWritten() throws {
    let stack = try SessionStack.build(
      Self.base + "alarm cpu --metric AWS/ECS/CPUUtilization --when '> 80' --physical-name dev-high-cpu-alarm\n"
        + "topic ops --physical-name dev-ops-alarms\n")
    let names = ResourceNames(try #require(stack.environment))
    #expect(names.physical("cpu", .alarm) == "dev-high-cpu-alarm")
    #expect(names.physical("ops", .topic) == "dev-ops-alarms")
    #expect(names.physical("pager", .topic) == "pager-topic-dev")
    #expect(names.alarmName(fromARN: "arn:aws:cloudwatch:us-east-1:1:alarm:dev-high-cpu-alarm") == "cpu")
    #expect(names.topicARN("ops", account: "1") == "arn:aws:sns:us-east-1:1:dev-ops-alarms")
  }

  @Test func twoResourcesCannotShareAPhysicalName() {
    #expect(
      SessionStack.rejection(
        Self.base + "alarm a --metric App/X --when '> 1' --physical-name shared\nalarm b --metric App/Y --when '> 1' --physical-name shared\n")
        == "test.vigil:5:1: error: alarm b and alarm a (defined at test.vigil:4:1) both need the CloudWatch alarm name 'shared'; give one of them another --physical-name\n  alarm b --metric App/Y --when '> 1' --physical-name shared\n  ^"
    )
    // A derived name counts too: `b` would be b-alarm-dev.
    #expect(
      SessionStack.rejection(
        Self.base + "alarm b --metric App/Y --when '> 1'\ncomposite c --rule 'ALARM(b)' --physical-name b-alarm-dev\n")
        == "test.vigil:5:1: error: composite c and alarm b (defined at test.vigil:4:1) both need the CloudWatch alarm name 'b-alarm-dev'; give one of them another --physical-name\n  composite c --rule 'ALARM(b)' --physical-name b-alarm-dev\n  ^"
    )
  }

  @Test func aPhysicalNameFollowsAWSRules() {
    #expect(
      SessionStack.rejection(Self.base + "topic t --physical-name orders.fifo\n")
        == "test.vigil:4:31: error: a SNS topic name may contain only letters, digits and '-' '_'\n  topic t --physical-name orders.fifo\n" + String(repeating: " ", count: 32) + "^")
  }

  @Test func anAlarmCanNotifyATopicItself() throws {
    let stack = try SessionStack.build(Self.base + "alarm cpu --metric App/CPU --when '> 80' --notify pager\n")
    #expect(stack.alarm("cpu")?.notify == ["pager"])
    #expect(
      try SessionStack.confirmation(Self.base + "alarm cpu --metric App/CPU --when '> 80' --notify pager\n")
        == "defined alarm cpu: GreaterThanThreshold 80, 1 of 1 × 1m, missing data missing, notifies pager")
    #expect(
      SessionStack.rejection(Self.base + "alarm cpu --metric App/CPU --when '> 80' --notify pagr\n")
        == "test.vigil:4:51: error: unknown topic 'pagr'; did you mean 'pager'?\n  alarm cpu --metric App/CPU --when '> 80' --notify pagr\n" + String(repeating: " ", count: 52) + "^")
  }

  @Test func logGroupsAndTopicsWithoutAKey() throws {
    let stack = try SessionStack.build(
      Self.base + "logs app --physical-name /ecs/dev-shop --retention 30 --no-key --archive none\ntopic quiet --no-key\n")
    #expect(stack.logGroups.map { "\($0.service) \($0.retentionDays) \($0.key ?? "-") \($0.archive ?? "-")" } == ["app 30 - -"])
    #expect(stack.logGroupName(of: stack.logGroups[0], in: try #require(stack.environment)) == "/ecs/dev-shop")
    #expect(stack.topic("quiet")?.key == nil)
    #expect(stack.topic("pager")?.key == "logs")
    // Once defined, the group is changed by its name: the policy's fix replays and the name stays.
    let fixed = try SessionStack.build(
      Self.base + "logs app --physical-name /ecs/dev-shop --retention 30 --no-key --archive none\nlogs app --retention 30 --key logs --archive glacier\n")
    #expect(fixed.logGroups.map { "\($0.service) \($0.key ?? "-") \($0.archive ?? "-")" } == ["app logs GLACIER"])
    #expect(fixed.logGroupName(of: fixed.logGroups[0], in: try #require(fixed.environment)) == "/ecs/dev-shop")
    // Without --physical-name a log group still belongs to a service.
    #expect(
      SessionStack.rejection(Self.base + "logs app --retention 30\n")
        == "test.vigil:4:6: error: unknown service 'app'; none is defined yet\n  logs app --retention 30\n       ^")
    #expect(
      SessionStack.rejection(Self.base + "topic t --key logs --no-key\n")
        == "test.vigil:4:20: error: give either --key or --no-key, not both\n  topic t --key logs --no-key\n                     ^")
  }

  @Test func referencesAreWatchedNotOwned() throws {
    let stack = try SessionStack.build(
      Self.base
        + "reference web --type AWS::ElasticLoadBalancingV2::LoadBalancer --attribute LoadBalancerFullName=app/web/50dc6c495c0c9188\n")
    #expect(
      stack.reference("web")
        == Reference(name: "web", type: "AWS::ElasticLoadBalancingV2::LoadBalancer", attributes: ["LoadBalancerFullName": "app/web/50dc6c495c0c9188"]))
    #expect(
      SessionStack.rejection(Self.base + "reference db --type RDS-Instance\n")
        == "test.vigil:4:21: error: --type must be a CloudFormation type such as AWS::RDS::DBInstance, got 'RDS-Instance'\n  reference db --type RDS-Instance\n                      ^"
    )
    #expect(
      SessionStack.rejection(Self.base + "reference db --type AWS::RDS::DBInstance --attribute =x\n")
        == "test.vigil:4:54: error: --attribute must be NAME=VALUE, got '=x'\n  reference db --type AWS::RDS::DBInstance --attribute =x\n                                                       ^"
    )
  }
}
