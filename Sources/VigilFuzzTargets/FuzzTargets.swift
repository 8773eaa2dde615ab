/// The fuzz targets by name: the names of `Fuzz/corpus/NAME/` and of `scripts/fuzz.sh NAME SECONDS`.
///
/// Each harness is a plain function over bytes with no libFuzzer types, so the normal build compiles it and
/// the test suite replays every corpus and crash input through it; `Fuzz/` links the same functions into a
/// `-sanitize=fuzzer,address` binary. A harness returns normally for any input: a trap, an overflow or an
/// AddressSanitizer report is the bug the fuzzer is looking for.
public enum FuzzTargets {
  /// One fuzz target: its name and its harness.
  public struct Target: Sendable {
    public let name: String
    public let fuzz: @Sendable ([UInt8]) -> Void
  }

  /// Every target, in the order `scripts/fuzz.sh all` runs them.
  public static let all: [Target] = [
    Target(name: "filter-pattern", fuzz: FilterPatternFuzzTarget.fuzz),
    Target(name: "insights-query", fuzz: InsightsQueryFuzzTarget.fuzz),
    Target(name: "regex", fuzz: RegexFuzzTarget.fuzz),
    Target(name: "command-line", fuzz: CommandLineFuzzTarget.fuzz),
    Target(name: "composite-rule", fuzz: CompositeRuleFuzzTarget.fuzz),
    Target(name: "metric-math", fuzz: MetricMathFuzzTarget.fuzz),
    Target(name: "json", fuzz: JSONFuzzTarget.fuzz),
    Target(name: "notebook", fuzz: NotebookFuzzTarget.fuzz),
    Target(name: "describe-alarms", fuzz: DescribeAlarmsFuzzTarget.fuzz),
    Target(name: "put-metric-data", fuzz: PutMetricDataFuzzTarget.fuzz),
    Target(name: "log-lines", fuzz: LogLinesFuzzTarget.fuzz),
    Target(name: "cloudformation", fuzz: CloudFormationFuzzTarget.fuzz),
    Target(name: "terraform", fuzz: TerraformFuzzTarget.fuzz),
    Target(name: "describe-alarms-import", fuzz: DescribeAlarmsImportFuzzTarget.fuzz),
  ]

  /// The target called `name`, or nil.
  public static func named(_ name: String) -> Target? { all.first { $0.name == name } }
}

/// Input helpers shared by the harnesses.
enum FuzzInput {
  /// The bytes as text the way Vigil reads a file the user typed: invalid UTF-8 becomes U+FFFD.
  static func text(_ data: [UInt8]) -> String { String(decoding: data, as: UTF8.self) }

  /// The first line (the language under test) and the rest (data to run it over), split at the first newline.
  static func headAndBody(_ data: [UInt8]) -> (head: String, body: [UInt8]) {
    guard let newline = data.firstIndex(of: 0x0A) else { return (text(data), []) }
    return (text(Array(data[..<newline])), Array(data[(newline + 1)...]))
  }
}
