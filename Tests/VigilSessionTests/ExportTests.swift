import Foundation
import Testing
import VigilCore
import VigilExport
import VigilTestSupport

@testable import VigilSession

/// The sample session's export: valid against the provider schema, complete, suffixed, deterministic.
@Suite struct ExportTests {
  static func sampleStackExport(suffix: String = "qa1", plain: Bool = false) throws -> ExportedFiles {
    let url = TestPaths.sample("payments.vigil")
    let interpreter = Interpreter(baseDirectory: url.deletingLastPathComponent())
    let outcomes = interpreter.execute(try String(contentsOf: url, encoding: .utf8), file: "payments.vigil")
    #expect(outcomes.allSatisfy { $0.status == .ok })
    return try TerraformExporter.export(interpreter.stack, options: ExportOptions(suffix: suffix, plain: plain))
  }

  static func document(_ files: ExportedFiles) throws -> JSONValue {
    let main = try #require(files.files.first { $0.path.hasSuffix(".tf.json") })
    return try JSONValue.parse(bytes: main.bytes)
  }

  @Test func writesTheCDKTFLayout() throws {
    let files = try Self.sampleStackExport()
    let paths = files.files.map(\.path)
    #expect(paths.contains("stacks/payments/cdk.tf.json"))
    #expect(paths.contains("manifest.json"))
    #expect(paths.contains("dashboards/overview.json"))
    #expect(paths.contains("stacks/payments/lambda/payment-authorizer.zip"))
    let doc = try Self.document(files)
    #expect(doc["//"]?["metadata"]?["stackName"] == "payments")
    #expect(doc["terraform"]?["required_providers"]?["aws"]?["source"] == "hashicorp/aws")
    #expect(doc["provider"]?["aws"]?.arrayValue?.count == 1)
    let topic = try #require(doc["resource"]?["aws_sns_topic"]?["topic_oncall"])
    #expect(topic["//"]?["metadata"]?["path"] == "payments/topic_oncall")
  }

  @Test func containsEveryResourceTypeThePlatformNeeds() throws {
    let doc = try Self.document(try Self.sampleStackExport())
    let types = Set(doc["resource"]?.objectValue?.keys.map { $0 } ?? [])
    let required = [
      "aws_cloudwatch_log_group", "aws_cloudwatch_log_metric_filter", "aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm",
      "aws_cloudwatch_dashboard", "aws_sns_topic", "aws_sns_topic_subscription", "aws_sqs_queue", "aws_kms_key", "aws_kms_alias",
      "aws_xray_sampling_rule", "aws_lambda_function", "aws_ecs_cluster", "aws_iam_role", "aws_s3_bucket",
      "aws_s3_bucket_lifecycle_configuration", "aws_cloudwatch_log_subscription_filter", "aws_flow_log", "aws_cloudwatch_event_rule",
      "aws_cloudwatch_event_target", "aws_synthetics_canary", "aws_ssm_parameter", "aws_cloudwatch_query_definition",
    ]
    #expect(required.filter { !types.contains($0) } == [])
    // One dashboard per service (5) plus the overview.
    #expect(doc["resource"]?["aws_cloudwatch_dashboard"]?.objectValue?.count == 6)
  }

  @Test func everyPhysicalNameCarriesTheSuffixAndNothingPreventsDestroy() throws {
    let doc = try Self.document(try Self.sampleStackExport(suffix: "qa1"))
    let nameKeys = ["name", "function_name", "alarm_name", "dashboard_name", "rule_name", "group_name", "bucket", "family"]
    var unsuffixed: [String] = []
    for (type, items) in doc["resource"]!.objectValue! {
      for (id, body) in items.objectValue! {
        #expect(body["lifecycle"] == nil, "\(type).\(id) has a lifecycle block")
        for key in nameKeys {
          if let name = body[key]?.stringValue, !name.hasPrefix("${"), !name.contains("qa1") {
            unsuffixed.append("\(type).\(id).\(key)=\(name)")
          }
        }
      }
    }
    #expect(unsuffixed == [])
    let text = String(
      decoding: try Self.sampleStackExport(suffix: "qa1").files.first { $0.path.hasSuffix("cdk.tf.json") }!.bytes, as: UTF8.self)
    #expect(!text.contains("prevent_destroy"))
    #expect(!text.contains("-dev\""))
  }

  @Test func twoExportsAreByteIdentical() throws {
    let a = try Self.sampleStackExport(), b = try Self.sampleStackExport()
    #expect(a.files.map(\.path) == b.files.map(\.path))
    #expect(a.files.map(\.bytes) == b.files.map(\.bytes))
  }

  @Test func plainExportHasNoMetadata() throws {
    let files = try Self.sampleStackExport(plain: true)
    #expect(files.files.contains { $0.path == "main.tf.json" })
    let text = String(decoding: files.files.first { $0.path == "main.tf.json" }!.bytes, as: UTF8.self)
    #expect(!text.contains("\"//\""))
  }

  @Test func dashboardLayoutsNeverOverlapOrLeaveTheGrid() throws {
    let url = TestPaths.sample("payments.vigil")
    let interpreter = Interpreter(baseDirectory: url.deletingLastPathComponent())
    _ = interpreter.execute(try String(contentsOf: url, encoding: .utf8))
    let dashboards = DashboardBuilder(stack: interpreter.stack, env: interpreter.stack.environment!).dashboards()
    #expect(dashboards.map(\.name) == ["payment-authorizer", "ledger-writer", "notifier", "payment-api", "fraud-scorer", "overview"])
    for dashboard in dashboards {
      #expect(DashboardLayout.problems(dashboard.widgets) == [], "\(dashboard.name)")
      // Rows are filled: the widgets of each row span all 24 columns.
      for y in Set(dashboard.widgets.map(\.y)) {
        #expect(dashboard.widgets.filter { $0.y == y }.map(\.width).reduce(0, +) == 24, "\(dashboard.name) row \(y)")
      }
      #expect(dashboard.widgets.contains { $0.kind == .alarm })
    }
    let api = dashboards.first { $0.name == "payment-api" }!
    #expect(api.widgets.contains { $0.series.contains { $0.statistic == "p99" && $0.name == "LatencyMs" } })
  }

  static let checker: URL? = {
    // The team's shared folder sits next to the clone; /work/shared is where it lives on the team's machines.
    let candidates = [
      TestPaths.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/tools/tfjson-check"),
      URL(fileURLWithPath: "/work/shared/tools/tfjson-check"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }()

  /// Runs the team's checker against the real hashicorp/aws provider schema (skipped where ../shared is absent).
  @Test(.enabled(if: checker != nil, "../shared/tools/tfjson-check is not available"))
  func passesTheProviderSchemaCheck() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for (path, bytes) in try Self.sampleStackExport().files {
      let url = directory.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url)
    }
    let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", Self.checker!.path, directory.path])
    #expect(result.stdout.hasSuffix(" 0 problem(s)\n"), "\(result.stdout)")
    #expect(result.status == 0)
  }
}
