import Foundation
import Testing
import VigilAlarms
import VigilCore
import VigilImport
import VigilSession
import VigilTestSupport

/// describe-alarms output imported as a session gives the same alarm transitions as the alarm engine reading the
/// file itself (`vigil preview-alarm FILE`), on the same metric data.
@Suite struct DescribeAlarmsImportTests {
  static let metricFiles = ["payment-app.json", "payment-container-insights.json", "payment-ecs.json", "payment-lambda.json"].map {
    TestPaths.sample("metrics/\($0)").path
  }

  static func transitions(_ result: AlarmPreviewResult) -> [String] {
    result.history.map { "\(TimeFormat.iso8601($0.timestamp, fraction: false)) \($0.alarmName) \($0.oldState.rawValue) -> \($0.newState.rawValue)" }
  }

  @Test func theImportedSessionPreviewsAsTheFileDoes() throws {
    let path = TestPaths.sample("alarms/describe-alarms.json").path
    let imported = try TemplateImport.read([path])
    let direct = try AlarmReplay(describeAlarmsFile: path, metricDataFiles: Self.metricFiles).run()
    let session = try AlarmReplay(stack: imported.stack, metricDataFiles: Self.metricFiles).run()
    #expect(Self.transitions(direct).count == 20)
    #expect(Self.transitions(session) == Self.transitions(direct))
    #expect(session.history.map(\.newReason).filter { !$0.contains("arn:") } == direct.history.map(\.newReason).filter { !$0.contains("arn:") })
  }

  @Test func theSessionKeepsNamesActionsAndSettings() throws {
    let path = TestPaths.sample("alarms/describe-alarms.json").path
    let imported = try TemplateImport.read([path])
    let lines = imported.commands.map(\.text)
    #expect(lines.first == "stack describe-alarms --suffix live --region eu-west-1")
    #expect(lines.contains("topic payments-oncall --physical-name payments-oncall --no-key"))
    #expect(
      lines.contains(
        "alarm payment-api-p99-latency --metric Payments/Latency --dimension Service=payment-api --stat p99 --period 1m --threshold 800 "
          + "--comparison GreaterThanThreshold --datapoints 3/5 --missing missing --notify payments-oncall --physical-name payment-api-p99-latency"))
    #expect(
      lines.last
        == "composite payments-degraded --rule '(ALARM(\"payment-api-p99-latency\") OR ALARM(\"payment-api-errors\")) AND NOT ALARM(\"payment-api-memory-high\")' "
        + "--notify payments-pager --physical-name payments-degraded")
    let p99 = try #require(imported.report.resources.first { $0.logicalID == "payment-api-p99-latency" })
    #expect(p99.reason == "Unit Milliseconds not kept: the session's alarm reads every unit of the metric")
    let pager = try #require(imported.report.resources.first { $0.logicalID == "payments-degraded" })
    #expect(pager.reason == "OKActions not kept (Vigil alarms notify on ALARM)")
  }

  @Test func mathAnomalyAndSuppressorAlarmsImport() throws {
    let text = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("Fuzz/corpus/describe-alarms-import/math-anomaly-suppressor.json"), encoding: .utf8)
    let imported = try StackImporter.run([ImportSource(path: "shop.json", text: text)])
    #expect(imported.commands.map(\.text) == [
      "stack shop --suffix live --region eu-west-1",
      "topic shop-alerts --physical-name shop-alerts --no-key",
      "alarm error-rate --math '100 * errors / requests' --using errors=Shop/Errors:Sum --using requests=Shop/Requests:Sum --dimension Service=cart "
        + "--period 1m --threshold 5 --comparison GreaterThanThreshold --datapoints 2/3 --missing missing --notify shop-alerts --physical-name 'Error Rate'",
      "alarm latency-band --metric Shop/Latency --stat p90 --anomaly-band 2.5 --period 5m --when outside --datapoints 2/2 --missing missing --physical-name latency-band",
      "alarm deploying --metric Shop/Deploying --stat Maximum --period 1m --threshold 1 --comparison GreaterThanOrEqualToThreshold --datapoints 1/1 --missing notBreaching --physical-name deploying",
      "composite shop-degraded --rule 'ALARM(\"error-rate\") OR ALARM(latency-band)' --notify shop-alerts --suppressor deploying --suppress-wait 2m --suppress-extension 5m --physical-name shop-degraded",
      "composite shop-wide --rule 'ALARM(shop-degraded) AND ALARM(deploying)' --physical-name shop-wide",
    ])
    let errorRate = try #require(imported.report.resources.first { $0.logicalID == "Error Rate" })
    #expect(errorRate.reason == "alarm action arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:x is not an SNS topic: not kept")
  }

  @Test func aWrongFieldIsAPositionedError() {
    let text = "{\n  \"MetricAlarms\": [],\n  \"MetricAlarm\": []\n}\n"
    do throws(Diagnostic) {
      _ = try StackImporter.run([ImportSource(path: "alarms.json", text: text)], format: .describeAlarms)
      Issue.record("imported a file with a wrong field")
    } catch {
      #expect(error.description == "alarms.json:3:18: error: unknown field \"MetricAlarm\"; did you mean MetricAlarms?\n    \"MetricAlarm\": []\n                   ^")
    }
  }
}
