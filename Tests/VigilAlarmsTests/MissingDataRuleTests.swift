import Testing
import VigilAlarms

/// Every row of the user guide's missing-data tables (evaluation range 5), for all four treatments.
/// nil = "Retain current state". https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
@Suite struct MissingDataRuleTests {
  struct Row: Sendable, CustomStringConvertible {
    var window: String
    var m: Int
    var n: Int
    var missing: AlarmState?
    var ignore: AlarmState?
    var breaching: AlarmState?
    var notBreaching: AlarmState?
    var description: String { "\(m)/\(n) \(window)" }
  }

  static let currentTables: [Row] = [
    // Table 1: DatapointsToAlarm 3, EvaluationPeriods 3.
    Row(window: "0 - X - X", m: 3, n: 3, missing: .ok, ignore: .ok, breaching: .ok, notBreaching: .ok),
    Row(window: "0 - - - -", m: 3, n: 3, missing: .ok, ignore: .ok, breaching: .ok, notBreaching: .ok),
    Row(window: "- - - - -", m: 3, n: 3, missing: .insufficientData, ignore: nil, breaching: .alarm, notBreaching: .ok),
    Row(window: "0 X X - X", m: 3, n: 3, missing: .alarm, ignore: .alarm, breaching: .alarm, notBreaching: .alarm),
    Row(window: "- - X - -", m: 3, n: 3, missing: .alarm, ignore: nil, breaching: .alarm, notBreaching: .ok),
    // Table 2: DatapointsToAlarm 2, EvaluationPeriods 3.
    Row(window: "0 - X - X", m: 2, n: 3, missing: .alarm, ignore: .alarm, breaching: .alarm, notBreaching: .alarm),
    Row(window: "0 0 X 0 X", m: 2, n: 3, missing: .alarm, ignore: .alarm, breaching: .alarm, notBreaching: .alarm),
    Row(window: "0 - X - -", m: 2, n: 3, missing: .ok, ignore: .ok, breaching: .alarm, notBreaching: .ok),
    Row(window: "- - - - 0", m: 2, n: 3, missing: .ok, ignore: .ok, breaching: .alarm, notBreaching: .ok),
    Row(window: "- - - X -", m: 2, n: 3, missing: .alarm, ignore: nil, breaching: .alarm, notBreaching: .ok),
  ]

  /// Rows from the 2018–2019 revisions that the current procedure still agrees with.
  static let historicalRows: [Row] = [
    Row(window: "- - - - X", m: 3, n: 3, missing: .insufficientData, ignore: nil, breaching: .alarm, notBreaching: .ok),
    Row(window: "X - - - -", m: 3, n: 3, missing: .alarm, ignore: nil, breaching: .alarm, notBreaching: .ok),
    Row(window: "- - - - X", m: 2, n: 3, missing: .insufficientData, ignore: nil, breaching: .alarm, notBreaching: .ok),
  ]

  @Test(arguments: currentTables + historicalRows)
  func reproducesRow(_ row: Row) {
    let window = DatapointClass.window(row.window)
    #expect(window.count == 5)
    let expected: [(TreatMissingData, AlarmState?)] = [
      (.missing, row.missing), (.ignore, row.ignore), (.breaching, row.breaching), (.notBreaching, row.notBreaching),
    ]
    for (treatment, state) in expected {
      let decision = MissingDataRule.decide(window, evaluationPeriods: row.n, datapointsToAlarm: row.m, treatment: treatment)
      #expect(decision.state == state, "\(row) \(treatment)")
    }
  }

  @Test func rowTwoGoesToAlarmOnceTheGoodPointLeavesTheRange() {
    // AWS: "On the next evaluation, if data is still missing, it goes to ALARM because the 0 has left the range."
    let next = DatapointClass.window("- - - - -")
    #expect(MissingDataRule.decide(next, evaluationPeriods: 3, datapointsToAlarm: 3, treatment: .breaching).state == .alarm)
  }

  @Test func defaultRangeMatchesThePublishedPoint() {
    #expect(MissingDataRule.defaultEvaluationRange(evaluationPeriods: 3) == 5)
    #expect(MissingDataRule.defaultEvaluationRange(evaluationPeriods: 1) == 3)
    #expect(MissingDataRule.defaultEvaluationRange(evaluationPeriods: 9) == 12)
  }
}

@Suite struct FastPathAgreementTests {
  /// The allocation-free hot path must agree with the documented procedure on every 5-slot window.
  @Test func decideStateAgreesWithDecideOnAllWindows() {
    let classes: [DatapointClass] = [.breaching, .notBreaching, .missing]
    var disagreements = 0, checked = 0
    for code in 0..<243 {
      var c = code
      let window = (0..<5).map { _ in
        defer { c /= 3 }; return classes[c % 3]
      }
      for (m, n) in [(1, 1), (2, 3), (3, 3), (1, 3)] {
        for t in TreatMissingData.allCases {
          let slow = MissingDataRule.decide(window, evaluationPeriods: n, datapointsToAlarm: m, treatment: t).state
          let fast = window.withUnsafeBufferPointer {
            MissingDataRule.decideState($0, evaluationPeriods: n, datapointsToAlarm: m, treatment: t)
          }
          if slow != fast { disagreements += 1 }
          checked += 1
        }
      }
    }
    #expect(checked == 3888)
    #expect(disagreements == 0)
  }
}
