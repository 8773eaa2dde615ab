import VigilCore
import VigilInsights
import VigilModel

/// VIGIL-DSH-002: a dashboard log widget whose Logs Insights query does not parse.
///
/// `dashboard … add --logs` refuses such a query with the parser's caret; a stack that holds one anyway (built
/// through the library, or from a file written before that check) gets this finding, with the same message.
extension StackRules {
  mutating func checkDashboardQueries() {
    for widget in stack.dashboardWidgets {
      guard case .logs(let query) = widget.kind else { continue }
      do throws(Diagnostic) {
        _ = try QueryParser.parse(query)
      } catch {
        let resource = "dashboard \(widget.dashboard)"
        let position = "line \(error.location.line), column \(error.location.column)"
        add(
          PolicyRules.dashboardQuery, resource,
          "the log widget '\(widget.title)' on dashboard \(widget.dashboard) has a Logs Insights query that does not parse "
            + "(\(position)): \(error.message)" + (error.suggestion.map { "; \($0)" } ?? ""),
          fix: [])
      }
    }
  }
}
