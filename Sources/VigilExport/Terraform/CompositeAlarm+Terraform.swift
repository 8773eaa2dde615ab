import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildComposites() throws(ExportError) {
    for composite in stack.composites {
      doc.owner = SessionResource("composite", composite.name)
      var body: [String: JSONValue] = [
        "alarm_name": .string(names.physical(composite.name, .composite)), "alarm_rule": .string(terraformRule(composite.rule)),
        "actions_enabled": true,
        "alarm_description": .string("Composite alarm over \(composite.references.joined(separator: ", "))."),
      ]
      if !composite.notify.isEmpty {
        let arns = JSONValue.array(composite.notify.map { .string("${aws_sns_topic.\(ResourceNames.logicalID(.topic, $0)).arn}") })
        body["alarm_actions"] = arns
        body["ok_actions"] = arns
      }
      if let suppressor = composite.suppressor {
        body["actions_suppressor"] = [
          [
            "alarm": .string(alarmReference(suppressor, attribute: "alarm_name")),
            "wait_period": .int(composite.suppressWaitSeconds), "extension_period": .int(composite.suppressExtensionSeconds),
          ]
        ]
      }
      try doc.resource("aws_cloudwatch_composite_alarm", ResourceNames.logicalID(.composite, composite.name), body)
    }
  }

  func alarmReference(_ alarm: String, attribute: String) -> String {
    stack.alarm(alarm) != nil
      ? "${aws_cloudwatch_metric_alarm.\(ResourceNames.logicalID(.alarm, alarm)).\(attribute)}"
      : "${aws_cloudwatch_composite_alarm.\(ResourceNames.logicalID(.composite, alarm)).\(attribute)}"
  }

  /// The rule with each alarm name replaced by a reference to the alarm's physical name, so
  /// Terraform creates the alarms first and the rule follows renames.
  func terraformRule(_ rule: String) -> String {
    var scalars = Array(rule.unicodeScalars)
    for (alarm, offset) in CompositeAlarm.alarmReferences(in: rule).sorted(by: { $0.1 > $1.1 }) {
      guard stack.alarm(alarm) != nil || stack.composite(alarm) != nil else { continue }
      let end = offset + alarm.unicodeScalars.count
      guard end <= scalars.count, String(String.UnicodeScalarView(scalars[offset..<end])) == alarm else { continue }
      scalars.replaceSubrange(offset..<end, with: Array(alarmReference(alarm, attribute: "alarm_name").unicodeScalars))
    }
    return String(String.UnicodeScalarView(scalars))
  }
}
