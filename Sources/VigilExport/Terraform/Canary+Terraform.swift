import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildCanaries() throws(ExportError) {
    guard !stack.canaries.isEmpty else { return }
    // The role is shared by every canary; it belongs to the first.
    doc.owner = SessionResource("canary", stack.canaries[0].name)
    var statements: [TerraformValue] = [
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
    let role = try self.role("canary", service: "lambda.amazonaws.com", inline: statements)
    for canary in stack.canaries {
      doc.owner = SessionResource("canary", canary.name)
      let zipPath = "canary/\(canary.name).zip"
      let url: HTTPSURL
      do { url = try HTTPSURL(validating: canary.url) } catch { throw ExportError.invalidCanaryURL(canary: canary.name, error) }
      bundles.append((zipPath, LambdaBundle.canaryZip(url: url.text)))
      var artifact: [String: TerraformValue] = ["encryption_mode": "SSE_S3"]
      if let key = keyARN(defaultKey) { artifact = ["encryption_mode": "SSE_KMS", "kms_key_arn": .template(key)] }
      try doc.resource(
        "aws_synthetics_canary", ResourceNames.logicalID(.canary, canary.name),
        [
          "name": .string(names.physical(canary.name)), "artifact_s3_location": "s3://${aws_s3_bucket.archive.id}/canary/",
          "execution_role_arn": .template("${aws_iam_role.\(role).arn}"), "handler": "index.handler", "zip_file": .string(zipPath),
          "runtime_version": "syn-nodejs-puppeteer-9.1", "start_canary": true,
          "schedule": [["expression": .string("rate(\(canary.everyMinutes) minute\(canary.everyMinutes == 1 ? "" : "s"))")]],
          "run_config": [["timeout_in_seconds": 60, "active_tracing": true]],
          "artifact_config": [["s3_encryption": [.object(artifact)]]],
          "success_retention_period": 30, "failure_retention_period": 30,
        ])
    }
  }
}
