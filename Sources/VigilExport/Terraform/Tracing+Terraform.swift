import VigilCore
import VigilModel

extension TerraformExporter {
  // MARK: X-Ray, flow logs, EventBridge, Synthetics, SSM, queries, dashboards

  mutating func buildTracing() throws(ExportError) {
    guard let tracing = stack.tracing else { return }
    doc.owner = SessionResource("tracing")
    try doc.resource(
      "aws_xray_sampling_rule", "sampling",
      [
        "rule_name": .string(String(names.physical(env.stackName, .sampling).prefix(32))), "priority": 1000, "version": 1,
        "reservoir_size": .int(tracing.reservoir), "fixed_rate": .double(tracing.samplingRate), "url_path": "*", "host": "*",
        "http_method": "*", "service_type": "*", "service_name": "*", "resource_arn": "*",
      ])
    for service in stack.services {
      // Each service's X-Ray group is the service's (its name carries the service name).
      doc.owner = SessionResource("service", service.name)
      try doc.resource(
        "aws_xray_group", ResourceNames.logicalID(.xray, service.name),
        [
          "group_name": .string(names.physical(service.name, .xray)), "filter_expression": .string("service(\"\(names.physical(service.name))\")"),
          "insights_configuration": [["insights_enabled": true, "notifications_enabled": false]],
        ])
    }
  }
}
