import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// AWS::CloudWatch::Alarm (one metric, one math expression or an anomaly band) → `alarm` with its name, dimensions
  /// and actions as written.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html
  mutating func importAlarm(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let p = properties(entry)
    guard let source = alarmSource(entry, into: &session) else { return }
    let alarmName = stringValue(p["AlarmName"])?.literal
    let adopted = alarmName.flatMap { vigil?.sessionName(physical: $0, role: .alarm, logicalID: entry.key, prefix: .alarm) }
    let name = name(for: entry, kind: "alarm", preferred: adopted, in: &session)
    var words = ["alarm", name] + source.words
    var notes = source.notes
    let period = source.period
    words += ["--period", period % 60 == 0 ? "\(period / 60)m" : "\(period)s"]
    let comparison = stringValue(p["ComparisonOperator"])?.literal ?? ""
    if p["ThresholdMetricId"] != nil {
      guard let band = TerraformImporter.bandComparisons[comparison] else {
        return skip(entry, "ComparisonOperator \(comparison) is not an anomaly band's")
      }
      words += ["--when", band]
    } else {
      guard let thresholdText = stringValue(p["Threshold"])?.literal, let threshold = Double(thresholdText) else {
        return skip(entry, "Threshold must be a number")
      }
      words += ["--threshold", JSONValue.format(threshold), "--comparison", word(comparison)]
    }
    let evaluation = Int(stringValue(p["EvaluationPeriods"])?.literal ?? "") ?? 1
    let datapoints = Int(stringValue(p["DatapointsToAlarm"])?.literal ?? "") ?? evaluation
    words += ["--datapoints", "\(datapoints)/\(evaluation)"]
    if let missing = stringValue(p["TreatMissingData"])?.literal { words += ["--missing", word(missing)] }
    if let service = alarmName.flatMap({ serviceOfAlarm[$0] }) { words += ["--service", service] }
    if let description = stringValue(p["AlarmDescription"])?.string, vigil == nil || description != Self.defaultAlarmDescription {
      words += ["--description", word(description)]
    }
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
    // Vigil's export writes `evaluate` for percentile alarms, which is what the session does.
    for key in ["Unit", "EvaluateLowSampleCountPercentile"] where p[key] != nil {
      if vigil != nil, key == "EvaluateLowSampleCountPercentile", stringValue(p[key])?.literal == "evaluate" { continue }
      notes.append("\(key) not kept")
    }
    if let value = stringValue(p["AlarmName"]) {
      if let text = value.literal {
        if adopted != name { words += ["--physical-name", word(text)] }
      } else {
        notes.append("AlarmName \(value.string ?? "") is known only after deployment: Vigil names it \(name)-alarm-SUFFIX")
      }
    }
    emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
  }

  /// The description Vigil's export gives an alarm without `--description`.
  static let defaultAlarmDescription = "Takes part in composite alarms; notifies only through them."

  /// What an alarm reads: `--metric NS/NAME [--dimension K=V]… --stat S` for one metric, `--math EXPR --using
  /// ID=NS/NAME:STAT… [--dimension K=V]…` for one expression over metrics with the same dimensions, or `--metric …
  /// --stat S --anomaly-band WIDTH` for `ANOMALY_DETECTION_BAND(m, WIDTH)` over one metric; and its period in seconds.
  /// Nil (the alarm skipped with the reason) for any other shape.
  mutating func alarmSource(_ entry: TemplateEntry, into session: inout SessionAssembler) -> (words: [String], notes: [String], period: Int)? {
    let p = properties(entry)
    var notes: [String] = []
    func dimensions(_ list: TemplateNode?, namespace: String) -> [String]? {
      var words: [String] = []
      for item in list?.items ?? [] {
        guard let key = stringValue(item["Name"])?.literal, let valueNode = item["Value"], let value = stringValue(valueNode)?.string else {
          notes.append("a dimension without a known Name and Value not kept")
          continue
        }
        words += ["--dimension", word("\(key)=\(dimensionValue(value, in: session))")]
        checkDimension(namespace: namespace, dimension: key, value: valueNode, at: valueNode.location, owner: entry.key, into: &session)
      }
      return words
    }
    guard let metrics = p["Metrics"]?.items else {
      guard let namespace = stringValue(p["Namespace"])?.literal, let metric = stringValue(p["MetricName"])?.literal else {
        skip(entry, "an alarm needs a known Namespace and MetricName")
        return nil
      }
      var words = ["--metric", word("\(namespace)/\(metric)")] + (dimensions(p["Dimensions"], namespace: namespace) ?? [])
      if let stat = stringValue(p["ExtendedStatistic"])?.literal ?? stringValue(p["Statistic"])?.literal { words += ["--stat", word(stat)] }
      guard let periodText = stringValue(p["Period"])?.literal, let period = Int(periodText) else {
        skip(entry, "Period must be a number of seconds")
        return nil
      }
      return (words, notes, period)
    }
    let expressions = metrics.filter { $0["Expression"] != nil }
    let stats = metrics.filter { $0["MetricStat"] != nil }
    guard expressions.count == 1, !stats.isEmpty, expressions.count + stats.count == metrics.count,
      let expression = stringValue(expressions[0]["Expression"])?.literal,
      let first = stats[0]["MetricStat"], let periodText = stringValue(first["Period"])?.literal, let period = Int(periodText)
    else {
      skip(entry, "a Metrics alarm is imported when it has one expression over metrics (MetricStat) with a Period")
      return nil
    }
    func metricName(_ stat: TemplateNode) -> String? {
      guard let namespace = stringValue(stat["Metric"]?["Namespace"])?.literal, let metric = stringValue(stat["Metric"]?["MetricName"])?.literal
      else { return nil }
      return "\(namespace)/\(metric)"
    }
    if let band = stringValue(p["ThresholdMetricId"])?.literal {
      guard stats.count == 1, stringValue(expressions[0]["Id"])?.literal == band, let id = stringValue(stats[0]["Id"])?.literal,
        let width = DescribeAlarmsImporter.bandWidth(expression, over: id), let metric = metricName(first),
        let stat = stringValue(first["Stat"])?.literal
      else {
        skip(entry, "an anomaly alarm is imported when it is ANOMALY_DETECTION_BAND(m, WIDTH) over one metric m")
        return nil
      }
      let namespace = String(metric.split(separator: "/").dropLast().joined(separator: "/"))
      let words = ["--metric", word(metric)] + (dimensions(first["Metric"]?["Dimensions"], namespace: namespace) ?? [])
        + ["--stat", word(stat), "--anomaly-band", word(JSONValue.format(width))]
      return (words, notes, period)
    }
    var words = ["--math", word(expression)]
    for query in stats {
      guard let stat = query["MetricStat"], let id = stringValue(query["Id"])?.literal, let metric = metricName(stat),
        let statistic = stringValue(stat["Stat"])?.literal
      else {
        skip(entry, "a MetricStat needs a known Id, Namespace, MetricName and Stat")
        return nil
      }
      guard stringValue(stat["Period"])?.literal == periodText else {
        skip(entry, "the metrics of a math alarm are imported when they share one Period")
        return nil
      }
      words += ["--using", word("\(id)=\(metric):\(statistic)")]
    }
    let signature: (TemplateNode) -> [String] = { stat in
      (stat["Metric"]?["Dimensions"]?.items ?? []).map { "\($0["Name"]?.text ?? "")=\($0["Value"]?.text ?? "")" }
    }
    guard stats.allSatisfy({ $0["MetricStat"].map(signature) == signature(first) }) else {
      skip(entry, "a math alarm is imported when its metrics have the same dimensions")
      return nil
    }
    let namespace = String((metricName(first) ?? "").split(separator: "/").dropLast().joined(separator: "/"))
    words += dimensions(first["Metric"]?["Dimensions"], namespace: namespace) ?? []
    return (words, notes, period)
  }
}
