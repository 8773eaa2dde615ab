import VigilCore
import VigilModel

extension TerraformExporter {
  // MARK: Metric filters and alarms

  mutating func buildMetricFilters() throws(ExportError) {
    for filter in stack.metricFilters {
      doc.owner = SessionResource("metric-filter", filter.name)
      var transformation: [String: TerraformValue] = [
        "name": .string(filter.metricName), "namespace": .string(filter.namespace), "value": .string(filter.value),
      ]
      if let d = filter.defaultValue { transformation["default_value"] = .string(JSONValue.format(d)) }
      if !filter.dimensions.isEmpty {
        transformation["dimensions"] = .object(Dictionary(uniqueKeysWithValues: filter.dimensions.map { ($0.0, TerraformValue.string($0.1)) }))
      }
      if let unit = filter.unit { transformation["unit"] = .string(unit) }
      try doc.resource(
        "aws_cloudwatch_log_metric_filter", ResourceNames.logicalID(.filter, filter.name),
        [
          "name": .string(names.physical(filter.name, .filter)),
          "log_group_name": .template("${aws_cloudwatch_log_group.\(ResourceNames.logicalID(.logs, filter.service)).name}"),
          "pattern": .string(filter.pattern), "metric_transformation": [.object(transformation)],
        ])
    }
  }
}
