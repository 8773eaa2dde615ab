import Foundation
import Testing
import VigilTestSupport

/// `vigil preview-alarm ALARMS --until T` with no metric data evaluates by each alarm's missing-data treatment, as
/// CloudWatch does, instead of refusing (issue 13, item 4).
@Suite struct PreviewAlarmWithoutDataTests {
  static let alarms = """
    {"MetricAlarms": [
    \(["missing", "breaching", "notBreaching", "ignore"].map { treatment in
      #"{"AlarmName": "\#(treatment)", "Namespace": "P", "MetricName": "Latency", "Statistic": "Maximum", "Period": 60, "EvaluationPeriods": 3, "ComparisonOperator": "GreaterThanThreshold", "Threshold": 5, "TreatMissingData": "\#(treatment)"}"#
    }.joined(separator: ",\n"))
    ]}
    """

  static func run(_ arguments: [String]) throws -> ProcessOutput {
    let directory = TestPaths.temporaryDirectory()
    try alarms.write(to: directory.appendingPathComponent("alarms.json"), atomically: true, encoding: .utf8)
    return try VigilBinary.run(["preview-alarm", "alarms.json"] + arguments, in: directory)
  }

  @Test func onlyUntilEvaluatesOneSpanByTheTreatment() throws {
    let run = try Self.run(["--until", "2026-03-02T10:00:00Z"])
    #expect(run.stderr == "")
    #expect(run.status == 0)
    #expect(
      run.stdout == """
        Alarm preview 2026-03-02T09:57:00Z .. 2026-03-02T10:00:00Z, one column = 1m (A = ALARM, . = OK, ? = INSUFFICIENT_DATA)
        missing       ???  INSUFFICIENT_DATA
        breaching     ?AA  ALARM
        notBreaching  ?..  OK
        ignore        ???  INSUFFICIENT_DATA

        Transitions:
          2026-03-02T09:58:00Z  breaching     INSUFFICIENT_DATA -> ALARM  Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].
          2026-03-02T09:58:00Z  notBreaching  INSUFFICIENT_DATA -> OK  Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [NonBreaching].

        Notifications (alarm, action, count):
          (none)

        """)
  }

  @Test func fromAndUntilWithoutDataAreEvaluated() throws {
    let run = try Self.run(["--from", "2026-03-02T09:55:00Z", "--until", "2026-03-02T10:00:00Z"])
    #expect(run.status == 0)
    #expect(
      run.stdout.split(separator: "\n").prefix(5) == [
        "Alarm preview 2026-03-02T09:55:00Z .. 2026-03-02T10:00:00Z, one column = 1m (A = ALARM, . = OK, ? = INSUFFICIENT_DATA)",
        "missing       ?????  INSUFFICIENT_DATA",
        "breaching     ?AAAA  ALARM",
        "notBreaching  ?....  OK",
        "ignore        ?????  INSUFFICIENT_DATA",
      ])
  }

  @Test func withoutUntilItSaysWhatIsMissing() throws {
    let run = try Self.run([])
    #expect(run.stdout == "")
    #expect(run.stderr == "vigil: error: no metric data and no --until: nothing says which window to evaluate; give --until (and --from)\n")
    #expect(run.status == 2)
  }
}
