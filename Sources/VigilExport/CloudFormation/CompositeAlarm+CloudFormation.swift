import VigilCore
import VigilModel

extension CloudFormationExporter {
  // MARK: Composite alarms

  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-compositealarm.html
  mutating func buildComposites() throws(CloudFormationExportError) {
    for composite in stack.composites {
      doc.owner = SessionResource("composite", composite.name)
      var properties: [String: JSONValue] = [
        "AlarmName": .string(names.physical(composite.name, .composite)), "AlarmRule": rule(composite.rule), "ActionsEnabled": true,
        "AlarmDescription": .string("Composite alarm over \(composite.references.joined(separator: ", "))."),
      ]
      if !composite.notify.isEmpty {
        // `Ref` of a topic is its ARN.
        let arns = JSONValue.array(composite.notify.map { CloudFormation.ref(ResourceNames.cloudFormationID(.topic, $0)) })
        properties["AlarmActions"] = arns
        properties["OKActions"] = arns
      }
      if let suppressor = composite.suppressor {
        properties["ActionsSuppressor"] = alarmName(suppressor)
        properties["ActionsSuppressorWaitPeriod"] = .int(composite.suppressWaitSeconds)
        properties["ActionsSuppressorExtensionPeriod"] = .int(composite.suppressExtensionSeconds)
      }
      try doc.resource("AWS::CloudWatch::CompositeAlarm", ResourceNames.cloudFormationID(.composite, composite.name), properties)
    }
  }

  func alarmID(_ alarm: String) -> String {
    stack.alarm(alarm) != nil ? ResourceNames.cloudFormationID(.alarm, alarm) : ResourceNames.cloudFormationID(.composite, alarm)
  }

  /// `Ref` of a metric or composite alarm is its name.
  func alarmName(_ alarm: String) -> JSONValue { CloudFormation.ref(alarmID(alarm)) }

  /// The rule with each alarm name replaced by a `Ref` to the alarm, so CloudFormation creates the alarms first and
  /// the rule follows renames; the text between the names is the user's, joined literally (`Fn::Join`).
  func rule(_ rule: String) -> JSONValue {
    let scalars = Array(rule.unicodeScalars)
    func text(_ range: Range<Int>) -> JSONValue { .string(String(String.UnicodeScalarView(scalars[range]))) }
    var pieces: [JSONValue] = []
    var position = 0
    for (alarm, offset) in CompositeAlarm.alarmReferences(in: rule).sorted(by: { $0.1 < $1.1 }) {
      guard stack.alarm(alarm) != nil || stack.composite(alarm) != nil else { continue }
      let end = offset + alarm.unicodeScalars.count
      guard offset >= position, end <= scalars.count, String(String.UnicodeScalarView(scalars[offset..<end])) == alarm else { continue }
      pieces.append(text(position..<offset))
      pieces.append(alarmName(alarm))
      position = end
    }
    pieces.append(text(position..<scalars.count))
    return CloudFormation.join(pieces)
  }
}
