import VigilCore
import VigilModel

extension TerraformExporter {
  func metricBlock(_ m: MetricRef, statistic: String, period: Int) -> TerraformValue {
    var block: [String: TerraformValue] = [
      "metric_name": .string(m.name), "namespace": .string(m.namespace), "period": .int(period), "stat": .string(statistic),
    ]
    if !m.dimensions.isEmpty { block["dimensions"] = .object(m.dimensions.mapValues { .string(physicalDimension($0)) }) }
    return .object(block)
  }

  /// Dimension values naming a service get the environment suffix (FunctionName=payment-authorizer → -dev).
  func physicalDimension(_ value: String) -> String { stack.physicalDimensionValue(value, in: env) }

  mutating func buildAlarms() throws(ExportError) {
    for alarm in stack.alarms {
      doc.owner = SessionResource("alarm", alarm.name)
      var body: [String: TerraformValue] = [
        "alarm_name": .string(names.physical(alarm.name, .alarm)), "comparison_operator": .string(alarm.comparison),
        "evaluation_periods": .int(alarm.evaluationPeriods), "datapoints_to_alarm": .int(alarm.datapointsToAlarm),
        "treat_missing_data": .string(alarm.treatMissingData), "actions_enabled": true,
        "alarm_description": .string(alarm.description ?? "Takes part in composite alarms; notifies only through them."),
      ]
      if let threshold = alarm.threshold { body["threshold"] = TerraformValue.double(threshold) }
      // `--notify` (an adopted alarm's AlarmActions): written as the template had it; VIGIL-ALM-002 reports it.
      if !alarm.notify.isEmpty {
        body["alarm_actions"] = .array(alarm.notify.map { .template("${aws_sns_topic.\(ResourceNames.logicalID(.topic, $0)).arn}") })
      }
      switch alarm.source {
      case .metric(let m, let statistic):
        body["metric_name"] = .string(m.name)
        body["namespace"] = .string(m.namespace)
        body["period"] = .int(alarm.periodSeconds)
        if ["SampleCount", "Sum", "Average", "Minimum", "Maximum"].contains(statistic) {
          body["statistic"] = .string(statistic)
        } else {
          body["extended_statistic"] = .string(statistic)
          body["evaluate_low_sample_count_percentiles"] = "evaluate"
        }
        if !m.dimensions.isEmpty { body["dimensions"] = .object(m.dimensions.mapValues { .string(physicalDimension($0)) }) }
      case .math(let expression, let inputs):
        var queries: [TerraformValue] = [["id": "e1", "expression": .string(expression), "label": .string(alarm.name), "return_data": true]]
        for input in inputs {
          queries.append([
            "id": .string(input.id), "metric": [metricBlock(input.metric, statistic: input.statistic, period: alarm.periodSeconds)],
            "return_data": false,
          ])
        }
        body["metric_query"] = .array(queries)
      case .anomalyBand(let m, let statistic, let width):
        body["threshold_metric_id"] = "ad1"
        body["metric_query"] = [
          ["id": "m1", "metric": [metricBlock(m, statistic: statistic, period: alarm.periodSeconds)], "return_data": true],
          [
            "id": "ad1", "expression": .string("ANOMALY_DETECTION_BAND(m1, \(JSONValue.format(width)))"), "label": "expected band",
            "return_data": true,
          ],
        ]
      }
      try doc.resource("aws_cloudwatch_metric_alarm", ResourceNames.logicalID(.alarm, alarm.name), body)
    }
  }
}
