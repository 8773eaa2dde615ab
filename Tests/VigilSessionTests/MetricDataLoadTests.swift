import Foundation
import Testing
import VigilTestSupport

@testable import VigilSession

/// `load-metrics` reads get-metric-data output (recorded from the AWS CLI against moto) as aggregated datapoints,
/// and a malformed file is an error that points into it.
@Suite struct MetricDataLoadTests {
  @Test func loadMetricsReadsGetMetricDataOutput() throws {
    let interpreter = Interpreter(baseDirectory: TestPaths.fixture("aws-cli"))
    let loaded = try #require(interpreter.execute("load-metrics get-metric-data-with-queries.json").first)
    #expect(loaded.status == .ok)
    #expect(loaded.output == "loaded 2 datapoint(s); 0 metric(s) in the session; 1 aggregated series (one statistic per period)")
    let refused = try #require(interpreter.execute("load-metrics get-metric-statistics.json").first)
    #expect(refused.status != .ok)
    #expect(
      refused.output.split(separator: "\n").first
        == #"get-metric-statistics.json:2:14: error: get-metric-statistics output names only the metric (Label "Latency"); add the request's "Namespace", "Period" and "Dimensions" beside "Datapoints" so Vigil knows which metric and period these datapoints are"#
    )
  }
}
