import Foundation
import Testing
import VigilCore

@testable import VigilCharts

@Suite struct TerminalChartTests {
  @Test func demoPrints() {
    print(TerminalDashboard(width: 100, height: 40, color: false).render(SampleIncidentDashboard.dashboard))
    print(TerminalDashboard(width: 100, height: 40, color: true).render(SampleIncidentDashboard.dashboard))
  }
}
