import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// A template Vigil wrote: an AWS::Events::Rule on an alarm's state change whose target is a function of the
  /// template → `remediation NAME --on ALARM --state STATE --function SERVICE` (`Remediation+CloudFormation.swift`).
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
  mutating func importRemediation(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let p = properties(entry)
    guard let pattern = p["EventPattern"], pattern["detail-type"]?.items?.first?.text == "CloudWatch Alarm State Change",
      let alarmID = target(pattern["resources"]?.items?.first), let alarm = sessionNames[alarmID], isAlarm(alarmID),
      let state = pattern["detail"]?["state"]?["value"]?.items?.first?.text
    else { return skip(entry, "an EventBridge rule that is not an alarm's state change: Vigil models remediations only") }
    guard let targets = p["Targets"]?.items, targets.count == 1, let functionID = target(targets[0]["Arn"]),
      resolver.resources[functionID]?.type == "AWS::Lambda::Function", let function = sessionNames[functionID]
    else { return skip(entry, "its target is not one function of this template") }
    let actual = stringValue(p["Name"])?.literal
    let adopted = actual.flatMap { vigil?.sessionName(physical: $0, role: .rule, logicalID: entry.key, prefix: .remediation) }
    let name = name(for: entry, kind: "remediation", preferred: adopted, in: &session)
    var notes: [String] = []
    if let actual, adopted != name { notes.append("Name \(actual) not kept: Vigil names it after the session name \(name)") }
    emit(["remediation", name, "--on", alarm, "--state", word(state), "--function", function], for: entry, outcome: .imported, notes: notes, into: &session)
  }
}
