import Foundation
import VigilCore

/// A CloudWatch dashboard: widgets on the 24-column grid.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
public struct Dashboard: Equatable, Sendable {
  public var name: String
  public var widgets: [Widget]
  /// A team's own dashboard (`dashboard NAME --body`): its body exactly as written, exported unchanged.
  public var text: String? = nil

  public struct Widget: Equatable, Sendable {
    public enum Kind: String, Sendable { case metric, alarm, log, text }
    public var kind: Kind
    public var x = 0, y = 0
    public var width: Int
    public var height: Int
    /// The widget's `properties`; alarm ARNs use `ACCOUNT_ID` until the body is rendered.
    public var properties: JSONValue
    /// Metrics drawn by a metric widget, for previews: (namespace, name, dimensions, statistic).
    public var series: [SeriesRef]
    public var title: String
  }

  public struct SeriesRef: Equatable, Sendable {
    public var namespace: String
    public var name: String
    public var dimensions: [String: String]
    public var statistic: String

    /// A legend label that tells services apart: `payment-api LatencyMs p99` for a per-service namespace
    /// (`Payments/payment-api`) or a ServiceName/FunctionName dimension, else `LatencyMs p99`.
    public var label: String {
      let owner =
        dimensions["ServiceName"] ?? dimensions["FunctionName"]
        ?? (namespace.contains("/") && !namespace.hasPrefix("AWS/") && !namespace.hasPrefix("ECS/")
          ? namespace.split(separator: "/").last.map(String.init) : nil)
      return [owner, name, statistic].compactMap { $0 }.joined(separator: " ")
    }
  }

  /// The dashboard body, with the account id (or a `${...}` reference) filled into alarm ARNs.
  public func body(accountID: String) -> JSONValue {
    if let text { return (try? JSONValue.parse(text)) ?? [:] }
    let widgets = self.widgets.map { w -> JSONValue in
      let properties = JSONValue.parseAccount(w.properties, accountID)
      return [
        "type": .string(w.kind.rawValue), "x": .int(w.x), "y": .int(w.y), "width": .int(w.width), "height": .int(w.height),
        "properties": properties,
      ]
    }
    return ["start": "-PT3H", "periodOverride": "inherit", "widgets": .array(widgets)]
  }
}

extension JSONValue {
  /// Replaces the `ACCOUNT_ID` placeholder in every string.
  static func parseAccount(_ value: JSONValue, _ account: String) -> JSONValue {
    switch value {
    case .string(let s): return .string(AccountPlaceholder.replacing(in: s, with: account))
    case .array(let a): return .array(a.map { parseAccount($0, account) })
    case .object(let o): return .object(o.mapValues { parseAccount($0, account) })
    default: return value
    }
  }
}

/// Places widgets on the 24-column grid in reading order: a widget that does not fit starts a new
/// row, and each row's last widget widens so rows are filled. Rows never overlap.
public enum DashboardLayout {
  public static func arrange(_ widgets: [Dashboard.Widget]) -> [Dashboard.Widget] {
    var placed: [Dashboard.Widget] = []
    var rowStart = 0
    var x = 0, y = 0, rowHeight = 0
    func closeRow() {
      guard rowStart < placed.count else { return }
      let last = placed.count - 1
      placed[last].width = 24 - placed[last].x
      let height = placed[rowStart...].map(\.height).max()!
      for i in rowStart...last { placed[i].height = height }
      y += height
      rowStart = placed.count
      x = 0
      rowHeight = 0
    }
    for var widget in widgets {
      widget.width = min(max(widget.width, 1), 24)
      if x + widget.width > 24 { closeRow() }
      widget.x = x
      widget.y = y
      x += widget.width
      rowHeight = max(rowHeight, widget.height)
      placed.append(widget)
    }
    closeRow()
    return placed
  }

  /// Problems with a layout: widgets off the grid or overlapping (used by tests and `check`).
  public static func problems(_ widgets: [Dashboard.Widget]) -> [String] {
    var problems: [String] = []
    for w in widgets where w.x < 0 || w.y < 0 || w.width < 1 || w.x + w.width > 24 || w.height < 1 {
      problems.append("'\(w.title)' leaves the grid (x \(w.x), width \(w.width))")
    }
    for (i, a) in widgets.enumerated() {
      for b in widgets[(i + 1)...] where a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height {
        problems.append("'\(a.title)' overlaps '\(b.title)'")
      }
    }
    return problems
  }
}
