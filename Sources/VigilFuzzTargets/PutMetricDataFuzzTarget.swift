import VigilMetrics

/// Metric data files (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html):
/// the input is the JSON `load-metrics` reads — PutMetricData input through the streaming reader and, for anything
/// it does not accept, the positioned tree reader, or get-metric-data / get-metric-statistics output
/// (`MetricDataReader`). What is loaded is then aggregated over its whole time range with a few statistics, as
/// `vigil metrics` and alarm previews read it.
public enum PutMetricDataFuzzTarget {
  static let statistics = ["SampleCount", "Sum", "Average", "Minimum", "Maximum", "p99", "tm90", "IQM", "PR(10:)", "TC(:5)"]
    .compactMap(Statistic.parse)

  public static func fuzz(_ data: [UInt8]) {
    var store = MetricStore()
    guard (try? MetricDataReader.read(FuzzInput.text(data), file: "fuzz.json", into: &store)) != nil else { return }
    store.finishLoading()
    guard let range = store.timeRange else { return }
    for series in store.series.values {
      for statistic in statistics {
        _ = series.aggregate(statistic, from: range.lowerBound, to: range.upperBound)
      }
    }
  }
}
