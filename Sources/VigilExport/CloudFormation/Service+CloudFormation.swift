import VigilCore
import VigilModel

extension CloudFormationExporter {
  // MARK: Services

  static let insightsLayerParameter = "LambdaInsightsLayerArn"

  mutating func buildServices() throws(CloudFormationExportError) {
    doc.owner = SessionResource("stack")
    let lambdas = stack.services.filter(\.isLambda)
    if !lambdas.isEmpty {
      try doc.parameter(
        Self.insightsLayerParameter, type: "String",
        description: LambdaInsightsLayer.description, default: LambdaInsightsLayer.arn(region: env.region))
      try doc.parameter(
        Self.artifactBucket, type: "String",
        description: "S3 bucket (in this region) holding the Lambda bundles written next to this template, uploaded under their paths (lambda/NAME-CRC.zip).")
    }
    for service in stack.services {
      doc.owner = SessionResource("service", service.name)
      switch service.kind {
      case .lambda(let runtime, let memory, let timeout, let handler):
        try lambdaFunction(service, runtime: runtime, memory: memory, timeout: timeout, handler: handler)
      case .ecs(let cluster, let cpu, let memory, let image, let port, let desired):
        try ecsService(service, cluster: cluster, cpu: cpu, memory: memory, image: image, port: port, desired: desired)
      }
    }
  }

  /// The function runs the same bundle as the Terraform export (`LambdaBundle.zip`). CloudFormation's inline
  /// `ZipFile` writes `index.js`, a CommonJS module, and Vigil's handler is an ES module, so the code comes from S3:
  /// the bundle is written as `lambda/NAME-CRC.zip` next to the template, for the deployer to upload to the bucket
  /// named by the `LambdaArtifactBucket` parameter. The CRC-32 of the bundle is in the key because CloudFormation
  /// does not notice a changed object under an unchanged key.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-code.html
  mutating func lambdaFunction(_ service: Service, runtime: String, memory: Int, timeout: Int, handler: String) throws(CloudFormationExportError) {
    let group = ResourceNames.cloudFormationID(.logs, service.name)
    let key = stack.logGroup(for: service.name)?.key ?? defaultKey
    let dlq = ResourceNames.cloudFormationID(.dlq, service.name)
    try queue(dlq, name: names.physical(service.name, .dlq), key: key)
    var statements: [JSONValue] = [
      // A log group's `Arn` attribute ends in `:*`, so it covers the group's streams.
      CloudFormation.statement(sid: "WriteOwnLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [CloudFormation.arn(group)]),
      // X-Ray trace APIs do not support resource-level permissions.
      CloudFormation.statement(sid: "Tracing", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"]),
      CloudFormation.statement(sid: "DeadLetters", actions: ["sqs:SendMessage"], resources: [CloudFormation.arn(dlq)]),
      CloudFormation.statement(
        sid: "PublishMetrics", actions: ["cloudwatch:PutMetricData"], resources: ["*"],
        condition: ["StringEquals": ["cloudwatch:namespace": "Payments"]]),
    ]
    if let key = keyARN(key) {
      statements.append(CloudFormation.statement(sid: "UseKey", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [key]))
    }
    var managed: [String] = []
    if service.insights { managed.append("arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy") }
    if stack.network != .none { managed.append("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole") }
    let role = try self.role(service.name, service: "lambda.amazonaws.com", inline: statements, managed: managed)
    let handlerName: LambdaHandlerName
    do { handlerName = try LambdaHandlerName(validating: handler) } catch { throw .export(.invalidHandler(service: service.name, error)) }
    let bundle = LambdaBundle.zip(for: service.name, handler: handlerName)
    let crc = String(ZipArchive.crc32(bundle), radix: 16)
    let zipPath = "lambda/\(service.name)-\(String(repeating: "0", count: 8 - crc.count))\(crc).zip"
    bundles.append((zipPath, bundle))
    var properties: [String: JSONValue] = [
      "FunctionName": .string(names.physical(service.name)), "Role": CloudFormation.arn(role), "Runtime": .string(runtime),
      "Handler": .string(handler), "Code": ["S3Bucket": CloudFormation.ref(Self.artifactBucket), "S3Key": .string(zipPath)],
      "MemorySize": .int(memory), "Timeout": .int(timeout), "TracingConfig": ["Mode": .string(service.tracing ? "Active" : "PassThrough")],
      "DeadLetterConfig": ["TargetArn": CloudFormation.arn(dlq)], "ReservedConcurrentExecutions": 50,
      "Environment": [
        "Variables": [
          "SERVICE_NAME": .string(service.name), "ENVIRONMENT": .string(env.suffix), "METRICS_NAMESPACE": "Payments",
          "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
        ]
      ],
      // The session's log format (text by default, as AWS's), as the Terraform export writes it: the metric filters
      // and the readers assume it. The reference to the group also orders its creation before the function's.
      "LoggingConfig": ["LogFormat": .string(service.logFormat.awsValue), "LogGroup": CloudFormation.ref(group)],
    ]
    if service.insights { properties["Layers"] = [CloudFormation.ref(Self.insightsLayerParameter)] }
    if let key = keyARN(key) { properties["KmsKeyArn"] = key }
    if let subnets = subnetIDs {
      let sg = try securityGroup(service.name, port: nil)
      properties["VpcConfig"] = ["SubnetIds": subnets, "SecurityGroupIds": [CloudFormation.getAtt(sg, "GroupId")]]
    }
    try doc.resource("AWS::Lambda::Function", ResourceNames.cloudFormationID(.function, service.name), properties)
  }

  mutating func ecsService(_ service: Service, cluster: String, cpu: Int, memory: Int, image: String, port: Int, desired: Int) throws(CloudFormationExportError) {
    let group = ResourceNames.cloudFormationID(.logs, service.name)
    let key = stack.logGroup(for: service.name)?.key ?? defaultKey
    let imageParameter = ResourceNames.cloudFormationID(.image, service.name)
    try doc.parameter(
      imageParameter, type: "String", description: "Container image of \(service.name).",
      default: image.isEmpty ? "public.ecr.aws/docker/library/node:20-alpine" : image)
    var executionStatements: [JSONValue] = [
      CloudFormation.statement(sid: "WriteOwnLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [CloudFormation.arn(group)]),
      // ecr:GetAuthorizationToken has no resource-level permissions.
      CloudFormation.statement(sid: "PullImages", actions: ["ecr:GetAuthorizationToken"], resources: ["*"]),
      CloudFormation.statement(
        sid: "PullFromAccountRepositories", actions: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        resources: [CloudFormation.join(.string("arn:aws:ecr:\(env.region):"), Self.account, ":repository/*")]),
    ]
    if let key = keyARN(key) {
      executionStatements.append(CloudFormation.statement(sid: "UseKey", actions: ["kms:Decrypt"], resources: [key]))
    }
    let execution = try role("\(service.name)-exec", service: "ecs-tasks.amazonaws.com", inline: executionStatements)
    let task = try role(
      "\(service.name)-task", service: "ecs-tasks.amazonaws.com",
      inline: [
        CloudFormation.statement(
          sid: "XRayDaemon", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
          resources: ["*"]),
        CloudFormation.statement(
          sid: "PublishMetrics", actions: ["cloudwatch:PutMetricData"], resources: ["*"],
          condition: ["StringEquals": ["cloudwatch:namespace": "Payments"]]),
      ])
    func logConfiguration(_ prefix: String) -> JSONValue {
      [
        "LogDriver": "awslogs",
        "Options": ["awslogs-group": CloudFormation.ref(group), "awslogs-region": .string(env.region), "awslogs-stream-prefix": .string(prefix)],
      ]
    }
    var containers: [JSONValue] = [
      [
        "Name": .string(service.name), "Image": CloudFormation.ref(imageParameter), "Essential": true,
        "PortMappings": [["ContainerPort": .int(port), "Protocol": "tcp"]], "LogConfiguration": logConfiguration("app"),
        "Environment": [["Name": "SERVICE_NAME", "Value": .string(service.name)], ["Name": "AWS_XRAY_DAEMON_ADDRESS", "Value": "127.0.0.1:2000"]],
        "ReadonlyRootFilesystem": true,
      ]
    ]
    if service.tracing {
      containers.append([
        "Name": "xray-daemon", "Image": "public.ecr.aws/xray/aws-xray-daemon:3.3", "Essential": false, "Cpu": 32, "MemoryReservation": 256,
        "PortMappings": [["ContainerPort": 2000, "Protocol": "udp"]], "LogConfiguration": logConfiguration("xray"), "ReadonlyRootFilesystem": true,
      ])
    }
    let taskID = ResourceNames.cloudFormationID(.task, service.name)
    try doc.resource(
      "AWS::ECS::TaskDefinition", taskID,
      [
        "Family": .string(names.physical(service.name, .task)), "RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc",
        "Cpu": .string(String(cpu)), "Memory": .string(String(memory)), "ExecutionRoleArn": CloudFormation.arn(execution),
        "TaskRoleArn": CloudFormation.arn(task), "ContainerDefinitions": .array(containers),
      ])
    let sg = try securityGroup(service.name, port: port)
    try doc.resource(
      "AWS::ECS::Service", ResourceNames.cloudFormationID(.service, service.name),
      [
        "ServiceName": .string(names.physical(service.name)), "Cluster": CloudFormation.ref(ResourceNames.cloudFormationID(.cluster, cluster)),
        // `Ref` of a task definition is its ARN.
        "TaskDefinition": CloudFormation.ref(taskID), "DesiredCount": .int(desired), "LaunchType": "FARGATE",
        "NetworkConfiguration": [
          "AwsvpcConfiguration": [
            "Subnets": subnetIDs ?? [], "SecurityGroups": [CloudFormation.getAtt(sg, "GroupId")], "AssignPublicIp": "DISABLED",
          ]
        ],
      ])
  }
}
