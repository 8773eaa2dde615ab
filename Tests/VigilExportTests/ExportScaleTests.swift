import Foundation
import Testing
import VigilCore
@testable import VigilExport
import VigilModel
import VigilTestSupport

/// Issue 17: `vigil export` of a 1,000-service stack in under a second (`bench/export/bench.sh`). Each service's
/// dashboard looked its metric filters, alarms, thresholds and composites up across the whole stack, so the
/// dashboards cost grew with the square of the services (2.1 M instructions per dashboard at 1,000 services against
/// 0.33 M at 50). Ratios, not wall-clock bounds, so a busy machine cannot fail them; the best of three small runs
/// keeps a stall in the small one from flattering the large one.
@Suite struct ExportScaleTests {
  /// The bench's session (`bench/export/generate_session.py N`): half Lambda, half ECS services, each with an
  /// archived log group, two metric filters, two alarms and a composite notifying a topic with a dead-letter queue.
  static func session(services: Int) -> String {
    var lines = [
      "stack bench --suffix dev", "network existing", "key logs", "cluster core", "variable oncall_webhook_url --sensitive",
      "topic oncall --email oncall@example.com --webhook var:oncall_webhook_url --dlq --max-receive 3", "tracing --sampling 0.1",
      "flow-logs --key logs --retention 30",
    ]
    for i in 0..<services {
      let s = "svc\(i)"
      lines.append(i % 2 == 0 ? "service \(s) --lambda" : "service \(s) --ecs --cluster core")
      lines.append("logs \(s) --retention 30 --key logs --archive glacier")
      lines.append(
        "metric-filter \(s)-errors on \(s) --pattern '{ $.level = \"ERROR\" }' --namespace Bench/\(s) --metric ErrorCount --default 0")
      lines.append(
        "metric-filter \(s)-latency on \(s) --pattern '{ $.latency_ms = * }' --namespace Bench/\(s) --metric LatencyMs --value '$.latency_ms' --unit Milliseconds"
      )
      lines.append("alarm \(s)-p99 --metric Bench/\(s)/LatencyMs --stat p99 --when '> 800' --datapoints 3/5 --missing notBreaching")
      lines.append("alarm \(s)-errors --metric Bench/\(s)/ErrorCount --stat Sum --when '>= 10' --datapoints 2/3 --missing notBreaching")
      lines.append("composite \(s)-degraded --rule 'ALARM(\(s)-p99) OR ALARM(\(s)-errors)' --notify oncall")
    }
    return lines.joined(separator: "\n")
  }

  static func environment(_ stack: Stack) throws -> Environment { try #require(stack.environment) }

  /// 1,000 services' dashboards against 250: about four times the work, not sixteen.
  @Test func dashboardsAreLinearInTheNumberOfServices() throws {
    let clock = ContinuousClock()
    let small = try SessionStack.build(Self.session(services: 250))
    let large = try SessionStack.build(Self.session(services: 1000))
    let (smallEnvironment, largeEnvironment) = (try Self.environment(small), try Self.environment(large))
    var smallest = Duration.seconds(3600)
    for _ in 0..<3 {
      smallest = min(smallest, clock.measure { _ = DashboardBuilder(stack: small, env: smallEnvironment).dashboards() })
    }
    var dashboards: [Dashboard] = []
    var elapsed = Duration.seconds(3600)
    for _ in 0..<3 {
      elapsed = min(elapsed, clock.measure { dashboards = DashboardBuilder(stack: large, env: largeEnvironment).dashboards() })
    }
    #expect(elapsed < smallest * 8, "1,000 services' dashboards took \(elapsed), 250 services' took \(smallest)")
    #expect(dashboards.count == 1001)
    // Each service's alarm widget lists its two alarms and the composite over them, as before.
    let alarms = try #require(dashboards.first { $0.name == "svc999" }?.widgets.first { $0.kind == .alarm })
    #expect(
      alarms.properties["alarms"]?.arrayValue?.compactMap(\.stringValue) == [
        "arn:aws:cloudwatch:us-east-1:ACCOUNT_ID:alarm:svc999-p99-alarm-dev",
        "arn:aws:cloudwatch:us-east-1:ACCOUNT_ID:alarm:svc999-errors-alarm-dev",
        "arn:aws:cloudwatch:us-east-1:ACCOUNT_ID:alarm:svc999-degraded-composite-dev",
      ])
  }

  /// Replaying the bench session and building every export file (in memory): 4N services cost under 8× N.
  @Test func replayAndExportAreLinearInTheNumberOfServices() throws {
    let clock = ContinuousClock()
    let small = Self.session(services: 250)
    var smallest = Duration.seconds(3600)
    for _ in 0..<3 {
      smallest = min(smallest, try clock.measure { _ = try TerraformExporter.export(try SessionStack.build(small)) })
    }
    let large = Self.session(services: 1000)
    var files = ExportedFiles(files: [])
    // The best of three of each size: other suites run in parallel, and one stall must not decide the ratio.
    var elapsed = Duration.seconds(3600)
    for _ in 0..<3 { elapsed = min(elapsed, try clock.measure { files = try TerraformExporter.export(try SessionStack.build(large)) }) }
    #expect(elapsed < smallest * 8, "1,000 services took \(elapsed), 250 took \(smallest)")
    // The Terraform file, 500 Lambda bundles, 1,001 dashboards, two Checkov files and the manifest.
    #expect(files.files.count == 1505)
  }
}
