import Testing
import VigilCore
import VigilModel
import VigilPolicy

/// An adopted stack keeps what it has; the rules report what the platform requires of it, with the fix.
@Suite struct AdoptedStackRuleTests {
  @Test func anAlarmThatNotifiesItselfIsReportedWithTheFix() throws {
    let stack = try PolicySessions.stack(PolicySessions.clean + "\nalarm api-slow --metric App/Latency --when '> 1' --notify oncall\n")
    let findings = PolicyChecker.findings(in: stack).filter { $0.rule.id == "VIGIL-ALM-002" }
    #expect(findings.map { "\($0.location?.description ?? "-"): \($0.message)" } == [
      "shop.vigil:10:1: metric alarm api-slow notifies oncall itself; only composite alarms notify"
    ])
    #expect(findings.first?.fix == [
      "alarm api-slow --metric App/Latency --stat Average --period 1m --when '> 1'",
      "composite api-slow-alert --rule 'ALARM(api-slow)' --notify oncall",
    ])
  }

  @Test func aLogGroupWithoutAServiceIsCheckedToo() throws {
    let stack = try PolicySessions.stack(PolicySessions.clean + "\nlogs app --physical-name /ecs/dev-app --retention 30 --no-key --archive none\n")
    let findings = PolicyChecker.findings(in: stack).filter { $0.resource == "logs app" }
    #expect(findings.map { "\($0.rule.id): \($0.message)" } == [
      "VIGIL-LOG-001: log group /ecs/dev-app does not use a customer-managed KMS key (CloudWatch falls back to an AWS-owned key)",
      "VIGIL-LOG-003: log group /ecs/dev-app is not archived to S3 and Glacier",
    ])
  }

  /// VIGIL-NAM-001 leaves the names a team adopted on purpose (`--physical-name`, a dimension naming a `reference`)
  /// and keeps flagging the ones Vigil generates or the session types.
  @Test func adoptedNamesAreNotFlaggedButTypedOnesAre() throws {
    let stack = try PolicySessions.stack(
      PolicySessions.clean + """

        alarm legacy-cpu --metric AWS/EC2/CPUUtilization --when '> 80' --physical-name legacy-cpu-alarm
        topic legacy --physical-name ops-pager --no-key
        reference orders --type AWS::ECS::Cluster --attribute ClusterName=orders-cluster
        alarm orders-cpu --metric AWS/ECS/CPUUtilization --dimension ClusterName=orders-cluster --when '> 80'
        alarm typo-cpu --metric AWS/ECS/CPUUtilization --dimension ClusterName=orders-clustr --when '> 80'
        """)
    let findings = PolicyChecker.findings(in: stack).filter { $0.rule.id == "VIGIL-NAM-001" }
    #expect(findings.map { "\($0.location?.description ?? "-"): \($0.message)" } == [
      "shop.vigil:14:1: alarm typo-cpu has ClusterName=orders-clustr, which names no ECS cluster of this stack, so the export cannot give it the environment suffix"
    ])
  }
}
