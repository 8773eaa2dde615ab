// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "Vigil",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "vigil", targets: ["vigil"]),
    // The fuzz harnesses, for the libFuzzer package in Fuzz/.
    .library(name: "VigilFuzzTargets", targets: ["VigilFuzzTargets"]),
    // Everything below the command line: a library user can replay a session and read every result.
    .library(
      name: "VigilKit",
      targets: [
        "VigilCore", "VigilLogSource", "VigilRegex", "VigilMetrics", "VigilLogs", "VigilInsights", "VigilAlarms", "VigilModel", "VigilExport",
        "VigilPolicy", "VigilCharts", "VigilNotebook", "VigilSession", "VigilAWS",
        "VigilImport",
      ]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
  ],
  // Targets by layer (ARCHITECTURE.md): each depends only on the layers above it in this list.
  targets: [
    // Layer 0: shared value types and system libraries.
    // Diagnostics with carets, deterministic JSON, time formats, URL and handler validation.
    .target(name: "VigilCore"),
    .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
    // zlib, to read gzip log files in process.
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

    // Layer 1: reading data.
    // The one read path: line splitting (gzip included), lazy JSON scanning, timestamp and number rules, log formats.
    .target(name: "VigilLogSource", dependencies: ["VigilCore", "CZlib"]),
    // Statistics over raw values and per-period aggregation, as CloudWatch publishes them; PutMetricData readers.
    .target(name: "VigilMetrics", dependencies: ["VigilCore"]),
    // Linear-time regular expressions (Thompson NFA run as a Pike VM, with a small DFA) for filter patterns and Insights.
    .target(name: "VigilRegex"),

    // Layer 2: the engines and their languages.
    // CloudWatch filter patterns and metric filters.
    .target(name: "VigilLogs", dependencies: ["VigilCore", "VigilLogSource", "VigilMetrics", "VigilRegex"]),
    // The Logs Insights query language.
    .target(name: "VigilInsights", dependencies: ["VigilCore", "VigilLogSource", "VigilRegex"]),
    // Metric, math, anomaly and composite alarms (the composite-rule and metric-math languages); notifications; tuning.
    .target(name: "VigilAlarms", dependencies: ["VigilCore", "VigilMetrics"]),

    // Layer 3: the stack. One file per resource kind, the command language, every physical name and logical id;
    // validates the embedded languages (filter patterns, Insights queries, composite rules, metric math) with the engines.
    .target(name: "VigilModel", dependencies: ["VigilCore", "VigilMetrics", "VigilLogs", "VigilInsights", "VigilAlarms"]),

    // Layer 4: what is made from a stack.
    // Terraform JSON (CDKTF layout) with provenance, and dashboard bodies.
    .target(name: "VigilExport", dependencies: ["VigilCore", "VigilModel"]),
    // Importers of existing stacks (CloudFormation today; one folder per format) into session command lines.
    .target(name: "VigilImport", dependencies: ["VigilCore", "VigilModel", "VigilAlarms", "VigilMetrics", "VigilExport", .product(name: "Yams", package: "Yams")]),
    // Platform rules and scanner rules (Checkov, Trivy) over the stack and its typed export; SARIF output.
    .target(name: "VigilPolicy", dependencies: ["VigilCore", "VigilModel", "VigilExport"]),
    // Terminal charts and the self-contained HTML/SVG dashboard preview.
    .target(name: "VigilCharts", dependencies: ["VigilCore"]),
    // Markdown notebooks: cells, recorded outputs, normalisation, diffs, JUnit XML.
    .target(name: "VigilNotebook", dependencies: ["VigilCore"]),
    // The AWS account through the real AWS CLI: GetMetricData, DescribeAlarms, FilterLogEvents, StartQuery, with
    // pagination, throttling retries, API limits, call counts and Ctrl-C. No terminal code.
    .target(name: "VigilAWS", dependencies: ["VigilCore", "VigilMetrics", "VigilInsights", "VigilAlarms", "VigilModel"]),

    // Layer 5: the session. Interpreter, command registry, pipeline stages, operations, session files.
    // No ArgumentParser, no libedit, no terminal output.
    .target(
      name: "VigilSession",
      dependencies: [
        "VigilCore", "VigilModel", "VigilMetrics", "VigilLogSource", "VigilLogs", "VigilInsights", "VigilAlarms", "VigilExport", "VigilNotebook", "VigilCharts", "VigilPolicy",
        "VigilImport",
      ]),

    // Layer 6: the command line. The libedit shell and the ArgumentParser subcommands over VigilSession.
    .target(
      name: "VigilCLI",
      dependencies: [
        "VigilSession",
        "VigilCore", "VigilModel", "VigilMetrics", "VigilLogSource", "VigilLogs", "VigilInsights", "VigilAlarms", "VigilExport", "VigilNotebook", "VigilCharts", "VigilPolicy",
        "VigilImport",
        "CEditLine", "VigilAWS",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "vigil", dependencies: ["VigilCLI"]),

    // Fuzzing: one harness per language and reader, as plain functions over bytes. The normal build and tests
    // compile them and replay Fuzz/corpus and Fuzz/crashes; Fuzz/ links them into a libFuzzer binary (scripts/fuzz.sh).
    .target(
      name: "VigilFuzzTargets",
      dependencies: [
        "VigilCore", "VigilLogSource", "VigilRegex", "VigilLogs", "VigilMetrics", "VigilInsights", "VigilAlarms", "VigilModel", "VigilNotebook",
        "VigilImport",
      ]),

    // Tests mirror the targets; VigilTestSupport runs the binary, gzips files and builds stacks from session text.
    .target(name: "VigilTestSupport", dependencies: ["VigilCore", "VigilModel"], path: "Tests/VigilTestSupport"),
    .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore", "VigilTestSupport"]),
    .testTarget(name: "VigilModelTests", dependencies: ["VigilModel", "VigilTestSupport"]),
    .testTarget(name: "VigilMetricsTests", dependencies: ["VigilMetrics", "VigilTestSupport"]),
    .testTarget(name: "VigilLogSourceTests", dependencies: ["VigilLogSource", "VigilTestSupport"]),
    .testTarget(name: "VigilLogsTests", dependencies: ["VigilLogs", "VigilLogSource", "VigilTestSupport"]),
    .testTarget(name: "VigilInsightsTests", dependencies: ["VigilInsights", "VigilLogSource", "VigilTestSupport"]),
    .testTarget(name: "VigilRegexTests", dependencies: ["VigilRegex"]),
    .testTarget(name: "VigilAlarmsTests", dependencies: ["VigilAlarms", "VigilMetrics", "VigilTestSupport"]),
    .testTarget(name: "VigilExportTests", dependencies: ["VigilExport", "VigilModel", "VigilTestSupport"], exclude: ["Golden"]),
    .testTarget(name: "VigilPolicyTests", dependencies: ["VigilPolicy", "VigilModel", "VigilTestSupport"]),
    .testTarget(name: "VigilNotebookTests", dependencies: ["VigilNotebook", "VigilTestSupport"]),
    .testTarget(name: "VigilChartsTests", dependencies: ["VigilCharts", "VigilTestSupport"]),
    .testTarget(
      name: "VigilSessionTests",
      dependencies: [
        "VigilSession", "VigilCore", "VigilModel", "VigilMetrics", "VigilAlarms", "VigilExport", "VigilNotebook", "VigilTestSupport",
        "VigilImport",
      ]),
    .testTarget(
      name: "VigilCLITests", dependencies: ["VigilCLI", "VigilSession", "VigilTestSupport"]),
    .testTarget(name: "VigilFuzzTargetsTests", dependencies: ["VigilFuzzTargets", "VigilTestSupport"]),
    .testTarget(name: "VigilImportTests", dependencies: ["VigilImport", "VigilModel", "VigilTestSupport"]),
    .testTarget(name: "VigilAWSTests", dependencies: ["VigilAWS", "VigilAlarms", "VigilMetrics", "VigilTestSupport", "VigilImport"], exclude: ["Fixtures"]),
  ]
)
