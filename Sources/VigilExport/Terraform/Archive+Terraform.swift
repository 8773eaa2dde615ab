import VigilCore
import VigilModel

extension TerraformExporter {
  // MARK: Archive: subscription filter → Firehose → S3 (KMS) → Glacier

  var archivedGroups: [LogGroup] { stack.logGroups.filter { $0.archive != nil } }
  var needsBucket: Bool { !archivedGroups.isEmpty || !stack.canaries.isEmpty }

  mutating func buildArchive() throws(ExportError) {
    guard needsBucket else { return }
    doc.owner = SessionResource("stack")
    let key = keyARN(defaultKey)
    try doc.resource(
      "aws_s3_bucket", "archive",
      ["bucket": .template("\(names.physical(env.stackName, .logArchive))-\(Self.account)"), "force_destroy": true])
    var sse: [String: TerraformValue] = ["sse_algorithm": .string(key == nil ? "AES256" : "aws:kms")]
    if let key { sse["kms_master_key_id"] = .template(key) }
    try doc.resource(
      "aws_s3_bucket_server_side_encryption_configuration", "archive",
      [
        "bucket": "${aws_s3_bucket.archive.id}",
        "rule": [["apply_server_side_encryption_by_default": [.object(sse)], "bucket_key_enabled": true]],
      ])
    try doc.resource(
      "aws_s3_bucket_public_access_block", "archive",
      [
        "bucket": "${aws_s3_bucket.archive.id}", "block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true,
        "restrict_public_buckets": true,
      ])
    try doc.resource(
      "aws_s3_bucket_versioning", "archive", ["bucket": "${aws_s3_bucket.archive.id}", "versioning_configuration": [["status": "Enabled"]]])
    let after = archivedGroups.map(\.archiveAfterDays).min() ?? 30
    try doc.resource(
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
    try doc.resource("aws_s3_bucket_notification", "archive", ["bucket": "${aws_s3_bucket.archive.id}", "eventbridge": true])
    guard !archivedGroups.isEmpty else { return }
    var firehosePolicy: [TerraformValue] = [
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
    try role("firehose", service: "firehose.amazonaws.com", inline: firehosePolicy)
    var stream: [String: TerraformValue] = [
      "name": .string(names.physical(env.stackName, .logArchive)), "destination": "extended_s3",
      "extended_s3_configuration": [
        .object(
          [
            "role_arn": "${aws_iam_role.role_firehose.arn}", "bucket_arn": "${aws_s3_bucket.archive.arn}", "prefix": "logs/",
            "error_output_prefix": "errors/", "buffering_interval": 300, "buffering_size": 5,
          ].merging(key.map { ["kms_key_arn": TerraformValue.template($0)] } ?? [:]) { a, _ in a })
      ],
    ]
    if let key { stream["server_side_encryption"] = [["enabled": true, "key_type": "CUSTOMER_MANAGED_CMK", "key_arn": .template(key)]] }
    try doc.resource("aws_kinesis_firehose_delivery_stream", "archive", stream)
    try role(
      "logs_to_firehose", service: "logs.\(env.region).amazonaws.com",
      inline: [
        PolicyDocument.statement(
          sid: "PutToArchiveStream", actions: ["firehose:PutRecord", "firehose:PutRecordBatch"],
          resources: ["${aws_kinesis_firehose_delivery_stream.archive.arn}"])
      ])
  }
}
