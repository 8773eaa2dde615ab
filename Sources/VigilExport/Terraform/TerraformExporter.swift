import VigilCore
import VigilModel

/// The files an export writes, relative to the output directory, in a stable order.
public struct ExportedFiles: Sendable {
  public var files: [(path: String, bytes: [UInt8])]
}

/// Options of `vigil export`.
public struct ExportOptions: Sendable {
  /// Overrides the environment suffix (per-branch deployments).
  public var suffix: String?
  /// Plain Terraform/OpenTofu: `main.tf.json` without CDKTF metadata.
  public var plain: Bool
  public init(suffix: String? = nil, plain: Bool = false) {
    self.suffix = suffix
    self.plain = plain
  }
}

public enum ExportError: Error, Equatable, CustomStringConvertible {
  case noStack
  case invalidSuffix(String)
  public var description: String {
    switch self {
    case .noStack: return "the session defines no stack: start it with 'stack NAME --suffix SUFFIX'"
    case .invalidSuffix(let s): return "--suffix '\(s)' must be 1 to 12 lowercase letters, digits or '-', starting with a letter"
    }
  }
}

/// Writes the stack as Terraform JSON in the layout `cdktf synth` produces
/// (`stacks/<stack>/cdk.tf.json`), or plain `main.tf.json`, plus dashboard bodies and bundled code.
public struct TerraformExporter {
  let stack: Stack
  let env: Environment
  let options: ExportOptions
  var doc = TerraformDocument()
  var bundles: [(String, [UInt8])] = []

  static let account = "${data.aws_caller_identity.current.account_id}"
  static let insightsLayerVariable = "lambda_insights_layer_arn"

  public static func export(_ stack: Stack, options: ExportOptions = ExportOptions()) throws -> ExportedFiles {
    guard var env = stack.environment else { throw ExportError.noStack }
    if let suffix = options.suffix {
      let ok =
        suffix.count <= 12 && suffix.first.map { $0.isLowercase && $0.isLetter } == true
        && suffix.allSatisfy { ($0.isLowercase && $0.isLetter) || $0.isNumber || $0 == "-" }
      guard ok else { throw ExportError.invalidSuffix(suffix) }
      env.suffix = suffix
    }
    var exporter = TerraformExporter(stack: stack, env: env, options: options)
    exporter.build()
    let tags = ["Stack": env.stackName, "Environment": env.suffix, "ManagedBy": "vigil"]
    let document = exporter.doc.render(stackName: env.stackName, region: env.region, cdktf: !options.plain, tags: tags)
    let directory = options.plain ? "" : "stacks/\(env.stackName)/"
    var files: [(String, [UInt8])] = []
    files.append((directory + (options.plain ? "main.tf.json" : "cdk.tf.json"), Array((document.serialized() + "\n").utf8)))
    for (path, bytes) in exporter.bundles { files.append((directory + path, bytes)) }
    // Checkov reads .checkov.yaml from the directory given with -d: next to the Terraform file, and at the
    // root of a CDKTF-layout export so `checkov -d OUT` finds it too.
    let checkovConfig = Array(CheckovSkips.yaml(for: stack).utf8)
    files.append((directory + ".checkov.yaml", checkovConfig))
    if !options.plain { files.append((".checkov.yaml", checkovConfig)) }
    for dashboard in DashboardBuilder(stack: stack, env: env).dashboards() {
      files.append(("dashboards/\(dashboard.name).json", Array((dashboard.body(accountID: "${AWS_ACCOUNT_ID}").serialized() + "\n").utf8)))
    }
    if !options.plain {
      let manifest: JSONValue = [
        "version": .string("vigil-\(VigilVersion.string)"),
        "stacks": .object([
          env.stackName: [
            "name": .string(env.stackName), "constructPath": .string(env.stackName),
            "workingDirectory": .string("stacks/\(env.stackName)"),
            "synthesizedStackPath": .string("stacks/\(env.stackName)/cdk.tf.json"), "annotations": [], "dependencies": [],
          ]
        ]),
      ]
      files.append(("manifest.json", Array((manifest.serialized() + "\n").utf8)))
    }
    return ExportedFiles(files: files.sorted { $0.0 < $1.0 })
  }

  func name(_ base: String, _ type: String? = nil) -> String { env.physicalName(base, type: type) }

  mutating func build() {
    doc.dataSource("aws_caller_identity", "current", [:])
    buildKeys()
    buildNetwork()
    buildArchive()
    buildLogGroups()
    buildTopics()
    buildServices()
    buildMetricFilters()
    buildAlarms()
    buildTracing()
    buildFlowLogs()
    buildRemediations()
    buildCanaries()
    buildParameters()
    buildQueryDefinitions()
    buildDashboards()
    for variable in stack.variables {
      doc.variable(
        variable.name, type: "string", description: variable.description.isEmpty ? "Set by the deployer." : variable.description,
        sensitive: variable.sensitive, default: variable.defaultValue.map { .string($0) })
    }
  }

  // MARK: KMS

  func keyID(_ key: String?) -> String? { key.map { logicalID("key", $0) } }
  func keyARN(_ key: String?) -> String? { keyID(key).map { "${aws_kms_key.\($0).arn}" } }
  /// The stack's default key (the first defined) for resources without their own.
  var defaultKey: String? { stack.keys.first?.name }

  /// Everything the account needs to administer and use a key, named one by one (no wildcard actions).
  /// `kms:PutKeyPolicy` is included so the account can always repair the policy.
  static let accountKeyActions = [
    "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:CreateGrant", "kms:Decrypt", "kms:DeleteAlias", "kms:DescribeKey",
    "kms:DisableKey", "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:Encrypt", "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListGrants", "kms:ListKeyPolicies",
    "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:RetireGrant",
    "kms:RevokeGrant", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource",
    "kms:UpdateAlias", "kms:UpdateKeyDescription",
  ]

  /// The key policy: the account (through IAM), CloudWatch Logs for this stack's log groups, SNS for this
  /// stack's encrypted queues, and CloudWatch alarms / EventBridge for this stack's encrypted topics — each service
  /// limited to this account and, through the encryption context, to resources named with this stack's suffix.
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
  /// https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
  func keyPolicy() -> JSONValue {
    let account = Self.account
    let region = env.region
    let sourceAccount: JSONValue = ["aws:SourceAccount": .string(account)]
    return PolicyDocument.render([
      PolicyDocument.statement(
        sid: "AccountAdministration", principal: ["AWS": .string("arn:aws:iam::\(account):root")], actions: Self.accountKeyActions,
        resources: ["*"]),
      PolicyDocument.statement(
        sid: "CloudWatchLogs", principal: ["Service": .string("logs.\(region).amazonaws.com")],
        actions: [
          "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext",
          "kms:ReEncryptFrom",
          "kms:ReEncryptTo",
        ], resources: ["*"],
        condition: [
          "ArnLike": ["kms:EncryptionContext:aws:logs:arn": .string("arn:aws:logs:\(region):\(account):log-group:*-\(env.suffix)")]
        ]),
      PolicyDocument.statement(
        sid: "SNSToEncryptedQueues", principal: ["Service": "sns.amazonaws.com"], actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
        condition: [
          "StringEquals": sourceAccount,
          "ArnLike": ["kms:EncryptionContext:aws:sqs:arn": .string("arn:aws:sqs:\(region):\(account):*-\(env.suffix)")],
        ]),
      PolicyDocument.statement(
        sid: "AlarmsAndEventsToEncryptedTopics", principal: ["Service": ["cloudwatch.amazonaws.com", "events.amazonaws.com"]],
        actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: ["*"],
        condition: [
          "StringEquals": sourceAccount,
          "ArnLike": ["kms:EncryptionContext:aws:sns:topicArn": .string("arn:aws:sns:\(region):\(account):*-topic-\(env.suffix)")],
        ]),
    ])
  }

  mutating func buildKeys() {
    for key in stack.keys {
      let id = logicalID("key", key.name)
      doc.resource(
        "aws_kms_key", id,
        [
          "description": .string("\(key.name) key for the \(env.stackName) observability stack (\(env.suffix))"),
          "enable_key_rotation": .bool(key.rotation), "deletion_window_in_days": .int(key.deletionWindowDays),
          "is_enabled": true, "policy": keyPolicy(),
        ])
      doc.resource(
        "aws_kms_alias", logicalID("key", key.name, "alias"),
        ["name": .string("alias/\(name(key.name, "key"))"), "target_key_id": .string("${aws_kms_key.\(id).key_id}")])
    }
  }

  // MARK: Network

  var vpcID: String? {
    switch stack.network {
    case .none: return nil
    case .existing: return "${var.vpc_id}"
    case .create: return "${aws_vpc.vpc.id}"
    }
  }
  var subnetIDs: JSONValue? {
    switch stack.network {
    case .none: return nil
    case .existing: return "${var.private_subnet_ids}"
    case .create(_, let zones): return .array((0..<zones).map { .string("${aws_subnet.private_\($0).id}") })
    }
  }
  var vpcCIDR: String {
    switch stack.network {
    case .create(let cidr, _): return cidr
    default: return "${var.vpc_cidr}"
    }
  }

  mutating func buildNetwork() {
    switch stack.network {
    case .none: return
    case .existing:
      doc.variable("vpc_id", type: "string", description: "The existing VPC the services run in.")
      doc.variable("private_subnet_ids", type: "list(string)", description: "Private subnets for ECS tasks and Lambda functions.")
      doc.variable("vpc_cidr", type: "string", description: "The VPC's CIDR block, allowed to reach the services.")
    case .create(let cidr, let zones):
      doc.dataSource("aws_availability_zones", "available", ["state": "available"])
      doc.resource(
        "aws_vpc", "vpc",
        [
          "cidr_block": .string(cidr), "enable_dns_hostnames": true, "enable_dns_support": true,
          "tags": ["Name": .string(name(env.stackName, "vpc"))],
        ])
      for zone in 0..<zones {
        doc.resource(
          "aws_subnet", "private_\(zone)",
          [
            "vpc_id": "${aws_vpc.vpc.id}", "cidr_block": .string("${cidrsubnet(aws_vpc.vpc.cidr_block, 4, \(zone))}"),
            "availability_zone": .string("${data.aws_availability_zones.available.names[\(zone)]}"),
            "map_public_ip_on_launch": false, "tags": ["Name": .string(name("\(env.stackName)-private-\(zone)", "subnet"))],
          ])
      }
      // The default security group of a new VPC allows nothing (CKV2_AWS_12).
      doc.resource("aws_default_security_group", "default", ["vpc_id": "${aws_vpc.vpc.id}"])
    }
  }

  // MARK: Archive: subscription filter → Firehose → S3 (KMS) → Glacier

  var archivedGroups: [LogGroup] { stack.logGroups.filter { $0.archive != nil } }
  var needsBucket: Bool { !archivedGroups.isEmpty || !stack.canaries.isEmpty }

  mutating func buildArchive() {
    guard needsBucket else { return }
    let key = keyARN(defaultKey)
    doc.resource(
      "aws_s3_bucket", "archive",
      ["bucket": .string("\(name(env.stackName, "log-archive"))-\(Self.account)"), "force_destroy": true])
    var sse: [String: JSONValue] = ["sse_algorithm": .string(key == nil ? "AES256" : "aws:kms")]
    if let key { sse["kms_master_key_id"] = .string(key) }
    doc.resource(
      "aws_s3_bucket_server_side_encryption_configuration", "archive",
      [
        "bucket": "${aws_s3_bucket.archive.id}",
        "rule": [["apply_server_side_encryption_by_default": [.object(sse)], "bucket_key_enabled": true]],
      ])
    doc.resource(
      "aws_s3_bucket_public_access_block", "archive",
      [
        "bucket": "${aws_s3_bucket.archive.id}", "block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true,
        "restrict_public_buckets": true,
      ])
    doc.resource(
      "aws_s3_bucket_versioning", "archive", ["bucket": "${aws_s3_bucket.archive.id}", "versioning_configuration": [["status": "Enabled"]]])
    let after = archivedGroups.map(\.archiveAfterDays).min() ?? 30
    doc.resource(
      "aws_s3_bucket_lifecycle_configuration", "archive",
      [
        "bucket": "${aws_s3_bucket.archive.id}",
        "rule": [
          [
            "id": "archive-to-glacier", "status": "Enabled", "filter": [["prefix": "logs/"]],
            "transition": [["days": .int(after), "storage_class": "GLACIER"]],
            "noncurrent_version_transition": [["noncurrent_days": .int(after), "storage_class": "GLACIER"]],
          ],
          // Failed Firehose and canary uploads under any prefix are cleaned up (CKV_AWS_300 wants a rule without a filter).
          [
            "id": "abort-incomplete-uploads", "status": "Enabled", "filter": [[:]],
            "abort_incomplete_multipart_upload": [["days_after_initiation": 7]],
          ],
        ],
      ])
    // Object events go to EventBridge, where archive deliveries can be audited or alerted on (CKV2_AWS_62).
    doc.resource("aws_s3_bucket_notification", "archive", ["bucket": "${aws_s3_bucket.archive.id}", "eventbridge": true])
    guard !archivedGroups.isEmpty else { return }
    var firehosePolicy: [JSONValue] = [
      PolicyDocument.statement(
        sid: "WriteArchive",
        actions: [
          "s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads",
          "s3:PutObject",
        ],
        resources: ["${aws_s3_bucket.archive.arn}", "${aws_s3_bucket.archive.arn}/*"])
    ]
    if let key {
      firehosePolicy.append(PolicyDocument.statement(sid: "UseKey", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [key]))
    }
    role("firehose", service: "firehose.amazonaws.com", inline: firehosePolicy)
    var stream: [String: JSONValue] = [
      "name": .string(name(env.stackName, "log-archive")), "destination": "extended_s3",
      "extended_s3_configuration": [
        .object(
          [
            "role_arn": "${aws_iam_role.role_firehose.arn}", "bucket_arn": "${aws_s3_bucket.archive.arn}", "prefix": "logs/",
            "error_output_prefix": "errors/", "buffering_interval": 300, "buffering_size": 5,
          ].merging(key.map { ["kms_key_arn": JSONValue.string($0)] } ?? [:]) { a, _ in a })
      ],
    ]
    if let key { stream["server_side_encryption"] = [["enabled": true, "key_type": "CUSTOMER_MANAGED_CMK", "key_arn": .string(key)]] }
    doc.resource("aws_kinesis_firehose_delivery_stream", "archive", stream)
    role(
      "logs_to_firehose", service: "logs.\(env.region).amazonaws.com",
      inline: [
        PolicyDocument.statement(
          sid: "PutToArchiveStream", actions: ["firehose:PutRecord", "firehose:PutRecordBatch"],
          resources: ["${aws_kinesis_firehose_delivery_stream.archive.arn}"])
      ])
  }

  // MARK: Log groups

  mutating func logGroup(id: String, name groupName: String, retention: Int, key: String?) {
    var body: [String: JSONValue] = ["name": .string(groupName), "retention_in_days": .int(retention)]
    if let key = keyARN(key) { body["kms_key_id"] = .string(key) }
    doc.resource("aws_cloudwatch_log_group", id, body)
  }

  mutating func buildLogGroups() {
    for group in stack.logGroups {
      guard let service = stack.service(group.service) else { continue }
      let id = logicalID("logs", group.service)
      logGroup(id: id, name: service.logGroupName(suffix: env.suffix), retention: group.retentionDays, key: group.key)
      if group.archive != nil {
        doc.resource(
          "aws_cloudwatch_log_subscription_filter", logicalID("archive", group.service),
          [
            "name": .string(name(group.service, "archive")), "log_group_name": .string("${aws_cloudwatch_log_group.\(id).name}"),
            "filter_pattern": "", "destination_arn": "${aws_kinesis_firehose_delivery_stream.archive.arn}",
            "role_arn": "${aws_iam_role.role_logs_to_firehose.arn}",
          ])
      }
    }
  }

  // MARK: IAM

  /// A role with an assume-role policy for a service and one inline policy; returns its id.
  @discardableResult
  mutating func role(_ base: String, service: String, inline: [JSONValue], managed: [String] = []) -> String {
    let id = logicalID("role", base)
    doc.resource(
      "aws_iam_role", id,
      ["name": .string(name(base, "role")), "assume_role_policy": PolicyDocument.assumeRole(service, sourceAccount: Self.account)])
    doc.resource(
      "aws_iam_role_policy", logicalID("policy", base),
      ["name": .string(name(base, "policy")), "role": .string("${aws_iam_role.\(id).id}"), "policy": PolicyDocument.render(inline)])
    for (index, arn) in managed.enumerated() {
      doc.resource(
        "aws_iam_role_policy_attachment", logicalID("attach", base, String(index)),
        ["role": .string("${aws_iam_role.\(id).name}"), "policy_arn": .string(arn)])
    }
    return id
  }

  // MARK: Topics, subscriptions, dead-letter queues

  mutating func queue(_ id: String, name queueName: String, key: String?, extra: [String: JSONValue] = [:]) {
    var body: [String: JSONValue] = ["name": .string(queueName), "message_retention_seconds": 1_209_600]
    if let key = keyARN(key) {
      body["kms_master_key_id"] = .string(key)
      body["kms_data_key_reuse_period_seconds"] = 300
    } else {
      body["sqs_managed_sse_enabled"] = true
    }
    doc.resource("aws_sqs_queue", id, body.merging(extra) { _, b in b })
  }

  mutating func buildTopics() {
    for topic in stack.topics {
      let id = logicalID("topic", topic.name)
      var body: [String: JSONValue] = ["name": .string(name(topic.name, "topic"))]
      if let key = keyARN(topic.key) { body["kms_master_key_id"] = .string(key) }
      doc.resource("aws_sns_topic", id, body)
      let sameAccount: JSONValue = ["StringEquals": ["aws:SourceAccount": .string(Self.account)]]
      doc.resource(
        "aws_sns_topic_policy", id,
        [
          "arn": .string("${aws_sns_topic.\(id).arn}"),
          "policy": PolicyDocument.render([
            PolicyDocument.statement(
              sid: "AlarmsAndEventsPublish", principal: ["Service": ["cloudwatch.amazonaws.com", "events.amazonaws.com"]],
              actions: ["sns:Publish"], resources: ["${aws_sns_topic.\(id).arn}"], condition: sameAccount)
          ]),
        ])
      var redrive: JSONValue?
      if topic.deadLetterQueue {
        let dlq = logicalID("dlq", topic.name)
        queue(dlq, name: name(topic.name, "dlq"), key: topic.key)
        redrive = .string("{\"deadLetterTargetArn\":\"${aws_sqs_queue.\(dlq).arn}\"}")
        // The SQS path: notifications also land in a queue (for the webhook relay) whose
        // redrive policy moves a message to the DLQ after maxReceiveCount receives.
        let relay = logicalID("queue", topic.name)
        queue(
          relay, name: name(topic.name, "notifications"), key: topic.key,
          extra: [
            "redrive_policy": .string(
              "{\"deadLetterTargetArn\":\"${aws_sqs_queue.\(dlq).arn}\",\"maxReceiveCount\":\(topic.maxReceiveCount)}")
          ])
        for queueID in [dlq, relay] {
          doc.resource(
            "aws_sqs_queue_policy", queueID,
            [
              "queue_url": .string("${aws_sqs_queue.\(queueID).id}"),
              "policy": PolicyDocument.render([
                PolicyDocument.statement(
                  sid: "OnlyTheTopicSends", principal: ["Service": "sns.amazonaws.com"], actions: ["sqs:SendMessage"],
                  resources: ["${aws_sqs_queue.\(queueID).arn}"],
                  condition: ["ArnEquals": ["aws:SourceArn": .string("${aws_sns_topic.\(id).arn}")]])
              ]),
            ])
        }
        subscription(
          logicalID("sub", topic.name, "queue"), topic: id, protocol: "sqs", endpoint: "${aws_sqs_queue.\(relay).arn}", redrive: redrive)
      }
      for (index, email) in topic.emails.enumerated() {
        subscription(
          logicalID("sub", topic.name, "email", String(index)), topic: id, protocol: "email", endpoint: endpoint(email, topic.name),
          redrive: redrive)
      }
      for (index, hook) in topic.webhooks.enumerated() {
        subscription(
          logicalID("sub", topic.name, "webhook", String(index)), topic: id, protocol: "https", endpoint: endpoint(hook, topic.name),
          redrive: redrive)
      }
      doc.output(logicalID("topic", topic.name, "arn"), value: "${aws_sns_topic.\(id).arn}", description: "ARN of the \(topic.name) topic")
    }
  }

  mutating func endpoint(_ endpoint: Endpoint, _ topic: String) -> String {
    switch endpoint {
    case .literal(let s): return s
    case .variable(let v): return "${var.\(v)}"
    case .ssm(let path):
      let id = logicalID("ssm", path)
      doc.dataSource("aws_ssm_parameter", id, ["name": .string(path), "with_decryption": true])
      return "${data.aws_ssm_parameter.\(id).value}"
    }
  }

  mutating func subscription(_ id: String, topic: String, protocol kind: String, endpoint: String, redrive: JSONValue?) {
    var body: [String: JSONValue] = [
      "topic_arn": .string("${aws_sns_topic.\(topic).arn}"), "protocol": .string(kind), "endpoint": .string(endpoint),
    ]
    if let redrive { body["redrive_policy"] = redrive }
    if kind == "sqs" { body["raw_message_delivery"] = true }
    doc.resource("aws_sns_topic_subscription", id, body)
  }

  // MARK: Services

  mutating func buildServices() {
    let lambdas = stack.services.filter(\.isLambda)
    if !lambdas.isEmpty {
      doc.variable(
        Self.insightsLayerVariable, type: "string",
        description:
          "Lambda Insights extension layer for the region (see the AWS page 'Available versions of the Lambda Insights extension').",
        default: .string("arn:aws:lambda:\(env.region):580247275435:layer:LambdaInsightsExtension:53"))
    }
    for cluster in stack.clusters {
      doc.resource(
        "aws_ecs_cluster", logicalID("cluster", cluster.name),
        [
          "name": .string(name(cluster.name, "cluster")),
          "setting": [["name": "containerInsights", "value": .string(cluster.containerInsights)]],
        ])
    }
    for service in stack.services {
      switch service.kind {
      case .lambda(let runtime, let memory, let timeout, let handler):
        lambdaFunction(service, runtime: runtime, memory: memory, timeout: timeout, handler: handler)
      case .ecs(let cluster, let cpu, let memory, let image, let port, let desired):
        ecsService(service, cluster: cluster, cpu: cpu, memory: memory, image: image, port: port, desired: desired)
      }
    }
  }

  mutating func lambdaFunction(_ service: Service, runtime: String, memory: Int, timeout: Int, handler: String) {
    let group = logicalID("logs", service.name)
    let key = stack.logGroup(for: service.name)?.key ?? defaultKey
    let dlq = logicalID("dlq", service.name)
    queue(dlq, name: name(service.name, "dlq"), key: key)
    var statements: [JSONValue] = [
      PolicyDocument.statement(
        sid: "WriteOwnLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: ["${aws_cloudwatch_log_group.\(group).arn}:*"]),
      // X-Ray trace APIs do not support resource-level permissions.
      PolicyDocument.statement(sid: "Tracing", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"]),
      PolicyDocument.statement(sid: "DeadLetters", actions: ["sqs:SendMessage"], resources: ["${aws_sqs_queue.\(dlq).arn}"]),
      PolicyDocument.statement(
        sid: "PublishMetrics", actions: ["cloudwatch:PutMetricData"], resources: ["*"],
        condition: ["StringEquals": ["cloudwatch:namespace": "Payments"]]),
    ]
    if let key = keyARN(key) {
      statements.append(PolicyDocument.statement(sid: "UseKey", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [key]))
    }
    var managed: [String] = []
    if service.insights { managed.append("arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy") }
    if stack.network != .none { managed.append("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole") }
    let role = self.role(service.name, service: "lambda.amazonaws.com", inline: statements, managed: managed)
    let zipPath = "lambda/\(service.name).zip"
    bundles.append((zipPath, LambdaBundle.zip(for: service.name, handler: handler)))
    var body: [String: JSONValue] = [
      "function_name": .string(name(service.name)), "role": .string("${aws_iam_role.\(role).arn}"), "runtime": .string(runtime),
      "handler": .string(handler), "filename": .string(zipPath),
      "source_code_hash": .string("${filebase64sha256(\"\(zipPath)\")}"), "memory_size": .int(memory), "timeout": .int(timeout),
      "tracing_config": [["mode": .string(service.tracing ? "Active" : "PassThrough")]],
      "dead_letter_config": [["target_arn": .string("${aws_sqs_queue.\(dlq).arn}")]],
      "reserved_concurrent_executions": 50,
      "environment": [
        [
          "variables": [
            "SERVICE_NAME": .string(service.name), "ENVIRONMENT": .string(env.suffix), "METRICS_NAMESPACE": "Payments",
            "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
          ]
        ]
      ],
      "logging_config": [["log_format": "JSON", "log_group": .string("${aws_cloudwatch_log_group.\(group).name}")]],
      "depends_on": [.string("aws_cloudwatch_log_group.\(group)")],
    ]
    if service.insights { body["layers"] = [.string("${var.\(Self.insightsLayerVariable)}")] }
    if let key = keyARN(key) { body["kms_key_arn"] = .string(key) }
    if let subnets = subnetIDs {
      let sg = securityGroup(service.name, port: nil)
      body["vpc_config"] = [["subnet_ids": subnets, "security_group_ids": [.string("${aws_security_group.\(sg).id}")]]]
    }
    doc.resource("aws_lambda_function", logicalID("fn", service.name), body)
  }

  /// A security group with HTTPS egress and, for services with a port, ingress from the VPC.
  mutating func securityGroup(_ base: String, port: Int?) -> String {
    let id = logicalID("sg", base)
    doc.resource(
      "aws_security_group", id,
      [
        "name": .string(name(base, "sg")), "description": .string("\(base) (\(env.suffix)): HTTPS out, service port in from the VPC"),
        "vpc_id": .string(vpcID!),
      ])
    doc.resource(
      "aws_vpc_security_group_egress_rule", logicalID("sg", base, "https_out"),
      [
        "security_group_id": .string("${aws_security_group.\(id).id}"), "description": "HTTPS to AWS APIs and images",
        "ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "0.0.0.0/0",
      ])
    if let port {
      doc.resource(
        "aws_vpc_security_group_ingress_rule", logicalID("sg", base, "service_in"),
        [
          "security_group_id": .string("${aws_security_group.\(id).id}"), "description": "Service port from inside the VPC",
          "ip_protocol": "tcp", "from_port": .int(port), "to_port": .int(port), "cidr_ipv4": .string(vpcCIDR),
        ])
    }
    return id
  }

  mutating func ecsService(_ service: Service, cluster: String, cpu: Int, memory: Int, image: String, port: Int, desired: Int) {
    let group = logicalID("logs", service.name)
    let key = stack.logGroup(for: service.name)?.key ?? defaultKey
    let imageVariable = logicalID("image", service.name).replacingHyphens
    doc.variable(
      imageVariable, type: "string", description: "Container image of \(service.name).",
      default: .string(image.isEmpty ? "public.ecr.aws/docker/library/node:20-alpine" : image))
    var executionStatements: [JSONValue] = [
      PolicyDocument.statement(
        sid: "WriteOwnLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: ["${aws_cloudwatch_log_group.\(group).arn}:*"]),
      // ecr:GetAuthorizationToken has no resource-level permissions.
      PolicyDocument.statement(sid: "PullImages", actions: ["ecr:GetAuthorizationToken"], resources: ["*"]),
      PolicyDocument.statement(
        sid: "PullFromAccountRepositories",
        actions: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        resources: ["arn:aws:ecr:\(env.region):\(Self.account):repository/*"]),
    ]
    if let key = keyARN(key) {
      executionStatements.append(PolicyDocument.statement(sid: "UseKey", actions: ["kms:Decrypt"], resources: [key]))
    }
    let execution = role("\(service.name)-exec", service: "ecs-tasks.amazonaws.com", inline: executionStatements)
    let task = role(
      "\(service.name)-task", service: "ecs-tasks.amazonaws.com",
      inline: [
        PolicyDocument.statement(
          sid: "XRayDaemon",
          actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
          resources: ["*"]),
        PolicyDocument.statement(
          sid: "PublishMetrics", actions: ["cloudwatch:PutMetricData"], resources: ["*"],
          condition: ["StringEquals": ["cloudwatch:namespace": "Payments"]]),
      ])
    func logConfiguration(_ prefix: String) -> JSONValue {
      [
        "logDriver": "awslogs",
        "options": [
          "awslogs-group": .string("${aws_cloudwatch_log_group.\(group).name}"), "awslogs-region": .string(env.region),
          "awslogs-stream-prefix": .string(prefix),
        ],
      ]
    }
    var containers: [JSONValue] = [
      [
        "name": .string(service.name), "image": .string("${var.\(imageVariable)}"), "essential": true,
        "portMappings": [["containerPort": .int(port), "protocol": "tcp"]], "logConfiguration": logConfiguration("app"),
        "environment": [
          ["name": "SERVICE_NAME", "value": .string(service.name)], ["name": "AWS_XRAY_DAEMON_ADDRESS", "value": "127.0.0.1:2000"],
        ],
        "readonlyRootFilesystem": true,
      ]
    ]
    if service.tracing {
      containers.append([
        "name": "xray-daemon", "image": "public.ecr.aws/xray/aws-xray-daemon:3.3", "essential": false, "cpu": 32,
        "memoryReservation": 256, "portMappings": [["containerPort": 2000, "protocol": "udp"]],
        "logConfiguration": logConfiguration("xray"),
        "readonlyRootFilesystem": true,
      ])
    }
    let taskID = logicalID("task", service.name)
    doc.resource(
      "aws_ecs_task_definition", taskID,
      [
        "family": .string(name(service.name, "task")), "requires_compatibilities": ["FARGATE"], "network_mode": "awsvpc",
        "cpu": .string(String(cpu)), "memory": .string(String(memory)), "execution_role_arn": .string("${aws_iam_role.\(execution).arn}"),
        "task_role_arn": .string("${aws_iam_role.\(task).arn}"),
        "container_definitions": .string(JSONValue.array(containers).serialized(pretty: false)),
      ])
    let sg = securityGroup(service.name, port: port)
    doc.resource(
      "aws_ecs_service", logicalID("svc", service.name),
      [
        "name": .string(name(service.name)), "cluster": .string("${aws_ecs_cluster.\(logicalID("cluster", cluster)).id}"),
        "task_definition": .string("${aws_ecs_task_definition.\(taskID).arn}"), "desired_count": .int(desired), "launch_type": "FARGATE",
        "network_configuration": [
          ["subnets": subnetIDs ?? [], "security_groups": [.string("${aws_security_group.\(sg).id}")], "assign_public_ip": false]
        ],
      ])
  }

  // MARK: Metric filters and alarms

  mutating func buildMetricFilters() {
    for filter in stack.metricFilters {
      var transformation: [String: JSONValue] = [
        "name": .string(filter.metricName), "namespace": .string(filter.namespace), "value": .string(filter.value),
      ]
      if let d = filter.defaultValue { transformation["default_value"] = .string(JSONValue.format(d)) }
      if !filter.dimensions.isEmpty {
        transformation["dimensions"] = .object(Dictionary(uniqueKeysWithValues: filter.dimensions.map { ($0.0, JSONValue.string($0.1)) }))
      }
      if let unit = filter.unit { transformation["unit"] = .string(unit) }
      doc.resource(
        "aws_cloudwatch_log_metric_filter", logicalID("filter", filter.name),
        [
          "name": .string(name(filter.name, "filter")),
          "log_group_name": .string("${aws_cloudwatch_log_group.\(logicalID("logs", filter.service)).name}"),
          "pattern": .string(filter.pattern), "metric_transformation": [.object(transformation)],
        ])
    }
  }

  func metricBlock(_ m: MetricRef, statistic: String, period: Int) -> JSONValue {
    var block: [String: JSONValue] = [
      "metric_name": .string(m.name), "namespace": .string(m.namespace), "period": .int(period), "stat": .string(statistic),
    ]
    if !m.dimensions.isEmpty { block["dimensions"] = .object(m.dimensions.mapValues { .string(physicalDimension($0)) }) }
    return .object(block)
  }

  /// Dimension values naming a service get the environment suffix (FunctionName=payment-authorizer → -dev).
  func physicalDimension(_ value: String) -> String { stack.physicalDimensionValue(value, in: env) }

  mutating func buildAlarms() {
    for alarm in stack.alarms {
      var body: [String: JSONValue] = [
        "alarm_name": .string(name(alarm.name, "alarm")), "comparison_operator": .string(alarm.comparison),
        "evaluation_periods": .int(alarm.evaluationPeriods), "datapoints_to_alarm": .int(alarm.datapointsToAlarm),
        "treat_missing_data": .string(alarm.treatMissingData), "actions_enabled": true,
        "alarm_description": .string(alarm.description ?? "Takes part in composite alarms; notifies only through them."),
      ]
      if let threshold = alarm.threshold { body["threshold"] = JSONValue.double(threshold) }
      switch alarm.source {
      case .metric(let m, let statistic):
        body["metric_name"] = .string(m.name)
        body["namespace"] = .string(m.namespace)
        body["period"] = .int(alarm.periodSeconds)
        if ["SampleCount", "Sum", "Average", "Minimum", "Maximum"].contains(statistic) {
          body["statistic"] = .string(statistic)
        } else {
          body["extended_statistic"] = .string(statistic)
          body["evaluate_low_sample_count_percentiles"] = "evaluate"
        }
        if !m.dimensions.isEmpty { body["dimensions"] = .object(m.dimensions.mapValues { .string(physicalDimension($0)) }) }
      case .math(let expression, let inputs):
        var queries: [JSONValue] = [["id": "e1", "expression": .string(expression), "label": .string(alarm.name), "return_data": true]]
        for input in inputs {
          queries.append([
            "id": .string(input.id), "metric": [metricBlock(input.metric, statistic: input.statistic, period: alarm.periodSeconds)],
            "return_data": false,
          ])
        }
        body["metric_query"] = .array(queries)
      case .anomalyBand(let m, let statistic, let width):
        body["threshold_metric_id"] = "ad1"
        body["metric_query"] = [
          ["id": "m1", "metric": [metricBlock(m, statistic: statistic, period: alarm.periodSeconds)], "return_data": true],
          [
            "id": "ad1", "expression": .string("ANOMALY_DETECTION_BAND(m1, \(JSONValue.format(width)))"), "label": "expected band",
            "return_data": true,
          ],
        ]
      }
      doc.resource("aws_cloudwatch_metric_alarm", logicalID("alarm", alarm.name), body)
    }
    for composite in stack.composites {
      var body: [String: JSONValue] = [
        "alarm_name": .string(name(composite.name, "composite")), "alarm_rule": .string(terraformRule(composite.rule)),
        "actions_enabled": true,
        "alarm_description": .string("Composite alarm over \(composite.references.joined(separator: ", "))."),
      ]
      if !composite.notify.isEmpty {
        let arns = JSONValue.array(composite.notify.map { .string("${aws_sns_topic.\(logicalID("topic", $0)).arn}") })
        body["alarm_actions"] = arns
        body["ok_actions"] = arns
      }
      if let suppressor = composite.suppressor {
        body["actions_suppressor"] = [
          [
            "alarm": .string(alarmReference(suppressor, attribute: "alarm_name")),
            "wait_period": .int(composite.suppressWaitSeconds), "extension_period": .int(composite.suppressExtensionSeconds),
          ]
        ]
      }
      doc.resource("aws_cloudwatch_composite_alarm", logicalID("composite", composite.name), body)
    }
  }

  func alarmReference(_ alarm: String, attribute: String) -> String {
    stack.alarm(alarm) != nil
      ? "${aws_cloudwatch_metric_alarm.\(logicalID("alarm", alarm)).\(attribute)}"
      : "${aws_cloudwatch_composite_alarm.\(logicalID("composite", alarm)).\(attribute)}"
  }

  /// The rule with each alarm name replaced by a reference to the alarm's physical name, so
  /// Terraform creates the alarms first and the rule follows renames.
  func terraformRule(_ rule: String) -> String {
    var scalars = Array(rule.unicodeScalars)
    for (alarm, offset) in CompositeAlarm.alarmReferences(in: rule).sorted(by: { $0.1 > $1.1 }) {
      guard stack.alarm(alarm) != nil || stack.composite(alarm) != nil else { continue }
      let end = offset + alarm.unicodeScalars.count
      guard end <= scalars.count, String(String.UnicodeScalarView(scalars[offset..<end])) == alarm else { continue }
      scalars.replaceSubrange(offset..<end, with: Array(alarmReference(alarm, attribute: "alarm_name").unicodeScalars))
    }
    return String(String.UnicodeScalarView(scalars))
  }

  // MARK: X-Ray, flow logs, EventBridge, Synthetics, SSM, queries, dashboards

  mutating func buildTracing() {
    guard let tracing = stack.tracing else { return }
    doc.resource(
      "aws_xray_sampling_rule", "sampling",
      [
        "rule_name": .string(String(name(env.stackName, "sampling").prefix(32))), "priority": 1000, "version": 1,
        "reservoir_size": .int(tracing.reservoir), "fixed_rate": .double(tracing.samplingRate), "url_path": "*", "host": "*",
        "http_method": "*", "service_type": "*", "service_name": "*", "resource_arn": "*",
      ])
    for service in stack.services {
      doc.resource(
        "aws_xray_group", logicalID("xray", service.name),
        [
          "group_name": .string(name(service.name, "xray")), "filter_expression": .string("service(\"\(name(service.name))\")"),
          "insights_configuration": [["insights_enabled": true, "notifications_enabled": false]],
        ])
    }
  }

  mutating func buildFlowLogs() {
    guard let flow = stack.flowLogs, let vpc = vpcID else { return }
    logGroup(id: "logs_vpc_flow", name: "/vpc/\(name(env.stackName, "flow-logs"))", retention: flow.retentionDays, key: flow.key)
    let role = self.role(
      "flow-logs", service: "vpc-flow-logs.amazonaws.com",
      inline: [
        PolicyDocument.statement(
          sid: "WriteFlowLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: ["${aws_cloudwatch_log_group.logs_vpc_flow.arn}:*"])
      ])
    doc.resource(
      "aws_flow_log", "vpc",
      [
        "vpc_id": .string(vpc), "traffic_type": .string(flow.trafficType), "log_destination_type": "cloud-watch-logs",
        "log_destination": "${aws_cloudwatch_log_group.logs_vpc_flow.arn}", "iam_role_arn": .string("${aws_iam_role.\(role).arn}"),
        "max_aggregation_interval": 60,
      ])
  }

  mutating func buildRemediations() {
    for remediation in stack.remediations {
      let id = logicalID("remediate", remediation.name)
      let pattern: JSONValue = [
        "source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"],
        "resources": [.string(alarmReference(remediation.alarm, attribute: "arn"))],
        "detail": ["state": ["value": [.string(remediation.state)]]],
      ]
      doc.resource(
        "aws_cloudwatch_event_rule", id,
        [
          "name": .string(name(remediation.name, "rule")),
          "description": .string("\(remediation.alarm) → \(remediation.state) invokes \(remediation.function)"),
          "event_pattern": .string(pattern.serialized(pretty: false)),
        ])
      let function = logicalID("fn", remediation.function)
      doc.resource(
        "aws_cloudwatch_event_target", id,
        [
          "rule": .string("${aws_cloudwatch_event_rule.\(id).name}"), "target_id": "remediation",
          "arn": .string("${aws_lambda_function.\(function).arn}"),
        ])
      doc.resource(
        "aws_lambda_permission", id,
        [
          "statement_id": .string("AllowEventBridge-\(remediation.name)"), "action": "lambda:InvokeFunction",
          "function_name": .string("${aws_lambda_function.\(function).function_name}"), "principal": "events.amazonaws.com",
          "source_arn": .string("${aws_cloudwatch_event_rule.\(id).arn}"),
        ])
    }
  }

  mutating func buildCanaries() {
    guard !stack.canaries.isEmpty else { return }
    var statements: [JSONValue] = [
      PolicyDocument.statement(
        sid: "WriteArtifacts", actions: ["s3:PutObject", "s3:GetObject"], resources: ["${aws_s3_bucket.archive.arn}/canary/*"]),
      PolicyDocument.statement(sid: "LocateBucket", actions: ["s3:GetBucketLocation"], resources: ["${aws_s3_bucket.archive.arn}"]),
      PolicyDocument.statement(
        sid: "CanaryLogs", actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        resources: ["arn:aws:logs:\(env.region):\(Self.account):log-group:/aws/lambda/cwsyn-*"]),
      PolicyDocument.statement(
        sid: "CanaryMetrics", actions: ["cloudwatch:PutMetricData"], resources: ["*"],
        condition: ["StringEquals": ["cloudwatch:namespace": "CloudWatchSynthetics"]]),
      PolicyDocument.statement(sid: "Tracing", actions: ["xray:PutTraceSegments"], resources: ["*"]),
    ]
    if let key = keyARN(defaultKey) {
      statements.append(PolicyDocument.statement(sid: "UseKey", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [key]))
    }
    let role = self.role("canary", service: "lambda.amazonaws.com", inline: statements)
    for canary in stack.canaries {
      let zipPath = "canary/\(canary.name).zip"
      bundles.append((zipPath, LambdaBundle.canaryZip(url: canary.url)))
      var artifact: [String: JSONValue] = ["encryption_mode": "SSE_S3"]
      if let key = keyARN(defaultKey) { artifact = ["encryption_mode": "SSE_KMS", "kms_key_arn": .string(key)] }
      doc.resource(
        "aws_synthetics_canary", logicalID("canary", canary.name),
        [
          "name": .string(name(canary.name)), "artifact_s3_location": "s3://${aws_s3_bucket.archive.id}/canary/",
          "execution_role_arn": .string("${aws_iam_role.\(role).arn}"), "handler": "index.handler", "zip_file": .string(zipPath),
          "runtime_version": "syn-nodejs-puppeteer-9.1", "start_canary": true,
          "schedule": [["expression": .string("rate(\(canary.everyMinutes) minute\(canary.everyMinutes == 1 ? "" : "s"))")]],
          "run_config": [["timeout_in_seconds": 60, "active_tracing": true]],
          "artifact_config": [["s3_encryption": [.object(artifact)]]],
          "success_retention_period": 30, "failure_retention_period": 30,
        ])
    }
  }

  mutating func buildParameters() {
    for parameter in stack.parameters {
      var body: [String: JSONValue] = [
        "name": .string("/\(env.stackName)/\(env.suffix)/\(parameter.name)"), "type": .string(parameter.secure ? "SecureString" : "String"),
        "value": .string(parameter.value),
      ]
      if let d = parameter.description { body["description"] = .string(d) }
      if parameter.secure, let key = keyARN(defaultKey) { body["key_id"] = .string(key) }
      doc.resource("aws_ssm_parameter", logicalID("param", parameter.name), body)
    }
  }

  mutating func buildQueryDefinitions() {
    for query in stack.queryDefinitions {
      doc.resource(
        "aws_cloudwatch_query_definition", logicalID("query", query.name),
        [
          "name": .string("\(env.stackName)-\(env.suffix)/\(query.name)"), "query_string": .string(query.query),
          "log_group_names": .array(query.services.map { .string("${aws_cloudwatch_log_group.\(logicalID("logs", $0)).name}") }),
        ])
    }
  }

  mutating func buildDashboards() {
    for dashboard in DashboardBuilder(stack: stack, env: env).dashboards() {
      doc.resource(
        "aws_cloudwatch_dashboard", logicalID("dashboard", dashboard.name),
        [
          "dashboard_name": .string(name(dashboard.name, "dashboard")),
          "dashboard_body": .string(dashboard.body(accountID: Self.account).serialized(pretty: false)),
        ])
    }
  }
}

extension String {
  var replacingHyphens: String { String(map { $0 == "-" ? "_" : $0 }) }
}
