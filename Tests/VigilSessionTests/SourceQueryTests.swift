import Foundation
import Testing
import VigilCore
import VigilExport
import VigilInsights
import VigilMetrics
import VigilTestSupport

@testable import VigilSession

/// Dashboard log widget queries (`SOURCE '…' | …`, as Vigil writes them) run as written in the shell, over the
/// services' log groups (`@log`), and `vigil metrics --format json` output reads back as data.
@Suite(.serialized) struct SourceQueryTests {
  static let session = TestPaths.sample("incident.vigil").path

  @Test func everyDashboardLogWidgetQueryRunsAsWritten() throws {
    let interpreter = try SessionReplay(file: Self.session).interpreter
    let env = try #require(interpreter.stack.environment)
    let queries = DashboardBuilder(stack: interpreter.stack, env: env).dashboards().flatMap(\.widgets)
      .filter { $0.kind == .log }.compactMap { $0.properties["query"]?.stringValue }
    #expect(queries.count == 6)
    for query in queries {
      let outcome = try #require(interpreter.execute("query " + query, file: "s.vigil").first)
      if query.hasPrefix("SOURCE '/aws/lambda/notifier-dev' |") {
        // notifier's log group exists but the sample loads no logs into it, as `query notifier | …` says too.
        #expect(
          outcome.output.split(separator: "\n").first
            == "s.vigil:1:14: error: SOURCE selects no log group with logs (log groups with logs: /aws/lambda/ledger-writer-dev, /aws/lambda/payment-authorizer-dev, /ecs/fraud-scorer-dev, /ecs/payment-api-dev)"
        )
      } else {
        #expect(outcome.status == .ok, "\(query): \(outcome.output)")
      }
    }
    // The overview's query names five log groups; notifier's holds no loaded logs and selects nothing.
    let overview = try #require(queries.first { $0.hasPrefix("SOURCE '/aws/lambda/payment-authorizer-dev' | SOURCE") })
    let rest = try #require(overview.range(of: "| filter")).lowerBound
    let byServices = interpreter.execute("query payment-authorizer,ledger-writer,payment-api,fraud-scorer " + overview[rest...])
    #expect(interpreter.execute("query " + overview).first?.output == byServices.first?.output)
    #expect(byServices.first?.status == .ok)
  }

  @Test func prefixesSelectLogGroups() throws {
    let interpreter = try SessionReplay(file: Self.session).interpreter
    let lambdas = try #require(interpreter.execute("query SOURCE logGroups(namePrefix: ['/aws/lambda/']) | stats count(*) as n by @log").first)
    let named = try #require(interpreter.execute("query payment-authorizer,ledger-writer | stats count(*) as n by @log").first)
    #expect(lambdas.status == .ok)
    #expect(lambdas.output == named.output)
    // @log is each service's log group name, from ResourceNames.
    #expect(
      lambdas.output == """
        @log                                n
        ----------------------------------  -----
        /aws/lambda/ledger-writer-dev       7240
        /aws/lambda/payment-authorizer-dev  12670
        2 rows; 19910 records matched, 19910 scanned, 2188996 bytes
        """)
  }

  @Test func anUnknownLogGroupIsAnErrorAtItsName() throws {
    let interpreter = try SessionReplay(file: Self.session).interpreter
    let outcome = try #require(interpreter.execute("query SOURCE '/ecs/payment-apii-dev' | fields @message", file: "s.vigil").first)
    #expect(outcome.status != .ok)
    #expect(outcome.output.hasPrefix("s.vigil:1:14: error: SOURCE '/ecs/payment-apii-dev' is not a log group here"))
  }

  @Test func aQueryDefinitionLeavesSourceOut() throws {
    let interpreter = try SessionReplay(file: Self.session).interpreter
    let outcome = try #require(
      interpreter.execute("query-definition q --query \"SOURCE '/ecs/payment-api-dev' | fields @message\" --logs payment-api", file: "s.vigil").first)
    #expect(outcome.status != .ok)
    #expect(
      outcome.output
        == """
        s.vigil:1:29: error: a query definition names its log groups with --logs; leave SOURCE out of its query
          query-definition q --query "SOURCE '/ecs/payment-api-dev' | fields @message" --logs payment-api
                                      ^
        """)
  }

  /// `vigil metrics --format json` labels each result by the MetricStat.label convention, so it reads back as the
  /// datapoints it printed.
  @Test func metricsJSONReadsBackAsTheSameDatapoints() throws {
    let interpreter = try SessionReplay(file: Self.session).interpreter
    let metrics = try PublishedMetrics(
      interpreter, filters: interpreter.stack.metricFilters, period: 300_000, statistic: PublishedMetrics.NamedStatistic("p99"))
    var store = MetricStore()
    try MetricDataReader.read(metrics.render(.json), file: "metrics.json", into: &store)
    #expect(store.aggregated.count == metrics.series.count)
    for series in metrics.series {
      let key = AggregatedSeries.Key(identity: series.identity, unit: series.unit, statistic: .percentile(99), period: 300)
      let read = try #require(store.aggregated[key])
      #expect(read.values == Dictionary(uniqueKeysWithValues: series.datapoints.map { ($0.time, $0.value) }))
    }
  }
}
