import Foundation
import Testing
import VigilCore
import VigilExport
import VigilModel
@testable import VigilSession
import VigilTestSupport

/// `service … --log-format`, its export, the shell's LMB-001 warning, `dashboard … add --logs` refusing a query that does
/// not parse, and `graph`.
@Suite struct LogFormatAndGraphTests {
  @Test func theLogFormatIsTextUnlessJSONIsAsked() {
    let interpreter = Interpreter()
    let outcomes = interpreter.execute(
      """
      stack shop --suffix dev
      service a --lambda
      service b --lambda --log-format json
      service c --lambda --log-format text
      """)
    #expect(
      outcomes.map(\.output) == [
        "defined stack shop (suffix dev, region us-east-1)",
        "defined Lambda function a (nodejs22.x, 512 MB, tracing Active, Lambda Insights on)",
        "defined Lambda function b (nodejs22.x, 512 MB, tracing Active, Lambda Insights on, JSON logs)",
        "defined Lambda function c (nodejs22.x, 512 MB, tracing Active, Lambda Insights on)",
      ])
    #expect(interpreter.stack.services.map(\.logFormat) == [.text, .json, .text])
    #expect(interpreter.execute("show b").first?.output == "service b-dev (Lambda)\n  log group: /aws/lambda/b-dev\n  log format: JSON\n  metric filters: none")
  }

  @Test func theLogFormatIsRefusedWhereItDoesNotApply() {
    let interpreter = Interpreter()
    let outcomes = interpreter.execute(
      """
      stack shop --suffix dev
      service web --ecs --cluster main --log-format json
      """, file: "s.vigil")
    #expect(outcomes.last?.status == .invalid)
    #expect(
      outcomes.last?.output == """
        s.vigil:2:34: error: --log-format applies only to Lambda functions
          service web --ecs --cluster main --log-format json
                                           ^
        """)
    let other = Interpreter().execute("stack shop --suffix dev\nservice a --lambda --log-format yaml", file: "s.vigil")
    #expect(other.last?.status == .invalid)
    #expect(
      other.last?.output == """
        s.vigil:2:33: error: --log-format must be one of text, json, got 'yaml'
          service a --lambda --log-format yaml
                                          ^
        """)
  }

  static func export(_ session: String) throws -> (ExportedFiles, JSONValue) {
    let interpreter = Interpreter()
    let outcomes = interpreter.execute(session)
    #expect(outcomes.allSatisfy { $0.status == .ok }, "\(outcomes.map(\.output))")
    let files = try TerraformExporter.export(interpreter.stack)
    let main = try #require(files.files.first { $0.path == "stacks/shop/cdk.tf.json" })
    return (files, try JSONValue.parse(bytes: main.bytes))
  }

  /// Each function's `logging_config.log_format` is what the session says, and the export passes the provider schema.
  @Test func theExportWritesEachFunctionsFormat() throws {
    let (files, document) = try Self.export(
      """
      stack shop --suffix dev
      key logs
      service text-fn --lambda
      service json-fn --lambda --log-format json
      """)
    let functions = try #require(document["resource"]?["aws_lambda_function"])
    #expect(functions["fn_text-fn"]?["logging_config"]?.arrayValue?.first?["log_format"] == .string("Text"))
    #expect(functions["fn_json-fn"]?["logging_config"]?.arrayValue?.first?["log_format"] == .string("JSON"))
    guard let checker = ExportTests.checker else { return }
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for (path, bytes) in files.files {
      let url = directory.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url)
    }
    let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", checker.path, directory.path])
    #expect(result.stdout.hasSuffix(" 0 problem(s)\n"), "\(result.stdout)")
    #expect(result.status == 0)
  }

  /// In the shell, the command that makes the mismatch is followed by the warning, whichever of the two it is.
  @Test func theShellWarnsAfterTheCommandThatMismatches() {
    let interpreter = Interpreter()
    interpreter.policyWarnings = true
    let outcomes = interpreter.execute(
      """
      stack shop --suffix dev
      service auth --lambda
      metric-filter auth-reports on auth --pattern '[type=REPORT, ...]' --metric AuthReports
      service auth --lambda --log-format json
      """)
    #expect(outcomes.map(\.status) == [.ok, .ok, .ok, .ok])
    #expect(!outcomes[2].output.contains("VIGIL-LMB-001"))
    #expect(
      outcomes[3].output == """
        updated Lambda function auth (nodejs22.x, 512 MB, tracing Active, Lambda Insights on, JSON logs)
        warning: VIGIL-LMB-001: metric filter auth-reports on auth uses a space-delimited pattern written for Lambda's text format, but auth logs in JSON (--log-format json), where REPORT lines are platform.report records and console lines are JSON objects, so it matches nothing; set --log-format text or write a JSON pattern such as { $.type = "platform.report" }
          fix: service auth --lambda --runtime nodejs22.x --memory 512 --timeout 10
        """)
    let more = interpreter.execute("metric-filter auth-json on auth --pattern '{ $.level = \"ERROR\" }' --metric AuthErrors")
    #expect(more.first?.output == "defined metric filter auth-json on auth: Payments/AuthErrors = 1")
  }

  /// A log widget's query is parsed at `add`, with the same message and caret as `query`; the session is unchanged.
  @Test func aDashboardQueryThatDoesNotParseIsRefusedAtAdd() {
    let interpreter = Interpreter()
    let before = interpreter.execute("stack shop --suffix dev\nservice api --lambda", file: "s.vigil")
    #expect(before.allSatisfy { $0.status == .ok })
    let outcome = interpreter.execute("dashboard api add --logs 'stats cnt(*) by message'", file: "s.vigil")
    #expect(outcome.map(\.status) == [.invalid])
    #expect(
      outcome.first?.output == """
        s.vigil:1:33: error: unknown function 'cnt'; did you mean 'count'?
          dashboard api add --logs 'stats cnt(*) by message'
                                          ^
        """)
    #expect(interpreter.stack.dashboardWidgets.isEmpty)
    #expect(interpreter.entries.count == 2)
    // The shell goes on: the right query is accepted.
    let fixed = interpreter.execute("dashboard api add --logs 'stats count(*) by message'")
    #expect(fixed.first?.output == "added widget 'Logs' to dashboard api")
  }

  static let graphSession = """
    stack shop --suffix dev
    key logs
    service api --ecs --cluster main
    service auth --lambda --log-format json
    topic oncall --email oncall@example.com --webhook https://hooks.example.com/alarms/T0 --dlq
    metric-filter api-latency on api --pattern '{ $.latency_ms = * }' --metric LatencyMs --value '$.latency_ms' --unit Milliseconds
    metric-filter auth-duration on auth --pattern '{ $.type = "platform.report" }' --metric AuthDurationMs --value '$.record.metrics.durationMs'
    alarm api-p99 --metric Payments/LatencyMs --stat p99 --when '> 800' --service api
    alarm auth-errors --metric AWS/Lambda/Errors --dimension FunctionName=auth --stat Sum --when '>= 1'
    alarm deploying --metric Payments/Deployments --stat Maximum --when '>= 1'
    composite shop-failing --rule 'ALARM(api-p99) OR ALARM(auth-errors)' --notify oncall --suppressor deploying
    dashboard api add --metric Payments/LatencyMs --stat p99 --title 'p99 latency'
    dashboard overview add --alarm shop-failing
    """

  static func graph(_ session: String, _ format: String) -> String {
    let interpreter = Interpreter()
    let outcomes = interpreter.execute(session + "\ngraph --format \(format)")
    #expect(outcomes.allSatisfy { $0.status == .ok }, "\(outcomes.map(\.output))")
    return outcomes.last?.output ?? ""
  }

  @Test func theGraphInMermaid() {
    #expect(
      Self.graph(Self.graphSession, "mermaid") == """
        flowchart LR
          n1[("log group /ecs/api-dev")]
          n2[("log group /aws/lambda/auth-dev")]
          n3[/"metric filter api-latency"/]
          n4(["metric Payments/LatencyMs"])
          n5[/"metric filter auth-duration"/]
          n6(["metric Payments/AuthDurationMs"])
          n7{{"alarm api-p99"}}
          n8(["metric AWS/Lambda/Errors FunctionName=auth"])
          n9{{"alarm auth-errors"}}
          n10(["metric Payments/Deployments"])
          n11{{"alarm deploying"}}
          n12{{"composite shop-failing"}}
          n13>"topic oncall"]
          n14["email oncall@example.com"]
          n15["webhook https://hooks.example.com/..."]
          n16["widget p99 latency on dashboard api"]
          n17["widget shop-failing status on dashboard overview"]
          n1 --> n3
          n3 --> n4
          n2 --> n5
          n5 --> n6
          n4 --> n7
          n8 --> n9
          n10 --> n11
          n7 --> n12
          n9 --> n12
          n11 -. suppresses .-> n12
          n12 --> n13
          n13 --> n14
          n13 --> n15
          n4 --> n16
          n12 --> n17
        """)
  }

  @Test func theGraphInDOT() {
    let dot = Self.graph(Self.graphSession, "dot")
    #expect(dot.hasPrefix("digraph vigil {\n  rankdir=LR;\n  n1 [shape=cylinder, label=\"log group /ecs/api-dev\"];\n"))
    #expect(dot.contains("\n  n15 [shape=box, label=\"webhook https://hooks.example.com/...\"];\n"))
    #expect(dot.contains("\n  n11 -> n12 [style=dashed, label=\"suppresses\"];\n  n12 -> n13;\n"))
    #expect(dot.hasSuffix("\n  n12 -> n17;\n}"))
    #expect(dot.split(separator: "\n").count == 2 + 17 + 15 + 1)
    // Deterministic: the same session gives the same bytes.
    #expect(Self.graph(Self.graphSession, "dot") == dot)
  }

  /// Names and titles only ever appear inside a label, escaped: a quote, a bracket, a semicolon or a backslash
  /// cannot end the label or add a node or an edge.
  @Test func hostileTextStaysInsideItsLabel() {
    let session = """
      stack shop --suffix dev
      service api --lambda
      dashboard api add --metric 'Payments/a"b' --title 'x"] --> n1["pwned; %%{init}%% \\l\\"'
      """
    let mermaid = Self.graph(session, "mermaid")
    #expect(
      mermaid == """
        flowchart LR
          n1(["metric Payments/a#34;b"])
          n2["widget x#34;#93; --#62; n1#91;#34;pwned#59; #37;#37;#123;init#125;#37;#37; #92;l#92;#34; on dashboard api"]
          n1 --> n2
        """)
    let dot = Self.graph(session, "dot")
    #expect(
      dot == #"""
        digraph vigil {
          rankdir=LR;
          n1 [shape=ellipse, label="metric Payments/a\"b"];
          n2 [shape=box, label="widget x\"] --> n1[\"pwned; %%{init}%% \\l\\\" on dashboard api"];
          n1 -> n2;
        }
        """#)
  }

  @Test func labelEscapingPerFormat() {
    #expect(StackGraph.mermaidEscaped("a\"b\nc#d") == "a#34;b#10;c#35;d")
    #expect(StackGraph.dotEscaped("a\"b\nc\\d") == #"a\"b c\\d"#)
    #expect(StackGraph.webhookLabel(.literal("https://h.example.com/T0/B1/secret")) == "https://h.example.com/...")
    #expect(StackGraph.webhookLabel(.variable("oncall_hook")) == "var:oncall_hook")
  }

  /// Where Graphviz is installed, it reads the DOT of the sample graph and of the hostile session with exactly the
  /// nodes and edges Vigil wrote (a label that escaped its quotes would add some).
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dot"), "Graphviz (dot) is not installed"))
  func graphvizReadsTheNodesAndEdgesWritten() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let hostile = """
      stack shop --suffix dev
      service api --lambda
      dashboard api add --metric 'Payments/a"b' --title 'x"] -> n9; n9 [label="pwned"]; \\'
      """
    for (session, nodes, edges) in [(Self.graphSession, 17, 15), (hostile, 2, 1)] {
      let file = directory.appendingPathComponent("g.dot")
      try Self.graph(session, "dot").write(to: file, atomically: true, encoding: .utf8)
      let result = try runProcess(URL(fileURLWithPath: "/usr/bin/dot"), ["-Tplain", file.path])
      #expect(result.status == 0, "\(result.stderr)")
      let lines = result.stdout.split(separator: "\n")
      #expect(lines.filter { $0.hasPrefix("node ") }.count == nodes)
      #expect(lines.filter { $0.hasPrefix("edge ") }.count == edges)
    }
  }
}
