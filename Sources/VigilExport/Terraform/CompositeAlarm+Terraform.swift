import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildComposites() throws(ExportError) {
    for composite in stack.composites {
      doc.owner = SessionResource("composite", composite.name)
      var body: [String: TerraformValue] = [
        "alarm_name": .string(names.physical(composite.name, .composite)), "alarm_rule": .template(terraformRule(composite.rule)),
        "actions_enabled": true,
        "alarm_description": .string("Composite alarm over \(composite.references.joined(separator: ", "))."),
      ]
      if !composite.notify.isEmpty {
        let arns = TerraformValue.array(composite.notify.map { .template("${aws_sns_topic.\(ResourceNames.logicalID(.topic, $0)).arn}") })
        body["alarm_actions"] = arns
        body["ok_actions"] = arns
      }
      if let suppressor = composite.suppressor {
        body["actions_suppressor"] = [
          [
            "alarm": .template(alarmReference(suppressor, attribute: "alarm_name")),
            "wait_period": .int(composite.suppressWaitSeconds), "extension_period": .int(composite.suppressExtensionSeconds),
          ]
        ]
      }
      try doc.resource("aws_cloudwatch_composite_alarm", ResourceNames.logicalID(.composite, composite.name), body)
    }
  }

  func alarmReference(_ alarm: String, attribute: String) -> TerraformTemplate {
    stack.alarm(alarm) != nil
      ? "${aws_cloudwatch_metric_alarm.\(ResourceNames.logicalID(.alarm, alarm)).\(attribute)}"
      : "${aws_cloudwatch_composite_alarm.\(ResourceNames.logicalID(.composite, alarm)).\(attribute)}"
  }

  /// The rule with each alarm name replaced by a reference to the alarm's physical name, so
  /// Terraform creates the alarms first and the rule follows renames.
  /// The rule text between the names is literal (escaped); the references are Vigil's.
  func terraformRule(_ rule: String) -> TerraformTemplate {
    let scalars = Array(rule.unicodeScalars)
    func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
    var template: TerraformTemplate = ""
    var position = 0
    for (alarm, offset) in CompositeAlarm.alarmReferences(in: rule).sorted(by: { $0.1 < $1.1 }) {
      guard stack.alarm(alarm) != nil || stack.composite(alarm) != nil else { continue }
      let end = offset + alarm.unicodeScalars.count
      guard offset >= position, end <= scalars.count, text(offset..<end) == alarm else { continue }
      template = "\(template)\(text(position..<offset))\(alarmReference(alarm, attribute: "alarm_name"))"
      position = end
    }
    return "\(template)\(text(position..<scalars.count))"
  }
}
