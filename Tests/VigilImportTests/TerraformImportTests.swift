import Foundation
import Testing
import VigilCore
import VigilImport
import VigilTestSupport

/// Terraform JSON written by other tools: blocks as objects or arrays, `${…}` references to resources of the file
/// resolved to session names, monitored resources kept as references, the rest skipped with the reason; malformed
/// files and wrong shapes stop with a positioned error.
@Suite struct TerraformImportTests {
  static func failure(_ text: String, path: String = "main.tf.json") -> String? {
    do throws(Diagnostic) {
      _ = try StackImporter.run([ImportSource(path: path, text: text)])
      return nil
    } catch {
      return error.description
    }
  }

  @Test(arguments: [
    (
      "{\"resource\": {\"aws_sns_topic\": {\"x\": \"oops\"}}}",
      "main.tf.json:1:38: error: resource \"aws_sns_topic\" \"x\" must be an object of arguments\n  {\"resource\": {\"aws_sns_topic\": {\"x\": \"oops\"}}}\n                                       ^"
    ),
    (
      "{\"resource\": {\"aws_sns_topic\": {\"x\": {\"name\": \"a\"}}},\n \"variable\": [",
      "main.tf.json:2:15: error: invalid JSON: unexpected end of JSON\n   \"variable\": [\n                ^"
    ),
    (
      "[1, 2]",
      "main.tf.json:1:1: error: expected a Terraform JSON object ({\"resource\": {...}, \"variable\": {...}, ...})\n  [1, 2]\n  ^"
    ),
    (
      "{\"resource\": [{\"aws_sns_topic\": {\"x\": {}}}, 3]}",
      "main.tf.json:1:45: error: expected resource (an object of resource types)\n  {\"resource\": [{\"aws_sns_topic\": {\"x\": {}}}, 3]}\n                                              ^"
    ),
  ])
  func malformedFilesArePositioned(text: String, expected: String) {
    #expect(Self.failure(text) == expected)
  }

  @Test func handWrittenTerraformImports() throws {
    let url = TestPaths.packageRoot.appendingPathComponent("Fuzz/corpus/terraform/hand-written-arrays.tf.json")
    let imported = try StackImporter.run([ImportSource(path: "shop.tf.json", text: try String(contentsOf: url, encoding: .utf8))])
    #expect(imported.commands.map(\.text) == [
      "stack shop --suffix prod --region eu-west-1",
      "reference web --type AWS::AutoScaling::AutoScalingGroup --attribute AutoScalingGroupName=shop-web",
      "reference main --type AWS::RDS::DBInstance --attribute DBInstanceIdentifier=shop-db",
      "variable alert_email --default ops@example.com",
      "topic alerts --email var:alert_email --no-key --physical-name shop-alerts",
      "alarm cpu-high --metric AWS/EC2/CPUUtilization --dimension AutoScalingGroupName=shop-web --stat Average "
        + "--period 5m --when '> 80' --datapoints 2/2 --notify alerts --physical-name shop-cpu-high",
    ])
    #expect(imported.report.resources.map { "\($0.logicalID) \($0.outcome.rawValue) \($0.location.line):\($0.location.column)" } == [
      "aws_sns_topic.alerts imported 5:34",
      "aws_sns_topic_subscription.alerts_email imported 6:53",
      "aws_cloudwatch_metric_alarm.cpu_high imported 8:19",
      "aws_autoscaling_group.web reference 11:39",
      "aws_db_instance.main reference 12:34",
      "aws_s3_bucket.assets skipped 13:34",
    ])
    #expect(imported.report.resources.last?.reason == "Vigil does not model aws_s3_bucket, and it is not a monitored resource the importer knows")
  }

  /// A function on a deprecated runtime is reported at its `runtime` with the dates and the replacement; the session
  /// refuses the runtime as AWS does, so the function is skipped with that reason. A supported runtime imports.
  @Test func deprecatedRuntimesAreReported() throws {
    let text = """
      {"resource": {"aws_lambda_function": {
        "old": {"function_name": "shop-old", "runtime": "python3.8", "handler": "index.handler"},
        "new": {"function_name": "shop-new", "runtime": "nodejs22.x", "handler": "index.handler"}
      }}}
      """
    let imported = try StackImporter.run([ImportSource(path: "shop.tf.json", text: text)])
    #expect(imported.report.findings.map { "\($0.location.line):\($0.location.column) \($0.kind): \($0.message)" } == [
      "2:51 deprecated-runtime: aws_lambda_function.old: function shop-old runs python3.8; python3.8 was deprecated by AWS on 2024-10-14; Lambda blocks creating functions with it from 2025-10-01 and updating them from 2025-11-01; move to python3.13"
    ])
    #expect(imported.report.resources.map { "\($0.logicalID) \($0.outcome.rawValue)" } == [
      "aws_lambda_function.old skipped", "aws_lambda_function.new imported",
    ])
    #expect(imported.commands.contains { $0.text.hasPrefix("service new --lambda --runtime nodejs22.x") })
  }

  /// A team's own dashboards: a literal body is kept exactly (`dashboard NAME --body`), `jsonencode` as the JSON
  /// Terraform writes for it, an interpolated body is skipped with the reason; a dimension that never has data is
  /// reported in either, at the body.
  @Test func handWrittenDashboardsKeepTheirBody() throws {
    let url = TestPaths.packageRoot.appendingPathComponent("Fuzz/corpus/terraform/hand-written-dashboards.tf.json")
    let imported = try StackImporter.run([ImportSource(path: "shop.tf.json", text: try String(contentsOf: url, encoding: .utf8))])
    #expect(imported.commands.map(\.text).filter { $0.hasPrefix("dashboard ") } == [
      #"dashboard ops --body "{\"widgets\":[{\"type\":\"metric\",\"x\":0,\"y\":0,\"width\":12,\"height\":6,\"properties\":{\"title\":\"Queue depth\",\"region\":\"eu-west-1\",\"stat\":\"Maximum\",\"period\":300,\"metrics\":[[\"AWS/SQS\",\"ApproximateNumberOfMessagesVisible\",\"QueueName\",\"shop-orders\"]]}},{\"type\":\"metric\",\"x\":12,\"y\":0,\"width\":12,\"height\":6,\"properties\":{\"title\":\"Requests\",\"region\":\"eu-west-1\",\"stat\":\"Sum\",\"period\":60,\"metrics\":[[\"AWS/ApplicationELB\",\"RequestCount\",\"LoadBalancer\",\"arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-web/50dc6c495c0c9188\"]]}},{\"type\":\"text\",\"x\":0,\"y\":6,\"width\":24,\"height\":2,\"properties\":{\"markdown\":\"Runbook: the wiki's *orders* page\"}}]}" --physical-name shop-ops"#,
      #"dashboard encoded --body '{"widgets":[{"height":2,"properties":{"markdown":"hello"},"type":"text","width":6,"x":0,"y":0}]}' --physical-name shop-encoded"#,
    ])
    #expect(
      imported.report.resources.filter { $0.type == "aws_cloudwatch_dashboard" }.map { "\($0.logicalID) \($0.outcome.rawValue): \($0.reason)" } == [
        "aws_cloudwatch_dashboard.ops imported: 3 widgets, the body kept as written",
        "aws_cloudwatch_dashboard.encoded imported: 1 widget, the body kept as written; jsonencode(…) kept as the JSON Terraform writes for it",
        "aws_cloudwatch_dashboard.live skipped: its dashboard_body interpolates ${…}, known only to Terraform at apply: the session keeps a body as literal text",
      ])
    #expect(imported.report.findings.map { "\($0.location.line):\($0.location.column) \($0.kind): \($0.message) / \($0.fix ?? "-")" } == [
      "9:539 dimension-never-has-data: aws_cloudwatch_dashboard.ops: AWS/ApplicationELB dimension LoadBalancer is given the load balancer's ARN arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-web/50dc6c495c0c9188; CloudWatch publishes it under its full name app/shop-web/50dc6c495c0c9188, so this metric never has data / use LoadBalancer=app/shop-web/50dc6c495c0c9188",
      "17:158 dimension-never-has-data: aws_cloudwatch_dashboard.live: AWS/ApplicationELB dimension LoadBalancer is given the load balancer's ARN (aws_lb.web.arn); CloudWatch publishes it under its full name (arn_suffix), so this metric never has data / use ${aws_lb.web.arn_suffix}",
    ])
  }
}
