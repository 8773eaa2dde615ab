import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildDashboards() throws(ExportError) {
    for dashboard in DashboardBuilder(stack: stack, env: env).dashboards() {
      // A service's dashboard is the service's; the overview is the stack's.
      doc.owner = stack.service(dashboard.name) != nil ? SessionResource("service", dashboard.name) : SessionResource("stack")
      try doc.resource(
        "aws_cloudwatch_dashboard", ResourceNames.logicalID(.dashboard, dashboard.name),
        [
          "dashboard_name": .string(names.physical(dashboard.name, .dashboard)),
          "dashboard_body": .string(dashboard.body(accountID: Self.account).serialized(pretty: false)),
        ])
    }
  }
}
