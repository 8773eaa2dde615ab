import Testing
import VigilAlarms

@Suite struct ComparisonOperatorTests {
  @Test(arguments: [
    (ComparisonOperator.greaterThanOrEqualToThreshold, [false, true, true]),
    (.greaterThanThreshold, [false, false, true]),
    (.lessThanThreshold, [true, false, false]),
    (.lessThanOrEqualToThreshold, [true, true, false]),
  ])
  func staticOperators(op: ComparisonOperator, expected: [Bool]) {
    #expect([799.0, 800, 801].map { op.breaches($0, threshold: 800) } == expected)
    #expect(!op.isBand)
  }

  @Test(arguments: [
    (ComparisonOperator.lessThanLowerOrGreaterThanUpperThreshold, [true, false, false, false, true]),
    (.lessThanLowerThreshold, [true, false, false, false, false]),
    (.greaterThanUpperThreshold, [false, false, false, false, true]),
  ])
  func bandOperatorsAreStrictAtTheEdges(op: ComparisonOperator, expected: [Bool]) {
    #expect([9.0, 10, 15, 20, 21].map { op.breaches($0, lower: 10, upper: 20) } == expected)
    #expect(op.isBand)
  }
}
