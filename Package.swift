// swift-tools-version:6.1
import PackageDescription

// Engines are separate library targets so each can be built and tested alone;
// `vigil` is a one-file executable over VigilCLI (commands and the shell).
let package = Package(
  name: "Vigil",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "vigil", targets: ["vigil"]),
    .library(name: "VigilKit", targets: ["VigilModel", "VigilLogs", "VigilMetrics", "VigilInsights", "VigilAlarms", "VigilExport", "VigilNotebook", "VigilCharts", "VigilPolicy",
    ]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
    // Shared value types: diagnostics with carets, deterministic JSON, time parsing.
    .target(name: "VigilCore"),
    // The observability stack, the command language and sessions.
    .target(name: "VigilModel", dependencies: ["VigilCore", "VigilMetrics"]),
    // Statistics over raw values and per-period aggregation, as CloudWatch publishes them.
    .target(name: "VigilMetrics", dependencies: ["VigilCore"]),
    // Linear-time regular expressions (Thompson NFA, Pike VM) for filter patterns and Logs Insights.
    .target(name: "VigilRegex"),
    // Log readers, CloudWatch filter patterns and metric filters.
    .target(name: "VigilLogs", dependencies: ["VigilCore", "VigilMetrics", "VigilRegex"]),
    // The Logs Insights query language.
    .target(name: "VigilInsights", dependencies: ["VigilCore", "VigilLogs", "VigilRegex"]),
    // Metric, composite and anomaly alarms; notifications; tuning.
    .target(name: "VigilAlarms", dependencies: ["VigilCore", "VigilMetrics"]),
    // Markdown notebooks: cells, recorded outputs, normalisation, diffs, JUnit XML.
    .target(name: "VigilNotebook", dependencies: ["VigilCore"]),
    // Terminal charts and the self-contained HTML/SVG dashboard preview.
    .target(name: "VigilCharts", dependencies: ["VigilCore"]),
    // Terraform JSON (CDKTF layout) and dashboard bodies.
    .target(name: "VigilExport", dependencies: ["VigilCore", "VigilModel"]),
    // Platform rules and scanner rules (Checkov, Trivy) over the stack and its export; SARIF output.
    .target(name: "VigilPolicy", dependencies: ["VigilCore", "VigilModel", "VigilExport"]),
    // Subcommands, the interpreter and the libedit shell.
    .target(
      name: "VigilCLI",
      dependencies: [
        "VigilCore", "VigilModel", "VigilMetrics", "VigilLogs", "VigilInsights", "VigilAlarms", "VigilExport", "VigilNotebook", "VigilCharts", "VigilPolicy",
        "CEditLine",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "vigil", dependencies: ["VigilCLI"]),

    .target(name: "VigilTestSupport", dependencies: ["VigilCore"], path: "Tests/VigilTestSupport"),
    .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore", "VigilTestSupport"]),
    .testTarget(name: "VigilModelTests", dependencies: ["VigilModel", "VigilTestSupport"]),
    .testTarget(name: "VigilMetricsTests", dependencies: ["VigilMetrics", "VigilTestSupport"]),
    .testTarget(name: "VigilRegexTests", dependencies: ["VigilRegex"]),
    .testTarget(name: "VigilLogsTests", dependencies: ["VigilLogs", "VigilTestSupport"]),
    .testTarget(name: "VigilInsightsTests", dependencies: ["VigilInsights", "VigilLogs", "VigilTestSupport"]),
    .testTarget(name: "VigilAlarmsTests", dependencies: ["VigilAlarms", "VigilMetrics", "VigilTestSupport"]),
    .testTarget(name: "VigilExportTests", dependencies: ["VigilExport", "VigilModel", "VigilTestSupport"], exclude: ["Golden"]),
    .testTarget(name: "VigilPolicyTests", dependencies: ["VigilPolicy", "VigilModel", "VigilTestSupport"]),
    .testTarget(name: "VigilNotebookTests", dependencies: ["VigilNotebook", "VigilTestSupport"]),
    .testTarget(name: "VigilChartsTests", dependencies: ["VigilCharts", "VigilTestSupport"]),
    .testTarget(
      name: "VigilCLITests", dependencies: ["VigilCLI", "VigilTestSupport"]),
  ]
)
