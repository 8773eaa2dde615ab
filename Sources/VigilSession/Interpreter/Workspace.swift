import VigilCore
import VigilMetrics
import VigilModel

/// The data a session has loaded beside its stack: metric datapoints, incidents, display settings.
/// Rebuilt from scratch whenever the session is (undo, replay).
struct Workspace {
  var store = MetricStore() { didSet { generation += 1 } }
  /// The `incident FROM TO [--alarms NAME,…]` lines: windows for tuning and `diff`, and what VIGIL-ALM-004 checks.
  var incidentMarks: [IncidentMark] = []
  /// The marked incident windows, in the order they were marked.
  var incidents: [Range<EpochMillis>] { incidentMarks.map(\.window) }
  /// Log files loaded into services' log groups (streamed again whenever filters or queries need them).
  var logFiles: [(service: String, path: String, display: String)] = [] { didSet { generation += 1 } }
  /// Topics whose webhooks fail in previews (`simulate webhook-failure`).
  var failingWebhooks: Set<String> = []
  /// JSON field names seen in the loaded logs (for completing queries).
  var discoveredFields: Set<String> = []
  /// Bumped whenever loaded data changes, so the derived metric store is recomputed only then.
  var generation = 0
  /// Per metric filter name, from the last derived store: events its pattern matched and matches that published
  /// nothing (no numeric value or a missing dimension field).
  var filterCounts: [String: (matched: Int, unpublished: Int)] = [:]
  /// The last derived store, with what it was derived from and which metrics kept their values.
  var derived: (generation: Int, filters: [VigilModel.MetricFilter], demand: MetricDemand, store: MetricStore)?
}

/// One `incident` line: its window, the alarms and composites that must reach ALARM inside it (empty: at least one
/// alarm or composite of the stack must), and the session line that marked it (where VIGIL-ALM-004 points).
struct IncidentMark {
  var window: Range<EpochMillis>
  var alarms: [String]
  var location: SourceLocation
}

/// How charts are drawn: the shell sets the terminal size and colour; files and notebooks use these defaults.
public struct DisplayOptions: Sendable {
  public var width = 80
  public var chartHeight = 10
  public var color = false
  /// Marks the text a filter pattern matched in `test-pattern` output (the shell makes it bold yellow); nil leaves it plain.
  public var highlight: (@Sendable (String) -> String)?
  public init(width: Int = 80, chartHeight: Int = 10, color: Bool = false, highlight: (@Sendable (String) -> String)? = nil) {
    self.width = width
    self.chartHeight = chartHeight
    self.color = color
    self.highlight = highlight
  }
}
