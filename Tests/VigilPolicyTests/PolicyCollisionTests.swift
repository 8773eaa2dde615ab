import Testing
import VigilCore
import VigilExport
import VigilModel
import VigilPolicy

/// A stack whose resources would share a name is not checked against an export that cannot exist.
@Suite struct PolicyCollisionTests {
  static let session = """
    stack shop --suffix dev
    service oncall --lambda
    topic oncall --email a@example.com --dlq
    """

  @Test func theCheckThrowsTheCollision() throws {
    let stack = try PolicySessions.stack(Self.session)
    do {
      _ = try PolicyChecker.check(stack)
      Issue.record("expected a name collision")
    } catch {
      #expect(
        error.description
          == "shop.vigil:3:1: error: topic oncall and service oncall (defined at shop.vigil:2:1) both need the Terraform resource "
          + "aws_sqs_queue.dlq_oncall: the topic's dead-letter queue and the function's dead-letter queue; rename one of them")
    }
  }

  /// The shell's check after each command keeps the model rules' findings and does not trap.
  @Test func findingsKeepTheModelRules() throws {
    let stack = try PolicySessions.stack(Self.session)
    #expect(
      PolicyChecker.findings(in: stack).map { "\($0.location!.description): \($0.rule.id)" } == [
        "shop.vigil:1:1: VIGIL-KMS-001", "shop.vigil:1:1: VIGIL-TRC-001", "shop.vigil:2:1: VIGIL-DSH-001", "shop.vigil:2:1: VIGIL-LOG-001",
        "shop.vigil:3:1: VIGIL-SNS-001",
      ])
  }

  /// The inspector reads the exporter's provenance: a finding on a function's dead-letter queue points at the
  /// service, even where an alarm of the same name was defined first.
  @Test func findingsPointAtTheResourceTheExporterRecorded() throws {
    let stack = try PolicySessions.stack(
      "stack shop --suffix dev\nalarm api --metric AWS/Lambda/Errors --stat Sum --when '>= 1'\nservice api --lambda")
    var export = try TerraformExporter.terraform(stack)
    export.document = ExportInspectorTests.edited(export.document, "aws_sqs_queue", "dlq_api", "name", "api-dlq")
    var inspector = ExportInspector(stack: stack, export: export)
    #expect(
      inspector.run().map { "\($0.resource) \($0.location!.description): \($0.message)" } == [
        "service api shop.vigil:3:1: aws_sqs_queue.dlq_api: name 'api-dlq' does not contain the environment suffix 'dev'"
      ])
  }
}
