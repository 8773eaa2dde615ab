import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// AWS::CloudWatch::Alarm (one metric) → `alarm` with its name, dimensions and actions as written.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html
  mutating func importAlarm(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let p = properties(entry)
    guard p["Metrics"] == nil else {
      skip(entry, "metric-math alarms (Metrics) are not imported yet")
      return
    }
    guard let namespace = stringValue(p["Namespace"])?.literal, let metric = stringValue(p["MetricName"])?.literal else {
      skip(entry, "an alarm needs a known Namespace and MetricName")
      return
    }
    let alarmName = stringValue(p["AlarmName"])?.literal
    let adopted = alarmName.flatMap { vigil?.sessionName(physical: $0, role: .alarm, logicalID: entry.key, prefix: .alarm) }
    let name = name(for: entry, kind: "alarm", preferred: adopted, in: &session)
    var words = ["alarm", name, "--metric", word("\(namespace)/\(metric)")]
    var notes: [String] = []
    for item in p["Dimensions"]?.items ?? [] {
      guard let key = stringValue(item["Name"])?.literal, let valueNode = item["Value"], let value = stringValue(valueNode)?.string else {
        notes.append("a dimension without a known Name and Value not kept")
        continue
      }
      words += ["--dimension", word("\(key)=\(value)")]
      checkDimension(namespace: namespace, dimension: key, value: valueNode, at: valueNode.location, owner: entry.key, into: &session)
    }
    if let stat = stringValue(p["ExtendedStatistic"])?.literal ?? stringValue(p["Statistic"])?.literal { words += ["--stat", word(stat)] }
    guard let periodText = stringValue(p["Period"])?.literal, let period = Int(periodText) else {
      skip(entry, "Period must be a number of seconds")
      return
    }
    words += ["--period", period % 60 == 0 ? "\(period / 60)m" : "\(period)s"]
    guard let thresholdText = stringValue(p["Threshold"])?.literal, let threshold = Double(thresholdText) else {
      skip(entry, "Threshold must be a number (anomaly-detection alarms are not imported yet)")
      return
    }
    let comparison = stringValue(p["ComparisonOperator"])?.literal ?? ""
    words += ["--threshold", JSONValue.format(threshold), "--comparison", word(comparison)]
    let evaluation = Int(stringValue(p["EvaluationPeriods"])?.literal ?? "") ?? 1
    let datapoints = Int(stringValue(p["DatapointsToAlarm"])?.literal ?? "") ?? evaluation
    words += ["--datapoints", "\(datapoints)/\(evaluation)"]
    if let missing = stringValue(p["TreatMissingData"])?.literal { words += ["--missing", word(missing)] }
    if let description = stringValue(p["AlarmDescription"])?.string { words += ["--description", word(description)] }
    for action in p["AlarmActions"]?.items ?? [] {
      if case .intrinsic("Ref", let argument, _) = action, let target = argument.text, let topic = sessionNames[target],
        resolver.resources[target]?.type == "AWS::SNS::Topic"
      {
        words += ["--notify", topic]
      } else {
        notes.append("alarm action \(stringValue(action)?.string ?? "?") is not a topic of this template: not kept")
      }
    }
    for key in ["OKActions", "InsufficientDataActions"] where p[key] != nil { notes.append("\(key) not kept (Vigil alarms notify on ALARM)") }
    if stringValue(p["ActionsEnabled"])?.literal == "false" { notes.append("ActionsEnabled false not kept") }
    for key in ["Unit", "EvaluateLowSampleCountPercentile"] where p[key] != nil { notes.append("\(key) not kept") }
    if let value = stringValue(p["AlarmName"]) {
      if let text = value.literal {
        if adopted != name { words += ["--physical-name", word(text)] }
      } else {
        notes.append("AlarmName \(value.string ?? "") is known only after deployment: Vigil names it \(name)-alarm-SUFFIX")
      }
    }
    emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
  }
}
