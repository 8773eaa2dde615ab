import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// A dashboard body as text: a string, or Vigil's `Fn::Join` of strings and `Ref`s (the account id of alarm ARNs),
  /// each `Ref X` read as `${X}`. Nil for any other shape.
  func bodyText(_ entry: TemplateEntry) -> String? {
    guard let body = properties(entry)["DashboardBody"] else { return nil }
    if let text = body.text { return text }
    guard case .intrinsic("Fn::Join", let argument, _) = body, let parts = argument.items, parts.count == 2, parts[0].text == "",
      let pieces = parts[1].items
    else { return nil }
    var out = ""
    for piece in pieces {
      if let text = piece.text {
        out += text
      } else if case .intrinsic("Ref", let name, _) = piece, let name = name.text {
        out += "${\(name)}"
      } else {
        return nil
      }
    }
    return out
  }

  /// The dashboards Vigil writes list the services, filters, alarms and composites in the session's order; the
  /// template (sorted by logical id) does not keep it, and dashboards built again from the session depend on it.
  /// Like `TerraformImporter.readDashboards`.
  mutating func readDashboards() {
    guard let vigil else { return }
    let dashboards = of("AWS::CloudWatch::Dashboard")
    overviewText = dashboards.first { $0.key == ResourceNames.cloudFormationID(.dashboard, "overview") }.flatMap(bodyText) ?? ""
    let tail = vigil.names.tail(.alarm)
    var index = 0
    for dashboard in dashboards where dashboard.key != ResourceNames.cloudFormationID(.dashboard, "overview") {
      guard let physical = stringValue(properties(dashboard)["DashboardName"])?.literal,
        let service = vigil.sessionName(physical: physical, role: .dashboard, logicalID: dashboard.key, prefix: .dashboard),
        let body = bodyText(dashboard), let json = try? JSONValue.parse(body)
      else { continue }
      for widget in json["widgets"]?.arrayValue ?? [] where widget["type"]?.stringValue == "alarm" {
        for arn in widget["properties"]?["alarms"]?.arrayValue ?? [] {
          guard let name = arn.stringValue?.split(separator: ":").last.map(String.init), name.hasSuffix(tail) else { continue }
          serviceOfAlarm[name] = service
          if alarmPositions[name] == nil { alarmPositions[name] = index }
          index += 1
        }
      }
    }
  }

  /// Where `needle` first occurs in the overview's body.
  func position(of needle: String) -> Int? {
    guard !needle.isEmpty, let range = overviewText.range(of: needle) else { return nil }
    return overviewText.distance(from: overviewText.startIndex, to: range.lowerBound)
  }

  /// A service's place: where the overview's log widget names its log group.
  func serviceOrder(_ entry: TemplateEntry) -> Int? {
    let lambda = type(of: entry) == "AWS::Lambda::Function"
    guard let name = properties(entry)[lambda ? "FunctionName" : "ServiceName"]?.text else { return nil }
    return position(of: "SOURCE '\(lambda ? "/aws/lambda/" : "/ecs/")\(name)'")
  }

  /// A metric filter's place: where the overview graphs its metric.
  func filterOrder(_ entry: TemplateEntry) -> Int? {
    guard let t = properties(entry)["MetricTransformations"]?.items?.first, let namespace = t["MetricNamespace"]?.text,
      let metric = t["MetricName"]?.text
    else { return nil }
    return position(of: "[\"\(namespace)\",\"\(metric)\"")
  }

  /// An alarm's place: where its service's dashboard lists it.
  func alarmOrder(_ entry: TemplateEntry) -> Int? {
    properties(entry)["AlarmName"]?.text.flatMap { alarmPositions[$0] }
  }
}
