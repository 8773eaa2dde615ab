import Testing
import VigilCore
import VigilExport
import VigilModel

/// Exact Terraform values each `<Kind>+Terraform.swift` writes for the small session (one resource of every kind).
@Suite struct KindTerraformTests {
  static let cases: [(String, String, String)] = [
    ("aws_kms_alias", "key_logs_alias", #"{"name":"alias/logs-key-dev","target_key_id":"${aws_kms_key.key_logs.key_id}"}"#),
    (
      "aws_s3_bucket", "archive",
      #"{"bucket":"shop-log-archive-dev-${data.aws_caller_identity.current.account_id}","force_destroy":true}"#
    ),
    (
      "aws_cloudwatch_log_group", "logs_api",
      #"{"kms_key_id":"${aws_kms_key.key_logs.arn}","name":"/aws/lambda/api-dev","retention_in_days":30}"#
    ),
    (
      "aws_cloudwatch_log_subscription_filter", "archive_api",
      #"{"destination_arn":"${aws_kinesis_firehose_delivery_stream.archive.arn}","filter_pattern":"","log_group_name":"${aws_cloudwatch_log_group.logs_api.name}","name":"api-archive-dev","role_arn":"${aws_iam_role.role_logs_to_firehose.arn}"}"#
    ),
    ("aws_sns_topic", "topic_oncall", #"{"kms_master_key_id":"${aws_kms_key.key_logs.arn}","name":"oncall-topic-dev"}"#),
    (
      "aws_sqs_queue", "dlq_oncall",
      #"{"kms_data_key_reuse_period_seconds":300,"kms_master_key_id":"${aws_kms_key.key_logs.arn}","message_retention_seconds":1209600,"name":"oncall-dlq-dev"}"#
    ),
    (
      "aws_sqs_queue", "queue_oncall",
      #"{"kms_data_key_reuse_period_seconds":300,"kms_master_key_id":"${aws_kms_key.key_logs.arn}","message_retention_seconds":1209600,"name":"oncall-notifications-dev","redrive_policy":"{\"deadLetterTargetArn\":\"${aws_sqs_queue.dlq_oncall.arn}\",\"maxReceiveCount\":3}"}"#
    ),
    (
      "aws_sns_topic_subscription", "sub_oncall_email_0",
      #"{"endpoint":"oncall@example.com","protocol":"email","redrive_policy":"{\"deadLetterTargetArn\":\"${aws_sqs_queue.dlq_oncall.arn}\"}","topic_arn":"${aws_sns_topic.topic_oncall.arn}"}"#
    ),
    (
      "aws_lambda_function", "fn_api",
      #"{"dead_letter_config":[{"target_arn":"${aws_sqs_queue.dlq_api.arn}"}],"depends_on":["aws_cloudwatch_log_group.logs_api"],"environment":[{"variables":{"AWS_XRAY_CONTEXT_MISSING":"LOG_ERROR","ENVIRONMENT":"dev","METRICS_NAMESPACE":"Payments","SERVICE_NAME":"api"}}],"filename":"lambda/api.zip","function_name":"api-dev","handler":"index.handler","kms_key_arn":"${aws_kms_key.key_logs.arn}","layers":["${var.lambda_insights_layer_arn}"],"logging_config":[{"log_format":"Text","log_group":"${aws_cloudwatch_log_group.logs_api.name}"}],"memory_size":512,"reserved_concurrent_executions":50,"role":"${aws_iam_role.role_api.arn}","runtime":"nodejs22.x","source_code_hash":"${filebase64sha256(\"lambda/api.zip\")}","timeout":10,"tracing_config":[{"mode":"Active"}],"vpc_config":[{"security_group_ids":["${aws_security_group.sg_api.id}"],"subnet_ids":"${var.private_subnet_ids}"}]}"#
    ),
    (
      "aws_iam_role", "role_api",
      #"{"assume_role_policy":"{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"${data.aws_caller_identity.current.account_id}\"}},\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"}}],\"Version\":\"2012-10-17\"}","name":"api-role-dev"}"#
    ),
    (
      "aws_ecs_service", "svc_web",
      #"{"cluster":"${aws_ecs_cluster.cluster_main.id}","desired_count":2,"launch_type":"FARGATE","name":"web-dev","network_configuration":[{"assign_public_ip":false,"security_groups":["${aws_security_group.sg_web.id}"],"subnets":"${var.private_subnet_ids}"}],"task_definition":"${aws_ecs_task_definition.task_web.arn}"}"#
    ),
    (
      "aws_vpc_security_group_ingress_rule", "sg_web_service_in",
      #"{"cidr_ipv4":"${var.vpc_cidr}","description":"Service port from inside the VPC","from_port":8080,"ip_protocol":"tcp","security_group_id":"${aws_security_group.sg_web.id}","to_port":8080}"#
    ),
    ("aws_ecs_cluster", "cluster_main", #"{"name":"main-cluster-dev","setting":[{"name":"containerInsights","value":"enabled"}]}"#),
    (
      "aws_cloudwatch_log_metric_filter", "filter_api-errors",
      #"{"log_group_name":"${aws_cloudwatch_log_group.logs_api.name}","metric_transformation":[{"default_value":"0","name":"ErrorCount","namespace":"Shop/api","value":"1"}],"name":"api-errors-filter-dev","pattern":"ERROR"}"#
    ),
    (
      "aws_cloudwatch_metric_alarm", "alarm_api-errors",
      #"{"actions_enabled":true,"alarm_description":"Takes part in composite alarms; notifies only through them.","alarm_name":"api-errors-alarm-dev","comparison_operator":"GreaterThanOrEqualToThreshold","datapoints_to_alarm":1,"evaluation_periods":1,"metric_name":"ErrorCount","namespace":"Shop/api","period":60,"statistic":"Sum","threshold":1.0,"treat_missing_data":"missing"}"#
    ),
    (
      "aws_cloudwatch_composite_alarm", "composite_shop-failing",
      #"{"actions_enabled":true,"alarm_actions":["${aws_sns_topic.topic_oncall.arn}"],"alarm_description":"Composite alarm over api-errors.","alarm_name":"shop-failing-composite-dev","alarm_rule":"ALARM(${aws_cloudwatch_metric_alarm.alarm_api-errors.alarm_name})","ok_actions":["${aws_sns_topic.topic_oncall.arn}"]}"#
    ),
    (
      "aws_xray_sampling_rule", "sampling",
      #"{"fixed_rate":0.1,"host":"*","http_method":"*","priority":1000,"reservoir_size":1,"resource_arn":"*","rule_name":"shop-sampling-dev","service_name":"*","service_type":"*","url_path":"*","version":1}"#
    ),
    (
      "aws_xray_group", "xray_api",
      #"{"filter_expression":"service(\"api-dev\")","group_name":"api-xray-dev","insights_configuration":[{"insights_enabled":true,"notifications_enabled":false}]}"#
    ),
    (
      "aws_cloudwatch_event_rule", "remediate_restart-api",
      #"{"description":"shop-failing \u2192 ALARM invokes api","event_pattern":"{\"detail\":{\"state\":{\"value\":[\"ALARM\"]}},\"detail-type\":[\"CloudWatch Alarm State Change\"],\"resources\":[\"${aws_cloudwatch_composite_alarm.composite_shop-failing.arn}\"],\"source\":[\"aws.cloudwatch\"]}","name":"restart-api-rule-dev"}"#
    ),
    (
      "aws_lambda_permission", "remediate_restart-api",
      #"{"action":"lambda:InvokeFunction","function_name":"${aws_lambda_function.fn_api.function_name}","principal":"events.amazonaws.com","source_arn":"${aws_cloudwatch_event_rule.remediate_restart-api.arn}","statement_id":"AllowEventBridge-restart-api"}"#
    ),
    (
      "aws_synthetics_canary", "canary_health",
      #"{"artifact_config":[{"s3_encryption":[{"encryption_mode":"SSE_KMS","kms_key_arn":"${aws_kms_key.key_logs.arn}"}]}],"artifact_s3_location":"s3://${aws_s3_bucket.archive.id}/canary/","execution_role_arn":"${aws_iam_role.role_canary.arn}","failure_retention_period":30,"handler":"index.handler","name":"health-dev","run_config":[{"active_tracing":true,"timeout_in_seconds":60}],"runtime_version":"syn-nodejs-puppeteer-9.1","schedule":[{"expression":"rate(5 minutes)"}],"start_canary":true,"success_retention_period":30,"zip_file":"canary/health.zip"}"#
    ),
    ("aws_ssm_parameter", "param_db_host", #"{"name":"/shop/dev/db/host","type":"String","value":"db.internal"}"#),
    (
      "aws_cloudwatch_query_definition", "query_errors",
      #"{"log_group_names":["${aws_cloudwatch_log_group.logs_api.name}"],"name":"shop-dev/errors","query_string":"filter level = \"ERROR\""}"#
    ),
  ]

  @Test(arguments: cases) func theResourceBody(_ type: String, _ id: String, _ expected: String) throws {
    let export = try ExportSessions.terraform(ExportSessions.small)
    let body = try #require(export.document["resource"]?[type]?[id])
    #expect(body.serialized(pretty: false) == (try JSONValue.parse(expected)).serialized(pretty: false))
  }

  @Test func variablesAndOutputs() throws {
    let export = try ExportSessions.terraform(ExportSessions.small)
    #expect(
      export.document["variable"]?["hook"]?.serialized(pretty: false)
        == #"{"description":"Set by the deployer.","sensitive":true,"type":"string"}"#)
    #expect(
      export.document["output"]?.serialized(pretty: false)
        == #"{"topic_oncall_arn":{"description":"ARN of the oncall topic","value":"${aws_sns_topic.topic_oncall.arn}"}}"#)
  }

  /// The dashboards are named per service plus the overview, with the dashboard body as a string.
  @Test func dashboards() throws {
    let export = try ExportSessions.terraform(ExportSessions.small)
    let dashboards = export.document["resource"]?["aws_cloudwatch_dashboard"]?.objectValue ?? [:]
    #expect(
      dashboards.keys.sorted().map { "\($0): \(dashboards[$0]?["dashboard_name"]?.stringValue ?? "")" } == [
        "dashboard_api: api-dashboard-dev", "dashboard_overview: overview-dashboard-dev", "dashboard_web: web-dashboard-dev",
      ])
  }

  /// A created network: the VPC, one private subnet per zone, the default security group.
  @Test func createdNetwork() throws {
    let export = try ExportSessions.terraform("stack shop --suffix dev\nnetwork create --cidr 10.1.0.0/16 --zones 2")
    let resources = export.document["resource"]
    #expect(
      resources?["aws_vpc"]?["vpc"]?.serialized(pretty: false)
        == #"{"cidr_block":"10.1.0.0/16","enable_dns_hostnames":true,"enable_dns_support":true,"tags":{"Name":"shop-vpc-dev"}}"#)
    #expect(resources?["aws_subnet"]?.objectValue?.keys.sorted() == ["private_0", "private_1"])
    #expect(resources?["aws_subnet"]?["private_1"]?["tags"]?["Name"] == "shop-private-1-subnet-dev")
    #expect(resources?["aws_default_security_group"]?["default"]?.serialized(pretty: false) == #"{"vpc_id":"${aws_vpc.vpc.id}"}"#)
  }
}
