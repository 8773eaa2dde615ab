import VigilCore
import VigilModel

extension TerraformExporter {
  // MARK: Topics, subscriptions, dead-letter queues

  mutating func queue(_ id: String, name queueName: String, key: String?, extra: [String: TerraformValue] = [:]) throws(ExportError) {
    var body: [String: TerraformValue] = ["name": .string(queueName), "message_retention_seconds": 1_209_600]
    if let key = keyARN(key) {
      body["kms_master_key_id"] = .template(key)
      body["kms_data_key_reuse_period_seconds"] = 300
    } else {
      body["sqs_managed_sse_enabled"] = true
    }
    try doc.resource("aws_sqs_queue", id, body.merging(extra) { _, b in b })
  }

  mutating func buildTopics() throws(ExportError) {
    for topic in stack.topics {
      doc.owner = SessionResource("topic", topic.name)
      let id = ResourceNames.logicalID(.topic, topic.name)
      var body: [String: TerraformValue] = ["name": .string(names.physical(topic.name, .topic))]
      if let key = keyARN(topic.key) { body["kms_master_key_id"] = .template(key) }
      try doc.resource("aws_sns_topic", id, body)
      let sameAccount: TerraformValue = ["StringEquals": ["aws:SourceAccount": .template(Self.account)]]
      try doc.resource(
        "aws_sns_topic_policy", id,
        [
          "arn": .template("${aws_sns_topic.\(id).arn}"),
          "policy": PolicyDocument.render([
            PolicyDocument.statement(
              sid: "AlarmsAndEventsPublish", principal: ["Service": ["cloudwatch.amazonaws.com", "events.amazonaws.com"]],
              actions: ["sns:Publish"], resources: ["${aws_sns_topic.\(id).arn}"], condition: sameAccount)
          ]),
        ])
      var redrive: TerraformValue?
      if topic.deadLetterQueue {
        let dlq = ResourceNames.logicalID(.dlq, topic.name)
        try queue(dlq, name: names.physical(topic.name, .dlq), key: topic.key)
        redrive = .template("{\"deadLetterTargetArn\":\"${aws_sqs_queue.\(dlq).arn}\"}")
        // The SQS path: notifications also land in a queue (for the webhook relay) whose
        // redrive policy moves a message to the DLQ after maxReceiveCount receives.
        let relay = ResourceNames.logicalID(.queue, topic.name)
        try queue(
          relay, name: names.physical(topic.name, .notifications), key: topic.key,
          extra: [
            "redrive_policy": .template(
              "{\"deadLetterTargetArn\":\"${aws_sqs_queue.\(dlq).arn}\",\"maxReceiveCount\":\(topic.maxReceiveCount)}")
          ])
        for queueID in [dlq, relay] {
          try doc.resource(
            "aws_sqs_queue_policy", queueID,
            [
              "queue_url": .template("${aws_sqs_queue.\(queueID).id}"),
              "policy": PolicyDocument.render([
                PolicyDocument.statement(
                  sid: "OnlyTheTopicSends", principal: ["Service": "sns.amazonaws.com"], actions: ["sqs:SendMessage"],
                  resources: ["${aws_sqs_queue.\(queueID).arn}"],
                  condition: ["ArnEquals": ["aws:SourceArn": .template("${aws_sns_topic.\(id).arn}")]])
              ]),
            ])
        }
        try subscription(
          ResourceNames.logicalID(.subscription, topic.name, "queue"), topic: id, protocol: "sqs", endpoint: "${aws_sqs_queue.\(relay).arn}", redrive: redrive)
      }
      for (index, email) in topic.emails.enumerated() {
        try subscription(
          ResourceNames.logicalID(.subscription, topic.name, "email", String(index)), topic: id, protocol: "email", endpoint: endpoint(email, topic.name),
          redrive: redrive)
      }
      for (index, hook) in topic.webhooks.enumerated() {
        try subscription(
          ResourceNames.logicalID(.subscription, topic.name, "webhook", String(index)), topic: id, protocol: "https", endpoint: endpoint(hook, topic.name),
          redrive: redrive)
      }
      doc.output(ResourceNames.logicalID(.topic, topic.name, "arn"), value: "${aws_sns_topic.\(id).arn}", description: "ARN of the \(topic.name) topic")
    }
  }

  mutating func endpoint(_ endpoint: Endpoint, _ topic: String) -> TerraformValue {
    switch endpoint {
    case .literal(let s): return .string(s)
    case .variable(let v): return "${var.\(v)}"
    case .ssm(let path):
      let id = ResourceNames.logicalID(.ssm, path)
      doc.dataSource("aws_ssm_parameter", id, ["name": .string(path), "with_decryption": true])
      return "${data.aws_ssm_parameter.\(id).value}"
    }
  }

  mutating func subscription(_ id: String, topic: String, protocol kind: String, endpoint: TerraformValue, redrive: TerraformValue?) throws(ExportError) {
    var body: [String: TerraformValue] = [
      "topic_arn": .template("${aws_sns_topic.\(topic).arn}"), "protocol": .string(kind), "endpoint": endpoint,
    ]
    if let redrive { body["redrive_policy"] = redrive }
    if kind == "sqs" { body["raw_message_delivery"] = true }
    try doc.resource("aws_sns_topic_subscription", id, body)
  }
}
