import VigilCore
import VigilModel

extension CloudFormationExporter {
  // MARK: Archive: subscription filter → Firehose → S3 (KMS) → Glacier

  /// Logical ids no session name can produce (session-derived ids start with their kind's prefix, `Logs…`, `Archive…`).
  static let archiveBucket = "LogArchiveBucket"
  static let archiveStream = "LogArchiveStream"

  var archivedGroups: [LogGroup] { stack.logGroups.filter { $0.archive != nil } }
  var needsBucket: Bool { !archivedGroups.isEmpty || !stack.canaries.isEmpty }

  /// One `AWS::S3::Bucket` carries what the Terraform export splits into the bucket and its encryption, public access
  /// block, versioning, lifecycle and notification resources. Terraform's `force_destroy` has no CloudFormation
  /// property: deleting the stack fails while the bucket holds objects, so an archive is never deleted by accident.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html
  mutating func buildArchive() throws(CloudFormationExportError) {
    guard needsBucket else { return }
    doc.owner = SessionResource("stack")
    let key = keyARN(defaultKey)
    var sse: [String: JSONValue] = ["SSEAlgorithm": .string(key == nil ? "AES256" : "aws:kms")]
    if let key { sse["KMSMasterKeyID"] = key }
    let after = archivedGroups.map(\.archiveAfterDays).min() ?? 30
    try doc.resource(
      "AWS::S3::Bucket", Self.archiveBucket,
      [
        "BucketName": CloudFormation.join(.string("\(names.physical(env.stackName, .logArchive))-"), Self.account),
        "BucketEncryption": ["ServerSideEncryptionConfiguration": [["ServerSideEncryptionByDefault": .object(sse), "BucketKeyEnabled": true]]],
        "PublicAccessBlockConfiguration": [
          "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
        ],
        "VersioningConfiguration": ["Status": "Enabled"],
        "LifecycleConfiguration": [
          "Rules": [
            [
              "Id": "archive-to-glacier", "Status": "Enabled", "Prefix": "logs/",
              "Transitions": [["TransitionInDays": .int(after), "StorageClass": "GLACIER"]],
              "NoncurrentVersionTransitions": [["TransitionInDays": .int(after), "StorageClass": "GLACIER"]],
            ],
            // Failed Firehose and canary uploads under any prefix are cleaned up.
            ["Id": "abort-incomplete-uploads", "Status": "Enabled", "AbortIncompleteMultipartUpload": ["DaysAfterInitiation": 7]],
          ]
        ],
        // Object events go to EventBridge, where archive deliveries can be audited or alerted on.
        "NotificationConfiguration": ["EventBridgeConfiguration": ["EventBridgeEnabled": true]],
      ])
    guard !archivedGroups.isEmpty else { return }
    let bucketARN = CloudFormation.arn(Self.archiveBucket)
    var firehosePolicy: [JSONValue] = [
      CloudFormation.statement(
        sid: "WriteArchive",
        actions: [
          "s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads",
          "s3:PutObject",
        ],
        resources: [bucketARN, CloudFormation.join(bucketARN, "/*")])
    ]
    if let key {
      firehosePolicy.append(CloudFormation.statement(sid: "UseKey", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [key]))
    }
    let firehoseRole = try role("firehose", service: "firehose.amazonaws.com", inline: firehosePolicy)
    var destination: [String: JSONValue] = [
      "RoleARN": CloudFormation.arn(firehoseRole), "BucketARN": bucketARN, "Prefix": "logs/", "ErrorOutputPrefix": "errors/",
      "BufferingHints": ["IntervalInSeconds": 300, "SizeInMBs": 5],
    ]
    var stream: [String: JSONValue] = ["DeliveryStreamName": .string(names.physical(env.stackName, .logArchive)), "DeliveryStreamType": "DirectPut"]
    if let key {
      destination["EncryptionConfiguration"] = ["KMSEncryptionConfig": ["AWSKMSKeyARN": key]]
      stream["DeliveryStreamEncryptionConfigurationInput"] = ["KeyType": "CUSTOMER_MANAGED_CMK", "KeyARN": key]
    }
    stream["ExtendedS3DestinationConfiguration"] = .object(destination)
    try doc.resource("AWS::KinesisFirehose::DeliveryStream", Self.archiveStream, stream)
    try role(
      "logs_to_firehose", service: "logs.\(env.region).amazonaws.com",
      inline: [
        CloudFormation.statement(
          sid: "PutToArchiveStream", actions: ["firehose:PutRecord", "firehose:PutRecordBatch"], resources: [CloudFormation.arn(Self.archiveStream)])
      ])
  }
}
