import Foundation
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilCharts

/// Writes the sample-incident dashboard as HTML and as terminal text. With `VIGIL_CHARTS_DEMO_DIR` set, the files
/// go there (for `scripts/render-html-preview.sh`); otherwise to a temporary directory.
@Suite struct DemoDashboardTests {
  @Test func writesTheSampleIncidentDashboard() throws {
    let directory =
      ProcessInfo.processInfo.environment["VIGIL_CHARTS_DEMO_DIR"].map { URL(fileURLWithPath: $0) }
      ?? TestPaths.temporaryDirectory()
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let dashboard = SampleIncidentDashboard.dashboard
    let html = HTMLDashboard().render(dashboard)
    let page = directory.appendingPathComponent(HTMLDashboard.fileName(for: dashboard.name))
    try html.write(to: page, atomically: true, encoding: .utf8)
    let text = TerminalDashboard(width: 100, height: 40, color: false).render(dashboard)
    try text.write(to: directory.appendingPathComponent("payment-api.txt"), atomically: true, encoding: .utf8)
    #expect(page.lastPathComponent == "payment-api.html")
    #expect(html == HTMLDashboard().render(dashboard))
  }
}
