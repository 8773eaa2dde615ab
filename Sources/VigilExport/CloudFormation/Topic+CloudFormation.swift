import VigilCore
import VigilModel

extension CloudFormationExporter {
  // MARK: Topics, subscriptions, dead-letter queues

  mutating func queue(_ id: String, name queueName: String, key: String?, redrive: JSONValue? = nil) throws(CloudFormationExportError) {
    var properties: [String: JSONValue] = ["QueueName": .string(queueName), "MessageRetentionPeriod": 1_209_600]
    if let key = keyARN(key) {
      properties["KmsMasterKeyId"] = key
      properties["KmsDataKeyReusePeriodSeconds"] = 300
    } else {
      properties["SqsManagedSseEnabled"] = true
    }
    if let redrive { properties["RedrivePolicy"] = redrive }
    try doc.resource("AWS::SQS::Queue", id, properties)
  }

  mutating func buildTopics() throws(CloudFormationExportError) {
    for topic in stack.topics {
      doc.owner = SessionResource("topic", topic.name)
      let id = ResourceNames.cloudFormationID(.topic, topic.name)
      var properties: [String: JSONValue] = ["TopicName": .string(names.physical(topic.name, .topic))]
      if let key = keyARN(topic.key) { properties["KmsMasterKeyId"] = key }
      try doc.resource("AWS::SNS::Topic", id, properties)
      // `Ref` of a topic is its ARN.
      try doc.resource(
        "AWS::SNS::TopicPolicy", ResourceNames.cloudFormationID(.policy, "topic", topic.name),
        [
          "Topics": [CloudFormation.ref(id)],
          "PolicyDocument": CloudFormation.policy([
            CloudFormation.statement(
              sid: "AlarmsAndEventsPublish", principal: ["Service": ["cloudwatch.amazonaws.com", "events.amazonaws.com"]],
              actions: ["sns:Publish"], resources: [CloudFormation.ref(id)],
              condition: ["StringEquals": ["aws:SourceAccount": Self.account]])
          ]),
        ])
      var redrive: JSONValue?
      if topic.deadLetterQueue {
        let dlq = ResourceNames.cloudFormationID(.dlq, topic.name)
        try queue(dlq, name: names.physical(topic.name, .dlq), key: topic.key)
        redrive = ["deadLetterTargetArn": CloudFormation.arn(dlq)]
        // The SQS path: notifications also land in a queue (for the webhook relay) whose redrive policy moves a
        // message to the DLQ after maxReceiveCount receives.
        let relay = ResourceNames.cloudFormationID(.queue, topic.name)
        try queue(
          relay, name: names.physical(topic.name, .notifications), key: topic.key,
          redrive: ["deadLetterTargetArn": CloudFormation.arn(dlq), "maxReceiveCount": .int(topic.maxReceiveCount)])
        for (queueID, role) in [(dlq, "dlq"), (relay, "queue")] {
          // `Ref` of a queue is its URL.
          try doc.resource(
            "AWS::SQS::QueuePolicy", ResourceNames.cloudFormationID(.policy, role, topic.name),
            [
              "Queues": [CloudFormation.ref(queueID)],
              "PolicyDocument": CloudFormation.policy([
                CloudFormation.statement(
                  sid: "OnlyTheTopicSends", principal: ["Service": "sns.amazonaws.com"], actions: ["sqs:SendMessage"],
                  resources: [CloudFormation.arn(queueID)], condition: ["ArnEquals": ["aws:SourceArn": CloudFormation.ref(id)]])
              ]),
            ])
        }
        try subscription(
          ResourceNames.cloudFormationID(.subscription, topic.name, "queue"), topic: id, protocol: "sqs", endpoint: CloudFormation.arn(relay),
          redrive: redrive)
      }
      for (index, email) in topic.emails.enumerated() {
        try subscription(
          ResourceNames.cloudFormationID(.subscription, topic.name, "email", String(index)), topic: id, protocol: "email",
          endpoint: try endpoint(email), redrive: redrive)
      }
      for (index, hook) in topic.webhooks.enumerated() {
        try subscription(
          ResourceNames.cloudFormationID(.subscription, topic.name, "webhook", String(index)), topic: id, protocol: "https",
          endpoint: try endpoint(hook), redrive: redrive)
      }
      doc.output(ResourceNames.cloudFormationID(.topic, topic.name, "arn"), value: CloudFormation.ref(id), description: "ARN of the \(topic.name) topic")
    }
  }

  /// A subscription endpoint: literal text, a template parameter for `var:NAME` (the session's variable, `NoEcho`
  /// when sensitive), or for `ssm:/path` a parameter of type `AWS::SSM::Parameter::Value<String>` whose default is the
  /// path, which CloudFormation reads from Parameter Store at deploy time. CloudFormation reads `String` and
  /// `StringList` parameters this way, not `SecureString` (the Terraform export decrypts those); a SecureString webhook
  /// belongs in a sensitive variable instead.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html#aws-ssm-parameter-types
  mutating func endpoint(_ endpoint: Endpoint) throws(CloudFormationExportError) -> JSONValue {
    switch endpoint {
    case .literal(let s): return .string(s)
    case .variable(let v): return CloudFormation.ref(ResourceNames.cloudFormationID(terraformID: v))
    case .ssm(let path):
      let id = ResourceNames.cloudFormationID(.ssm, path)
      if doc.parameters[id] == nil {
        try doc.parameter(
          id, type: "AWS::SSM::Parameter::Value<String>", description: "Subscription endpoint read from Parameter Store.", default: path)
      }
      return CloudFormation.ref(id)
    }
  }

  mutating func subscription(_ id: String, topic: String, protocol kind: String, endpoint: JSONValue, redrive: JSONValue?) throws(CloudFormationExportError) {
    var properties: [String: JSONValue] = ["TopicArn": CloudFormation.ref(topic), "Protocol": .string(kind), "Endpoint": endpoint]
    if let redrive { properties["RedrivePolicy"] = redrive }
    if kind == "sqs" { properties["RawMessageDelivery"] = true }
    try doc.resource("AWS::SNS::Subscription", id, properties)
  }
}
