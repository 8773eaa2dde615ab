import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// `vigil import` and the commands that take a template directly, through the real binary.
@Suite struct ImportCommandTests {
  static let template = "samples/ecommerce/ecommerce-platform.yaml"

  /// A folder with the sample's files at the paths the notebook's examples use.
  static func sampleFolder() throws -> URL {
    let directory = TestPaths.temporaryDirectory()
    let target = directory.appendingPathComponent("samples/ecommerce")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    for name in ["ecommerce-platform.yaml", "metrics.json"] {
      try FileManager.default.copyItem(
        at: TestPaths.packageRoot.appendingPathComponent("samples/ecommerce/\(name)"), to: target.appendingPathComponent(name))
    }
    return directory
  }

  @Test func printsTheCheckedInSession() throws {
    let result = try VigilBinary.run(["import", Self.template])
    #expect(result.status == 0)
    #expect(result.stderr == "")
    #expect(result.stdout == (try String(contentsOf: TestPaths.sample("ecommerce/ecommerce-platform.vigil"), encoding: .utf8)))
  }

  @Test func theNotebookExamplesRun() throws {
    let directory = try Self.sampleFolder()
    defer { try? FileManager.default.removeItem(at: directory) }
    let imported = try VigilBinary.run(["import", Self.template, "--out", "ecommerce.vigil", "--report", "text"], in: directory)
    #expect(imported.status == 0)
    #expect(imported.stdout.hasPrefix("53 resources: 12 imported, 17 reference, 24 skipped\n"))
    #expect(imported.stdout.hasSuffix("    fix: indent them under 'SamplingRule:' inside Properties\n"))
    let written = try String(contentsOf: directory.appendingPathComponent("ecommerce.vigil"), encoding: .utf8)
    #expect(written == (try String(contentsOf: TestPaths.sample("ecommerce/ecommerce-platform.vigil"), encoding: .utf8)))
    let replayed = try VigilBinary.run(["run", "ecommerce.vigil"], in: directory)
    #expect(replayed.stdout == "ecommerce.vigil: 37 command(s) replayed, all expectations held\n")

    let check = try VigilBinary.run(["check", Self.template], in: directory)
    #expect(check.status == 1)
    let headlines = check.stdout.split(separator: "\n").filter { $0.hasPrefix(Self.template) }
    #expect(headlines.last == "samples/ecommerce/ecommerce-platform.yaml: 23 finding(s): 22 error(s), 1 warning(s)")
    #expect(headlines.filter { $0.contains("VIGIL-IMP-") }.map { String($0.prefix(70)) } == [
      "samples/ecommerce/ecommerce-platform.yaml:779:75: VIGIL-IMP-001: Ecomm",
      "samples/ecommerce/ecommerce-platform.yaml:780:81: VIGIL-IMP-001: Ecomm",
      "samples/ecommerce/ecommerce-platform.yaml:813:76: VIGIL-IMP-001: Ecomm",
      "samples/ecommerce/ecommerce-platform.yaml:814:77: VIGIL-IMP-001: Ecomm",
      "samples/ecommerce/ecommerce-platform.yaml:920:5: VIGIL-IMP-002: XRaySa",
    ])
    #expect(
      headlines.contains(
        "samples/ecommerce/ecommerce-platform.yaml:826:1: VIGIL-ALM-002: metric alarm high-cpu-alarm notifies high-cpu-alarm-topic itself; only composite alarms notify"
      ))

    let preview = try VigilBinary.run(["preview-alarm", Self.template, "--data", "samples/ecommerce/metrics.json"], in: directory)
    #expect(preview.status == 0)
    #expect(
      preview.stdout.split(separator: "\n").prefix(4) == [
        "Alarm preview 2026-03-02T08:00:00Z .. 2026-03-02T10:04:00Z, one column = 3m (A = ALARM, . = OK, ? = INSUFFICIENT_DATA)",
        "high-cpu-alarm              ?..................AAAAAAA................  OK",
        "high-memory-alarm           ?.........................................  OK",
        "database-connections-alarm  ?................................AAA......  OK",
      ])
    #expect(preview.stdout.hasSuffix("  database-connections-alarm  arn:aws:sns:us-east-1:123456789012:dev-database-alarms  1\n"))
  }

  @Test func exportTakesATemplate() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try VigilBinary.run(["export", Self.template, "--out", directory.path])
    #expect(result.status == 0)
    let main = try JSONValue.parse(
      try String(contentsOf: directory.appendingPathComponent("stacks/ecommerce-platform/cdk.tf.json"), encoding: .utf8))
    #expect(main["resource"]?["aws_cloudwatch_metric_alarm"]?["alarm_high-cpu-alarm"]?["alarm_name"] == "dev-high-cpu-alarm")
    #expect(main["resource"]?["aws_sns_topic"]?["topic_high-cpu-alarm-topic"]?["name"] == "dev-high-cpu-alarms")
  }

  @Test func malformedTemplatesExitTwoWithAPosition() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Reff Name\n".write(
      to: directory.appendingPathComponent("t.yaml"), atomically: true, encoding: .utf8)
    for command in [["import", "t.yaml"], ["check", "t.yaml"], ["export", "t.yaml", "--out", "out"]] {
      let result = try VigilBinary.run(command, in: directory)
      #expect(result.status == 2)
      #expect(
        result.stderr
          == "t.yaml:5:18: error: unknown tag '!Reff': not a CloudFormation intrinsic function; did you mean '!Ref'?\n        TopicName: !Reff Name\n                   ^\n"
      )
    }
  }

  @Test func importIsASubcommandNotASessionFile() throws {
    let result = try VigilBinary.run(["import", "missing.yaml"])
    #expect(result.status == 2)
    #expect(result.stderr == "cannot read missing.yaml: no such file\n")
    let parameter = try VigilBinary.run(["import", Self.template, "--parameter", "Environment=qa"])
    #expect(parameter.status == 2)
    #expect(parameter.stderr.hasPrefix("samples/ecommerce/ecommerce-platform.yaml:6:3: error: --parameter Environment=qa: the template allows only dev, staging, prod\n"))
  }

  @Test func theShellImportAddsTheCommandsToTheSession() throws {
    let directory = try Self.sampleFolder()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "stack shop --suffix dev\nimport samples/ecommerce/ecommerce-platform.yaml\nload-metrics samples/ecommerce/metrics.json\nexpect alarm high-cpu-alarm state ALARM at 2026-03-02T09:00:00Z\n".write(
      to: directory.appendingPathComponent("s.vigil"), atomically: true, encoding: .utf8)
    let result = try VigilBinary.run(["run", "s.vigil"], in: directory)
    // The template's dashboard widgets that can never have data (an ALB's ARN, a replication group's id) are the
    // wiring findings `run` reports; nothing else is.
    let warnings = result.stderr.split(separator: "\n")
    #expect(warnings.count == 4)
    #expect(warnings.allSatisfy { $0.hasPrefix("samples/ecommerce/ecommerce-platform.yaml:747:1: VIGIL-MET-003: widget ") })
    #expect(result.stdout == "s.vigil: 4 command(s) replayed, all expectations held\n")
  }

  /// A dashboard dimension that never has data is one finding: the import's (at the template's column, with the cause
  /// and the fix), not also the metric check's for the same widget line.
  @Test func checkListsEachDeadDimensionOnce() throws {
    let check = try VigilBinary.run(["check", Self.template])
    #expect(check.status == 1)
    let headlines = check.stdout.split(separator: "\n").filter { $0.hasPrefix(Self.template) }
    #expect(headlines.filter { $0.contains("LoadBalancer") || $0.contains("CacheClusterId") } == [
      "samples/ecommerce/ecommerce-platform.yaml:779:75: VIGIL-IMP-001: EcommerceDashboard: AWS/ApplicationELB dimension LoadBalancer is given the load balancer's ARN (Ref ApplicationLoadBalancer); CloudWatch publishes it under its full name app/dev-ecommerce-alb/ID, so this metric never has data",
      "samples/ecommerce/ecommerce-platform.yaml:780:81: VIGIL-IMP-001: EcommerceDashboard: AWS/ApplicationELB dimension LoadBalancer is given the load balancer's ARN (Ref ApplicationLoadBalancer); CloudWatch publishes it under its full name app/dev-ecommerce-alb/ID, so this metric never has data",
      "samples/ecommerce/ecommerce-platform.yaml:813:76: VIGIL-IMP-001: EcommerceDashboard: AWS/ElastiCache dimension CacheClusterId is given the replication group id dev-ecommerce-redis (Ref RedisCluster); ElastiCache publishes these metrics per node, under each member cluster's id, so this metric never has data",
      "samples/ecommerce/ecommerce-platform.yaml:814:77: VIGIL-IMP-001: EcommerceDashboard: AWS/ElastiCache dimension CacheClusterId is given the replication group id dev-ecommerce-redis (Ref RedisCluster); ElastiCache publishes these metrics per node, under each member cluster's id, so this metric never has data",
    ])
    #expect(headlines.filter { $0.contains("VIGIL-MET-003") } == [])
  }

  /// The imported stack's names are the team's (`--physical-name`, dimensions naming its references): no VIGIL-NAM-001.
  @Test func checkLeavesAdoptedNamesAlone() throws {
    let check = try VigilBinary.run(["check", Self.template])
    #expect(check.stdout.split(separator: "\n").filter { $0.contains("VIGIL-NAM-001") } == [])
  }

  /// A function of a template on a deprecated runtime is reported at its `Runtime` (VIGIL-LMB-002, a warning).
  @Test func checkReportsADeprecatedRuntime() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try """
      Resources:
        Worker:
          Type: AWS::Lambda::Function
          Properties:
            FunctionName: orders-worker
            Runtime: nodejs16.x
            Handler: index.handler
        Fresh:
          Type: AWS::Lambda::Function
          Properties:
            Runtime: nodejs22.x
            Handler: index.handler

      """.write(to: directory.appendingPathComponent("t.yaml"), atomically: true, encoding: .utf8)
    let check = try VigilBinary.run(["check", "t.yaml"], in: directory)
    let lines = check.stdout.split(separator: "\n").filter { $0.contains("VIGIL-LMB-002") }
    #expect(lines == [
      "t.yaml:6:16: VIGIL-LMB-002: Worker: function orders-worker runs nodejs16.x; nodejs16.x was deprecated by AWS on 2024-06-12; Lambda blocks creating functions with it from 2025-10-01 and updating them from 2025-11-01; move to nodejs22.x"
    ])
  }
}
