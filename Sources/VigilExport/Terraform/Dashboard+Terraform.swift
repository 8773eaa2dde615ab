import Foundation
import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildDashboards() throws(ExportError) {
    for dashboard in dashboards {
      // A service's dashboard is the service's; the overview is the stack's.
      doc.owner =
        stack.service(dashboard.name) != nil
        ? SessionResource("service", dashboard.name) : dashboard.text != nil ? SessionResource("dashboard", dashboard.name) : SessionResource("stack")
      // A team's own body is literal text, written back exactly as the session holds it.
      let body = dashboard.text.map { TerraformValue.string($0) }
        ?? Self.withAccount(TerraformValue(literal: dashboard.body(accountID: "ACCOUNT_ID"))).serializedTemplate
      try doc.resource(
        "aws_cloudwatch_dashboard", ResourceNames.logicalID(.dashboard, dashboard.name),
        ["dashboard_name": .string(names.physical(dashboard.name, .dashboard)), "dashboard_body": body])
    }
  }

  /// The body's strings are the user's and are literal; only the `ACCOUNT_ID` placeholder of alarm ARNs
  /// (`Dashboard.body`) becomes Vigil's reference to the account.
  static func withAccount(_ value: TerraformValue) -> TerraformValue {
    switch value {
    case .string(let s):
      guard let pieces = AccountPlaceholder.pieces(of: s) else { return value }
      var template = TerraformTemplate(literal: pieces[0])
      for piece in pieces.dropFirst() { template = "\(template)\(account)\(piece)" }
      return .template(template)
    case .array(let items): return .array(items.map(withAccount))
    case .object(let members): return .object(members.mapValues(withAccount))
    default: return value
    }
  }
}
