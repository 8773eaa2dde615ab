import Testing
import VigilCore

@testable import VigilCharts

@Suite struct TerminalDashboardTests {
  static let dashboard = PreviewDashboard(
    name: "payment-api",
    window: at("10:00")...at("11:00"),
    widgets: [
      PreviewWidget(
        title: "Top errors", x: 0, y: 8, width: 24, height: 4,
        kind: .logTable(
          LogTable(
            columns: ["status", "message", "count"],
            rows: [["503", "upstream payment-authorizer timed out after 2000 ms", "212"], ["500", "ledger\twriter", "64"]]))),
      PreviewWidget(
        title: "Alarms", x: 12, y: 2, width: 12, height: 6,
        kind: .alarmStatus([
          AlarmTimeline(
            alarmName: "p99-latency",
            changes: [.init(time: at("10:00"), state: .ok), .init(time: at("10:20"), state: .alarm)]),
          AlarmTimeline(alarmName: "cpu", changes: []),
        ])),
      PreviewWidget(
        title: "intro", x: 0, y: 0, width: 24, height: 2,
        kind: .text("# payment-api\nSee the [service map](https://example.com/map).\n- first\n- second")),
    ])

  @Test func rendersWidgetsInReadingOrder() {
    let text = TerminalDashboard(width: 60, height: 24, color: false).render(Self.dashboard)
    #expect(
      text == """
        Dashboard payment-api  2026-03-02 10:00 – 11:00 UTC

        ────────────────────────────────────────────────────────────
        payment-api

        See the service map (https://example.com/map).

        • first
        • second

        ── Alarms ──────────────────────────────────────────────────
        ● ALARM              p99-latency  since 10:20  ────█████████
        ● INSUFFICIENT_DATA  cpu                       ░░░░░░░░░░░░░
                                                       10:00   11:00

        ── Top errors ──────────────────────────────────────────────
        status  message                                        count
        ──────  ─────────────────────────────────────────────  ─────
           503  upstream payment-authorizer timed out after…     212
           500  ledger writer                                     64

        """)
  }

  @Test func wrapsWordsAndCutsLongOnes() {
    #expect(TerminalDashboard.wrap("aaa bbb ccc", width: 7) == ["aaa bbb", "ccc"])
    #expect(TerminalDashboard.wrap("abcdefghij x", width: 4) == ["abcd", "efgh", "ij x"])
    #expect(TerminalDashboard.wrap("", width: 4) == [""])
  }

  @Test func describesWindowsAcrossMidnightWithBothDates() {
    let window = TimeFormat.parse("2026-03-02T23:00:00Z")!...TimeFormat.parse("2026-03-03T01:00:00Z")!
    #expect(TerminalDashboard.describe(window) == "2026-03-02 23:00 – 2026-03-03 01:00 UTC")
  }
}
