import Foundation
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilCharts

@Suite struct HTMLDashboardTests {

  /// A small dashboard touching every widget kind, with text that needs escaping.
  static let dashboard = PreviewDashboard(
    name: "payment-api <dev>",
    window: at("10:00")...at("10:40"),
    widgets: [
      PreviewWidget(
        title: "ignored for text", x: 0, y: 0, width: 24, height: 2,
        kind: .text("## Runbook\nCall <on-call> & see [map](https://example.com/?a=1&b=2), not [this](javascript:alert(1)).")),
      PreviewWidget(title: "Latency", x: 0, y: 2, width: 12, height: 6, kind: .metric(TerminalChartTests.smallChart)),
      PreviewWidget(
        title: "Alarms", x: 12, y: 2, width: 12, height: 6,
        kind: .alarmStatus([
          AlarmTimeline(
            alarmName: "p99-high",
            changes: [.init(time: at("10:00"), state: .ok), .init(time: at("10:10"), state: .alarm), .init(time: at("10:20"), state: .ok)])
        ])),
      PreviewWidget(
        title: "Errors \"top\"", x: 0, y: 8, width: 24, height: 3,
        kind: .logTable(LogTable(columns: ["status", "message"], rows: [["503", "<timeout> & retry"]]))),
    ])

  /// The expected page lives in SmallDashboardGolden.swift (a Swift file, so the test target needs no resources).
  /// Regenerate it on purpose with `VIGIL_UPDATE_GOLDEN=1 swift test --filter matchesTheGoldenPage`, then review the diff.
  @Test func matchesTheGoldenPage() throws {
    let html = HTMLDashboard().render(Self.dashboard)
    if ProcessInfo.processInfo.environment["VIGIL_UPDATE_GOLDEN"] == "1" {
      let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("SmallDashboardGolden.swift")
      let source =
        "/// The HTML page `HTMLDashboardTests.dashboard` renders to; regenerated only on purpose.\n"
        + "let smallDashboardGolden = #\"\"\"\n" + html + "\"\"\"#\n"
      try source.write(to: file, atomically: true, encoding: .utf8)
    }
    #expect(html == smallDashboardGolden + "\n")
  }

  @Test func placesWidgetsOnThe24ColumnGrid() {
    let html = HTMLDashboard().render(Self.dashboard)
    #expect(html.contains("<section class=\"widget metric\" style=\"grid-column: 1 / span 12; grid-row: 3 / span 6\">"))
    #expect(html.contains("<section class=\"widget alarm\" style=\"grid-column: 13 / span 12; grid-row: 3 / span 6\">"))
    #expect(html.contains("grid-template-columns: repeat(24, minmax(0, 1fr))"))
  }

  @Test func clampsWidgetsThatLeaveTheGrid() {
    let widget = PreviewWidget(title: "wide", x: 20, y: -1, width: 10, height: 0, kind: .text("x"))
    let html = HTMLDashboard().render(PreviewDashboard(name: "d", widgets: [widget]))
    #expect(html.contains("style=\"grid-column: 21 / span 4; grid-row: 1 / span 1\""))
  }

  @Test func escapesEveryTextAndUsesNoNetworkOrScripts() {
    let html = HTMLDashboard().render(Self.dashboard)
    #expect(html.contains("<title>payment-api &lt;dev&gt; · dashboard preview</title>"))
    #expect(
      html.contains(
        "<p>Call &lt;on-call&gt; &amp; see <a href=\"https://example.com/?a=1&amp;b=2\" rel=\"noopener noreferrer\">map</a>, not [this](javascript:alert(1)).</p>"
      ))
    #expect(html.contains("<h2>Errors &quot;top&quot;</h2>"))
    #expect(html.contains("<td>&lt;timeout&gt; &amp; retry</td>"))
    for forbidden in ["<script", "src=", "<link", "@import", "url(http"] { #expect(!html.contains(forbidden)) }
  }

  @Test func escapesHTMLSpecialCharacters() {
    #expect(HTMLText.escape("<a href='x'>&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;")
  }

  @Test(arguments: [
    ("payment-api", "payment-api.html"), ("Payments Overview", "Payments-Overview.html"), ("../etc/passwd", "..-etc-passwd.html"),
    ("", "dashboard.html"), ("..", "dashboard.html"), ("façade", "fa-ade.html"),
  ])
  func makesSafeFileNames(name: String, file: String) {
    #expect(HTMLDashboard.fileName(for: name) == file)
  }

  @Test func isDeterministic() {
    let dashboard = SampleIncidentDashboard.dashboard
    #expect(HTMLDashboard().render(dashboard) == HTMLDashboard().render(dashboard))
  }
}

/// Renders pages in a real browser through `scripts/render-html-preview.sh`; skipped when Chromium is missing.
@Suite(.serialized) struct HTMLBrowserTests {
  static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }
  static let script = TestPaths.packageRoot.appendingPathComponent("scripts/render-html-preview.sh").path

  static func render(_ html: String, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
    let directory = TestPaths.temporaryDirectory()
    let page = directory.appendingPathComponent("page.html")
    try html.write(to: page, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [script, page.path, directory.appendingPathComponent("page.png").path]
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
  }

  @Test(.enabled(if: chromium != nil)) func theSampleDashboardRendersToAPictureWithContent() throws {
    let result = try Self.render(HTMLDashboard().render(SampleIncidentDashboard.dashboard))
    #expect(result.status == 0, "\(result.output)")
  }

  @Test(.enabled(if: chromium != nil)) func anEmptyPageIsReportedBlank() throws {
    let result = try Self.render("<!DOCTYPE html><html><body></body></html>")
    #expect(result.status == 1)
    #expect(result.output.contains("error: the image is blank"))
  }

  @Test func saysHowToInstallChromiumWhenItIsMissing() throws {
    let result = try Self.render("<p>x</p>", environment: ["CHROMIUM": "/nonexistent/chromium"])
    #expect(result.status == 3)
    #expect(result.output.contains("error: CHROMIUM=/nonexistent/chromium is not an executable"))
  }
}
