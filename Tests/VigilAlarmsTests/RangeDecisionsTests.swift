import Testing
@testable import VigilAlarms

/// The per-slot decisions computed in one pass (rolling range codes) must be those of `MissingDataRule.decideState`
/// on each slot's gathered range, for every treatment, short and long ranges and periods of several steps.
@Suite struct RangeDecisionsTests {
  /// A deterministic mix of the three classes with runs of missing slots.
  static func classes(count: Int, seed: UInt64) -> [DatapointClass] {
    var state = seed
    return (0..<count).map { i in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      if (i / 17) % 5 == 4 { return .missing }
      switch (state >> 33) % 3 {
      case 0: return .missing
      case 1: return .notBreaching
      default: return .breaching
      }
    }
  }

  /// The decision at slot k, gathered slot by slot as the evaluator did before.
  static func gathered(_ classes: [DatapointClass], k: Int, r: Int, p: Int, n: Int, m: Int, t: TreatMissingData) -> AlarmState? {
    let window = (0..<r).map { i -> DatapointClass in
      let slot = k - (r - i) * p
      return slot >= 0 ? classes[slot] : .missing
    }
    return window.withUnsafeBufferPointer { MissingDataRule.decideState($0, evaluationPeriods: n, datapointsToAlarm: m, treatment: t) }
  }

  @Test(arguments: [(1, 1, 1, 1), (3, 2, 5, 1), (3, 3, 5, 3), (5, 3, 7, 2), (4, 1, 9, 5), (10, 7, 13, 1), (2, 2, 14, 2)])
  func oneAtATimeAndRollingAgree(n: Int, m: Int, r: Int, p: Int) {
    let classes = Self.classes(count: 700, seed: UInt64(31 * r + p))
    var compared = 0, differences: [String] = []
    for t in TreatMissingData.allCases {
      let rolled = RangeDecisions.decisions(
        classes: classes, range: r, periodSlots: p, evaluationPeriods: n, datapointsToAlarm: m, treatment: t)
      #expect(rolled.count == classes.count)
      for k in classes.indices {
        let expected = Self.gathered(classes, k: k, r: r, p: p, n: n, m: m, t: t)
        if RangeDecisions.state(rolled[k]) != expected { differences.append("\(t) slot \(k): \(rolled[k]) vs \(String(describing: expected))") }
        compared += 1
      }
    }
    #expect(compared == 2800)
    #expect(differences.isEmpty, "\(differences.prefix(5))")
  }
}
