import VigilCore

/// An alarm's state (`StateValue` in the CloudWatch API).
public enum AlarmState: String, Sendable, CaseIterable, Equatable, Hashable {
  case ok = "OK"
  case alarm = "ALARM"
  case insufficientData = "INSUFFICIENT_DATA"
}

/// How missing datapoints are treated (`TreatMissingData`).
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
public enum TreatMissingData: String, Sendable, CaseIterable, Equatable {
  case missing, ignore, breaching, notBreaching
}

/// One datapoint of the evaluation range as the missing-data rules see it.
public enum DatapointClass: Character, Sendable, Equatable {
  /// `X`: breaching.
  case breaching = "X"
  /// `0`: not breaching.
  case notBreaching = "0"
  /// `-`: missing.
  case missing = "-"

  /// Parses the user guide's table notation (`0 - X - X`, spaces optional), oldest first.
  public static func window(_ text: String) -> [DatapointClass] {
    text.compactMap { DatapointClass(rawValue: $0) }
  }
}

/// `ComparisonOperator`: the statistic (or expression) value is the first operand.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
public enum ComparisonOperator: String, Sendable, CaseIterable, Equatable {
  case greaterThanOrEqualToThreshold = "GreaterThanOrEqualToThreshold"
  case greaterThanThreshold = "GreaterThanThreshold"
  case lessThanThreshold = "LessThanThreshold"
  case lessThanOrEqualToThreshold = "LessThanOrEqualToThreshold"
  case lessThanLowerOrGreaterThanUpperThreshold = "LessThanLowerOrGreaterThanUpperThreshold"
  case lessThanLowerThreshold = "LessThanLowerThreshold"
  case greaterThanUpperThreshold = "GreaterThanUpperThreshold"

  /// Whether the operator compares against an anomaly-detection band.
  public var isBand: Bool {
    switch self {
    case .lessThanLowerOrGreaterThanUpperThreshold, .lessThanLowerThreshold, .greaterThanUpperThreshold: return true
    default: return false
    }
  }

  /// Whether `value` breaches a static threshold.
  public func breaches(_ value: Double, threshold: Double) -> Bool {
    switch self {
    case .greaterThanOrEqualToThreshold: return value >= threshold
    case .greaterThanThreshold: return value > threshold
    case .lessThanThreshold: return value < threshold
    case .lessThanOrEqualToThreshold: return value <= threshold
    default: return false
    }
  }

  /// Whether `value` breaches a band; a value exactly on an edge does not (strict `<`/`>`, as AWS's
  /// reason "was less than the lower thresholds ... or greater than the upper thresholds" reads).
  public func breaches(_ value: Double, lower: Double, upper: Double) -> Bool {
    switch self {
    case .lessThanLowerOrGreaterThanUpperThreshold: return value < lower || value > upper
    case .lessThanLowerThreshold: return value < lower
    case .greaterThanUpperThreshold: return value > upper
    default: return false
    }
  }

  /// The words CloudWatch uses in state reasons: "greater than or equal to", "less than", ...
  public var reasonWords: String {
    switch self {
    case .greaterThanOrEqualToThreshold: return "greater than or equal to"
    case .greaterThanThreshold: return "greater than"
    case .lessThanThreshold: return "less than"
    case .lessThanOrEqualToThreshold: return "less than or equal to"
    case .lessThanLowerOrGreaterThanUpperThreshold: return "less than the lower thresholds or greater than the upper thresholds"
    case .lessThanLowerThreshold: return "less than the lower thresholds"
    case .greaterThanUpperThreshold: return "greater than the upper thresholds"
    }
  }
}
