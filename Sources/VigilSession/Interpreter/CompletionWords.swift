import VigilModel

extension Interpreter {
  /// Metric names `NAMESPACE/NAME` the session knows: what its metric filters publish and what its loaded metric
  /// data holds, for completing `--metric`.
  public var metricCompletionNames: [String] {
    let published = stack.metricFilters.map { "\($0.namespace)/\($0.metricName)" }
    let loaded = workspace.store.series.keys.map { "\($0.identity.namespace)/\($0.identity.name)" }
    return Array(Set(published + loaded)).sorted()
  }
}
