import Foundation
import VigilCore
import VigilExport
import VigilModel

extension CloudFormationImporter {
  /// A template Vigil wrote: the widgets a dashboard has beyond those the export of the imported session writes are
  /// the session's `dashboard NAME add` lines, which `DashboardBuilder.custom` appends after its own widgets. Each
  /// becomes its line again (`--metric`, `--alarm`, `--text` or `--logs`, with its title and size).
  mutating func importDashboardWidgets(into session: inout SessionAssembler) {
    guard let vigil, let export = try? CloudFormationExporter.template(session.stack) else { return }
    for entry in of("AWS::CloudWatch::Dashboard") {
      guard let text = bodyText(entry), let theirs = (try? JSONValue.parse(text))?["widgets"]?.arrayValue,
        let owner = export.provenance[entry.key], let mine = Self.widgetCount(export.template["Resources"]?[entry.key]),
        theirs.count > mine
      else { continue }
      let dashboard = owner.command == "service" ? owner.name ?? "overview" : "overview"
      for (index, widget) in theirs.enumerated().dropFirst(mine) {
        let label = "\(entry.key) (\(type(of: entry))) widget \(index + 1)"
        guard let words = widgetWords(widget, dashboard: dashboard, names: vigil.names, in: session) else {
          session.report.findings.append(
            ImportFinding(
              kind: "dashboard-widget", message: "\(label): a widget the session cannot add again (\(widget["type"]?.stringValue ?? "?")); not kept",
              location: entry.keyLocation))
          continue
        }
        if case .failure(let diagnostic) = session.add(words.joined(separator: " "), source: entry.keyLocation, label: label) {
          session.report.findings.append(
            ImportFinding(kind: "dashboard-widget", message: "\(label): the session refuses it: \(diagnostic.message)", location: entry.keyLocation))
        }
      }
    }
  }

  /// How many widgets a dashboard resource of the export has (its body is a string or Vigil's `Fn::Join`).
  static func widgetCount(_ resource: JSONValue?) -> Int? {
    guard let body = resource?["Properties"]?["DashboardBody"] else { return nil }
    var text = body.stringValue
    if text == nil, let pieces = body["Fn::Join"]?.arrayValue?.last?.arrayValue {
      text = pieces.map { $0.stringValue ?? "0" }.joined()
    }
    return text.flatMap { try? JSONValue.parse($0) }?["widgets"]?.arrayValue?.count
  }

  /// `dashboard NAME add …` for one widget `DashboardBuilder.custom` wrote; nil for any other shape.
  func widgetWords(_ widget: JSONValue, dashboard: String, names: ResourceNames, in session: SessionAssembler) -> [String]? {
    let properties = widget["properties"]
    var words = ["dashboard", dashboard, "add"]
    switch widget["type"]?.stringValue {
    case "metric":
      guard let rows = properties?["metrics"]?.arrayValue, rows.count == 1, var row = rows[0].arrayValue, let options = row.last?.objectValue
      else { return nil }
      row.removeLast()
      let texts = row.compactMap(\.stringValue)
      guard texts.count == row.count, texts.count >= 2, texts.count % 2 == 0 else { return nil }
      words += ["--metric", word("\(texts[0])/\(texts[1])")]
      for index in stride(from: 2, to: texts.count, by: 2) { words += ["--dimension", word("\(texts[index])=\(texts[index + 1])")] }
      words += ["--stat", word(options["stat"]?.stringValue ?? "Average")]
    case "alarm":
      guard let arns = properties?["alarms"]?.arrayValue, arns.count == 1, let physical = arns[0].stringValue?.split(separator: ":").last
      else { return nil }
      let stack = session.stack
      guard let alarm = stack.alarms.first(where: { names.physical($0.name, .alarm) == physical })?.name
        ?? stack.composites.first(where: { names.physical($0.name, .composite) == physical })?.name
      else { return nil }
      words += ["--alarm", alarm]
    case "text":
      guard let markdown = properties?["markdown"]?.stringValue else { return nil }
      words += ["--text", word(markdown)]
    case "log":
      guard var query = properties?["query"]?.stringValue else { return nil }
      // The builder puts the log groups in front: `SOURCE 'a' | SOURCE 'b' | QUERY`.
      while query.hasPrefix("SOURCE '"), let end = query.range(of: "' | ") { query = String(query[end.upperBound...]) }
      words += ["--logs", word(query)]
    default: return nil
    }
    if let title = properties?["title"]?.stringValue { words += ["--title", word(title)] }
    for key in ["width", "height"] {
      guard let value = widget[key] else { continue }
      guard let number = Self.wholeNumber(value) else { return nil }
      words += ["--\(key)", String(number)]
    }
    return words
  }
}
