import VigilAlarms
import VigilCore
import VigilMetrics
import VigilModel
import VigilPolicy

/// VIGIL-ALM-004: the alarms that must page during a marked incident, replayed by the one alarm evaluation
/// (`evaluateAlarms`) over the loaded data. With `incident … --alarms NAME,…` each listed alarm or composite that
/// never reaches ALARM inside the window is a finding; without `--alarms`, the incident is one finding when no alarm
/// or composite of the stack reaches ALARM inside it at all (most alarms rightly stay OK through any one incident).
///
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html
extension Interpreter {
  /// The findings of every marked incident (none when no data is loaded or the alarms cannot be evaluated: other
  /// findings and the previews say why).
  func incidentFindings() -> [PolicyFinding] {
    guard !workspace.incidentMarks.isEmpty, let result = incidentEvaluation() else { return [] }
    return workspace.incidentMarks.flatMap { Self.incidentFindings($0, result) }
  }

  /// The findings of one incident, for the shell right after the `incident` line.
  func incidentFindings(only mark: IncidentMark) -> [PolicyFinding] {
    guard let result = incidentEvaluation() else { return [] }
    return Self.incidentFindings(mark, result)
  }

  /// Every alarm of the stack replayed over the loaded data, its default window (first datapoint to the end of the last
  /// one's period) widened to hold every incident, so an incident at the edge of the data is evaluated whole.
  func incidentEvaluation() -> AlarmPreviewResult? {
    guard let alarms = try? AlarmSetBuilder.build(stack), let store = try? metricStore(for: MetricDemand()),
      let range = AlarmPreview(alarms: alarms, store: store).defaultRange()
    else { return nil }
    let windows = workspace.incidents
    let from = min(range.0, windows.map(\.lowerBound).min() ?? range.0)
    let until = max(range.1, windows.map(\.upperBound).max() ?? range.1)
    return try? evaluateAlarms(from: from, until: until)
  }

  static func incidentFindings(_ mark: IncidentMark, _ result: AlarmPreviewResult) -> [PolicyFinding] {
    let during = "during the incident \(describe(mark.window))"
    guard !mark.alarms.isEmpty else {
      let paged = result.timelines.values.contains { states(of: $0, in: mark.window).contains(.alarm) }
      guard !paged else { return [] }
      return [
        PolicyFinding(
          rule: PolicyRules.alarmDuringIncident, resource: "incident \(TimeFormat.iso8601(mark.window.lowerBound, fraction: false))",
          location: mark.location,
          message: "no alarm or composite reaches ALARM \(during) (\(result.timelines.count) evaluated); "
            + "list the ones that must page with --alarms", fix: [])
      ]
    }
    var findings: [PolicyFinding] = []
    for name in mark.alarms {
      guard let timeline = result.timelines[name] else {
        // Removed after the incident was marked: said, never silently skipped.
        findings.append(
          PolicyFinding(
            rule: PolicyRules.alarmDuringIncident, resource: "alarm \(name)", location: mark.location,
            message: "the incident \(describe(mark.window)) lists \(name), which is no longer an alarm or composite of the stack",
            fix: []))
        continue
      }
      let seen = states(of: timeline, in: mark.window)
      guard !seen.contains(.alarm) else { continue }
      let kind = timeline.isComposite ? "composite" : "alarm"
      let how = seen.count == 1 ? "\(seen[0].rawValue) throughout" : seen.map(\.rawValue).joined(separator: " and ")
      findings.append(
        PolicyFinding(
          rule: PolicyRules.alarmDuringIncident, resource: "\(kind) \(name)", location: mark.location,
          message: "\(kind) \(name) never reaches ALARM \(during) (\(how))",
          fix: []))
    }
    return findings
  }

  /// The states an alarm is in inside `window`, in the order it enters them (its state at the start first).
  static func states(of timeline: AlarmTimeline, in window: Range<EpochMillis>) -> [AlarmState] {
    var seen = [timeline.state(at: window.lowerBound)]
    for (time, state) in timeline.changes where time > window.lowerBound && time < window.upperBound && !seen.contains(state) {
      seen.append(state)
    }
    return seen
  }

  /// `2026-03-02T10:15:00Z .. 2026-03-02T10:30:00Z`.
  static func describe(_ window: Range<EpochMillis>) -> String {
    "\(TimeFormat.iso8601(window.lowerBound, fraction: false)) .. \(TimeFormat.iso8601(window.upperBound, fraction: false))"
  }
}
