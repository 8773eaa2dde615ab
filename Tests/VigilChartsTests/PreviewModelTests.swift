import Testing
import VigilCore

@testable import VigilCharts

@Suite struct AlarmTimelineTests {
  static let timeline = AlarmTimeline(
    alarmName: "p99",
    changes: [.init(time: at("09:00"), state: .ok), .init(time: at("10:18"), state: .alarm), .init(time: at("10:33"), state: .ok)])

  @Test func knowsTheStateAtAnyTime() {
    #expect(Self.timeline.state(at: at("08:59")) == .insufficientData)
    #expect(Self.timeline.state(at: at("10:18")) == .alarm)
    #expect(Self.timeline.state(at: at("10:32")) == .alarm)
    #expect(Self.timeline.state(at: at("10:33")) == .ok)
    #expect(Self.timeline.currentState == .ok)
    #expect(AlarmTimeline(alarmName: "new", changes: []).currentState == .insufficientData)
  }

  @Test func coversTheWindowWithPeriods() {
    let periods = Self.timeline.periods(in: at("08:30")...at("11:00")).map { [$0.from, $0.to] }
    #expect(
      periods == [[at("08:30"), at("09:00")], [at("09:00"), at("10:18")], [at("10:18"), at("10:33")], [at("10:33"), at("11:00")]])
    #expect(Self.timeline.periods(in: at("08:30")...at("11:00")).map(\.state) == [.insufficientData, .ok, .alarm, .ok])
    // A window inside one period is one period.
    #expect(Self.timeline.periods(in: at("10:20")...at("10:25")).map(\.state) == [.alarm])
  }

  @Test func givesItsAlarmSpansForCharts() {
    #expect(
      Self.timeline.alarmSpans(in: at("09:00")...at("11:00")) == [AlarmSpan(from: at("10:18"), to: at("10:33"), alarmName: "p99")])
    // Still in ALARM at the end of the window: the span ends there.
    #expect(
      Self.timeline.alarmSpans(in: at("09:00")...at("10:20")) == [AlarmSpan(from: at("10:18"), to: at("10:20"), alarmName: "p99")])
  }
}

@Suite struct PreviewDashboardTests {
  static func widget(_ title: String, x: Int, y: Int, _ kind: PreviewWidget.Kind = .text("text")) -> PreviewWidget {
    PreviewWidget(title: title, x: x, y: y, width: 6, height: 6, kind: kind)
  }

  @Test func ordersWidgetsTopToBottomThenLeftToRight() {
    let dashboard = PreviewDashboard(
      name: "d", widgets: [Self.widget("c", x: 0, y: 6), Self.widget("b", x: 12, y: 0), Self.widget("a", x: 0, y: 0)])
    #expect(dashboard.widgetsInReadingOrder.map(\.title) == ["a", "b", "c"])
  }

  @Test func takesTheWindowFromTheDataWhenNoneIsGiven() {
    let chart = MetricChart(series: [ChartSeries(label: "x", values: [(at("09:05"), 1), (at("10:00"), 2)])])
    let alarms = [AlarmTimeline(alarmName: "a", changes: [.init(time: at("10:30"), state: .alarm)])]
    let dashboard = PreviewDashboard(
      name: "d", widgets: [Self.widget("m", x: 0, y: 0, .metric(chart)), Self.widget("a", x: 6, y: 0, .alarmStatus(alarms))])
    #expect(dashboard.effectiveWindow == at("09:05")...at("10:30"))
    #expect(PreviewDashboard(name: "d", widgets: [Self.widget("t", x: 0, y: 0)]).effectiveWindow == nil)
    let fixed = PreviewDashboard(name: "d", window: at("09:00")...at("11:00"), widgets: dashboard.widgets)
    #expect(fixed.effectiveWindow == at("09:00")...at("11:00"))
  }
}

@Suite struct MarkdownTextTests {
  @Test func readsHeadingsParagraphsAndBullets() {
    let text = MarkdownText("# Title\nfirst line\nsecond line\n\n- one **bold**\n* two `code`\n\nSee [map](https://x.example/a?b=1)")
    #expect(
      text.blocks == [
        .heading(level: 1, [.text("Title")]),
        .paragraph([.text("first line second line")]),
        .bullets([[.text("one "), .bold("bold")], [.text("two "), .code("code")]]),
        .paragraph([.text("See "), .link(text: "map", url: "https://x.example/a?b=1")]),
      ])
  }

  @Test func leavesUnmatchedMarkersLiteral() {
    #expect(MarkdownText.inlines("a ** b ` c [d] (e) #x") == [.text("a ** b ` c [d] (e) #x")])
    #expect(MarkdownText("#nospace").blocks == [.paragraph([.text("#nospace")])])
  }
}

@Suite struct AlarmTimelineOrderTests {
  @Test func keepsChangesInTimeOrder() {
    let timeline = AlarmTimeline(
      alarmName: "a", changes: [.init(time: at("10:30"), state: .ok), .init(time: at("10:00"), state: .alarm)])
    #expect(timeline.changes.map(\.time) == [at("10:00"), at("10:30")])
    #expect(timeline.alarmSpans(in: at("09:00")...at("11:00")) == [AlarmSpan(from: at("10:00"), to: at("10:30"), alarmName: "a")])
  }
}
