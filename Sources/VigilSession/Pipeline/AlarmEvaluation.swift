import VigilAlarms
import VigilCore
import VigilModel

/// The evaluation stage: the alarm definitions replayed over the session's metric data, minute by minute.
extension Interpreter {
  /// Runs every alarm of the stack over the loaded data.
  func preview(_ c: ParsedCommand) throws(Diagnostic) -> AlarmPreviewResult {
    let alarms = try AlarmSetBuilder.build(stack)
    let from = try c.value("from").map { token throws(Diagnostic) in try DataCommands.time(token, "--from") }
    let until = try c.value("until").map { token throws(Diagnostic) in try DataCommands.time(token, "--until") }
    let store = try metricStore()
    guard store.timeRange != nil else {
      throw c.head.error(
        "no data loaded", suggestion: "load datapoints first with 'load-metrics FILE', 'series' or 'load FILE into SERVICE'")
    }
    do {
      return try AlarmPreview(alarms: alarms, store: store).run(from: from, until: until)
    } catch {
      throw c.head.error("cannot preview: \(error)")
    }
  }
}
