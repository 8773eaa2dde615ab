import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// Issue 14: CloudFormation export → `vigil import` → CloudFormation export gives the same files, byte for byte, in
/// JSON and in YAML: the importer reads back every command of the session (services, metric filters, math, anomaly and
/// composite alarms, `topic --dlq` and webhooks, the canary, the remediation, parameters, query definitions, flow logs,
/// the template's parameters as variables) and recognises what Vigil's export derives from them (roles, queues,
/// policies, security groups, X-Ray groups, dashboards) instead of importing it twice.
@Suite struct CloudFormationRoundTripTests {
  static func resources(_ file: URL) throws -> [String: JSONValue] {
    let text = try String(contentsOf: file, encoding: .utf8)
    return try #require(try JSONValue.parse(text)["Resources"]?.objectValue)
  }

  @Test(arguments: [("payments.vigil", false), ("payments.vigil", true), ("incident.vigil", false), ("incident.vigil", true)])
  func exportImportExportIsIdentical(session: String, yaml: Bool) throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let first = dir.appendingPathComponent("first"), second = dir.appendingPathComponent("second")
    let format = ["--format", "cloudformation"] + (yaml ? ["--yaml"] : [])
    let exported = try VigilBinary.run(["export", TestPaths.sample(session).path, "--out", first.path] + format)
    try #require(exported.status == 0, "\(exported.stderr)")
    let template = first.appendingPathComponent(yaml ? "template.yaml" : "template.json")
    let sessionFile = dir.appendingPathComponent("imported.vigil")
    let imported = try VigilBinary.run(["import", template.path, "--out", sessionFile.path])
    try #require(imported.status == 0, "\(imported.stderr)")
    let again = try VigilBinary.run(["export", sessionFile.path, "--out", second.path] + format)
    try #require(again.status == 0, "\(again.stderr)")

    try TerraformRoundTripTests.expectSameFiles(first, second)
    guard !yaml else { return }
    // Resource by resource, so a regression names what changed.
    let a = try Self.resources(template), b = try Self.resources(second.appendingPathComponent("template.json"))
    #expect(a.count == 110)
    #expect(a.filter { id, resource in b[id] == resource }.count == 110)
    #expect(a.filter { id, resource in b[id] != nil && b[id] != resource }.keys.sorted() == [])
    #expect(b.keys.filter { a[$0] == nil }.sorted() == [])
  }

  /// A session with what payments.vigil does not have: a network Vigil creates, a function with its own handler and
  /// no Insights or tracing, an image of its own, a Parameter Store webhook and several e-mails, `--max-receive`, an
  /// alarm that notifies, an anomaly band outside, a composite over a composite, flow logs of rejected traffic, a
  /// parameter from a variable, and widgets added to the dashboards (after the ones the export builds).
  static let edgeSession = """
    stack shop --suffix prod --region eu-west-1
    network create --cidr 10.1.0.0/16 --zones 3
    key data --rotation off --deletion-window 10
    service api --lambda --memory 256 --timeout 5 --insights off --tracing off --handler src/main.handler --log-format json
    service web --ecs --cluster main --cpu 256 --memory 512 --port 3000 --desired 1 --image nginx:1.27 --tracing off
    logs api --retention 14 --key data
    logs web --retention 7 --no-key --archive none
    variable pager_url --sensitive
    variable team --default platform --description 'Owning team'
    topic pager --webhook var:pager_url --webhook ssm:/shop/hooks/slack --email a@example.com --email b@example.com --dlq --max-receive 5
    topic quiet
    metric-filter web-5xx on web --pattern '{ $.status >= 500 }' --namespace Shop/web --metric Errors5xx --value 1 --dimension Route=$.route --unit Count
    alarm web-5xx --metric Shop/web/Errors5xx --dimension Route=/checkout --stat Sum --period 1m --when '> 3' --datapoints 2/2
    alarm api-throttles --metric AWS/Lambda/Throttles --dimension FunctionName=api --stat Sum --period 1m --when '> 0' --notify quiet
    alarm web-band --metric Shop/web/Errors5xx --dimension Route=/checkout --stat Sum --anomaly-band 2.5 --when outside --period 5m --datapoints 2/3
    composite shop-down --rule 'ALARM(web-5xx) OR ALARM(api-throttles)' --notify pager
    composite shop-bad --rule 'ALARM(shop-down) AND ALARM(web-band)' --notify pager --notify quiet
    tracing --sampling 0.05 --reservoir 2
    flow-logs --retention 14 --traffic REJECT
    remediation kick-api --on shop-down --state ALARM --function api
    canary home --url https://shop.example.com/ --every 10m
    parameter app/team --value var:team
    query-definition errs --query 'filter status >= 500' --logs web,api
    dashboard overview add --metric Shop/web/Errors5xx --dimension Route=/checkout --stat Sum --title 'Checkout errors'
    dashboard overview add --alarm shop-bad --title Shop --width 8
    dashboard overview add --text 'Runbook: see wiki' --height 3
    dashboard web add --logs 'fields @message | limit 5' --title Recent
    dashboard api add --metric AWS/Lambda/Errors --dimension FunctionName=api --stat Sum

    """

  @Test(arguments: [false, true])
  func aSessionOfEveryOtherOptionComesBackIdentical(yaml: Bool) throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let source = dir.appendingPathComponent("shop.vigil")
    try Self.edgeSession.write(to: source, atomically: true, encoding: .utf8)
    let first = dir.appendingPathComponent("first"), second = dir.appendingPathComponent("second")
    let format = ["--format", "cloudformation"] + (yaml ? ["--yaml"] : [])
    let exported = try VigilBinary.run(["export", source.path, "--out", first.path] + format)
    try #require(exported.status == 0, "\(exported.stderr)")
    let sessionFile = dir.appendingPathComponent("imported.vigil")
    let template = first.appendingPathComponent(yaml ? "template.yaml" : "template.json")
    let imported = try VigilBinary.run(["import", template.path, "--out", sessionFile.path, "--report", "json"])
    try #require(imported.status == 0, "\(imported.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any])
    let resources = report["resources"] as? [[String: Any]] ?? []
    #expect(resources.count == 57)
    #expect(resources.filter { $0["outcome"] as? String != "imported" }.map { $0["logicalId"] as? String ?? "" } == [])
    #expect(resources.filter { ($0["reason"] as? String ?? "").contains("differs") }.map { $0["logicalId"] as? String ?? "" } == [])
    #expect((report["findings"] as? [Any])?.count == 0)
    let again = try VigilBinary.run(["export", sessionFile.path, "--out", second.path] + format)
    try #require(again.status == 0, "\(again.stderr)")
    try TerraformRoundTripTests.expectSameFiles(first, second)
  }

  /// A function's log format is the session's, as in the Terraform export (text unless `--log-format json`): a
  /// template that set JSON for a text session would break the metric filters written for text lines.
  @Test func theFunctionsLogFormatIsTheSessions() throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let exported = try VigilBinary.run(["export", TestPaths.sample("payments.vigil").path, "--format", "cloudformation", "--out", dir.path])
    try #require(exported.status == 0, "\(exported.stderr)")
    let resources = try Self.resources(dir.appendingPathComponent("template.json"))
    let formats = resources.filter { $0.value["Type"]?.stringValue == "AWS::Lambda::Function" }
      .mapValues { $0["Properties"]?["LoggingConfig"]?["LogFormat"]?.stringValue ?? "" }
    #expect(formats == ["FnPaymentAuthorizer": "Text", "FnLedgerWriter": "Text", "FnNotifier": "Text"])
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
    #expect(resources.filter { $0["outcome"] as? String != "imported" }.map { $0["logicalId"] as? String ?? "" } == [])
    #expect(resources.filter { ($0["reason"] as? String ?? "").contains("differs") }.map { $0["logicalId"] as? String ?? "" } == [])
    #expect((report["findings"] as? [Any])?.count == 0)
    #expect(byID["RoleNotifier"]?["reason"] as? String == "written by Vigil's export for service notifier")
    #expect(byID["DlqOncall"]?["reason"] as? String == "written by Vigil's export for topic oncall")
    #expect(byID["DashboardOverview"]?["reason"] as? String == "written by Vigil's export for stack")
    #expect(byID["RemediateRestartNotifierPermission"]?["reason"] as? String == "written by Vigil's export for remediation restart-notifier")
    #expect(byID["TaskPaymentApi"]?["reason"] as? String == "the task definition of service payment-api")
    #expect(byID["FlowLogGroup"]?["reason"] as? String == "the flow logs' log group")
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
