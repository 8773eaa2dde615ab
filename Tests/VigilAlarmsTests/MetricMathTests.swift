import Testing
import VigilAlarms
import VigilCore

/// The user guide's metric-math examples with missing values.
@Suite struct MetricMathTests {
  static func evaluate(_ text: String, _ metrics: [String: [Double?]]) throws -> MathValue {
    let count = metrics.values.first!.count
    var evaluator = MetricMathEvaluator(
      slotStarts: (0..<count).map { EpochMillis($0) * 60_000 }, period: 60, metrics: metrics,
      expressions: ["e": try MetricMathExpression.parse(text)])
    return try evaluator.value(of: "e")
  }

  static let m1: [Double?] = [1, 1, 0, 0, nil]
  static let m2: [Double?] = [30, nil, 0, 0, 30]
  static let m3: [Double?] = [0, 0, 20, nil, 20]

  @Test func ifFollowsTheDocumentedTable() throws {
    #expect(try Self.evaluate("IF(m1, m2, m3)", ["m1": Self.m1, "m2": Self.m2, "m3": Self.m3]) == .series([30, 0, 20, nil, nil]))
    #expect(try Self.evaluate("IF(m1, 5, m3)", ["m1": Self.m1, "m3": Self.m3]) == .series([5, 5, 20, nil, nil]))
    #expect(try Self.evaluate("IF(m1, m2, 5)", ["m1": Self.m1, "m2": Self.m2]) == .series([30, 0, 5, 5, nil]))
  }

  @Test func comparisonTreatsAOneSidedGapAsZero() throws {
    #expect(try Self.evaluate("m1 < m2", ["m1": [30, 20, 0, 0], "m2": [20, nil, 20, nil]]) == .series([0, 0, 1, 0]))
  }

  @Test func arithmeticAndDivisionByZero() throws {
    let errors: [Double?] = [1, nil, 3, nil]
    let requests: [Double?] = [10, 20, 0, nil]
    #expect(try Self.evaluate("errors / requests * 100", ["errors": errors, "requests": requests]) == .series([10, 0, nil, nil]))
    #expect(try Self.evaluate("-2^2 + 1", ["m": [1]]) == .scalar(-3))
  }

  @Test func fillVariants() throws {
    let s: [Double?] = [nil, 2, nil, nil, 8, nil]
    #expect(try Self.evaluate("FILL(m, 0)", ["m": s]) == .series([0, 2, 0, 0, 8, 0]))
    #expect(try Self.evaluate("FILL(m, REPEAT)", ["m": s]) == .series([nil, 2, 2, 2, 8, 8]))
    #expect(try Self.evaluate("FILL(m, LINEAR)", ["m": s]) == .series([nil, 2, 4, 6, 8, nil]))
  }

  @Test func metricsAndReducers() throws {
    let metrics: [String: [Double?]] = ["errors_a": [1, nil, 2], "errors_b": [3, 4, nil], "requests": [10, 10, 10]]
    #expect(try Self.evaluate("SUM(METRICS(\"errors\"))", metrics) == .series([4, 4, 2]))
    #expect(try Self.evaluate("MAX(requests)", metrics) == .scalar(10))
    #expect(try Self.evaluate("AVG(errors_a)", metrics) == .scalar(1.5))
    #expect(try Self.evaluate("RATE(requests)", metrics) == .series([nil, 0, 0]))
  }

  @Test func parseErrorsPointAtTheProblem() {
    #expect(throws: Diagnostic("unknown function SUMM", in: "SUMM(m1)", offset: 0, suggestion: "did you mean SUM?")) {
      try MetricMathExpression.parse("SUMM(m1)")
    }
    #expect(throws: Diagnostic("expected )", in: "(m1 + m2", offset: 8)) { try MetricMathExpression.parse("(m1 + m2") }
    #expect(
      throws: Diagnostic(
        "SEARCH is not supported by Vigil's alarm preview (and CloudWatch refuses SEARCH in alarms)", in: "SEARCH(\"x\", \"Sum\")",
        offset: 0)
    ) {
      try MetricMathExpression.parse("SEARCH(\"x\", \"Sum\")")
    }
  }
}
