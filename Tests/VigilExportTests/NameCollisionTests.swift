import Foundation
import Testing
import VigilCore
import VigilExport
import VigilModel
import VigilTestSupport

/// Two session resources that would get one name are a diagnostic at the later one, never a trap.
@Suite struct NameCollisionTests {
  static let message =
    "topic oncall and service oncall (defined at shop.vigil:2:1) both need the Terraform resource aws_sqs_queue.dlq_oncall: "
    + "the topic's dead-letter queue and the function's dead-letter queue; rename one of them"

  @Test func aFunctionAndATopicWithDeadLetterQueuesOfOneName() throws {
    let stack = try ExportSessions.stack(ExportSessions.collision)
    let diagnostics = ResourceNames(stack.environment!).collisions(in: stack) { $0.line == 3 ? "topic oncall --email a@example.com --dlq" : "" }
    #expect(diagnostics.map(\.description) == ["shop.vigil:3:1: error: \(Self.message)\n  topic oncall --email a@example.com --dlq\n  ^"])
  }

  @Test func theExportThrowsTheCollision() throws {
    let stack = try ExportSessions.stack(ExportSessions.collision)
    #expect(throws: ExportError.self) { try TerraformExporter.export(stack) }
    do {
      _ = try TerraformExporter.export(stack, options: ExportOptions(plain: true))
    } catch let error as ExportError {
      #expect(error.description == "shop.vigil:3:1: error: \(Self.message)")
    }
    #expect(throws: ExportError.nameCollision(ResourceNames(stack.environment!).collisions(in: stack)[0])) {
      try TerraformExporter.terraform(stack)
    }
  }

  @Test(
    arguments: [
      (
        "stack shop --suffix dev\nservice canary --lambda\ncanary health --url https://shop.example.com/ --every 5m",
        "shop.vigil:3:1: error: canary health and service canary (defined at shop.vigil:2:1) both need the Terraform resource "
          + "aws_iam_role.role_canary: the canaries' role and the function's role; rename one of them"
      ),
      (
        "stack shop --suffix dev\nservice web --ecs --cluster main\nservice web-exec --lambda",
        "shop.vigil:3:1: error: service web-exec and service web (defined at shop.vigil:2:1) both need the Terraform resource "
          + "aws_iam_role.role_web-exec: the function's role and the task execution role; rename one of them"
      ),
      (
        "stack shop --suffix dev\nservice overview --lambda",
        "shop.vigil:2:1: error: service overview and stack (defined at shop.vigil:1:1) both need the Terraform resource "
          + "aws_cloudwatch_dashboard.dashboard_overview: the service's dashboard and the overview dashboard; rename one of them"
      ),
    ])
  func otherClashesAcrossKinds(_ session: String, _ headline: String) throws {
    let stack = try ExportSessions.stack(session)
    #expect(ResourceNames(stack.environment!).collisions(in: stack).map(\.headline) == [headline])
    #expect(throws: ExportError.self) { try TerraformExporter.export(stack) }
  }

  @Test func theSampleSessionHasNoCollisions() throws {
    let stack = try ExportSessions.stack(try String(contentsOf: TestPaths.sample("payments.vigil"), encoding: .utf8))
    #expect(ResourceNames(stack.environment!).collisions(in: stack) == [])
  }
}
