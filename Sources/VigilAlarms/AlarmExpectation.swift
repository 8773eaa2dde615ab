import VigilCore

/// A CI assertion over a preview: `expect alarm NAME state ALARM at T`, `expect alarm NAME transitions N`,
/// `expect notifications TOPIC <= N`.
public enum AlarmExpectation: Equatable, Sendable {
  case state(alarm: String, AlarmState, at: EpochMillis)
  case transitions(alarm: String, Int)
  case notificationsAtMost(topic: String, Int)

  /// The outcome: passed, and "expected ..., got ..." text.
  public struct Outcome: Equatable, Sendable {
    public var passed: Bool
    public var message: String
    public init(passed: Bool, message: String) {
      self.passed = passed
      self.message = message
    }
  }

  public func check(_ result: AlarmPreviewResult) -> Outcome {
    switch self {
    case .state(let name, let expected, let t):
      guard let timeline = result.timelines[name] else {
        return Outcome(
          passed: false, message: "expected alarm \(name) to exist, got no such alarm (known: \(result.order.joined(separator: ", ")))")
      }
      let got = timeline.state(at: t)
      return Outcome(
        passed: got == expected,
        message: "expected alarm \(name) state \(expected.rawValue) at \(TimeFormat.iso8601(t, fraction: false)), got \(got.rawValue)")
    case .transitions(let name, let expected):
      guard let timeline = result.timelines[name] else {
        return Outcome(
          passed: false, message: "expected alarm \(name) to exist, got no such alarm (known: \(result.order.joined(separator: ", ")))")
      }
      let got = timeline.transitionCount
      return Outcome(passed: got == expected, message: "expected alarm \(name) transitions \(expected), got \(got)")
    case .notificationsAtMost(let topic, let limit):
      let got = result.notificationCount(topic: topic)
      return Outcome(passed: got <= limit, message: "expected notifications \(topic) <= \(limit), got \(got)")
    }
  }
}
