import VigilCore
import VigilModel

extension CloudFormationExporter {
  /// The body is the Terraform export's (`Dashboard.body`), serialised the same way; only the `ACCOUNT_ID`
  /// placeholder of alarm ARNs becomes the account (`Fn::Join` with `AWS::AccountId`).
  mutating func buildDashboards() throws(CloudFormationExportError) {
    dashboards = DashboardBuilder(stack: stack, env: env).dashboards()
    for dashboard in dashboards {
      doc.owner = stack.service(dashboard.name) != nil ? SessionResource("service", dashboard.name) : SessionResource("stack")
      let pieces = dashboard.body(accountID: "ACCOUNT_ID").serialized(pretty: false).components(separatedBy: "ACCOUNT_ID")
      var joined: [JSONValue] = [.string(pieces[0])]
      for piece in pieces.dropFirst() { joined += [Self.account, .string(piece)] }
      try doc.resource(
        "AWS::CloudWatch::Dashboard", ResourceNames.cloudFormationID(.dashboard, dashboard.name),
        ["DashboardName": .string(names.physical(dashboard.name, .dashboard)), "DashboardBody": CloudFormation.join(joined)])
    }
  }
}
