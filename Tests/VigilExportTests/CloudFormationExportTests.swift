import Foundation
import Testing
import VigilCore
import VigilExport
import VigilModel
import VigilTestSupport

/// Issue 14 item 5: `vigil export --format cloudformation`.
@Suite struct CloudFormationExportTests {
  static func template(_ text: String, yaml: Bool = false) throws -> JSONValue {
    try CloudFormationExporter.template(try ExportSessions.stack(text), options: CloudFormationOptions(yaml: yaml)).template
  }

  static func resource(_ template: JSONValue, _ id: String) -> JSONValue? { template["Resources"]?[id] }
  static func properties(_ template: JSONValue, _ id: String) -> JSONValue? { template["Resources"]?[id]?["Properties"] }

  /// Every (logical id, type) of the small session: the same resources as its Terraform export, with the pieces
  /// CloudFormation keeps inside one resource (bucket settings, role policies, security group rules, rule targets).
  @Test func theSmallSessionHasEveryResourceWithItsType() throws {
    let template = try Self.template(ExportSessions.small)
    guard case .object(let resources)? = template["Resources"] else { Issue.record("no Resources"); return }
    let types = resources.mapValues { $0["Type"]?.stringValue ?? "" }
    #expect(
      types == [
        "AlarmApiErrors": "AWS::CloudWatch::Alarm", "ArchiveApi": "AWS::Logs::SubscriptionFilter", "ArchiveWeb": "AWS::Logs::SubscriptionFilter",
        "CanaryHealth": "AWS::Synthetics::Canary", "ClusterMain": "AWS::ECS::Cluster", "CompositeShopFailing": "AWS::CloudWatch::CompositeAlarm",
        "DashboardApi": "AWS::CloudWatch::Dashboard", "DashboardOverview": "AWS::CloudWatch::Dashboard", "DashboardWeb": "AWS::CloudWatch::Dashboard",
        "DlqApi": "AWS::SQS::Queue", "DlqOncall": "AWS::SQS::Queue", "FilterApiErrors": "AWS::Logs::MetricFilter", "FnApi": "AWS::Lambda::Function",
        "KeyLogs": "AWS::KMS::Key", "KeyLogsAlias": "AWS::KMS::Alias", "LogArchiveBucket": "AWS::S3::Bucket",
        "LogArchiveStream": "AWS::KinesisFirehose::DeliveryStream", "LogsApi": "AWS::Logs::LogGroup", "LogsWeb": "AWS::Logs::LogGroup",
        "ParamDbHost": "AWS::SSM::Parameter", "PolicyDlqOncall": "AWS::SQS::QueuePolicy", "PolicyQueueOncall": "AWS::SQS::QueuePolicy",
        "PolicyTopicOncall": "AWS::SNS::TopicPolicy", "QueryErrors": "AWS::Logs::QueryDefinition", "QueueOncall": "AWS::SQS::Queue",
        "RemediateRestartApi": "AWS::Events::Rule", "RemediateRestartApiPermission": "AWS::Lambda::Permission", "RoleApi": "AWS::IAM::Role",
        "RoleCanary": "AWS::IAM::Role", "RoleFirehose": "AWS::IAM::Role", "RoleLogsToFirehose": "AWS::IAM::Role", "RoleWebExec": "AWS::IAM::Role",
        "RoleWebTask": "AWS::IAM::Role", "SamplingRule": "AWS::XRay::SamplingRule", "SgApi": "AWS::EC2::SecurityGroup",
        "SgWeb": "AWS::EC2::SecurityGroup", "SubOncallEmail0": "AWS::SNS::Subscription", "SubOncallQueue": "AWS::SNS::Subscription",
        "SvcWeb": "AWS::ECS::Service", "TaskWeb": "AWS::ECS::TaskDefinition", "TopicOncall": "AWS::SNS::Topic", "XrayApi": "AWS::XRay::Group",
        "XrayWeb": "AWS::XRay::Group",
      ])
    #expect(template["AWSTemplateFormatVersion"] == "2010-09-09")
    #expect(template["Outputs"] == ["TopicOncallArn": ["Description": "ARN of the oncall topic", "Value": ["Ref": "TopicOncall"]]])
    #expect(template["Rules"]?["StackRegion"]?["Assertions"]?[0]?["Assert"] == ["Fn::Equals": [["Ref": "AWS::Region"], "us-east-1"]])
  }

  @Test func keyPropertiesOfTheSmallSession() throws {
    let t = try Self.template(ExportSessions.small)
    let keyARN: JSONValue = ["Fn::GetAtt": ["KeyLogs", "Arn"]]
    #expect(Self.properties(t, "LogsApi") == ["KmsKeyId": keyARN, "LogGroupName": "/aws/lambda/api-dev", "RetentionInDays": 30])
    #expect(
      Self.properties(t, "AlarmApiErrors") == [
        "ActionsEnabled": true, "AlarmDescription": "Takes part in composite alarms; notifies only through them.", "AlarmName": "api-errors-alarm-dev",
        "ComparisonOperator": "GreaterThanOrEqualToThreshold", "DatapointsToAlarm": 1, "EvaluationPeriods": 1, "MetricName": "ErrorCount",
        "Namespace": "Shop/api", "Period": 60, "Statistic": "Sum", "Threshold": 1.0, "TreatMissingData": "missing",
      ])
    #expect(
      Self.properties(t, "CompositeShopFailing") == [
        "ActionsEnabled": true, "AlarmActions": [["Ref": "TopicOncall"]], "AlarmDescription": "Composite alarm over api-errors.",
        "AlarmName": "shop-failing-composite-dev", "AlarmRule": ["Fn::Join": ["", ["ALARM(", ["Ref": "AlarmApiErrors"], ")"]]],
        "OKActions": [["Ref": "TopicOncall"]],
      ])
    // The settings sit inside the `SamplingRule` wrapper.
    #expect(
      Self.properties(t, "SamplingRule") == [
        "SamplingRule": [
          "FixedRate": 0.1, "HTTPMethod": "*", "Host": "*", "Priority": 1000, "ReservoirSize": 1, "ResourceARN": "*", "RuleName": "shop-sampling-dev",
          "ServiceName": "*", "ServiceType": "*", "URLPath": "*", "Version": 1,
        ]
      ])
    #expect(
      Self.properties(t, "QueueOncall") == [
        "KmsDataKeyReusePeriodSeconds": 300, "KmsMasterKeyId": keyARN, "MessageRetentionPeriod": 1_209_600, "QueueName": "oncall-notifications-dev",
        "RedrivePolicy": ["deadLetterTargetArn": ["Fn::GetAtt": ["DlqOncall", "Arn"]], "maxReceiveCount": 3],
      ])
    #expect(
      Self.properties(t, "SubOncallEmail0") == [
        "Endpoint": "oncall@example.com", "Protocol": "email", "RedrivePolicy": ["deadLetterTargetArn": ["Fn::GetAtt": ["DlqOncall", "Arn"]]],
        "TopicArn": ["Ref": "TopicOncall"],
      ])
    #expect(
      Self.properties(t, "FilterApiErrors") == [
        "FilterName": "api-errors-filter-dev", "FilterPattern": "ERROR", "LogGroupName": ["Ref": "LogsApi"],
        "MetricTransformations": [["DefaultValue": 0.0, "MetricName": "ErrorCount", "MetricNamespace": "Shop/api", "MetricValue": "1"]],
      ])
    #expect(Self.properties(t, "ParamDbHost") == ["Name": "/shop/dev/db/host", "Type": "String", "Value": "db.internal"])
    #expect(Self.properties(t, "ClusterMain")?["ClusterSettings"] == [["Name": "containerInsights", "Value": "enabled"]])
    #expect(Self.properties(t, "FnApi")?["Code"] == ["S3Bucket": ["Ref": "LambdaArtifactBucket"], "S3Key": "lambda/api-661211a1.zip"])
    // The sensitive variable is a NoEcho parameter without a value.
    #expect(t["Parameters"]?["Hook"] == ["Description": "Set by the deployer.", "NoEcho": true, "Type": "String"])
  }

  /// The bundle named in the template is written beside it, byte for byte the Terraform export's bundle.
  @Test func theLambdaBundleIsTheTerraformExportsUnderItsChecksummedKey() throws {
    let stack = try ExportSessions.stack(ExportSessions.small)
    let cloudFormation = try CloudFormationExporter.export(stack).files
    let terraform = try TerraformExporter.export(stack, options: ExportOptions(plain: true)).files
    #expect(cloudFormation.map(\.path) == ["dashboards/api.json", "dashboards/overview.json", "dashboards/web.json", "lambda/api-661211a1.zip", "template.json"])
    let bundle = try #require(cloudFormation.first { $0.path == "lambda/api-661211a1.zip" })
    #expect(bundle.bytes == terraform.first { $0.path == "lambda/api.zip" }?.bytes)
    // The dashboard bodies are the Terraform export's.
    #expect(cloudFormation.first { $0.path == "dashboards/api.json" }?.bytes == terraform.first { $0.path == "dashboards/api.json" }?.bytes)
  }

  /// The Terraform export's resources, type by type, and where each is in the template. Types CloudFormation
  /// folds into another resource (bucket settings, role policies, security group rules, rule targets) are listed
  /// with the resource that carries them.
  static let cloudFormationType: [String: String] = [
    "aws_cloudwatch_composite_alarm": "AWS::CloudWatch::CompositeAlarm", "aws_cloudwatch_dashboard": "AWS::CloudWatch::Dashboard",
    "aws_cloudwatch_event_rule": "AWS::Events::Rule", "aws_cloudwatch_log_group": "AWS::Logs::LogGroup",
    "aws_cloudwatch_log_metric_filter": "AWS::Logs::MetricFilter", "aws_cloudwatch_log_subscription_filter": "AWS::Logs::SubscriptionFilter",
    "aws_cloudwatch_metric_alarm": "AWS::CloudWatch::Alarm", "aws_cloudwatch_query_definition": "AWS::Logs::QueryDefinition",
    "aws_ecs_cluster": "AWS::ECS::Cluster", "aws_ecs_service": "AWS::ECS::Service", "aws_ecs_task_definition": "AWS::ECS::TaskDefinition",
    "aws_flow_log": "AWS::EC2::FlowLog", "aws_iam_role": "AWS::IAM::Role", "aws_kinesis_firehose_delivery_stream": "AWS::KinesisFirehose::DeliveryStream",
    "aws_kms_alias": "AWS::KMS::Alias", "aws_kms_key": "AWS::KMS::Key", "aws_lambda_function": "AWS::Lambda::Function",
    "aws_lambda_permission": "AWS::Lambda::Permission", "aws_s3_bucket": "AWS::S3::Bucket", "aws_security_group": "AWS::EC2::SecurityGroup",
    "aws_sns_topic": "AWS::SNS::Topic", "aws_sns_topic_policy": "AWS::SNS::TopicPolicy", "aws_sns_topic_subscription": "AWS::SNS::Subscription",
    "aws_sqs_queue": "AWS::SQS::Queue", "aws_sqs_queue_policy": "AWS::SQS::QueuePolicy", "aws_ssm_parameter": "AWS::SSM::Parameter",
    "aws_synthetics_canary": "AWS::Synthetics::Canary", "aws_xray_group": "AWS::XRay::Group", "aws_xray_sampling_rule": "AWS::XRay::SamplingRule",
    "aws_vpc": "AWS::EC2::VPC", "aws_subnet": "AWS::EC2::Subnet",
  ]
  static let folded: [String: String] = [
    "aws_iam_role_policy": "Policies of AWS::IAM::Role", "aws_iam_role_policy_attachment": "ManagedPolicyArns of AWS::IAM::Role",
    "aws_s3_bucket_lifecycle_configuration": "AWS::S3::Bucket", "aws_s3_bucket_notification": "AWS::S3::Bucket",
    "aws_s3_bucket_public_access_block": "AWS::S3::Bucket", "aws_s3_bucket_server_side_encryption_configuration": "AWS::S3::Bucket",
    "aws_s3_bucket_versioning": "AWS::S3::Bucket", "aws_vpc_security_group_egress_rule": "AWS::EC2::SecurityGroup",
    "aws_vpc_security_group_ingress_rule": "AWS::EC2::SecurityGroup", "aws_cloudwatch_event_target": "Targets of AWS::Events::Rule",
    // CloudFormation cannot manage a VPC's default security group (Network+CloudFormation.swift).
    "aws_default_security_group": "none",
  ]

  @Test(arguments: ["payments.vigil", "network-create"])
  func everyTerraformResourceHasItsCloudFormationResource(session: String) throws {
    let text =
      session == "network-create"
      ? ExportSessions.small.replacingOccurrences(of: "key logs\n", with: "key logs\nnetwork create --cidr 10.8.0.0/16 --zones 2\nflow-logs --key logs\n")
      : try String(contentsOf: TestPaths.sample(session), encoding: .utf8)
    let stack = try ExportSessions.stack(text)
    let terraform = try TerraformExporter.terraform(stack, options: ExportOptions(plain: true)).document
    guard case .object(let tfResources)? = terraform["resource"],
      case .object(let cfnResources)? = try CloudFormationExporter.template(stack).template["Resources"]
    else {
      Issue.record("no resources")
      return
    }
    var expected: [String: Int] = [:]
    for (type, items) in tfResources {
      guard case .object(let byName) = items else { continue }
      if let cfn = Self.cloudFormationType[type] {
        expected[cfn, default: 0] += byName.count
      } else {
        #expect(Self.folded[type] != nil, "Terraform type \(type) has no CloudFormation counterpart listed")
      }
    }
    var actual: [String: Int] = [:]
    for resource in cfnResources.values { actual[resource["Type"]?.stringValue ?? "", default: 0] += 1 }
    #expect(actual == expected)
  }

  @Test func aNewNetworkIsCarvedAsTerraformsCidrsubnet() throws {
    let text = ExportSessions.small.replacingOccurrences(of: "key logs\n", with: "key logs\nnetwork create --cidr 10.8.0.0/16 --zones 2\n")
    let t = try Self.template(text)
    #expect(
      Self.properties(t, "PrivateSubnet1")?["CidrBlock"] == ["Fn::Select": [1, ["Fn::Cidr": [["Fn::GetAtt": ["Vpc", "CidrBlock"]], 2, 12]]]])
    #expect(Self.properties(t, "PrivateSubnet1")?["AvailabilityZone"] == ["Fn::Select": [1, ["Fn::GetAZs": ""]]])
    #expect(t["Parameters"]?["VpcId"] == nil)
  }

  /// Each resource and parameter knows the session resource it comes from, as the Terraform export's addresses do.
  @Test func provenanceNamesTheSessionResource() throws {
    let export = try CloudFormationExporter.template(try ExportSessions.stack(ExportSessions.small))
    #expect(export.provenance["SubOncallEmail0"] == SessionResource("topic", "oncall"))
    #expect(export.provenance["PolicyDlqOncall"] == SessionResource("topic", "oncall"))
    #expect(export.provenance["RoleApi"] == SessionResource("service", "api"))
    #expect(export.provenance["LogArchiveBucket"] == SessionResource("stack"))
    #expect(export.provenance["RemediateRestartApiPermission"] == SessionResource("remediation", "restart-api"))
    #expect(export.provenance["Hook"] == SessionResource("variable", "hook"))
    #expect(export.provenance["ImageWeb"] == SessionResource("service", "web"))
    guard case .object(let resources)? = export.template["Resources"] else { return }
    #expect(Set(resources.keys).isSubset(of: Set(export.provenance.keys)))
  }

  /// `DashboardBody` is the Terraform export's dashboard body (the same `Dashboard.body`), with the account joined
  /// in: with an account id filled in, it is the `dashboards/NAME.json` body with that id, value for value, even for
  /// the hostile session's `${…}` widget text.
  @Test(arguments: ["api", "overview"]) func theDashboardBodyIsTheTerraformExportsBody(dashboard: String) throws {
    let stack = try ExportSessions.stack(Self.hostile)
    let files = try CloudFormationExporter.export(stack).files
    let template = try JSONValue.parse(bytes: try #require(files.first { $0.path == "template.json" }).bytes)
    let id = ResourceNames.cloudFormationID(.dashboard, dashboard)
    let value = try #require(Self.properties(template, id)?["DashboardBody"])
    let pieces = value.stringValue.map { [JSONValue.string($0)] } ?? value["Fn::Join"]?[1]?.arrayValue ?? []
    let body = pieces.map { $0 == ["Ref": "AWS::AccountId"] ? "123456789012" : $0.stringValue ?? "?" }.joined()
    let file = String(decoding: try #require(files.first { $0.path == "dashboards/\(dashboard).json" }).bytes, as: UTF8.self)
      .replacingOccurrences(of: "${AWS_ACCOUNT_ID}", with: "123456789012")
    #expect(try JSONValue.parse(body) == JSONValue.parse(file))
    #expect(body.contains("PWN"))
  }

  // MARK: User text

  /// The hostile session of issue 12, with quotes, a backslash and a YAML-significant start added.
  static let hostile = TemplateInjectionTests.hostile + #"""

    alarm quoted --metric Shop/api/ErrorCount --stat Sum --when '>= 1' --description '"q" \ back: - [a] {b} #c !Ref x *y &z'
    """#

  /// Every string of the template, with the path to it.
  static func strings(_ value: JSONValue, _ path: String = "") -> [(path: String, text: String)] {
    switch value {
    case .string(let s): return [(path, s)]
    case .array(let items): return items.enumerated().flatMap { strings($0.element, "\(path)[\($0.offset)]") }
    case .object(let members): return members.flatMap { [(path + "{key}", $0.key)] + strings($0.value, "\(path).\($0.key)") }
    default: return []
    }
  }

  /// User text goes into the template as plain strings (and `Fn::Join` pieces), never into `Fn::Sub`, the one
  /// intrinsic function that reads `${…}` in its string: the template has no `Fn::Sub` at all.
  @Test func userTextIsLiteralAndNeverInFnSub() throws {
    let t = try Self.template(Self.hostile)
    #expect(!Self.strings(t).contains { $0.text == "Fn::Sub" })
    #expect(!t.serialized().contains("Fn::Sub"))
    #expect(Self.properties(t, "AlarmApiErrors")?["AlarmDescription"] == #"d ${file("/PWN/passwd")} %{PWN_description}"#)
    #expect(Self.properties(t, "AlarmQuoted")?["AlarmDescription"] == #""q" \ back: - [a] {b} #c !Ref x *y &z"#)
    #expect(Self.properties(t, "ParamDbHost")?["Value"] == "v ${PWN_value} %{PWN_value}")
    #expect(Self.properties(t, "FilterApiErrors")?["FilterPattern"] == #""${PWN_pattern}%{ if PWN_pattern }""#)
    #expect(Self.properties(t, "QueryErrors")?["QueryString"] == #"filter msg = "${PWN_query}%{PWN_query}""#)
    #expect(t["Parameters"]?["Hook"]?["Default"] == "x${PWN_vdefault}%{PWN_vdefault}")
    #expect(Self.properties(t, "SubOncallEmail0")?["Endpoint"] == "a${PWN_email}%{PWN_email}@example.com")
    // The SSM path of the webhook is the default of an SSM-typed parameter, read by CloudFormation as a name.
    let ssm = try #require(Self.properties(t, "SubOncallWebhook0")?["Endpoint"]?["Ref"]?.stringValue)
    #expect(t["Parameters"]?[ssm] == [
      "Default": "/hooks/${PWN_ssm}%{PWN_ssm}", "Description": "Subscription endpoint read from Parameter Store.",
      "Type": "AWS::SSM::Parameter::Value<String>",
    ])
    // Every string with a marker is the user's text as written: no `$${`, no `%%{`.
    let marked = Self.strings(t).filter { $0.text.contains("PWN") }
    #expect(marked.count >= 14)
    #expect(!marked.contains { $0.text.contains("$${") || $0.text.contains("%%{") })
  }

  /// The hostile session's template, JSON and YAML, passes cfn-lint without an error.
  @Test(arguments: [false, true]) func theHostileTemplateLints(yaml: Bool) throws {
    guard CloudFormationLint.executable != nil else {
      print(CloudFormationLint.skipMessage)
      return
    }
    let files = try CloudFormationExporter.export(try ExportSessions.stack(Self.hostile), options: CloudFormationOptions(yaml: yaml)).files
    let name = yaml ? "template.yaml" : "template.json"
    let template = try #require(files.first { $0.path == name })
    let lint = try CloudFormationLint.lint(String(decoding: template.bytes, as: UTF8.self), fileName: name)
    #expect(CloudFormationLint.errors(lint.problems).isEmpty, "\(lint.output)")
    #expect(lint.status & 2 == 0, "\(lint.output)")
  }

  /// The YAML template reads back (PyYAML, what cfn-lint uses) as exactly the JSON template.
  @Test(arguments: ["small", "hostile"]) func theYAMLTemplateReadsBackAsTheJSONTemplate(session: String) throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/env") else { return }
    let stack = try ExportSessions.stack(session == "small" ? ExportSessions.small : Self.hostile)
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try ExportWriter.write(try CloudFormationExporter.export(stack, options: CloudFormationOptions(yaml: true)), to: dir)
    try ExportWriter.write(try CloudFormationExporter.export(stack), to: dir)
    let script = """
      import json, sys
      try:
          import yaml
      except ImportError:
          print("no-pyyaml"); sys.exit(0)
      a = json.load(open("template.json", encoding="utf-8"))
      b = yaml.safe_load(open("template.yaml", encoding="utf-8"))
      print("same" if a == b else "different")
      """
    let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script], in: dir)
    if result.stdout.contains("no-pyyaml") || result.status == 127 {
      print("skipped: python3 with PyYAML is not installed")
      return
    }
    #expect(result.stdout == "same\n", "\(result.stderr)")
  }

  @Test func yamlQuotesEveryStringAndKeepsLongFormIntrinsics() {
    let value: JSONValue = [
      "Resources": ["A": ["Type": "AWS::SNS::Topic", "Properties": ["TopicName": ["Fn::Join": ["", ["x", ["Ref": "AWS::AccountId"]]]]]]],
      "yes": "on", "n": [1, 2.5, true, [], [:], ["k": "\u{85}\u{7F}\t\"\\"]],
    ]
    #expect(
      CloudFormationYAML.render(value) == """
        Resources:
          A:
            Properties:
              TopicName:
                Fn::Join:
                  - ""
                  - - "x"
                    - Ref: "AWS::AccountId"
            Type: "AWS::SNS::Topic"
        "n":
          - 1
          - 2.5
          - true
          - []
          - {}
          - k: "\\u0085\\u007F\\t\\"\\\\"
        "yes": "on"

        """)
  }

  // MARK: Refusals

  /// `{{resolve:…}}` in user text would be resolved by CloudFormation (a secret read into an alarm description);
  /// there is no escape, so the export refuses and names the session resource.
  @Test func aDynamicReferenceInUserTextIsRefused() throws {
    let text = ExportSessions.small.replacingOccurrences(
      of: "--stat Sum --when '>= 1'", with: "--stat Sum --when '>= 1' --description 'leak {{resolve:ssm-secure:/prod/db}}'")
    #expect(throws: CloudFormationExportError.dynamicReference(SessionResource("alarm", "api-errors"), logicalID: "AlarmApiErrors")) {
      try CloudFormationExporter.template(try ExportSessions.stack(text))
    }
    // The Terraform export is unaffected: Terraform does not read `{{…}}`.
    #expect(throws: Never.self) { try TerraformExporter.terraform(try ExportSessions.stack(text)) }
  }

  @Test func aSecureStringParameterIsRefusedWithTheWayOut() throws {
    let text = ExportSessions.small + "\nvariable db_password --sensitive\nparameter db/password --secure --value var:db_password\n"
    do {
      _ = try CloudFormationExporter.template(try ExportSessions.stack(text))
      Issue.record("exported a SecureString parameter")
    } catch {
      #expect(
        "\(error)"
          == "parameter db/password: CloudFormation cannot create a SecureString parameter (AWS::SSM::Parameter takes String or StringList); "
          + "create it outside the stack (aws ssm put-parameter --type SecureString) or export with --format terraform")
    }
  }

  @Test func idsThatMeetInCloudFormationAreRefusedNamingBoth() throws {
    // Distinct in Terraform (`param_db_host`, `param_db-host`) and in AWS (`/shop/dev/db/host`, `/shop/dev/db-host`).
    let text = ExportSessions.small + "\nparameter db-host --value x\n"
    #expect(
      throws: CloudFormationExportError.duplicateLogicalID(
        "ParamDbHost", first: SessionResource("parameter", "db/host"), second: SessionResource("parameter", "db-host"))
    ) { try CloudFormationExporter.template(try ExportSessions.stack(text)) }
  }

  @Test(arguments: [
    ("topic_oncall", "TopicOncall"), ("alarm_api-p99", "AlarmApiP99"), ("sub_oncall_email_0", "SubOncallEmail0"),
    ("oncall_webhook_url", "OncallWebhookUrl"), ("ssm__hooks_x", "SsmHooksX"), ("Already", "Already"),
  ])
  func cloudFormationIDsAreLettersAndDigits(terraform: String, expected: String) {
    #expect(ResourceNames.cloudFormationID(terraformID: terraform) == expected)
  }
}

extension JSONValue {
  subscript(index: Int) -> JSONValue? {
    if case .array(let items) = self, items.indices.contains(index) { return items[index] }
    return nil
  }
}
