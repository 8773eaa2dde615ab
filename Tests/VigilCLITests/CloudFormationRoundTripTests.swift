import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// Issue 14: CloudFormation export of samples/payments.vigil → `vigil import` → CloudFormation export. The importer
/// does not yet read back everything Vigil writes (functions, ECS services, metric filters, composites, math alarms,
/// canaries, remediations and the resources Vigil derives from them are skipped or kept as references), so the two
/// templates are not identical; this test pins down exactly which of the first template's resources come back with
/// the same properties, so any progress or regression shows.
@Suite struct CloudFormationRoundTripTests {
  static func resources(_ directory: URL) throws -> [String: JSONValue] {
    let text = try String(contentsOf: directory.appendingPathComponent("template.json"), encoding: .utf8)
    return try #require(try JSONValue.parse(text)["Resources"]?.objectValue)
  }

  @Test func theResourcesThatComeBackIdentical() throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let first = dir.appendingPathComponent("first")
    let exported = try VigilBinary.run(["export", "samples/payments.vigil", "--format", "cloudformation", "--out", first.path])
    try #require(exported.status == 0, "\(exported.stderr)")
    let session = dir.appendingPathComponent("imported.vigil")
    let imported = try VigilBinary.run(["import", first.appendingPathComponent("template.json").path, "--out", session.path])
    try #require(imported.status == 0, "\(imported.stderr)")
    let second = dir.appendingPathComponent("second")
    let again = try VigilBinary.run(["export", session.path, "--format", "cloudformation", "--out", second.path])
    try #require(again.status == 0, "\(again.stderr)")

    let before = try Self.resources(first)
    let after = try Self.resources(second)
    // Identical: the same logical id with the same type and properties, byte for byte once serialised.
    let identical = before.filter { id, resource in after[id] == resource }.keys.sorted()
    #expect(
      identical == [
        "AlarmApiCpu", "AlarmApiErrors", "AlarmApiMemory", "AlarmApiP99", "AlarmAuthorizerConcurrency", "AlarmAuthorizerDuration",
        "AlarmAuthorizerErrors", "AlarmDeployInProgress", "AlarmFraudCpu", "AlarmFraudErrors", "AlarmFraudP99", "AlarmLedgerErrors",
        "AlarmNotifierErrors", "ArchiveFraudScorer", "ArchiveLedgerWriter", "ArchiveNotifier", "ArchivePaymentApi",
        "ArchivePaymentAuthorizer", "KeyLogs", "KeyLogsAlias", "LogArchiveBucket", "LogArchiveStream", "LogsFraudScorer",
        "LogsLedgerWriter", "LogsNotifier", "LogsPaymentApi", "LogsPaymentAuthorizer", "PolicyTopicOncall", "PolicyTopicPaymentsTeam",
        "RoleFirehose", "RoleLogsToFirehose", "SamplingRule", "TopicOncall", "TopicPaymentsTeam",
      ])
    // Back under the same id but changed: the overview is rebuilt from the one dashboard the import keeps, and the
    // e-mail subscriptions lose the dead-letter queue that `topic --dlq` adds (the queue is kept as a reference).
    #expect(before.filter { id, resource in after[id] != nil && after[id] != resource }.keys.sorted() == [
      "DashboardOverview", "SubOncallEmail0", "SubPaymentsTeamEmail0",
    ])
    // The flow logs' group comes back as a plain log group (`flow-logs` is not read back yet).
    #expect(after.keys.filter { before[$0] == nil }.sorted() == ["LogsFlowLogGroup"])
    let templates = try [first, second].map {
      try JSONValue.parse(String(contentsOf: $0.appendingPathComponent("template.json"), encoding: .utf8))
    }
    // The stack comes back with its name, suffix and region: the description and the region rule are identical.
    #expect(templates[0]["Description"] == templates[1]["Description"])
    #expect(templates[0]["Rules"] == templates[1]["Rules"])
    #expect(before.count == 110)
  }
}
