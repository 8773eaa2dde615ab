import VigilCore
import VigilMetrics

/// One entry of a math alarm's `Metrics` array.
public struct MetricDataQuery: Equatable, Sendable {
  public enum Kind: Equatable, Sendable {
    case metric(MetricStat)
    case expression(MetricMathExpression, text: String)
  }
  public var id: String
  public var kind: Kind
  public var returnData: Bool
  public var label: String?
  public init(id: String, kind: Kind, returnData: Bool, label: String? = nil) {
    self.id = id
    self.kind = kind
    self.returnData = returnData
    self.label = label
  }
}

/// A metric alarm as `PutMetricAlarm`/`DescribeAlarms` describe it.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
public struct MetricAlarm: Equatable, Sendable {
  public enum Source: Equatable, Sendable {
    case metric(MetricStat)
    case math([MetricDataQuery])
  }
  public var name: String
  public var arn: String
  public var source: Source
  public var comparison: ComparisonOperator
  public var threshold: Double?
  public var thresholdMetricId: String?
  public var evaluationPeriods: Int
  public var datapointsToAlarm: Int
  public var treatMissingData: TreatMissingData
  /// `EvaluateLowSampleCountPercentile`: true = `evaluate` (default), false = `ignore`.
  public var evaluateLowSampleCountPercentile: Bool
  public var actionsEnabled: Bool
  public var alarmActions: [String]
  public var okActions: [String]
  public var insufficientDataActions: [String]
  /// The evaluation range R (how many periods each evaluation retrieves); nil = the default heuristic.
  public var evaluationRange: Int?
  /// Original DescribeAlarms fields, echoed back in outputs.
  public var original: [String: JSONValue]

  public init(
    name: String, source: Source, comparison: ComparisonOperator, threshold: Double?, thresholdMetricId: String? = nil,
    evaluationPeriods: Int, datapointsToAlarm: Int? = nil, treatMissingData: TreatMissingData = .missing,
    evaluateLowSampleCountPercentile: Bool = true, actionsEnabled: Bool = true, alarmActions: [String] = [], okActions: [String] = [],
    insufficientDataActions: [String] = [], evaluationRange: Int? = nil, arn: String? = nil
  ) {
    self.name = name
    self.arn = arn ?? "arn:aws:cloudwatch:us-east-1:123456789012:alarm:\(name)"
    self.source = source
    self.comparison = comparison
    self.threshold = threshold
    self.thresholdMetricId = thresholdMetricId
    self.evaluationPeriods = evaluationPeriods
    self.datapointsToAlarm = datapointsToAlarm ?? evaluationPeriods
    self.treatMissingData = treatMissingData
    self.evaluateLowSampleCountPercentile = evaluateLowSampleCountPercentile
    self.actionsEnabled = actionsEnabled
    self.alarmActions = alarmActions
    self.okActions = okActions
    self.insufficientDataActions = insufficientDataActions
    self.evaluationRange = evaluationRange
    self.original = [:]
  }

  /// The alarm's period in seconds (the MetricStat's, or the math queries' common period).
  public var period: Int {
    switch source {
    case .metric(let stat): return stat.period
    case .math(let queries):
      for q in queries { if case .metric(let stat) = q.kind { return stat.period } }
      return 60
    }
  }

  /// Why CloudWatch would refuse this period and number of evaluation periods, or nil when it accepts them:
  /// the period must be positive and Period × EvaluationPeriods at most one day for periods under an hour,
  /// seven days otherwise
  /// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html). Every
  /// evaluation range and look-back stays small once this holds, so the evaluator's arithmetic cannot overflow.
  public static func evaluationSpanProblem(period: Int, evaluationPeriods n: Int) -> String? {
    guard period > 0 else { return "Period must be positive, got \(period)" }
    guard n >= 1 else { return "EvaluationPeriods must be at least 1, got \(n)" }
    let limit = period < 3600 ? 86_400 : 604_800
    let (span, overflow) = period.multipliedReportingOverflow(by: n)
    guard !overflow, span <= limit else {
      return "Period × EvaluationPeriods is \(overflow ? "more than \(Int.max)" : "\(span)") s; CloudWatch allows at most \(limit) s here"
    }
    return nil
  }

  /// R: the evaluation range used for this alarm.
  public var range: Int {
    max(evaluationRange ?? MissingDataRule.defaultEvaluationRange(evaluationPeriods: evaluationPeriods), evaluationPeriods)
  }

  /// Actions run on entering `state`.
  public func actions(for state: AlarmState) -> [String] {
    switch state {
    case .alarm: return alarmActions
    case .ok: return okActions
    case .insufficientData: return insufficientDataActions
    }
  }
}

/// A composite alarm (`PutCompositeAlarm`).
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html
public struct CompositeAlarm: Equatable, Sendable {
  public var name: String
  public var arn: String
  public var ruleText: String
  public var rule: AlarmRule
  public var actionsEnabled: Bool
  public var alarmActions: [String]
  public var okActions: [String]
  public var insufficientDataActions: [String]
  /// `ActionsSuppressor` (name or ARN), with its wait and extension periods in seconds.
  public var actionsSuppressor: String?
  public var suppressorWaitPeriod: Int
  public var suppressorExtensionPeriod: Int
  public var original: [String: JSONValue]

  public init(
    name: String, rule: String, actionsEnabled: Bool = true, alarmActions: [String] = [], okActions: [String] = [],
    insufficientDataActions: [String] = [], actionsSuppressor: String? = nil, suppressorWaitPeriod: Int = 0,
    suppressorExtensionPeriod: Int = 0, arn: String? = nil
  ) throws(Diagnostic) {
    self.name = name
    self.arn = arn ?? "arn:aws:cloudwatch:us-east-1:123456789012:alarm:\(name)"
    self.ruleText = rule
    self.rule = try AlarmRule.parse(rule)
    self.actionsEnabled = actionsEnabled
    self.alarmActions = alarmActions
    self.okActions = okActions
    self.insufficientDataActions = insufficientDataActions
    self.actionsSuppressor = actionsSuppressor
    self.suppressorWaitPeriod = suppressorWaitPeriod
    self.suppressorExtensionPeriod = suppressorExtensionPeriod
    self.original = [:]
  }

  public func actions(for state: AlarmState) -> [String] {
    switch state {
    case .alarm: return alarmActions
    case .ok: return okActions
    case .insufficientData: return insufficientDataActions
    }
  }
}

/// The alarms of a preview: the `MetricAlarms` and `CompositeAlarms` of `aws cloudwatch describe-alarms`.
public struct AlarmSet: Equatable, Sendable {
  public var metricAlarms: [MetricAlarm]
  public var compositeAlarms: [CompositeAlarm]
  public init(metricAlarms: [MetricAlarm] = [], compositeAlarms: [CompositeAlarm] = []) {
    self.metricAlarms = metricAlarms
    self.compositeAlarms = compositeAlarms
  }
}
