import VigilAlarms
import VigilCore
import VigilMetrics
import VigilModel

/// Turns the stack's alarms into the alarm engine's definitions (logical names, as typed in the session).
enum AlarmSetBuilder {
  static let account = "123456789012"

  static func topicARN(_ topic: String, _ env: Environment) -> String {
    ResourceNames(env).topicARN(topic, account: account)
  }

  /// The metric as CloudWatch names it: dimension values that name services or clusters become physical names.
  static func identity(_ ref: MetricRef, in stack: Stack) -> MetricIdentity {
    MetricIdentity(namespace: ref.namespace, name: ref.name, dimensions: ref.dimensions.mapValues { stack.physicalDimensionValue($0) })
  }

  static func build(_ stack: Stack) throws(Diagnostic) -> AlarmSet {
    guard let env = stack.environment else { return AlarmSet() }
    var set = AlarmSet()
    for alarm in stack.alarms {
      set.metricAlarms.append(try metricAlarm(alarm, stack: stack))
    }
    for composite in stack.composites {
      let actions = composite.notify.map { topicARN($0, env) }
      set.compositeAlarms.append(
        try CompositeAlarm(
          name: composite.name, rule: composite.rule, alarmActions: actions, okActions: actions,
          actionsSuppressor: composite.suppressor, suppressorWaitPeriod: composite.suppressor == nil ? 0 : composite.suppressWaitSeconds,
          suppressorExtensionPeriod: composite.suppressor == nil ? 0 : composite.suppressExtensionSeconds,
          arn: "arn:aws:cloudwatch:\(env.region):\(account):alarm:\(composite.name)"))
    }
    return set
  }

  static func metricAlarm(_ alarm: VigilModel.MetricAlarm, stack: Stack) throws(Diagnostic) -> VigilAlarms.MetricAlarm {
    let env = stack.environment!
    let period = alarm.periodSeconds
    let source: VigilAlarms.MetricAlarm.Source
    var thresholdMetricID: String?
    switch alarm.source {
    case .metric(let ref, let statistic):
      source = .metric(MetricStat(identity: identity(ref, in: stack), statistic: Statistic.parse(statistic)!, period: period))
    case .math(let expression, let inputs):
      var queries = [
        MetricDataQuery(
          id: "e1", kind: .expression(try MetricMathExpression.parse(expression), text: expression), returnData: true, label: alarm.name)
      ]
      for input in inputs {
        queries.append(
          MetricDataQuery(
            id: input.id,
            kind: .metric(
              MetricStat(identity: identity(input.metric, in: stack), statistic: Statistic.parse(input.statistic)!, period: period)),
            returnData: false))
      }
      source = .math(queries)
    case .anomalyBand(let ref, let statistic, let width):
      let band = "ANOMALY_DETECTION_BAND(m1, \(JSONValue.format(width)))"
      source = .math([
        MetricDataQuery(
          id: "m1", kind: .metric(MetricStat(identity: identity(ref, in: stack), statistic: Statistic.parse(statistic)!, period: period)),
          returnData: true),
        MetricDataQuery(
          id: "ad1", kind: .expression(try MetricMathExpression.parse(band), text: band), returnData: true, label: "expected band"),
      ])
      thresholdMetricID = "ad1"
    }
    return VigilAlarms.MetricAlarm(
      name: alarm.name, source: source, comparison: ComparisonOperator(rawValue: alarm.comparison)!, threshold: alarm.threshold,
      thresholdMetricId: thresholdMetricID, evaluationPeriods: alarm.evaluationPeriods, datapointsToAlarm: alarm.datapointsToAlarm,
      treatMissingData: TreatMissingData(rawValue: alarm.treatMissingData)!,
      arn: "arn:aws:cloudwatch:\(env.region):\(account):alarm:\(alarm.name)")
  }
}
