import VigilCore
import VigilExport
import VigilModel
import VigilTestSupport

/// Builds stacks from session text the way the interpreter does (without the embedded-language validators).
enum ExportSessions {
  /// One resource of every kind, small enough to read every exported value.
  static let small = """
    stack shop --suffix dev
    key logs
    service api --lambda
    service web --ecs --cluster main
    logs api --retention 30 --key logs
    metric-filter api-errors on api --pattern ERROR --namespace Shop/api --metric ErrorCount --value 1 --default 0
    alarm api-errors --metric Shop/api/ErrorCount --stat Sum --when '>= 1'
    topic oncall --email oncall@example.com --dlq
    composite shop-failing --rule 'ALARM(api-errors)' --notify oncall
    tracing --sampling 0.1
    remediation restart-api --on shop-failing --state ALARM --function api
    canary health --url https://shop.example.com/health --every 5m
    parameter db/host --value db.internal
    query-definition errors --query 'filter level = "ERROR"' --logs api
    variable hook --sensitive
    """

  /// The session of issue 11: a Lambda function and a topic with dead-letter queues, both named `oncall`.
  static let collision = """
    stack shop --suffix dev
    service oncall --lambda
    topic oncall --email a@example.com --dlq
    """

  /// The session's stack; resources that would share a name are kept, so the export's own defence can be tested.
  static func stack(_ text: String, file: String = "shop.vigil") throws -> Stack {
    try SessionStack.build(text, file: file, checksNameCollisions: false)
  }

  /// The plain export's Terraform document of `text`.
  static func terraform(_ text: String) throws -> TerraformExport {
    try TerraformExporter.terraform(try stack(text), options: ExportOptions(plain: true))
  }
}
