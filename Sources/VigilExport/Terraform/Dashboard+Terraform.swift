import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildDashboards() {
    for dashboard in DashboardBuilder(stack: stack, env: env).dashboards() {
      doc.resource(
        "aws_cloudwatch_dashboard", ResourceNames.logicalID(.dashboard, dashboard.name),
        [
          "dashboard_name": .string(names.physical(dashboard.name, .dashboard)),
          "dashboard_body": .string(dashboard.body(accountID: Self.account).serialized(pretty: false)),
        ])
    }
  }
}
