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

  /// The model keeps what the command validated as text; a value the engine cannot read is an error, not a trap.
  static func engineValue<T>(_ value: T?, _ what: String, of alarm: String, in stack: Stack) throws(Diagnostic) -> T {
    guard let value else {
      throw Diagnostic(
        "alarm \(alarm): \(what) is not one the alarm engine knows", at: stack.origin("alarm", alarm) ?? SourceLocation(), sourceLine: "")
    }
    return value
  }

  static func metricAlarm(_ alarm: VigilModel.MetricAlarm, stack: Stack) throws(Diagnostic) -> VigilAlarms.MetricAlarm {
    guard let env = stack.environment else { return try engineValue(nil, "the stack", of: alarm.name, in: stack) }
    func engineStatistic(_ text: String) throws(Diagnostic) -> Statistic {
      try engineValue(Statistic.parse(text), "the statistic '\(text)'", of: alarm.name, in: stack)
    }
    let period = alarm.periodSeconds
    let source: VigilAlarms.MetricAlarm.Source
    var thresholdMetricID: String?
    switch alarm.source {
    case .metric(let ref, let statistic):
      source = .metric(MetricStat(identity: identity(ref, in: stack), statistic: try engineStatistic(statistic), period: period))
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
              MetricStat(identity: identity(input.metric, in: stack), statistic: try engineStatistic(input.statistic), period: period)),
            returnData: false))
      }
      source = .math(queries)
    case .anomalyBand(let ref, let statistic, let width):
      let band = "ANOMALY_DETECTION_BAND(m1, \(JSONValue.format(width)))"
      source = .math([
        MetricDataQuery(
          id: "m1", kind: .metric(MetricStat(identity: identity(ref, in: stack), statistic: try engineStatistic(statistic), period: period)),
          returnData: true),
        MetricDataQuery(
          id: "ad1", kind: .expression(try MetricMathExpression.parse(band), text: band), returnData: true, label: "expected band"),
      ])
      thresholdMetricID = "ad1"
    }
    return VigilAlarms.MetricAlarm(
      name: alarm.name, source: source, comparison: try engineValue(ComparisonOperator(rawValue: alarm.comparison), "the comparison '\(alarm.comparison)'", of: alarm.name, in: stack),
      threshold: alarm.threshold,
      thresholdMetricId: thresholdMetricID, evaluationPeriods: alarm.evaluationPeriods, datapointsToAlarm: alarm.datapointsToAlarm,
      treatMissingData: try engineValue(
        TreatMissingData(rawValue: alarm.treatMissingData), "the missing-data treatment '\(alarm.treatMissingData)'", of: alarm.name, in: stack),
      // An adopted alarm that notifies topics itself (`alarm --notify`) does so in the preview too.
      alarmActions: alarm.notify.map { topicARN($0, env) },
      arn: "arn:aws:cloudwatch:\(env.region):\(account):alarm:\(alarm.name)")
  }
}
