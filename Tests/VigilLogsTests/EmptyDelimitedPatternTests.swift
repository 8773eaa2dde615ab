import Testing
import VigilCore
import VigilLogs

/// `[]`, the pattern of the TestMetricFilter API reference's example "without specifying any fields"
/// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TestMetricFilter.html).
@Suite struct EmptyDelimitedPatternTests {
  static let apache = [
    #"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534"#,
    #"127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324"#,
    #"127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355"#,
  ]

  /// The API reference's response: all three events, each field extracted as `$1` … `$7`.
  @Test func matchesEveryEventAndNumbersItsFields() throws {
    let pattern = try FilterPattern("[]")
    let sizes = ["1534", "5324", "4355"], statuses = ["200", "500", "200"], times = ["13:25:15", "13:35:22", "13:50:35"]
    for (i, line) in Self.apache.enumerated() {
      #expect(
        pattern.match(line)
          == FilterPatternMatch(extractedValues: [
            "$1": "127.0.0.1", "$2": "-", "$3": "frank", "$4": "10/Oct/2000:\(times[i]) -0700", "$5": "GET /apache_pb.gif HTTP/1.0",
            "$6": statuses[i], "$7": sizes[i],
          ]))
    }
    #expect(pattern.match("one") == FilterPatternMatch(extractedValues: ["$1": "one"]))
  }

  @Test func textAfterTheBracketsIsStillAnError() {
    #expect(throws: Diagnostic("invalid filter pattern: unexpected text after the closing ']'", in: "[] ERROR", offset: 3)) {
      try FilterPattern("[] ERROR")
    }
  }
}
