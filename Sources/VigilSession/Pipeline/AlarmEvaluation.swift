import VigilAlarms
import VigilCore
import VigilMetrics
import VigilModel

/// The evaluation stage: the alarm definitions replayed over the session's metric data, minute by minute.
extension Interpreter {
  /// Every alarm of the stack replayed over the loaded data (what `preview` and `expect` read), for a library user.
  ///
  /// Throws when no data is loaded and no `until` is given, or when the alarms cannot be evaluated. `from` defaults to
  /// the first datapoint (with no datapoint before `until`: one evaluation span before `until`), `until` to the end of
  /// the last datapoint's period.
  public func evaluateAlarms(from: EpochMillis? = nil, until: EpochMillis? = nil) throws(AlarmEvaluationError) -> AlarmPreviewResult {
    let alarms: AlarmSet
    let store: MetricStore
    do throws(Diagnostic) {
      alarms = try AlarmSetBuilder.build(stack)
      store = try metricStore(for: MetricDemand())
    } catch {
      throw .invalidSession(error)
    }
    // With `until` CloudWatch's missing-data treatment answers even when no datapoint exists (see `AlarmPreview.run`).
    guard store.timeRange != nil || until != nil else { throw .noData }
    do throws(AlarmPreviewError) {
      return try AlarmReplay(alarms: alarms, store: store).run(from: from, until: until)
    } catch {
      throw .cannotEvaluate(error)
    }
  }

  /// Runs every alarm of the stack over the loaded data, for a command with `--from` and `--until`.
  func preview(_ c: ParsedCommand) throws(Diagnostic) -> AlarmPreviewResult {
    let from = try c.value("from").map { token throws(Diagnostic) in try DataCommands.time(token, "--from") }
    let until = try c.value("until").map { token throws(Diagnostic) in try DataCommands.time(token, "--until") }
    do {
      return try evaluateAlarms(from: from, until: until)
    } catch {
      switch error {
      case .invalidSession(let diagnostic): throw diagnostic
      case .noData:
        throw c.head.error(
          "no data loaded",
          suggestion: "load datapoints first with 'load-metrics FILE', 'series' or 'load FILE into SERVICE', or give --until to evaluate without data")
      case .cannotEvaluate(let reason): throw c.head.error("cannot preview: \(reason)")
      }
    }
  }
}

/// Why the session's alarms could not be evaluated.
public enum AlarmEvaluationError: Error, Equatable, CustomStringConvertible {
  /// An alarm or metric filter of the stack cannot be turned into the engine's definitions.
  case invalidSession(Diagnostic)
  /// No datapoints are loaded (nor published by metric filters from loaded logs).
  case noData
  /// The alarm engine rejected the definitions or the window.
  case cannotEvaluate(AlarmPreviewError)

  public var description: String {
    switch self {
    case .invalidSession(let diagnostic): return diagnostic.description
    case .noData: return "no data loaded"
    case .cannotEvaluate(let error): return "cannot preview: \(error)"
    }
  }
}
