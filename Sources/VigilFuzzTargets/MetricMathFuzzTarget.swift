import VigilAlarms
import VigilCore

/// Metric math (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html): the
/// input is an expression, parsed and, when accepted, evaluated over two short series `m1` and `m2` (with gaps)
/// as an alarm's math is.
public enum MetricMathFuzzTarget {
  static let slots: [EpochMillis] = (0..<6).map { 1_772_446_500_000 + EpochMillis($0) * 60_000 }
  static let metrics: [String: [Double?]] = [
    "m1": [1, 2, nil, 4, 0, -3.5],
    "m2": [10, nil, 0, 0.25, 1e300, 7],
  ]

  public static func fuzz(_ data: [UInt8]) {
    guard let expression = try? MetricMathExpression.parse(FuzzInput.text(data)) else { return }
    for name in MetricMathExpression.functions.sorted() { _ = expression.calls(name) }
    var evaluator = MetricMathEvaluator(
      slotStarts: slots, period: 60, metrics: metrics, expressions: ["e1": expression, "e2": .identifier("e1", offset: 0)],
      band: { _, k in (Array(repeating: 5 + k, count: 6), Array(repeating: 5 - k, count: 6)) })
    _ = try? evaluator.value(of: "e2")
  }
}
