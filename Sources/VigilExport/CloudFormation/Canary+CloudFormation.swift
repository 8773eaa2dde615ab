import VigilCore
import VigilModel

extension CloudFormationExporter {
  /// The canary's script goes inline (`Code.Script`, CommonJS, entry point `index.handler`): the same code as the
  /// Terraform export's bundle, with the URL as a JSON-encoded constant (`LambdaBundle.canaryScript`).
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-synthetics-canary-code.html
  mutating func buildCanaries() throws(CloudFormationExportError) {
    guard !stack.canaries.isEmpty else { return }
    doc.owner = SessionResource("canary", stack.canaries[0].name)
    let bucketARN = CloudFormation.arn(Self.archiveBucket)
    var statements: [JSONValue] = [
      CloudFormation.statement(sid: "WriteArtifacts", actions: ["s3:PutObject", "s3:GetObject"], resources: [CloudFormation.join(bucketARN, "/canary/*")]),
      CloudFormation.statement(sid: "LocateBucket", actions: ["s3:GetBucketLocation"], resources: [bucketARN]),
      CloudFormation.statement(
        sid: "CanaryLogs", actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [CloudFormation.join(.string("arn:aws:logs:\(env.region):"), Self.account, ":log-group:/aws/lambda/cwsyn-*")]),
      CloudFormation.statement(
        sid: "CanaryMetrics", actions: ["cloudwatch:PutMetricData"], resources: ["*"],
        condition: ["StringEquals": ["cloudwatch:namespace": "CloudWatchSynthetics"]]),
      CloudFormation.statement(sid: "Tracing", actions: ["xray:PutTraceSegments"], resources: ["*"]),
    ]
    if let key = keyARN(defaultKey) {
      statements.append(CloudFormation.statement(sid: "UseKey", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [key]))
    }
    let role = try self.role("canary", service: "lambda.amazonaws.com", inline: statements)
    for canary in stack.canaries {
      doc.owner = SessionResource("canary", canary.name)
      let url: HTTPSURL
      do { url = try HTTPSURL(validating: canary.url) } catch { throw .export(.invalidCanaryURL(canary: canary.name, error)) }
      var encryption: [String: JSONValue] = ["EncryptionMode": "SSE_S3"]
      if let key = keyARN(defaultKey) { encryption = ["EncryptionMode": "SSE_KMS", "KmsKeyArn": key] }
      try doc.resource(
        "AWS::Synthetics::Canary", ResourceNames.cloudFormationID(.canary, canary.name),
        [
          "Name": .string(names.physical(canary.name)),
          "ArtifactS3Location": CloudFormation.join("s3://", CloudFormation.ref(Self.archiveBucket), "/canary/"),
          "ExecutionRoleArn": CloudFormation.arn(role),
          "Code": ["Handler": "index.handler", "Script": .string(LambdaBundle.canaryScript(url: url.text))],
          "RuntimeVersion": "syn-nodejs-puppeteer-9.1", "StartCanaryAfterCreation": true,
          "Schedule": ["Expression": .string("rate(\(canary.everyMinutes) minute\(canary.everyMinutes == 1 ? "" : "s"))")],
          "RunConfig": ["TimeoutInSeconds": 60, "ActiveTracing": true], "ArtifactConfig": ["S3Encryption": .object(encryption)],
          "SuccessRetentionPeriod": 30, "FailureRetentionPeriod": 30,
        ])
    }
  }
}
