import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// `vigil export` → `vigil import` → `vigil export` gives the same files, byte for byte, in both Terraform layouts:
/// the importer takes back every command and recognises what Vigil's export generates for them.
@Suite struct TerraformRoundTripTests {
  /// Every file under `directory`, by relative path.
  static func files(_ directory: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let root = directory.standardizedFileURL.path
    guard let walker = FileManager.default.enumerator(atPath: root) else { return out }
    for case let relative as String in walker {
      let full = root + "/" + relative
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
        out[relative] = try Data(contentsOf: URL(fileURLWithPath: full))
      }
    }
    return out
  }

  /// The two folders hold the same files, byte for byte (an export, and the export of its import).
  static func expectSameFiles(_ first: URL, _ second: URL) throws {
    let before = try files(first), after = try files(second)
    #expect(before.keys.sorted() == after.keys.sorted())
    for (path, bytes) in before.sorted(by: { $0.key < $1.key }) {
      #expect(after[path] == bytes, "\(path) differs after the round trip")
    }
  }

  @Test(arguments: [
    ("payments.vigil", false), ("payments.vigil", true), ("incident.vigil", false), ("incident.vigil", true),
  ])
  func exportImportExportIsByteIdentical(session: String, plain: Bool) throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let first = directory.appendingPathComponent("first"), second = directory.appendingPathComponent("second")
    let layout = plain ? ["--plain"] : []
    let exported = try VigilBinary.run(["export", TestPaths.sample(session).path, "--out", first.path] + layout)
    #expect(exported.status == 0, "\(exported.stderr)")
    let terraform = first.appendingPathComponent(plain ? "main.tf.json" : "stacks/payments/cdk.tf.json").path
    let sessionFile = directory.appendingPathComponent("imported.vigil").path
    let imported = try VigilBinary.run(["import", terraform, "--out", sessionFile])
    #expect(imported.status == 0, "\(imported.stderr)")
    let again = try VigilBinary.run(["export", sessionFile, "--out", second.path] + layout)
    #expect(again.status == 0, "\(again.stderr)")
    try TerraformRoundTripTests.expectSameFiles(first, second)
  }

  /// The import report names what Vigil generated, with the command that generates it, rather than importing it twice.
  @Test func theReportNamesGeneratedResources() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("out")
    _ = try VigilBinary.run(["export", TestPaths.sample("payments.vigil").path, "--out", out.path, "--plain"])
    let result = try VigilBinary.run(["import", out.appendingPathComponent("main.tf.json").path, "--report", "json", "--out", directory.appendingPathComponent("s.vigil").path])
    #expect(result.status == 0)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let resources = try #require(report["resources"] as? [[String: Any]])
    let byID = Dictionary(uniqueKeysWithValues: resources.map { ($0["logicalId"] as? String ?? "", $0) })
    #expect(resources.count == 140)
    #expect(resources.filter { $0["outcome"] as? String == "skipped" }.map { $0["logicalId"] as? String ?? "" } == [])
    #expect(byID["aws_iam_role.role_notifier"]?["reason"] as? String == "written by Vigil's export for service notifier")
    #expect(byID["aws_sqs_queue.dlq_oncall"]?["reason"] as? String == "written by Vigil's export for topic oncall")
    #expect(byID["aws_s3_bucket.archive"]?["reason"] as? String == "written by Vigil's export for stack")
  }

  /// The README's tour line for describe-alarms output, run as written from the package root.
  @Test func theReadmeExampleRuns() throws {
    let readme = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let line = try #require(readme.split(separator: "\n").first { $0.hasPrefix("vigil import samples/alarms/") })
    let command = line.split(separator: "#")[0].split(separator: " ").map(String.init)
    #expect(command == ["vigil", "import", "samples/alarms/describe-alarms.json", "--report", "text"])
    let result = try VigilBinary.run(Array(command.dropFirst()), in: TestPaths.packageRoot)
    #expect(result.status == 0)
    #expect(result.stderr.hasPrefix("10 resources: 10 imported, 0 reference, 0 skipped\n"))
    #expect(
      result.stdout.hasSuffix(
        "composite payments-degraded --rule '(ALARM(\"payment-api-p99-latency\") OR ALARM(\"payment-api-errors\")) AND NOT "
          + "ALARM(\"payment-api-memory-high\")' --notify payments-pager --physical-name payments-degraded\n"))
  }

  /// A hand-written dashboard comes back from `vigil export` with the same `dashboard_body` it was imported with, and
  /// the export → import → export round trip holds for it too.
  @Test func aTeamsOwnDashboardKeepsItsBody() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let source = TestPaths.packageRoot.appendingPathComponent("Fuzz/corpus/terraform/hand-written-dashboards.tf.json")
    let first = directory.appendingPathComponent("first"), second = directory.appendingPathComponent("second")
    let exported = try VigilBinary.run(["export", source.path, "--out", first.path])
    #expect(exported.status == 0, "\(exported.stderr)")
    let original = try JSONValue.parse(try String(contentsOf: source, encoding: .utf8))
    let written = first.appendingPathComponent("stacks/shop/cdk.tf.json")
    let export = try JSONValue.parse(try String(contentsOf: written, encoding: .utf8))
    let dashboards = export["resource"]?["aws_cloudwatch_dashboard"]
    #expect(dashboards?["dashboard_ops"]?["dashboard_body"] == original["resource"]?["aws_cloudwatch_dashboard"]?["ops"]?["dashboard_body"])
    #expect(dashboards?["dashboard_ops"]?["dashboard_name"] == "shop-ops")
    #expect(
      dashboards?["dashboard_encoded"]?["dashboard_body"]
        == #"{"widgets":[{"height":2,"properties":{"markdown":"hello"},"type":"text","width":6,"x":0,"y":0}]}"#)
    #expect(dashboards?["dashboard_live"] == nil)
    let sessionFile = directory.appendingPathComponent("imported.vigil").path
    let imported = try VigilBinary.run(["import", written.path, "--out", sessionFile])
    #expect(imported.status == 0, "\(imported.stderr)")
    let again = try VigilBinary.run(["export", sessionFile, "--out", second.path])
    #expect(again.status == 0, "\(again.stderr)")
    try TerraformRoundTripTests.expectSameFiles(first, second)
  }
}
