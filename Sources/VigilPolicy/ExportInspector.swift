import VigilCore
import VigilExport
import VigilModel

/// The rules that read what Vigil writes: policy documents, physical names, lifecycle settings, alarm actions.
/// They inspect the exported Terraform JSON (not the model), so a regression in the exporter is a finding too.
public struct ExportInspector {
  let stack: Stack
  let env: Environment
  let document: JSONValue
  /// Resource address → the session resource it comes from, as the exporter recorded it.
  let provenance: [String: SessionResource]
  var findings: [PolicyFinding] = []

  /// Inspects the exporter's typed result: the document and where each resource comes from.
  public init(stack: Stack, export: TerraformExport) {
    self.stack = stack
    self.env = export.environment
    self.document = export.document
    self.provenance = export.provenance
  }

  /// Inspects `document`, a `cdk.tf.json` / `main.tf.json` of `stack` exported with `env`'s suffix (possibly edited
  /// since); the provenance of its resources is the exporter's for `stack`.
  public init(stack: Stack, env: Environment, document: JSONValue) {
    self.stack = stack
    self.env = env
    self.document = document
    self.provenance = (try? TerraformExporter.terraform(stack, options: ExportOptions(suffix: env.suffix)))?.provenance ?? [:]
  }

  /// Actions AWS offers no resource-level permission for, so their policies must say `"Resource": "*"`.
  /// Service Authorization Reference: X-Ray, CloudWatch PutMetricData and ECR GetAuthorizationToken list no resource type.
  public static let actionsWithoutResourceTypes: Set<String> = [
    "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
    "cloudwatch:PutMetricData", "ecr:GetAuthorizationToken",
  ]

  /// AWS name length limits for the physical names Vigil writes (resource type, attribute, maximum).
  static let nameLimits: [(String, String, Int)] = [
    ("aws_xray_group", "group_name", 32), ("aws_xray_sampling_rule", "rule_name", 32), ("aws_iam_role", "name", 64),
    ("aws_iam_role_policy", "name", 128), ("aws_lambda_function", "function_name", 64),
    ("aws_kinesis_firehose_delivery_stream", "name", 64), ("aws_s3_bucket", "bucket", 63), ("aws_sqs_queue", "name", 80),
    ("aws_sns_topic", "name", 256), ("aws_cloudwatch_event_rule", "name", 64), ("aws_synthetics_canary", "name", 21),
    ("aws_cloudwatch_metric_alarm", "alarm_name", 255), ("aws_cloudwatch_composite_alarm", "alarm_name", 255),
    ("aws_cloudwatch_dashboard", "dashboard_name", 255), ("aws_ecs_cluster", "name", 255), ("aws_ecs_service", "name", 255),
    ("aws_ecs_task_definition", "family", 255), ("aws_cloudwatch_log_group", "name", 512),
  ]
  static let nameKeys = ["name", "function_name", "alarm_name", "dashboard_name", "rule_name", "group_name", "bucket", "family"]

  public mutating func run() -> [PolicyFinding] {
    guard let resources = document["resource"]?.objectValue else { return [] }
    for type in resources.keys.sorted() {
      guard let items = resources[type]?.objectValue else { continue }
      for id in items.keys.sorted() {
        guard let body = items[id]?.objectValue else { continue }
        inspect(type: type, id: id, body: body)
      }
    }
    return findings
  }

  mutating func add(_ rule: PolicyRule, _ type: String, _ id: String, _ message: String, fix: [String] = []) {
    let resource = resourceKey(type: type, id: id)
    findings.append(
      PolicyFinding(
        rule: rule, resource: resource, location: PolicyChecker.location(of: resource, in: stack), message: "\(type).\(id): \(message)",
        fix: fix))
  }

  /// The session resource an exported resource comes from (its `Stack.origins` key), from the exporter's provenance.
  func resourceKey(type: String, id: String) -> String {
    provenance["\(type).\(id)"]?.description ?? "stack"
  }

  mutating func inspect(type: String, id: String, body: [String: JSONValue]) {
    checkNames(type: type, id: id, body: body)
    if body["lifecycle"]?["prevent_destroy"] == .bool(true) {
      add(PolicyRules.destroyable, type, id, "lifecycle.prevent_destroy is set, so `terraform destroy` fails")
    }
    switch type {
    case "aws_s3_bucket":
      if body["force_destroy"] != .bool(true) {
        add(PolicyRules.destroyable, type, id, "force_destroy is not set, so `terraform destroy` fails while the bucket holds objects")
      }
    case "aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm":
      if body["actions_enabled"] == .bool(false) {
        add(PolicyRules.alarmActionsEnabled, type, id, "actions_enabled is false, so state changes trigger nothing")
      }
      if type == "aws_cloudwatch_metric_alarm" {
        let actions = ["alarm_actions", "ok_actions", "insufficient_data_actions"].filter { !(body[$0]?.arrayValue ?? []).isEmpty }
        // Actions the session asked for (`alarm --notify`, an adopted alarm) are reported once, by the model rule with
        // its fix; only actions the session does not explain (an edited export) are reported here.
        let source = provenance["\(type).\(id)"]
        let asked = source?.command == "alarm" && source?.name.flatMap { stack.alarm($0) }.map { !$0.notify.isEmpty } == true
        if !actions.isEmpty && !(asked && actions == ["alarm_actions"]) {
          add(
            PolicyRules.onlyCompositesNotify, type, id,
            "a metric alarm has \(actions.joined(separator: ", ")); only composite alarms notify")
        }
      }
    case "aws_iam_role_policy":
      checkPolicy(type: type, id: id, body["policy"], identity: true)
    case "aws_iam_role":
      checkPolicy(type: type, id: id, body["assume_role_policy"], identity: false)
    case "aws_sqs_queue_policy":
      checkPolicy(type: type, id: id, body["policy"], identity: false)
    case "aws_kms_key":
      checkPolicy(type: type, id: id, body["policy"], identity: false)
      checkKeyPolicy(type: type, id: id, body["policy"])
    case "aws_sns_topic_policy":
      checkPolicy(type: type, id: id, body["policy"], identity: false)
      checkTopicPolicy(type: type, id: id, body["policy"])
    default:
      break
    }
  }

  // MARK: Names

  /// VIGIL-NAM-001 flags the names Vigil generates. A name given with `--physical-name` is the team's deliberate
  /// adoption of a resource that already exists under that name in AWS (an imported stack): renaming it to carry the
  /// suffix would replace the resource, so it is not flagged; the collision check still guards it.
  mutating func checkNames(type: String, id: String, body: [String: JSONValue]) {
    let adopted = Set(env.explicitNames.values)
    for key in Self.nameKeys {
      guard let name = body[key]?.stringValue, !name.hasPrefix("${"), !adopted.contains(name) else { continue }
      if !name.contains(env.suffix) {
        var fix: [String] = []
        if type == "aws_xray_sampling_rule" {
          let room = 32 - ResourceNames(env).tail(.sampling).count
          if room > 0 { fix = ["stack \(String(env.stackName.prefix(room))) --suffix \(env.suffix) --region \(env.region)"] }
        }
        add(PolicyRules.nameSuffix, type, id, "\(key) '\(name)' does not contain the environment suffix '\(env.suffix)'", fix: fix)
      }
    }
    for (limitedType, key, limit) in Self.nameLimits where limitedType == type {
      guard var name = body[key]?.stringValue else { continue }
      // The only interpolation in a physical name is the account id (12 digits).
      name = name.replacingOccurrences("${data.aws_caller_identity.current.account_id}", "123456789012")
      guard !name.contains("${"), name.count > limit else { continue }
      add(PolicyRules.nameLength, type, id, "\(key) '\(name)' is \(name.count) characters; AWS allows at most \(limit)")
    }
  }

  // MARK: Policy documents

  struct Statement {
    var actions: [String]
    var resources: [String]
    var principal: JSONValue?
    var condition: JSONValue?
    var sid: String
  }

  static func statements(_ policy: JSONValue?) -> [Statement]? {
    guard let text = policy?.stringValue, let document = try? JSONValue.parse(text) else { return nil }
    let raw = document["Statement"].map { $0.arrayValue ?? [$0] } ?? []
    return raw.map { s in
      func strings(_ v: JSONValue?) -> [String] { v?.arrayValue?.compactMap(\.stringValue) ?? v?.stringValue.map { [$0] } ?? [] }
      return Statement(
        actions: strings(s["Action"]) + strings(s["NotAction"]), resources: strings(s["Resource"]) + strings(s["NotResource"]),
        principal: s["Principal"], condition: s["Condition"], sid: s["Sid"]?.stringValue ?? "")
    }
  }

  mutating func checkPolicy(type: String, id: String, _ policy: JSONValue?, identity: Bool) {
    guard let statements = Self.statements(policy) else {
      if policy != nil { add(PolicyRules.wildcardActions, type, id, "the policy is not a JSON policy document Vigil can inspect") }
      return
    }
    for s in statements {
      let label = s.sid.isEmpty ? "a statement" : "statement \(s.sid)"
      let wild = s.actions.filter { $0.contains("*") }
      if !wild.isEmpty {
        add(PolicyRules.wildcardActions, type, id, "\(label) grants wildcard action(s) \(wild.joined(separator: ", "))")
      }
      if identity && s.resources.contains("*") {
        let scoped = s.actions.filter { !Self.actionsWithoutResourceTypes.contains($0) }
        if !scoped.isEmpty {
          add(
            PolicyRules.wildcardResources, type, id,
            "\(label) grants \(scoped.joined(separator: ", ")) on \"*\" although AWS lets these be scoped to resources")
        }
      }
    }
  }

  /// Key policies: the account itself (`arn:aws:iam::ACCOUNT:root`) and service principals restricted by a condition.
  mutating func checkKeyPolicy(type: String, id: String, _ policy: JSONValue?) {
    guard let statements = Self.statements(policy) else { return }
    for s in statements {
      let label = s.sid.isEmpty ? "a statement" : "statement \(s.sid)"
      if s.principal == "*" || s.principal?["AWS"] == "*" {
        add(PolicyRules.keyPolicy, type, id, "\(label) grants the key to every principal (\"*\")")
        continue
      }
      let accounts = s.principal?["AWS"].map { $0.arrayValue ?? [$0] } ?? []
      for account in accounts.compactMap(\.stringValue) where account != "arn:aws:iam::\(TerraformAccount.reference):root" {
        add(PolicyRules.keyPolicy, type, id, "\(label) grants the key to \(account), which is not this account")
      }
      if s.principal?["Service"] != nil && s.condition == nil {
        add(
          PolicyRules.keyPolicy, type, id, "\(label) grants the key to a service without a condition on the account or encryption context")
      }
    }
  }

  /// Topic policies: only CloudWatch alarms and EventBridge, only sns:Publish, only from this account.
  mutating func checkTopicPolicy(type: String, id: String, _ policy: JSONValue?) {
    guard let statements = Self.statements(policy) else { return }
    let allowed: Set<String> = ["cloudwatch.amazonaws.com", "events.amazonaws.com"]
    for s in statements {
      let label = s.sid.isEmpty ? "a statement" : "statement \(s.sid)"
      let services = s.principal?["Service"].map { ($0.arrayValue ?? [$0]).compactMap(\.stringValue) } ?? []
      let others = s.principal.map { p in p.objectValue.map { $0.keys.filter { $0 != "Service" } } ?? ["*"] } ?? ["*"]
      if !others.isEmpty || services.contains(where: { !allowed.contains($0) }) {
        add(PolicyRules.topicPolicy, type, id, "\(label) lets principals other than CloudWatch and EventBridge publish")
      }
      if s.actions.contains(where: { $0 != "sns:Publish" }) {
        add(PolicyRules.topicPolicy, type, id, "\(label) grants more than sns:Publish")
      }
      if s.condition?["StringEquals"]?["aws:SourceAccount"] == nil {
        add(PolicyRules.topicPolicy, type, id, "\(label) does not require aws:SourceAccount to be this account")
      }
    }
  }
}

/// How the export refers to the deploying account.
public enum TerraformAccount {
  public static let reference = "${data.aws_caller_identity.current.account_id}"
}
