import VigilCore
import VigilModel

extension TerraformExporter {
  // MARK: Services

  mutating func buildServices() throws(ExportError) {
    let lambdas = stack.services.filter(\.isLambda)
    if !lambdas.isEmpty {
      doc.variable(
        Self.insightsLayerVariable, type: "string",
        description: LambdaInsightsLayer.description, default: .string(LambdaInsightsLayer.arn(region: env.region)))
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

  mutating func lambdaFunction(_ service: Service, runtime: String, memory: Int, timeout: Int, handler: String) throws(ExportError) {
    let group = ResourceNames.logicalID(.logs, service.name)
    let key = stack.logGroup(for: service.name)?.key ?? defaultKey
    let dlq = ResourceNames.logicalID(.dlq, service.name)
    try queue(dlq, name: names.physical(service.name, .dlq), key: key)
    var statements: [TerraformValue] = [
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
    let role = try self.role(service.name, service: "lambda.amazonaws.com", inline: statements, managed: managed)
    let zipPath = "lambda/\(service.name).zip"
    let handlerName: LambdaHandlerName
    do { handlerName = try LambdaHandlerName(validating: handler) } catch { throw ExportError.invalidHandler(service: service.name, error) }
    bundles.append((zipPath, LambdaBundle.zip(for: service.name, handler: handlerName)))
    var body: [String: TerraformValue] = [
      "function_name": .string(names.physical(service.name)), "role": .template("${aws_iam_role.\(role).arn}"), "runtime": .string(runtime),
      "handler": .string(handler), "filename": .string(zipPath),
      "source_code_hash": .template("${filebase64sha256(\"\(zipPath)\")}"), "memory_size": .int(memory), "timeout": .int(timeout),
      "tracing_config": [["mode": .string(service.tracing ? "Active" : "PassThrough")]],
      "dead_letter_config": [["target_arn": .template("${aws_sqs_queue.\(dlq).arn}")]],
      "reserved_concurrent_executions": 50,
      "environment": [
        [
          "variables": [
            "SERVICE_NAME": .string(service.name), "ENVIRONMENT": .string(env.suffix), "METRICS_NAMESPACE": "Payments",
            "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
          ]
        ]
      ],
      // The format the session says (Text unless `--log-format json`): filter patterns and queries are written for it.
      "logging_config": [
        ["log_format": .string(service.logFormat.awsValue), "log_group": .template("${aws_cloudwatch_log_group.\(group).name}")]
      ],
      "depends_on": [.string("aws_cloudwatch_log_group.\(group)")],
    ]
    if service.insights { body["layers"] = [.template("${var.\(Self.insightsLayerVariable)}")] }
    if let key = keyARN(key) { body["kms_key_arn"] = .template(key) }
    if let subnets = subnetIDs {
      let sg = try securityGroup(service.name, port: nil)
      body["vpc_config"] = [["subnet_ids": subnets, "security_group_ids": [.template("${aws_security_group.\(sg).id}")]]]
    }
    try doc.resource("aws_lambda_function", ResourceNames.logicalID(.function, service.name), body)
  }

  /// A security group with HTTPS egress and, for services with a port, ingress from the VPC.
  mutating func securityGroup(_ base: String, port: Int?) throws(ExportError) -> String {
    let id = ResourceNames.logicalID(.securityGroup, base)
    try doc.resource(
      "aws_security_group", id,
      [
        "name": .string(names.physical(base, .securityGroup)), "description": .string("\(base) (\(env.suffix)): HTTPS out, service port in from the VPC"),
        "vpc_id": vpcID.map { .template($0) } ?? .null,
      ])
    try doc.resource(
      "aws_vpc_security_group_egress_rule", ResourceNames.logicalID(.securityGroup, base, "https_out"),
      [
        "security_group_id": .template("${aws_security_group.\(id).id}"), "description": "HTTPS to AWS APIs and images",
        "ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "0.0.0.0/0",
      ])
    if let port {
      try doc.resource(
        "aws_vpc_security_group_ingress_rule", ResourceNames.logicalID(.securityGroup, base, "service_in"),
        [
          "security_group_id": .template("${aws_security_group.\(id).id}"), "description": "Service port from inside the VPC",
          "ip_protocol": "tcp", "from_port": .int(port), "to_port": .int(port), "cidr_ipv4": vpcCIDR,
        ])
    }
    return id
  }

  mutating func ecsService(_ service: Service, cluster: String, cpu: Int, memory: Int, image: String, port: Int, desired: Int) throws(ExportError) {
    let group = ResourceNames.logicalID(.logs, service.name)
    let key = stack.logGroup(for: service.name)?.key ?? defaultKey
    let imageVariable = ResourceNames.logicalID(.image, service.name).replacingHyphens
    doc.variable(
      imageVariable, type: "string", description: "Container image of \(service.name).",
      default: .string(image.isEmpty ? "public.ecr.aws/docker/library/node:20-alpine" : image))
    var executionStatements: [TerraformValue] = [
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
    let execution = try role("\(service.name)-exec", service: "ecs-tasks.amazonaws.com", inline: executionStatements)
    let task = try role(
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
    func logConfiguration(_ prefix: String) -> TerraformValue {
      [
        "logDriver": "awslogs",
        "options": [
          "awslogs-group": .template("${aws_cloudwatch_log_group.\(group).name}"), "awslogs-region": .string(env.region),
          "awslogs-stream-prefix": .string(prefix),
        ],
      ]
    }
    var containers: [TerraformValue] = [
      [
        "name": .string(service.name), "image": .template("${var.\(imageVariable)}"), "essential": true,
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
    let taskID = ResourceNames.logicalID(.task, service.name)
    try doc.resource(
      "aws_ecs_task_definition", taskID,
      [
        "family": .string(names.physical(service.name, .task)), "requires_compatibilities": ["FARGATE"], "network_mode": "awsvpc",
        "cpu": .string(String(cpu)), "memory": .string(String(memory)), "execution_role_arn": .template("${aws_iam_role.\(execution).arn}"),
        "task_role_arn": .template("${aws_iam_role.\(task).arn}"),
        "container_definitions": TerraformValue.array(containers).serializedTemplate,
      ])
    let sg = try securityGroup(service.name, port: port)
    try doc.resource(
      "aws_ecs_service", ResourceNames.logicalID(.service, service.name),
      [
        "name": .string(names.physical(service.name)), "cluster": .template("${aws_ecs_cluster.\(ResourceNames.logicalID(.cluster, cluster)).id}"),
        "task_definition": .template("${aws_ecs_task_definition.\(taskID).arn}"), "desired_count": .int(desired), "launch_type": "FARGATE",
        "network_configuration": [
          ["subnets": subnetIDs ?? [], "security_groups": [.template("${aws_security_group.\(sg).id}")], "assign_public_ip": false]
        ],
      ])
  }
}
