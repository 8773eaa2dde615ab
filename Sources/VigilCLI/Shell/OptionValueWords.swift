/// Values Tab offers for free-text options whose meaningful values are a known set: metric names, Lambda runtimes,
/// CloudWatch statistics and units. Chosen by the option's value name (`NS/NAME`, `RUNTIME`, `STAT`, `UNIT`), so
/// every command that takes such a value completes it the same way.
enum OptionValueWords {
  /// The candidates for a value called `valueName`, or nil when it is free text.
  static func values(forValueName valueName: String, metrics: [String]) -> [String]? {
    switch valueName {
    case "NS/NAME": return metrics.sorted()
    case "RUNTIME": return runtimes
    case "STAT": return statistics
    case "UNIT": return units
    default: return nil
    }
  }

  /// The Node.js runtimes Vigil bundles handlers for (nodejs20.x or newer), as Lambda names them
  /// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
  static let runtimes = ["nodejs20.x", "nodejs22.x", "nodejs24.x"]

  /// The statistics CloudWatch computes, with the common percentiles and trimmed means
  /// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html).
  static let statistics = [
    "Average", "Maximum", "Minimum", "SampleCount", "Sum", "p50", "p90", "p95", "p99", "p99.9", "tm90", "tm99", "wm90", "tc90",
    "ts90", "IQM",
  ]

  /// CloudWatch's metric units (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html).
  static let units = [
    "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits",
    "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
    "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second",
    "Terabits/Second", "Count/Second", "None",
  ]
}
