import Foundation
import Testing
import VigilCore
import VigilImport
import VigilModel

/// Kinds the CloudFormation importer reads from any template, not only from Vigil's own: math alarms, composite
/// alarms (their rules naming alarms by `Ref`, `${…}` or physical name), SSM parameters under the stack's path, and
/// metric filters and saved queries on a service's log group (skipped with the reason on any other log group).
@Suite struct CloudFormationAnyTemplateTests {
  static let template = """
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      AppLogs:
        Type: AWS::Logs::LogGroup
        Properties:
          LogGroupName: /app/orders
          RetentionInDays: 14
      OrderErrors:
        Type: AWS::Logs::MetricFilter
        Properties:
          LogGroupName: !Ref AppLogs
          FilterPattern: '{ $.level = "ERROR" }'
          MetricTransformations:
            - MetricName: Errors
              MetricNamespace: Orders
              MetricValue: '1'
      Latency:
        Type: AWS::CloudWatch::Alarm
        Properties:
          AlarmName: orders-latency
          Namespace: Orders
          MetricName: LatencyMs
          Statistic: Average
          Period: 60
          EvaluationPeriods: 3
          Threshold: 500
          ComparisonOperator: GreaterThanThreshold
      ErrorRate:
        Type: AWS::CloudWatch::Alarm
        Properties:
          AlarmName: orders-error-rate
          EvaluationPeriods: 2
          Threshold: 5
          ComparisonOperator: GreaterThanThreshold
          Metrics:
            - Id: e1
              Expression: 100 * errors / requests
              ReturnData: true
            - Id: errors
              MetricStat:
                Metric: {Namespace: Orders, MetricName: Errors}
                Period: 60
                Stat: Sum
              ReturnData: false
            - Id: requests
              MetricStat:
                Metric: {Namespace: Orders, MetricName: Requests}
                Period: 60
                Stat: Sum
              ReturnData: false
      Degraded:
        Type: AWS::CloudWatch::CompositeAlarm
        Properties:
          AlarmName: orders-degraded
          AlarmRule: !Sub 'ALARM(${Latency}) AND ALARM("orders-error-rate")'
      Threshold:
        Type: AWS::SSM::Parameter
        Properties:
          Name: /orders/cfn/latency-threshold
          Type: String
          Value: '500'
          Description: p99 threshold
      Shared:
        Type: AWS::SSM::Parameter
        Properties:
          Name: /shared/flag
          Type: String
          Value: 'on'
      SlowOrders:
        Type: AWS::Logs::QueryDefinition
        Properties:
          Name: slow-orders
          QueryString: 'filter latency_ms > 500'
          LogGroupNames: [!Ref AppLogs]
    """

  static func imported() throws -> StackImport {
    try StackImporter.run([ImportSource(path: "orders.yaml", text: template)])
  }

  @Test func mathAndCompositeAlarmsBecomeTheirCommands() throws {
    let commands = try Self.imported().commands.map(\.text)
    #expect(
      commands.contains(
        "alarm error-rate --math '100 * errors / requests' --using errors=Orders/Errors:Sum --using requests=Orders/Requests:Sum "
          + "--period 1m --threshold 5 --comparison GreaterThanThreshold --datapoints 2/2 --physical-name orders-error-rate"))
    // `${Latency}` (the alarm's name) and the physical name written in the rule both become session names.
    #expect(commands.contains("composite degraded --rule 'ALARM(latency) AND ALARM(error-rate)' --physical-name orders-degraded"))
  }

  @Test func aMetricFilterOnALogGroupOfNoServiceIsSkippedWithTheReason() throws {
    let report = try Self.imported().report
    let filter = try #require(report.resources.first { $0.logicalID == "OrderErrors" })
    #expect(filter.outcome == .skipped)
    #expect(filter.reason == "Vigil's metric filters read a service's log group, and AppLogs belongs to no service of this template")
    let query = try #require(report.resources.first { $0.logicalID == "SlowOrders" })
    #expect(query.reason == "Vigil's saved queries read services' log groups, and AppLogs belongs to no service of this template")
    #expect(report.resources.map(\.outcome) == [.imported, .skipped, .imported, .imported, .imported, .imported, .skipped, .skipped])
  }

  /// A parameter under `/STACK/SUFFIX/` (here `orders`, from the file name, and Vigil's suffix `cfn`) is the session's;
  /// one elsewhere is skipped with the path it would need.
  @Test func parametersUnderTheStacksPathAreImported() throws {
    let imported = try Self.imported()
    #expect(imported.commands.map(\.text).contains("parameter latency-threshold --value 500 --description 'p99 threshold'"))
    #expect(
      imported.report.resources.first { $0.logicalID == "Shared" }?.reason
        == "the parameter /shared/flag is not under /orders/cfn/, where Vigil's parameters live")
  }
}

/// A dashboard body is input: a widget size that no `Int` holds is reported, never converted with a trap.
@Suite struct DashboardWidgetSizeTests {
  @Test func aSizeThatIsNoWholeNumberIsNotKeptAndNotATrap() throws {
    let template = """
      Resources:
        Board:
          Type: AWS::CloudWatch::Dashboard
          Properties:
            DashboardBody: '{"widgets":[{"type":"text","width":1e300,"height":6.5,"properties":{"markdown":"hi"}}]}'
      """
    let imported = try StackImporter.run([ImportSource(path: "board.yaml", text: template)])
    #expect(imported.commands.map(\.text).last == "dashboard overview add --text hi")
    #expect(
      imported.report.resources.first?.reason
        == "1 widget; a widget width that is not a whole number not kept; a widget height that is not a whole number not kept")
  }
}
