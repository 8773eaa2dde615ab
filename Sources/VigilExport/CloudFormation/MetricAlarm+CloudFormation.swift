import VigilCore
import VigilModel

extension CloudFormationExporter {
  // MARK: Metric alarms (metric, metric math, anomaly band)

  /// Dimensions as CloudFormation's `Name`/`Value` list; values naming a service get the environment suffix.
  func dimensions(_ m: MetricRef) -> JSONValue {
    CloudFormation.pairs(m.dimensions.mapValues { stack.physicalDimensionValue($0, in: env) })
  }

  func metricStat(_ m: MetricRef, statistic: String, period: Int) -> JSONValue {
    var metric: [String: JSONValue] = ["MetricName": .string(m.name), "Namespace": .string(m.namespace)]
    if !m.dimensions.isEmpty { metric["Dimensions"] = dimensions(m) }
    return ["Metric": .object(metric), "Period": .int(period), "Stat": .string(statistic)]
  }

  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html
  mutating func buildAlarms() throws(CloudFormationExportError) {
    for alarm in stack.alarms {
      doc.owner = SessionResource("alarm", alarm.name)
      var properties: [String: JSONValue] = [
        "AlarmName": .string(names.physical(alarm.name, .alarm)), "ComparisonOperator": .string(alarm.comparison),
        "EvaluationPeriods": .int(alarm.evaluationPeriods), "DatapointsToAlarm": .int(alarm.datapointsToAlarm),
        "TreatMissingData": .string(alarm.treatMissingData), "ActionsEnabled": true,
        "AlarmDescription": .string(alarm.description ?? "Takes part in composite alarms; notifies only through them."),
      ]
      if let threshold = alarm.threshold { properties["Threshold"] = .double(threshold) }
      // `--notify` (an adopted alarm's AlarmActions): written as the template had it; VIGIL-ALM-002 reports it.
      if !alarm.notify.isEmpty {
        properties["AlarmActions"] = .array(alarm.notify.map { CloudFormation.ref(ResourceNames.cloudFormationID(.topic, $0)) })
      }
      switch alarm.source {
      case .metric(let m, let statistic):
        properties["MetricName"] = .string(m.name)
        properties["Namespace"] = .string(m.namespace)
        properties["Period"] = .int(alarm.periodSeconds)
        if ["SampleCount", "Sum", "Average", "Minimum", "Maximum"].contains(statistic) {
          properties["Statistic"] = .string(statistic)
        } else {
          properties["ExtendedStatistic"] = .string(statistic)
          properties["EvaluateLowSampleCountPercentile"] = "evaluate"
        }
        if !m.dimensions.isEmpty { properties["Dimensions"] = dimensions(m) }
      case .math(let expression, let inputs):
        var metrics: [JSONValue] = [["Id": "e1", "Expression": .string(expression), "Label": .string(alarm.name), "ReturnData": true]]
        for input in inputs {
          metrics.append([
            "Id": .string(input.id), "MetricStat": metricStat(input.metric, statistic: input.statistic, period: alarm.periodSeconds),
            "ReturnData": false,
          ])
        }
        properties["Metrics"] = .array(metrics)
      case .anomalyBand(let m, let statistic, let width):
        properties["ThresholdMetricId"] = "ad1"
        properties["Metrics"] = [
          ["Id": "m1", "MetricStat": metricStat(m, statistic: statistic, period: alarm.periodSeconds), "ReturnData": true],
          [
            "Id": "ad1", "Expression": .string("ANOMALY_DETECTION_BAND(m1, \(JSONValue.format(width)))"), "Label": "expected band",
            "ReturnData": true,
          ],
        ]
      }
      try doc.resource("AWS::CloudWatch::Alarm", ResourceNames.cloudFormationID(.alarm, alarm.name), properties)
    }
  }
}
