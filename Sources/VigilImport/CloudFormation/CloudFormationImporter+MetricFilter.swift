import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// AWS::Logs::MetricFilter on a service's log group of this template → `metric-filter NAME on SERVICE --pattern P
  /// --namespace N --metric M --value V [--default D] [--dimension K=V]… [--unit U]` (one transformation, as
  /// CloudFormation allows). Any template: the session refuses a filter on a log group of no service, with its reason.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-metricfilter.html
  mutating func importMetricFilter(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let p = properties(entry)
    guard let groupID = target(p["LogGroupName"]), let group = sessionNames[groupID] else {
      return skip(entry, "its LogGroupName is not a log group this import keeps")
    }
    guard session.stack.service(group) != nil else {
      return skip(entry, "Vigil's metric filters read a service's log group, and \(groupID) belongs to no service of this template")
    }
    guard let transformations = p["MetricTransformations"]?.items, transformations.count == 1, let t = transformations.first,
      let namespace = stringValue(t["MetricNamespace"])?.literal, let metric = stringValue(t["MetricName"])?.literal,
      let value = stringValue(t["MetricValue"])?.literal
    else { return skip(entry, "MetricTransformations needs one transformation with a known MetricNamespace, MetricName and MetricValue") }
    let actual = stringValue(p["FilterName"])?.literal
    let adopted = actual.flatMap { vigil?.sessionName(physical: $0, role: .filter, logicalID: entry.key, prefix: .filter) }
    let name = name(for: entry, kind: "metric-filter", preferred: adopted, in: &session)
    var words = ["metric-filter", name, "on", group, "--pattern", word(stringValue(p["FilterPattern"])?.literal ?? "")]
    words += ["--namespace", word(namespace), "--metric", word(metric), "--value", word(value)]
    var notes: [String] = []
    if let text = stringValue(t["DefaultValue"])?.literal {
      guard let number = Double(text) else { return skip(entry, "DefaultValue '\(text)' is not a number") }
      words += ["--default", JSONValue.format(number)]
    }
    for dimension in t["Dimensions"]?.items ?? [] {
      guard let key = stringValue(dimension["Key"])?.literal, let v = stringValue(dimension["Value"])?.literal else {
        return skip(entry, "a dimension without a known Key and Value")
      }
      words += ["--dimension", word("\(key)=\(v)")]
    }
    if let unit = stringValue(t["Unit"])?.literal { words += ["--unit", word(unit)] }
    if let actual, adopted != name { notes.append("FilterName \(actual) not kept: Vigil names it after the session name \(name)") }
    emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
  }
}
