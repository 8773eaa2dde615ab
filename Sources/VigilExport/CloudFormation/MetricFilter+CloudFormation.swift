import VigilCore
import VigilModel

extension CloudFormationExporter {
  // MARK: Metric filters

  /// `DefaultValue` is a number in CloudFormation (a string in Terraform); dimensions are a `Key`/`Value` list.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-logs-metricfilter-metrictransformation.html
  mutating func buildMetricFilters() throws(CloudFormationExportError) {
    for filter in stack.metricFilters {
      doc.owner = SessionResource("metric-filter", filter.name)
      var transformation: [String: JSONValue] = [
        "MetricName": .string(filter.metricName), "MetricNamespace": .string(filter.namespace), "MetricValue": .string(filter.value),
      ]
      if let d = filter.defaultValue { transformation["DefaultValue"] = .double(d) }
      if !filter.dimensions.isEmpty {
        transformation["Dimensions"] = .array(filter.dimensions.map { ["Key": .string($0.0), "Value": .string($0.1)] })
      }
      if let unit = filter.unit { transformation["Unit"] = .string(unit) }
      try doc.resource(
        "AWS::Logs::MetricFilter", ResourceNames.cloudFormationID(.filter, filter.name),
        [
          "FilterName": .string(names.physical(filter.name, .filter)),
          "LogGroupName": CloudFormation.ref(ResourceNames.cloudFormationID(.logs, filter.service)),
          "FilterPattern": .string(filter.pattern), "MetricTransformations": [.object(transformation)],
        ])
    }
  }
}
