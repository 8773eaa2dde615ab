import VigilCore
import VigilExport
import VigilMetrics
import VigilModel
import VigilPolicy

/// The checks that follow metrics from readers to publishers, with what the session has loaded: the stack rules
/// (VIGIL-MET-001…003, VIGIL-SNS-006, in VigilPolicy) see loaded data as a publisher, and the data rules
/// (VIGIL-MFL-002) need the loaded logs. One place for `vigil check`, `vigil run`, the shell and `preview`.
extension Interpreter {
  /// The rules `vigil run` reports on stderr (and fails on with `--strict`): the mistakes that leave a metric empty
  /// or a page undelivered, not the platform's conventions.
  public static let wiringRules: Set<String> = [
    "VIGIL-MET-001", "VIGIL-MET-002", "VIGIL-MET-003", "VIGIL-MFL-001", "VIGIL-MFL-002", "VIGIL-SNS-006", "VIGIL-ALM-004",
  ]

  /// The metric identities of data loaded with `load-metrics` and `series` (not what metric filters derive).
  var loadedMetricIdentities: [MetricIdentity] { workspace.store.series.keys.map(\.identity) }

  /// Where the stack's metrics come from, loaded data included.
  public var metricProvenance: MetricProvenance { MetricProvenance(stack: stack, loaded: loadedMetricIdentities) }

  /// Every finding of `vigil check`: the stack's rules (loaded data counting as a publisher) and the rules over loaded
  /// data, ordered by session line. Throws when there is no stack or it cannot be exported.
  public func sessionFindings(suffix: String? = nil) throws(ExportError) -> [PolicyFinding] {
    guard stack.environment != nil else { throw .noStack }
    let findings = try PolicyChecker.check(stack, options: ExportOptions(suffix: suffix), loaded: loadedMetricIdentities) + dataFindings()
    return findings.enumerated().sorted { a, b in
      let la = a.element.location?.line ?? Int.max, lb = b.element.location?.line ?? Int.max
      return la != lb ? la < lb : a.offset < b.offset
    }.map(\.element)
  }

  /// The rules over loaded data: VIGIL-MFL-002 (`filterValueFindings`) and VIGIL-ALM-004 (`incidentFindings`).
  func dataFindings() -> [PolicyFinding] { filterValueFindings() + incidentFindings() }

  /// VIGIL-MFL-002: a metric filter whose pattern matched loaded events, none of which carried its value (or every
  /// dimension field), so it publishes nothing.
  func filterValueFindings() -> [PolicyFinding] {
    guard !workspace.logFiles.isEmpty, (try? metricStore(for: MetricDemand())) != nil else { return [] }
    var findings: [PolicyFinding] = []
    for filter in stack.metricFilters {
      guard let counts = workspace.filterCounts[filter.name], counts.matched > 0, counts.unpublished == counts.matched else { continue }
      let resource = "metric-filter \(filter.name)"
      findings.append(
        PolicyFinding(
          rule: PolicyRules.metricFilterValueInData, resource: resource, location: stack.origins[resource],
          message: "metric filter \(filter.name): its pattern matched \(counts.matched) loaded event(s) and none had "
            + Self.carried(filter) + "; it publishes nothing", fix: []))
    }
    return findings
  }

  /// `a numeric $.latency` (and `every dimension field ($.region)` for a filter with dimensions).
  static func carried(_ filter: VigilModel.MetricFilter) -> String {
    let value = Double(filter.value) == nil ? "a numeric \(filter.value)" : ""
    guard !filter.dimensions.isEmpty else { return value }
    let fields = "every dimension field (\(filter.dimensions.map(\.1).joined(separator: ", ")))"
    return value.isEmpty ? fields : "\(value) and \(fields)"
  }

  /// For `preview alarm`: one line per metric the alarm reads that has no datapoint in the loaded data, saying what
  /// publishes it (or what does not), so an empty metric never previews as a calm OK.
  func missingDataNotes(_ alarm: MetricAlarm) -> [String] {
    let store = (try? metricStore(for: MetricDemand())) ?? workspace.store
    let provenance = metricProvenance
    var notes: [String] = []
    for use in provenance.uses where use.user == "alarm \(alarm.name)" {
      let identity = MetricIdentity(namespace: use.metric.namespace, name: use.metric.name, dimensions: use.physicalDimensions)
      if case .success(let series?) = store.lookup(identity, unit: nil), series.count > 0 { continue }
      if store.series.keys.contains(where: { $0.identity == identity }) { continue }
      let dims = use.physicalDimensions.isEmpty ? "" : " with " + PublishedMetric.describeSet(use.physicalDimensions.keys)
      let head = "0 datapoints for \(use.path)\(dims) in the loaded data"
      switch provenance.match(use) {
      case .published(let publishers):
        notes.append("\(head) (published by \(publishers.map(\.publisher.description).joined(separator: ", ")); load its data to evaluate it)")
      case .unpublished(let similar?):
        notes.append("\(head); the session publishes \(similar.path) (\(similar.publisher)), nothing publishes \(use.path) (VIGIL-MET-001)")
      case .unpublished(nil):
        notes.append("\(head); nothing publishes it (VIGIL-MET-001)")
      case .otherDimensionSet(let published):
        let sets = Array(Set(published.map(\.dimensionSet))).sorted().joined(separator: " or ")
        notes.append("\(head); it is published only with \(sets), a different metric (VIGIL-MET-002)")
      case .otherDimensionValue(let dimension, let value, _):
        notes.append("\(head); nothing publishes it for \(dimension)=\(value) (VIGIL-MET-003)")
      }
    }
    return notes
  }

  /// Findings as the shell prints them after a command: `warning: RULE: message` and the first fix.
  static func warningLines(_ findings: [PolicyFinding]) -> [String] {
    findings.map { "warning: \($0.rule.id): \($0.message)" + ($0.fix.first.map { "\n  fix: \($0)" } ?? "") }
  }
}
