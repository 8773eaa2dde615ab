import VigilCore

/// Checks for the languages embedded in commands (filter patterns, composite rules, Insights queries).
/// The model does not know those engines; the CLI plugs them in. Each returns a diagnostic whose
/// column is relative to the embedded text (column 1 = its first character), or nil when valid.
public struct EmbeddedLanguageValidators: Sendable {
  public var filterPattern: @Sendable (String) -> Diagnostic?
  public var alarmRule: @Sendable (String) -> Diagnostic?
  public var insightsQuery: @Sendable (String) -> Diagnostic?
  public var metricMath: @Sendable (String) -> Diagnostic?

  public init(
    filterPattern: @escaping @Sendable (String) -> Diagnostic? = { _ in nil },
    alarmRule: @escaping @Sendable (String) -> Diagnostic? = { _ in nil },
    insightsQuery: @escaping @Sendable (String) -> Diagnostic? = { _ in nil },
    metricMath: @escaping @Sendable (String) -> Diagnostic? = { _ in nil }
  ) {
    self.filterPattern = filterPattern
    self.alarmRule = alarmRule
    self.insightsQuery = insightsQuery
    self.metricMath = metricMath
  }
}

/// The commands that define the stack, and how each changes it.
public enum StackCommands {
  static let retentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]
  static let comparisons = [
    ">": "GreaterThanThreshold", ">=": "GreaterThanOrEqualToThreshold", "<": "LessThanThreshold",
    "<=": "LessThanOrEqualToThreshold",
  ]
  static let bandComparisons = [
    "outside": "LessThanLowerOrGreaterThanUpperThreshold", "above": "GreaterThanUpperThreshold",
    "below": "LessThanLowerThreshold",
  ]
  static let units = [
    "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits",
    "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
    "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
    "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
  ]

  public static let specs: [CommandSpec] = [
    CommandSpec(
      "stack", summary: "Name the stack and its environment (must come first).",
      positionals: [PositionalSpec("name", help: "stack name, e.g. payments")],
      options: [
        OptionSpec("suffix", value: "SUFFIX", help: "environment suffix every physical name carries (dev, qa1, pr-42)"),
        OptionSpec("region", value: "REGION", help: "AWS region (default us-east-1)"),
      ], example: "stack payments --suffix dev --region us-east-1"),
    CommandSpec(
      "network", summary: "Use an existing VPC (Terraform variables) or create one.",
      positionals: [PositionalSpec("mode", .choice(["existing", "create"]), help: "existing or create")],
      options: [
        OptionSpec("cidr", value: "CIDR", help: "VPC CIDR block when creating (default 10.40.0.0/16)"),
        OptionSpec("zones", value: "N", .number, help: "availability zones when creating (default 2)"),
      ], example: "network existing"),
    CommandSpec(
      "key", summary: "A customer-managed KMS key with alias, rotation on, 7-day deletion window.",
      positionals: [PositionalSpec("name", help: "key name, e.g. logs")],
      options: [
        OptionSpec("rotation", value: "on|off", .choice(["on", "off"]), help: "automatic yearly rotation (default on)"),
        OptionSpec("deletion-window", value: "DAYS", .number, help: "7 to 30 days (default 7)"),
      ], example: "key logs --rotation on"),
    CommandSpec(
      "cluster", summary: "An ECS cluster (Container Insights enabled by default).",
      positionals: [PositionalSpec("name", help: "cluster name")],
      options: [
        OptionSpec(
          "container-insights", value: "MODE", .choice(["enabled", "enhanced", "disabled"]),
          help: "enabled (default), enhanced or disabled")
      ], example: "cluster payments --container-insights enhanced"),
    CommandSpec(
      "service", summary: "A Lambda function or an ECS service.",
      positionals: [PositionalSpec("name", help: "service name, e.g. payment-api")],
      options: [
        .flag("lambda", help: "a Lambda function"),
        .flag("ecs", help: "an ECS (Fargate) service"),
        OptionSpec("runtime", value: "RUNTIME", help: "Lambda runtime, nodejs20.x or newer (default nodejs20.x)"),
        OptionSpec("memory", value: "MB", .number, help: "memory in MB (Lambda default 512, ECS default 1024)"),
        OptionSpec("timeout", value: "SECONDS", .number, help: "Lambda timeout (default 10)"),
        OptionSpec("handler", value: "HANDLER", help: "Lambda handler (default index.handler)"),
        OptionSpec("cluster", value: "CLUSTER", .resource(.cluster), help: "ECS cluster (created if new)"),
        OptionSpec("cpu", value: "UNITS", .number, help: "ECS task CPU units (default 512)"),
        OptionSpec("image", value: "IMAGE", help: "container image (default a variable per service)"),
        OptionSpec("port", value: "PORT", .number, help: "container port (default 8080)"),
        OptionSpec("desired", value: "N", .number, help: "desired ECS task count (default 2)"),
        OptionSpec("insights", value: "on|off", .choice(["on", "off"]), help: "Lambda Insights extension (default on)"),
        OptionSpec("tracing", value: "on|off", .choice(["on", "off"]), help: "X-Ray tracing (default on)"),
      ], example: "service payment-authorizer --lambda --runtime nodejs20.x"),
    CommandSpec(
      "logs", summary: "Configure a service's log group: KMS key, retention, archive to S3 Glacier.",
      positionals: [PositionalSpec("service", .resource(.service), help: "the service whose log group this is")],
      options: [
        OptionSpec("retention", value: "DAYS", .number, help: "retention in days (a CloudWatch-allowed value; platform rule 30)"),
        OptionSpec("key", value: "KEY", .resource(.key), help: "KMS key for the log group"),
        OptionSpec("archive", value: "glacier|none", .choice(["glacier", "none"]), help: "archive everything to S3, then Glacier"),
        OptionSpec("archive-after", value: "DAYS", .number, help: "days before archived objects move to Glacier (default 30)"),
      ], example: "logs payment-api --retention 30 --key logs --archive glacier"),
    CommandSpec(
      "metric-filter", summary: "A metric filter on a service's log group with one metric transformation.",
      positionals: [
        PositionalSpec("name", help: "filter name"),
        PositionalSpec("service", .resource(.service), help: "the service whose logs it reads"),
      ], keywords: [1: "on"],
      options: [
        OptionSpec("pattern", value: "PATTERN", help: "CloudWatch filter pattern"),
        OptionSpec("metric", value: "NAME", help: "metric name"),
        OptionSpec("namespace", value: "NAMESPACE", help: "metric namespace (default Payments)"),
        OptionSpec("value", value: "VALUE", help: "metric value: 1, a number, $.field or $name (default 1)"),
        OptionSpec("default", value: "NUMBER", .number, help: "value published for periods with logs but no match"),
        OptionSpec("dimension", value: "NAME=$.field", help: "a dimension from a field (up to 3)", repeatable: true),
        OptionSpec("unit", value: "UNIT", .choice(units), help: "metric unit (default None)"),
      ],
      example: "metric-filter errors on payment-api --pattern '{ $.level = \"ERROR\" }' --metric ErrorCount --value 1 --default 0"),
    CommandSpec(
      "alarm", summary: "A metric alarm (single metric, metric math or anomaly band); notifies only through composites.",
      positionals: [PositionalSpec("name", help: "alarm name")],
      options: [
        OptionSpec("metric", value: "NS/NAME", help: "the metric, e.g. Payments/LatencyMs"),
        OptionSpec("dimension", value: "NAME=VALUE", help: "a metric dimension", repeatable: true),
        OptionSpec("stat", value: "STAT", help: "statistic: Average (default), Sum, p99, tm90, ..."),
        OptionSpec("math", value: "EXPR", help: "metric-math expression over --using metrics, e.g. 100*errors/requests"),
        OptionSpec("using", value: "ID=NS/NAME:STAT", help: "a metric for --math", repeatable: true),
        OptionSpec("anomaly-band", value: "WIDTH", .number, help: "alarm on ANOMALY_DETECTION_BAND(metric, WIDTH)"),
        OptionSpec("period", value: "DURATION", .duration, help: "10s, 20s, 30s or a multiple of 1m (default 1m)"),
        OptionSpec("when", value: "CONDITION", help: "'> 800', '>= 80', '< 1', or outside|above|below for bands"),
        OptionSpec("threshold", value: "NUMBER", .number, help: "threshold, with --comparison (alternative to --when)"),
        OptionSpec(
          "comparison", value: "OPERATOR", .choice(Array(comparisons.values).sorted()),
          help: "CloudWatch ComparisonOperator for --threshold (default GreaterThanThreshold)"),
        OptionSpec("datapoints", value: "M/N", help: "M out of N datapoints breaching (default 1/1)"),
        OptionSpec(
          "missing", value: "MODE", .choice(["missing", "notBreaching", "breaching", "ignore"]),
          help: "treat missing data (default missing)"),
        OptionSpec("service", value: "SERVICE", .resource(.service), help: "the service boundary (inferred from the metric when possible)"),
        OptionSpec("description", value: "TEXT", help: "alarm description"),
      ],
      example: "alarm api-p99 --metric Payments/LatencyMs --stat p99 --period 1m --when '> 800' --datapoints 3/5 --missing notBreaching"),
    CommandSpec(
      "composite", summary: "A composite alarm: a rule over alarms, the actions, an actions suppressor.",
      positionals: [PositionalSpec("name", help: "composite alarm name")],
      options: [
        OptionSpec("rule", value: "RULE", help: "AlarmRule, e.g. 'ALARM(api-p99) AND ALARM(api-errors)'"),
        OptionSpec("notify", value: "TOPIC", .resource(.topic), help: "SNS topic to notify in ALARM", repeatable: true),
        OptionSpec("suppressor", value: "ALARM", help: "alarm whose ALARM state suppresses actions"),
        OptionSpec("suppress-wait", value: "DURATION", .duration, help: "ActionsSuppressorWaitPeriod (default 1m)"),
        OptionSpec("suppress-extension", value: "DURATION", .duration, help: "ActionsSuppressorExtensionPeriod (default 1m)"),
      ], example: "composite api-degraded --rule 'ALARM(api-p99) AND ALARM(api-errors)' --notify oncall"),
    CommandSpec(
      "topic", summary: "An SNS topic (KMS) with e-mail and HTTPS webhook subscriptions and their dead-letter queues.",
      positionals: [PositionalSpec("name", help: "topic name")],
      options: [
        OptionSpec("email", value: "ADDRESS|var:NAME|ssm:PATH", help: "e-mail subscription", repeatable: true),
        OptionSpec("webhook", value: "URL|var:NAME|ssm:PATH", help: "HTTPS webhook subscription", repeatable: true),
        .flag("dlq", help: "give every subscription an SQS dead-letter queue"),
        OptionSpec("max-receive", value: "N", .number, help: "maxReceiveCount of the DLQ redrive (default 3)"),
        OptionSpec("key", value: "KEY", .resource(.key), help: "KMS key for the topic and queues (default: the first key)"),
      ], example: "topic oncall --email oncall@example.com --webhook https://hooks.example.com/alarms --dlq --max-receive 3"),
    CommandSpec(
      "tracing", summary: "X-Ray sampling rule (fixed rate) and one X-Ray group per service.",
      options: [
        OptionSpec("sampling", value: "RATE", .number, help: "fixed rate between 0 and 1 (platform rule 0.1)"),
        OptionSpec("reservoir", value: "N", .number, help: "reservoir size per second (default 1)"),
      ], example: "tracing --sampling 0.1"),
    CommandSpec(
      "flow-logs", summary: "VPC flow logs to a KMS-encrypted log group.",
      options: [
        OptionSpec("key", value: "KEY", .resource(.key), help: "KMS key for the flow-log group"),
        OptionSpec("retention", value: "DAYS", .number, help: "retention in days (default 30)"),
        OptionSpec("traffic", value: "TYPE", .choice(["ALL", "ACCEPT", "REJECT"]), help: "traffic type (default ALL)"),
      ], example: "flow-logs --key logs --retention 30"),
    CommandSpec(
      "remediation", summary: "An EventBridge rule on an alarm state change that invokes a Lambda function.",
      positionals: [PositionalSpec("name", help: "rule name")],
      options: [
        OptionSpec("on", value: "ALARM", help: "metric or composite alarm to watch"),
        OptionSpec("state", value: "STATE", .choice(["ALARM", "OK", "INSUFFICIENT_DATA"]), help: "state that triggers it (default ALARM)"),
        OptionSpec("function", value: "FUNCTION", .resource(.service), help: "Lambda function to invoke"),
      ], example: "remediation restart-api --on api-degraded --function notifier"),
    CommandSpec(
      "canary", summary: "A CloudWatch Synthetics canary for an HTTPS endpoint.",
      positionals: [PositionalSpec("name", help: "canary name (at most 21 characters with the suffix)")],
      options: [
        OptionSpec("url", value: "URL", help: "HTTPS endpoint to check"),
        OptionSpec("every", value: "DURATION", .duration, help: "schedule (default 5m)"),
      ], example: "canary checkout --url https://api.example.com/health --every 5m"),
    CommandSpec(
      "parameter", summary: "An SSM parameter for shared configuration.",
      positionals: [PositionalSpec("name", help: "parameter name, e.g. xray/sampling-rate")],
      options: [
        OptionSpec("value", value: "VALUE", help: "the value"),
        .flag("secure", help: "store as SecureString with the stack's KMS key"),
        OptionSpec("description", value: "TEXT", help: "description"),
      ], example: "parameter xray/sampling-rate --value 0.1"),
    CommandSpec(
      "query-definition", summary: "A Logs Insights saved query over services' log groups.",
      positionals: [PositionalSpec("name", help: "query name")],
      options: [
        OptionSpec("query", value: "QUERY", help: "Logs Insights query"),
        OptionSpec("logs", value: "SERVICE,...", .resource(.service), help: "services whose log groups it queries", repeatable: true),
      ], example: "query-definition top-errors --query 'filter level = \"ERROR\" | stats count(*) by service' --logs payment-api"),
    CommandSpec(
      "variable", summary: "A Terraform input variable (e.g. a sensitive webhook URL).",
      positionals: [PositionalSpec("name", help: "variable name (letters, digits, _)")],
      options: [
        .flag("sensitive", help: "mark sensitive: Terraform never prints it"),
        OptionSpec("description", value: "TEXT", help: "description"),
        OptionSpec("default", value: "VALUE", help: "default value"),
      ], example: "variable oncall_webhook_url --sensitive"),
    CommandSpec(
      "dashboard", summary: "Add a widget to a service dashboard or the overview.",
      positionals: [
        PositionalSpec("dashboard", .resource(.dashboard), help: "a service name or 'overview'"),
        PositionalSpec("action", .choice(["add"]), help: "add"),
      ],
      options: [
        OptionSpec("title", value: "TITLE", help: "widget title"),
        OptionSpec("metric", value: "NS/NAME", help: "a metric graph"),
        OptionSpec("dimension", value: "NAME=VALUE", help: "metric dimension", repeatable: true),
        OptionSpec("stat", value: "STAT", help: "statistic (default Average)"),
        OptionSpec("alarm", value: "ALARM", help: "an alarm status widget"),
        OptionSpec("text", value: "MARKDOWN", help: "a text widget"),
        OptionSpec("logs", value: "QUERY", help: "a Logs Insights widget over the service's log group"),
        OptionSpec("width", value: "COLUMNS", .number, help: "1 to 24 (default 12)"),
        OptionSpec("height", value: "ROWS", .number, help: "1 to 1000 (default 6)"),
      ], example: "dashboard payment-api add --metric Payments/LatencyMs --stat p99 --title 'p99 latency'"),
  ]
}
