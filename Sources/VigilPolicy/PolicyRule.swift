/// How serious a finding is; the names are SARIF's `level` values.
public enum PolicySeverity: String, Sendable, Equatable {
  case error, warning, note
}

/// One rule with a stable id (`VIGIL-LOG-001`), what it requires, why, and the scanner checks it corresponds to.
public struct PolicyRule: Sendable, Equatable {
  public var id: String
  /// One-line requirement, e.g. "Log groups are encrypted with a customer-managed KMS key".
  public var title: String
  public var severity: PolicySeverity
  /// Why it matters (shown with every finding and as the SARIF fullDescription).
  public var rationale: String
  /// Checkov and Trivy ids that test the same thing (CKV_AWS_158, AVD-AWS-0017, ...).
  public var scannerIDs: [String]
  /// Where the requirement comes from.
  public var helpURI: String

  public init(_ id: String, _ title: String, _ severity: PolicySeverity, why rationale: String, scanners: [String] = [], help: String) {
    self.id = id
    self.title = title
    self.severity = severity
    self.rationale = rationale
    self.scannerIDs = scanners
    self.helpURI = help
  }
}

/// The rule set `vigil check` applies: the payment platform's constraints and the scanner rules that apply
/// to the resources Vigil writes. Ids never change meaning.
public enum PolicyRules {
  static let platform = "https://docs.aws.amazon.com/wellarchitected/latest/framework/sec-design.html"

  public static let logKey = PolicyRule(
    "VIGIL-LOG-001", "Log groups are encrypted with a customer-managed KMS key", .error,
    why: "CloudWatch Logs encrypts with an AWS-owned key by default; the platform requires a customer-managed key so access to "
      + "payment logs can be audited and revoked in the key policy.",
    scanners: ["CKV_AWS_158", "AVD-AWS-0017"], help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html")
  public static let logRetention = PolicyRule(
    "VIGIL-LOG-002", "Log groups keep logs exactly 30 days", .error,
    why: "The platform keeps 30 days searchable in CloudWatch and everything older in the S3 Glacier archive; longer retention "
      + "costs more and shorter loses the incident window.",
    scanners: ["CKV_AWS_66"],
    help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention")
  public static let logArchive = PolicyRule(
    "VIGIL-LOG-003", "Service log groups are archived to S3 with a transition to Glacier", .error,
    why: "After 30 days logs are gone from CloudWatch; the archive (subscription filter → Firehose → S3 → Glacier) "
      + "keeps them for audits.",
    help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#FirehoseExample")
  public static let stackKey = PolicyRule(
    "VIGIL-KMS-001", "The stack defines a customer-managed KMS key", .error,
    why: "Without a key, queues fall back to SQS-managed encryption, the archive bucket to SSE-S3 and log groups to the "
      + "AWS-owned key, none of which a key policy of the platform controls.",
    scanners: ["CKV_AWS_27", "CKV2_AWS_73", "AVD-AWS-0096", "AVD-AWS-0135"],
    help: "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-cmk")
  public static let keyRotation = PolicyRule(
    "VIGIL-KMS-002", "KMS keys rotate automatically", .error,
    why: "Automatic rotation limits how much data one key version protects; auditors check it on every customer-managed key.",
    scanners: ["CKV_AWS_7", "AVD-AWS-0065"], help: "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html")
  public static let keyDeletionWindow = PolicyRule(
    "VIGIL-KMS-003", "KMS keys have a 7-day deletion window", .warning,
    why: "Per-branch stacks must be destroyable; a 7-day window (the minimum) frees the key soon after `terraform destroy`.",
    help: "https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html")
  public static let keyPolicy = PolicyRule(
    "VIGIL-KMS-004", "Key policies grant only the account and the services that need the key, with conditions", .error,
    why: "A key policy is the only control over who can decrypt payment logs and alarm messages; a wildcard or unconditioned "
      + "service principal lets resources of any account use the key.",
    scanners: ["CKV_AWS_33"], help: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-services.html")
  public static let topicKey = PolicyRule(
    "VIGIL-SNS-001", "Topics and their queues are encrypted with a customer-managed KMS key", .error,
    why: "Alarm notifications name payment services and their symptoms; SNS and SQS store them unencrypted, or under an "
      + "AWS-managed key nobody can restrict, unless a customer-managed key is set.",
    scanners: ["CKV_AWS_26", "CKV_AWS_27", "CKV2_AWS_73", "AVD-AWS-0095", "AVD-AWS-0136", "AVD-AWS-0096", "AVD-AWS-0135"],
    help: "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html")
  public static let topicDeadLetters = PolicyRule(
    "VIGIL-SNS-002", "Every topic's subscriptions have an SQS dead-letter queue", .error,
    why: "A notification that cannot be delivered (webhook down, mailbox full) is dropped after SNS's retries unless a "
      + "dead-letter queue keeps it; on-call would never learn the page was lost.",
    help: "https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html")
  public static let maxReceiveCount = PolicyRule(
    "VIGIL-SNS-003", "Dead-letter redrive uses maxReceiveCount 3", .error,
    why: "The platform moves a notification to the dead-letter queue after 3 failed receives: fewer loses messages to a brief "
      + "outage, more delays the sign that delivery is failing.",
    help: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html")
  public static let topicPolicy = PolicyRule(
    "VIGIL-SNS-004", "Topic policies let only CloudWatch alarms and EventBridge of the same account publish", .error,
    why: "A topic anyone can publish to can page on-call with forged alarms.",
    scanners: ["CKV_AWS_169", "CKV_AWS_385"], help: "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html")
  public static let webhookHTTPS = PolicyRule(
    "VIGIL-SNS-005", "Webhook endpoints use HTTPS", .error,
    why: "An HTTP webhook sends alarm contents and its token in clear text.",
    help: "https://docs.aws.amazon.com/sns/latest/dg/sns-http-https-endpoint-as-subscriber.html")
  public static let literalSecret = PolicyRule(
    "VIGIL-SEC-001", "Secrets are not written in the session or the export", .error,
    why: "A webhook URL with a token, a SecureString value or a sensitive variable's default is a credential: anyone who reads "
      + "the session file, the journal, the Terraform JSON or the state can use it. Take it from a sensitive variable without a "
      + "default (var:NAME, set by the deployer) or an SSM SecureString (ssm:/path).",
    help: "https://developer.hashicorp.com/terraform/language/manage-sensitive-data")
  public static let sensitiveVariable = PolicyRule(
    "VIGIL-SEC-002", "Variables that carry subscription endpoints or SecureString values are marked sensitive", .warning,
    why: "Terraform prints non-sensitive variables in plans and CI logs; a webhook URL, on-call address or secret there leaks.",
    help: "https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output")
  public static let samplingRule = PolicyRule(
    "VIGIL-TRC-001", "An X-Ray sampling rule is defined", .error,
    why: "Without the stack's sampling rule X-Ray uses its default (1 request per second plus 5%), so trace volume and cost "
      + "differ between environments.",
    help: "https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html")
  public static let samplingRate = PolicyRule(
    "VIGIL-TRC-002", "X-Ray samples at a fixed rate of 0.1", .error,
    why: "The platform traces 10% of requests: enough to see the slow paths of an incident, affordable at payment volume.",
    help: "https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html")
  public static let serviceTracing = PolicyRule(
    "VIGIL-TRC-003", "Every function and service is traced with X-Ray", .error,
    why: "An untraced hop breaks the service map exactly where a latency spike needs explaining.",
    scanners: ["CKV_AWS_50", "AVD-AWS-0066"], help: "https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html")
  public static let lambdaInsights = PolicyRule(
    "VIGIL-INS-001", "Every Lambda function runs the Lambda Insights extension", .error,
    why: "Lambda Insights gives the per-invocation memory, CPU and cold-start metrics the payment functions are tuned by.",
    help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights.html")
  public static let containerInsights = PolicyRule(
    "VIGIL-INS-002", "Every ECS cluster has Container Insights enabled", .error,
    why: "Container Insights publishes the task-level CPU and memory the ECS alarms and dashboards read.",
    scanners: ["CKV_AWS_65", "AVD-AWS-0034"], help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContainerInsights.html")
  public static let alarmInComposite = PolicyRule(
    "VIGIL-ALM-001", "Every metric alarm takes part in a composite alarm", .error,
    why: "Metric alarms never notify on this platform; an alarm outside every composite can go to ALARM without anyone being told.",
    help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html")
  public static let onlyCompositesNotify = PolicyRule(
    "VIGIL-ALM-002", "Only composite alarms notify", .error,
    why: "Notifying from metric alarms pages on every symptom; composites page once per incident and can be suppressed during deploys.",
    help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html")
  public static let alarmActionsEnabled = PolicyRule(
    "VIGIL-ALM-003", "Alarm actions are enabled", .error,
    why: "An alarm with actions disabled changes state silently.",
    scanners: ["CKV_AWS_319"], help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html")
  public static let dashboardAlarms = PolicyRule(
    "VIGIL-DSH-001", "Every service boundary's dashboard shows at least one alarm", .warning,
    why: "Each service has its own dashboard; an empty alarm widget there means no alarm watches that service at all.",
    help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Dashboards.html")
  /// Flags the names Vigil generates and the dimension values the session types. A name given with `--physical-name`
  /// and a dimension naming a `reference` are a deliberate adoption of an existing AWS name (renaming would replace
  /// the resource), so they are not flagged (`ExportInspector.checkNames`, `StackRules.checkDimensions`).
  public static let nameSuffix = PolicyRule(
    "VIGIL-NAM-001", "Every physical name carries the environment suffix", .error,
    why: "Per-branch stacks deploy side by side; a name without the suffix collides with another environment, and a hard-coded "
      + "name in an alarm dimension makes the alarm watch the resource of another environment.",
    help: "https://docs.aws.amazon.com/prescriptive-guidance/latest/tagging-best-practices/naming.html")
  public static let nameLength = PolicyRule(
    "VIGIL-NAM-002", "Physical names fit AWS's length limits", .error,
    why: "AWS rejects a name over its limit at apply time, halfway through creating the stack.",
    help: "https://docs.aws.amazon.com/xray/latest/api/API_CreateGroup.html")
  public static let destroyable = PolicyRule(
    "VIGIL-DST-001", "Everything is destroyable", .error,
    why:
      "Per-branch stacks are created and destroyed by CI; prevent_destroy or a bucket that keeps its objects blocks `terraform destroy`.",
    help: "https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy")
  public static let wildcardActions = PolicyRule(
    "VIGIL-IAM-001", "Policies name their actions (no wildcards)", .error,
    why: "A wildcard action grants every current and future action that matches, including ones that delete or expose data.",
    scanners: ["CKV_AWS_290", "CKV_AWS_355", "CKV_AWS_72", "AVD-AWS-0097"],
    help: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege")
  public static let wildcardResources = PolicyRule(
    "VIGIL-IAM-002", "Resource \"*\" only for actions without resource-level permissions", .error,
    why: "An action that can be scoped to an ARN but is granted on \"*\" reaches every such resource in the account.",
    scanners: ["CKV_AWS_355", "CKV_AWS_290"],
    help: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html")
  public static let metricPublished = PolicyRule(
    "VIGIL-MET-001", "Every metric an alarm or widget reads has a publisher", .error,
    why: "CloudWatch accepts an alarm on a metric nobody publishes; it never has data, so with missing data treated as "
      + "notBreaching it stays OK through every incident. Publish it (a metric filter), read what is published, or declare "
      + "a publisher outside the stack with `metric NS/NAME --published-by WHO`.",
    help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Metric")
  public static let metricDimensionSet = PolicyRule(
    "VIGIL-MET-002", "An alarm or widget reads a metric with the dimension set its publisher uses", .error,
    why: "CloudWatch identifies a metric by namespace, name and the whole set of dimensions: one dimension more or less than "
      + "the publisher names another metric, one without data.",
    help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension")
  public static let metricDimensionValue = PolicyRule(
    "VIGIL-MET-003", "Dimension values name a resource of the stack or a declared publisher", .error,
    why: "A dimension value that is not the physical name of a resource (as exported) selects a metric nobody publishes; "
      + "the alarm has no data.",
    help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension")
  public static let metricFilterFields = PolicyRule(
    "VIGIL-MFL-001", "A metric filter's value and dimensions are fields its pattern provides", .error,
    why: "CloudWatch refuses a metric transformation whose value or dimension is not a field of the pattern: $.field for a "
      + "JSON pattern, a named field for a space-delimited one. The shell refuses the command as PutMetricFilter would.",
    help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntaxForMetricFilters.html")
  public static let metricFilterValueInData = PolicyRule(
    "VIGIL-MFL-002", "Loaded events that match a metric filter carry its value field", .warning,
    why: "A match without a numeric value field publishes nothing: the metric stays empty although the pattern matches.",
    help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html")
  public static let topicSubscribed = PolicyRule(
    "VIGIL-SNS-006", "A topic a composite alarm notifies has a subscription", .error,
    why: "SNS accepts the alarm's message and delivers it to nobody: the page is lost without an error anywhere.",
    help: "https://docs.aws.amazon.com/sns/latest/dg/sns-create-subscribe-endpoint-to-topic.html")
  public static let alarmDuringIncident = PolicyRule(
    "VIGIL-ALM-004", "An alarm reaches ALARM during a marked incident", .warning,
    why: "An alarm that stays OK through a known incident on its own data would not have paged anyone; its threshold, "
      + "statistic or datapoints need tuning (`tune`).",
    help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation")
  public static let lambdaLogFormat = PolicyRule(
    "VIGIL-LMB-001", "Filter patterns on a Lambda function's logs are written for its log format", .error,
    why: "A function whose log format is JSON writes platform.report records and JSON console lines instead of REPORT lines "
      + "and tab-separated text: a space-delimited or text pattern written for the text format matches nothing there (and a "
      + "JSON pattern matches nothing on a text-format function), so its metric stays empty and its alarms never fire.",
    help: "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html")
  public static let dashboardQuery = PolicyRule(
    "VIGIL-DSH-002", "Dashboard Logs Insights queries parse", .error,
    why: "CloudWatch draws an error instead of a log widget whose query does not parse: the panel is empty when it is needed.",
    help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html")
  /// The runtimes and their dates are ``LambdaRuntimes``'s (the Lambda runtimes page); the session refuses them in
  /// `service --runtime`, so the rule reports what an import brings in (a template's function on such a runtime).
  public static let deprecatedRuntime = PolicyRule(
    "VIGIL-LMB-002", "Lambda functions run a runtime AWS has not deprecated", .warning,
    why: "AWS stops patching a deprecated runtime, then blocks creating functions with it and later updating them: the next "
      + "deployment of the function fails until its runtime is changed.",
    help: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html")

  /// Every rule, in id order.
  public static let all: [PolicyRule] = [
    logKey, logRetention, logArchive, stackKey, keyRotation, keyDeletionWindow, keyPolicy, topicKey, topicDeadLetters,
    maxReceiveCount, topicPolicy, webhookHTTPS, literalSecret, sensitiveVariable, samplingRule, samplingRate, serviceTracing,
    lambdaInsights, containerInsights, alarmInComposite, onlyCompositesNotify, alarmActionsEnabled, dashboardAlarms, nameSuffix,
    nameLength, destroyable, wildcardActions, wildcardResources,
    metricPublished, metricDimensionSet, metricDimensionValue, metricFilterFields, metricFilterValueInData, topicSubscribed,
    alarmDuringIncident,
    lambdaLogFormat, dashboardQuery, deprecatedRuntime,
  ].sorted { $0.id < $1.id }

  public static func rule(_ id: String) -> PolicyRule? { all.first { $0.id == id } }
}
