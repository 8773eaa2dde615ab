import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// Issue 14: CloudFormation export of samples/payments.vigil (and incident.vigil, which loads it) → `vigil import` →
/// CloudFormation export. The importer reads back the services (with what the export derives from them: roles,
/// queues, security groups, task definitions, X-Ray groups), the cluster, the network, the template's parameters as
/// variables, `topic --dlq` and webhooks, metric filters, and every kind of metric and composite alarm; the canary, the
/// remediation, flow logs, SSM parameters and query definitions are not read back yet. This test pins down exactly
/// what comes back, so any progress or regression shows.
@Suite struct CloudFormationRoundTripTests {
  static func resources(_ directory: URL) throws -> [String: JSONValue] {
    let text = try String(contentsOf: directory.appendingPathComponent("template.json"), encoding: .utf8)
    return try #require(try JSONValue.parse(text)["Resources"]?.objectValue)
  }

  @Test(arguments: ["payments.vigil", "incident.vigil"])
  func theResourcesThatComeBackIdentical(session: String) throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let first = dir.appendingPathComponent("first")
    let exported = try VigilBinary.run(["export", TestPaths.sample(session).path, "--format", "cloudformation", "--out", first.path])
    try #require(exported.status == 0, "\(exported.stderr)")
    let sessionFile = dir.appendingPathComponent("imported.vigil")
    let imported = try VigilBinary.run(["import", first.appendingPathComponent("template.json").path, "--out", sessionFile.path])
    try #require(imported.status == 0, "\(imported.stderr)")
    let second = dir.appendingPathComponent("second")
    let again = try VigilBinary.run(["export", sessionFile.path, "--format", "cloudformation", "--out", second.path])
    try #require(again.status == 0, "\(again.stderr)")

    let before = try Self.resources(first)
    let after = try Self.resources(second)
    #expect(before.count == 110)
    // Identical: the same logical id with the same type and properties.
    #expect(before.filter { id, resource in after[id] == resource }.count == 99)
    #expect(before.filter { id, resource in after[id] != nil && after[id] != resource }.keys.sorted() == [])
    #expect(before.keys.filter { after[$0] == nil }.sorted() == [
      "CanaryCheckout", "FlowLogGroup", "ParamAlarmsApiP99ThresholdMs", "ParamXraySamplingRate", "QuerySlowPayments", "QueryTopErrors",
      "RemediateRestartNotifier", "RemediateRestartNotifierPermission", "RoleCanary", "RoleFlowLogs", "VpcFlowLog",
    ])
    // The flow logs' group comes back as a plain log group (`flow-logs` is not read back yet).
    #expect(after.keys.filter { before[$0] == nil }.sorted() == ["LogsFlowLogGroup"])
    let templates = try [first, second].map {
      try JSONValue.parse(String(contentsOf: $0.appendingPathComponent("template.json"), encoding: .utf8))
    }
    // The template's parameters (the session variable among them), description and region rule are identical.
    #expect(templates[0]["Parameters"] == templates[1]["Parameters"])
    #expect(templates[0]["Description"] == templates[1]["Description"])
    #expect(templates[0]["Rules"] == templates[1]["Rules"])
  }

  /// The report names what Vigil's export derived, with the line of the command it derives from.
  @Test func theReportNamesWhatTheExportDerives() throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("out")
    let exported = try VigilBinary.run(["export", TestPaths.sample("payments.vigil").path, "--format", "cloudformation", "--out", out.path])
    try #require(exported.status == 0, "\(exported.stderr)")
    let result = try VigilBinary.run([
      "import", out.appendingPathComponent("template.json").path, "--report", "json", "--out", dir.appendingPathComponent("s.vigil").path,
    ])
    try #require(result.status == 0, "\(result.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let resources = try #require(report["resources"] as? [[String: Any]])
    let byID = Dictionary(uniqueKeysWithValues: resources.map { ($0["logicalId"] as? String ?? "", $0) })
    #expect(resources.count == 110)
    #expect((report["findings"] as? [Any])?.count == 0)
    #expect(byID["RoleNotifier"]?["reason"] as? String == "written by Vigil's export for service notifier")
    #expect(byID["DlqOncall"]?["reason"] as? String == "written by Vigil's export for topic oncall")
    #expect(byID["TaskPaymentApi"]?["reason"] as? String == "the task definition of service payment-api")
    #expect(byID["DashboardOverview"]?["reason"] as? String == "written by Vigil's export for stack")
    #expect(byID["SubOncallQueue"]?["sessionLine"] as? Int == byID["TopicOncall"]?["sessionLine"] as? Int)
    let session = try String(contentsOf: dir.appendingPathComponent("s.vigil"), encoding: .utf8)
    let commands = session.split(separator: "\n").filter { !$0.hasPrefix("#") }
    #expect(commands.contains("topic oncall --key logs --email payments-oncall@example.com --webhook var:oncall_webhook_url --dlq"))
    #expect(commands.contains("variable oncall_webhook_url --sensitive --description 'HTTPS webhook of the on-call tool (contains a token).'"))
    #expect(
      commands.contains(
        "alarm api-latency-anomaly --metric Payments/payment-api/LatencyMs --stat Average --anomaly-band 3 --period 5m --when above "
          + "--datapoints 2/3 --missing missing --service payment-api"))
  }
}
