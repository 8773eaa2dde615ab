/// The metrics an AWS service publishes for a resource, with the dimension sets it publishes each one under.
///
/// CloudWatch identifies a metric by namespace, name and the whole set of dimensions: a query with one dimension
/// more or less than the publisher used names another metric, one that has no data
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension).
public struct AWSMetricNamespace: Sendable {
  /// Metrics published under the same dimension sets.
  public struct Family: Sendable {
    public var metrics: [String]
    /// Each set is published on its own (its own metric); order inside a set does not matter.
    public var dimensionSets: [[String]]
  }

  /// `AWS/Lambda`, `ECS/ContainerInsights`, ...
  public var namespace: String
  /// The AWS page listing the metrics and their dimensions.
  public var documentation: String
  public var families: [Family]

  /// Every metric name of the namespace.
  public var metricNames: [String] { families.flatMap(\.metrics) }

  /// The dimension sets `metric` is published under; empty when the namespace has no such metric.
  public func dimensionSets(of metric: String) -> [[String]] {
    families.filter { $0.metrics.contains(metric) }.flatMap(\.dimensionSets)
  }
}

/// The documented metrics of the AWS services a stack uses (and of the ones it may reference from outside: RDS,
/// Application Load Balancers, ElastiCache, DynamoDB), one entry per namespace, each citing its AWS page.
public enum AWSMetricCatalogue {
  /// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html — per function (`FunctionName`), per
  /// version or alias (`FunctionName, Resource`), per version of an alias (`FunctionName, Resource, ExecutedVersion`),
  /// and across the account (no dimension).
  public static let lambda = AWSMetricNamespace(
    namespace: "AWS/Lambda", documentation: "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html",
    families: [
      .init(
        metrics: [
          "Invocations", "Errors", "DeadLetterErrors", "DestinationDeliveryFailures", "Throttles", "OversizedRecordCount",
          "ProvisionedConcurrencyInvocations", "ProvisionedConcurrencySpilloverInvocations", "RecursiveInvocationsDropped",
          "Duration", "PostRuntimeExtensionsDuration", "IteratorAge", "OffsetLag", "ConcurrentExecutions",
          "ProvisionedConcurrentExecutions", "ProvisionedConcurrencyUtilization", "AsyncEventsReceived", "AsyncEventAge",
          "AsyncEventsDropped",
        ],
        dimensionSets: [["FunctionName"], ["FunctionName", "Resource"], ["FunctionName", "Resource", "ExecutedVersion"], []]),
      .init(metrics: ["UnreservedConcurrentExecutions", "ClaimedAccountConcurrency"], dimensionSets: [[]]),
    ])

  /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
  public static let sqs = AWSMetricNamespace(
    namespace: "AWS/SQS",
    documentation: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html",
    families: [
      .init(
        metrics: [
          "ApproximateAgeOfOldestMessage", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible",
          "ApproximateNumberOfMessagesVisible", "NumberOfEmptyReceives", "NumberOfDeduplicatedSentMessages",
          "NumberOfMessagesDeleted", "NumberOfMessagesReceived", "NumberOfMessagesSent", "SentMessageSize",
        ], dimensionSets: [["QueueName"]])
    ])

  /// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html — the services here run on
  /// Fargate, for which AWS/ECS publishes service-level utilization only (`ClusterName, ServiceName`); the
  /// cluster-level set and the reservations are for tasks on EC2 instances.
  public static let ecs = AWSMetricNamespace(
    namespace: "AWS/ECS", documentation: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html",
    families: [.init(metrics: ["CPUUtilization", "MemoryUtilization"], dimensionSets: [["ClusterName", "ServiceName"]])])

  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
  public static let containerInsights = AWSMetricNamespace(
    namespace: "ECS/ContainerInsights",
    documentation: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html",
    families: [
      .init(
        metrics: [
          "CpuUtilized", "CpuReserved", "MemoryUtilized", "MemoryReserved", "NetworkRxBytes", "NetworkTxBytes",
          "StorageReadBytes", "StorageWriteBytes", "EphemeralStorageReserved", "EphemeralStorageUtilized",
        ], dimensionSets: [["ClusterName"], ["ClusterName", "ServiceName"], ["ClusterName", "TaskDefinitionFamily"]]),
      .init(metrics: ["ContainerInstanceCount", "TaskCount", "ServiceCount"], dimensionSets: [["ClusterName"]]),
      .init(
        metrics: ["DesiredTaskCount", "RunningTaskCount", "PendingTaskCount", "DeploymentCount", "TaskSetCount"],
        dimensionSets: [["ClusterName", "ServiceName"]]),
    ])

  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-metrics.html
  public static let lambdaInsights = AWSMetricNamespace(
    namespace: "LambdaInsights",
    documentation: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-metrics.html",
    families: [
      .init(
        metrics: [
          "cpu_total_time", "init_duration", "memory_utilization", "rx_bytes", "shutdown", "tmp_free", "tmp_max", "tmp_used",
          "total_memory", "total_network", "tx_bytes", "used_memory_max",
        ], dimensionSets: [["function_name"], ["function_name", "version"]])
    ])

  /// https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html
  public static let sns = AWSMetricNamespace(
    namespace: "AWS/SNS", documentation: "https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html",
    families: [
      .init(
        metrics: [
          "NumberOfMessagesPublished", "NumberOfNotificationsDelivered", "NumberOfNotificationsFailed",
          "NumberOfNotificationsFilteredOut", "NumberOfNotificationsRedrivenToDlq", "NumberOfNotificationsFailedToRedriveToDlq",
          "PublishSize",
        ], dimensionSets: [["TopicName"]])
    ])

  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Monitoring-CloudWatch-Metrics.html
  public static let logs = AWSMetricNamespace(
    namespace: "AWS/Logs",
    documentation: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Monitoring-CloudWatch-Metrics.html",
    families: [
      .init(metrics: ["IncomingBytes", "IncomingLogEvents"], dimensionSets: [["LogGroupName"], []]),
      .init(
        metrics: ["ForwardedBytes", "ForwardedLogEvents", "DeliveryErrors", "DeliveryThrottling"],
        dimensionSets: [["LogGroupName", "DestinationType", "FilterName"]]),
    ])

  /// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
  public static let events = AWSMetricNamespace(
    namespace: "AWS/Events", documentation: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html",
    families: [
      .init(
        metrics: [
          "Invocations", "FailedInvocations", "TriggeredRules", "MatchedEvents", "ThrottledRules", "InvocationAttempts",
          "SuccessfulInvocationAttempts", "RetryInvocationAttempts", "InvocationsFailedToBeSentToDlq", "InvocationsSentToDlq",
        ], dimensionSets: [["RuleName"], ["EventBusName", "RuleName"]])
    ])

  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_metrics.html — the
  /// `Browser` dimension is off for single-browser canaries, as Vigil's are.
  public static let synthetics = AWSMetricNamespace(
    namespace: "CloudWatchSynthetics",
    documentation: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_metrics.html",
    families: [
      .init(
        metrics: ["2xx", "4xx", "5xx", "Duration", "DurationDryRun", "Error", "Failed", "Failed requests", "RetryCount", "SuccessPercent"],
        dimensionSets: [["CanaryName"]])
    ])

  /// https://docs.aws.amazon.com/xray/latest/devguide/xray-console-groups.html — each X-Ray group supplies
  /// CloudWatch metrics in the `AWS/X-Ray` namespace by `GroupName`.
  public static let xray = AWSMetricNamespace(
    namespace: "AWS/X-Ray", documentation: "https://docs.aws.amazon.com/xray/latest/devguide/xray-console-groups.html",
    families: [
      .init(
        metrics: ["ApproximateTraceCount", "ApproximateErrorCount", "ApproximateFaultCount", "ApproximateThrottleCount", "ApproximateOkCount"],
        dimensionSets: [["GroupName"]])
    ])

  /// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html
  public static let rds = AWSMetricNamespace(
    namespace: "AWS/RDS", documentation: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html",
    families: [
      .init(
        metrics: [
          "CPUUtilization", "DatabaseConnections", "FreeableMemory", "FreeStorageSpace", "ReadIOPS", "WriteIOPS", "ReadLatency",
          "WriteLatency", "ReadThroughput", "WriteThroughput", "DiskQueueDepth", "ReplicaLag", "SwapUsage",
        ], dimensionSets: [["DBInstanceIdentifier"], ["DBClusterIdentifier"], ["DatabaseClass"], ["EngineName"], []])
    ])

  /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
  public static let applicationELB = AWSMetricNamespace(
    namespace: "AWS/ApplicationELB",
    documentation: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html",
    families: [
      .init(
        metrics: [
          "ActiveConnectionCount", "NewConnectionCount", "RejectedConnectionCount", "ProcessedBytes", "HTTPCode_ELB_4XX_Count",
          "HTTPCode_ELB_5XX_Count",
        ], dimensionSets: [["LoadBalancer"], ["LoadBalancer", "AvailabilityZone"]]),
      .init(
        metrics: [
          "RequestCount", "TargetResponseTime", "HTTPCode_Target_2XX_Count", "HTTPCode_Target_4XX_Count", "HTTPCode_Target_5XX_Count",
          "TargetConnectionErrorCount",
        ],
        dimensionSets: [
          ["LoadBalancer"], ["LoadBalancer", "AvailabilityZone"], ["LoadBalancer", "TargetGroup"],
          ["LoadBalancer", "TargetGroup", "AvailabilityZone"],
        ]),
      .init(
        metrics: ["HealthyHostCount", "UnHealthyHostCount"],
        dimensionSets: [["LoadBalancer", "TargetGroup"], ["LoadBalancer", "TargetGroup", "AvailabilityZone"]]),
    ])

  /// https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.html
  public static let elastiCache = AWSMetricNamespace(
    namespace: "AWS/ElastiCache", documentation: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.html",
    families: [
      .init(
        metrics: [
          "CPUUtilization", "EngineCPUUtilization", "FreeableMemory", "DatabaseMemoryUsagePercentage", "CurrConnections",
          "Evictions", "CacheHits", "CacheMisses", "ReplicationLag", "NetworkBytesIn", "NetworkBytesOut",
        ], dimensionSets: [["CacheClusterId"], ["CacheClusterId", "CacheNodeId"]])
    ])

  /// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html
  public static let dynamoDB = AWSMetricNamespace(
    namespace: "AWS/DynamoDB",
    documentation: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html",
    families: [
      .init(
        metrics: [
          "ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits", "ProvisionedReadCapacityUnits", "ProvisionedWriteCapacityUnits",
          "ReadThrottleEvents", "WriteThrottleEvents",
        ], dimensionSets: [["TableName"], ["TableName", "GlobalSecondaryIndexName"]]),
      .init(metrics: ["SuccessfulRequestLatency", "ThrottledRequests", "ReturnedItemCount"], dimensionSets: [["TableName", "Operation"]]),
      .init(metrics: ["SystemErrors"], dimensionSets: [["TableName", "Operation"]]),
      .init(metrics: ["UserErrors"], dimensionSets: [[]]),
    ])

  /// Every namespace, those of the stack's own resources first.
  public static let all: [AWSMetricNamespace] = [
    lambda, sqs, ecs, containerInsights, lambdaInsights, sns, logs, events, synthetics, xray, rds, applicationELB, elastiCache,
    dynamoDB,
  ]

  /// The catalogue entry of `namespace`, if AWS publishes it.
  public static func namespace(_ namespace: String) -> AWSMetricNamespace? { all.first { $0.namespace == namespace } }
}
