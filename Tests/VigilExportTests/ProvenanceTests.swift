import Testing
import VigilCore
import VigilExport
import VigilModel

/// The exporter says which session resource each Terraform resource comes from; policy findings point there.
@Suite struct ProvenanceTests {
  @Test func everyResourceHasItsSessionResource() throws {
    let export = try ExportSessions.terraform(ExportSessions.small)
    let owners = Dictionary(grouping: export.provenance.keys.sorted(), by: { export.provenance[$0]!.description })
    #expect(
      owners == [
        "stack": [
          "aws_cloudwatch_dashboard.dashboard_overview", "aws_iam_role.role_firehose", "aws_iam_role.role_logs_to_firehose",
          "aws_iam_role_policy.policy_firehose", "aws_iam_role_policy.policy_logs_to_firehose",
          "aws_kinesis_firehose_delivery_stream.archive", "aws_s3_bucket.archive", "aws_s3_bucket_lifecycle_configuration.archive",
          "aws_s3_bucket_notification.archive", "aws_s3_bucket_public_access_block.archive",
          "aws_s3_bucket_server_side_encryption_configuration.archive", "aws_s3_bucket_versioning.archive",
        ],
        "key logs": ["aws_kms_alias.key_logs_alias", "aws_kms_key.key_logs"],
        "logs api": ["aws_cloudwatch_log_group.logs_api", "aws_cloudwatch_log_subscription_filter.archive_api"],
        "logs web": ["aws_cloudwatch_log_group.logs_web", "aws_cloudwatch_log_subscription_filter.archive_web"],
        "topic oncall": [
          "aws_sns_topic.topic_oncall", "aws_sns_topic_policy.topic_oncall", "aws_sns_topic_subscription.sub_oncall_email_0",
          "aws_sns_topic_subscription.sub_oncall_queue", "aws_sqs_queue.dlq_oncall", "aws_sqs_queue.queue_oncall",
          "aws_sqs_queue_policy.dlq_oncall", "aws_sqs_queue_policy.queue_oncall",
        ],
        "cluster main": ["aws_ecs_cluster.cluster_main"],
        "service api": [
          "aws_cloudwatch_dashboard.dashboard_api", "aws_iam_role.role_api", "aws_iam_role_policy.policy_api",
          "aws_iam_role_policy_attachment.attach_api_0", "aws_iam_role_policy_attachment.attach_api_1", "aws_lambda_function.fn_api",
          "aws_security_group.sg_api", "aws_sqs_queue.dlq_api", "aws_vpc_security_group_egress_rule.sg_api_https_out",
          "aws_xray_group.xray_api",
        ],
        "service web": [
          "aws_cloudwatch_dashboard.dashboard_web", "aws_ecs_service.svc_web", "aws_ecs_task_definition.task_web",
          "aws_iam_role.role_web-exec", "aws_iam_role.role_web-task", "aws_iam_role_policy.policy_web-exec",
          "aws_iam_role_policy.policy_web-task", "aws_security_group.sg_web", "aws_vpc_security_group_egress_rule.sg_web_https_out",
          "aws_vpc_security_group_ingress_rule.sg_web_service_in", "aws_xray_group.xray_web",
        ],
        "metric-filter api-errors": ["aws_cloudwatch_log_metric_filter.filter_api-errors"],
        "alarm api-errors": ["aws_cloudwatch_metric_alarm.alarm_api-errors"],
        "composite shop-failing": ["aws_cloudwatch_composite_alarm.composite_shop-failing"],
        "tracing": ["aws_xray_sampling_rule.sampling"],
        "remediation restart-api": [
          "aws_cloudwatch_event_rule.remediate_restart-api", "aws_cloudwatch_event_target.remediate_restart-api",
          "aws_lambda_permission.remediate_restart-api",
        ],
        "canary health": ["aws_iam_role.role_canary", "aws_iam_role_policy.policy_canary", "aws_synthetics_canary.canary_health"],
        "parameter db/host": ["aws_ssm_parameter.param_db_host"],
        "query-definition errors": ["aws_cloudwatch_query_definition.query_errors"],
      ])
  }

  /// Every provenance entry names a resource of the document and every resource of the document has one.
  @Test func provenanceAndDocumentAgree() throws {
    let export = try ExportSessions.terraform(ExportSessions.small)
    var addresses: [String] = []
    for (type, items) in export.document["resource"]?.objectValue ?? [:] {
      for id in (items.objectValue ?? [:]).keys { addresses.append("\(type).\(id)") }
    }
    #expect(addresses.sorted() == export.provenance.keys.sorted())
  }

  /// Every owner is a key of `Stack.origins`, so a finding on any exported resource points at a session line.
  @Test func everyOwnerHasASessionLine() throws {
    let stack = try ExportSessions.stack(ExportSessions.small)
    let export = try TerraformExporter.terraform(stack)
    let lines = Set(export.provenance.values).map { "\($0): \(stack.origins[$0.description].map { String($0.line) } ?? "none")" }
    #expect(
      lines.sorted() == [
        "alarm api-errors: 7", "canary health: 12", "cluster main: none", "composite shop-failing: 9", "key logs: 2", "logs api: 5",
        "logs web: 4", "metric-filter api-errors: 6", "parameter db/host: 13", "query-definition errors: 14",
        "remediation restart-api: 11", "service api: 3", "service web: 4", "stack: 1", "topic oncall: 8", "tracing: 10",
      ])
  }
}
