import VigilAlarms
import VigilCore
import VigilExport
import VigilMetrics
import VigilModel

/// Which statistics the stack reads from its metrics, so the session's metric store keeps values only where an
/// answer needs them (see `MetricDemand`).
extension Interpreter {
  /// What the stack's alarms (single metric, math inputs, anomaly bands) read: each metric with its statistic and
  /// period. Every preview, `expect` and `tune` evaluates them, so every store keeps this much. Consumers that read
  /// more add theirs when they read: dashboard previews (`dashboardDemand()`), `metrics --stat p99`.
  public func metricDemand() -> MetricDemand {
    var demand = MetricDemand()
    for model in stack.alarms {
      // An alarm the engine cannot read is reported by the command that previews it; it reads nothing here.
      guard let alarm = try? AlarmSetBuilder.metricAlarm(model, stack: stack) else { continue }
      let stats: [MetricStat]
      switch alarm.source {
      case .metric(let stat): stats = [stat]
      case .math(let queries):
        stats = queries.compactMap { query in
          if case .metric(let stat) = query.kind { return stat }
          return nil
        }
      }
      for stat in stats {
        demand.add(
          namespace: stat.identity.namespace, name: stat.identity.name, statistic: stat.statistic,
          period: EpochMillis(stat.period) * 1000)
      }
    }
    return demand
  }

  /// What the dashboards' metric widgets read: each series' statistic per minute, as `metricChart` draws it. A
  /// service's generated dashboard draws its latencies' p50, p90 and p99, so previewing it keeps those values.
  func dashboardDemand() -> MetricDemand {
    var demand = MetricDemand()
    if let env = stack.environment {
      for dashboard in DashboardBuilder(stack: stack, env: env).dashboards() {
        for widget in dashboard.widgets where widget.kind == .metric {
          for ref in widget.series {
            guard let statistic = Statistic.parse(ref.statistic) else { continue }
            demand.add(namespace: ref.namespace, name: ref.name, statistic: statistic, period: 60_000)
          }
        }
      }
    }
    return demand
  }
}
