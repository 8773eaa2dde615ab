// swift-tools-version:6.1
import PackageDescription

// Engines are separate library targets so each can be built and tested alone;
// `vigil` is a one-file executable over VigilCLI (commands and the shell).
let package = Package(
  name: "Vigil",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "vigil", targets: ["vigil"]),
    .library(name: "VigilKit", targets: ["VigilModel", "VigilLogSource", "VigilLogs", "VigilMetrics", "VigilInsights", "VigilAlarms", "VigilExport", "VigilNotebook", "VigilCharts", "VigilPolicy",
    ]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
    // zlib, to read gzip log files in process.
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    // Shared value types: diagnostics with carets, deterministic JSON, time parsing.
    .target(name: "VigilCore"),
    // The observability stack: one file per resource kind, the command language; validates the embedded
    // languages (filter patterns, Insights queries, composite rules, metric math) with their engines.
    .target(name: "VigilModel", dependencies: ["VigilCore", "VigilMetrics", "VigilLogs", "VigilInsights", "VigilAlarms"]),
    // Statistics over raw values and per-period aggregation, as CloudWatch publishes them.
    .target(name: "VigilMetrics", dependencies: ["VigilCore"]),
    // The one read path: line splitting (gzip included), lazy JSON scanning, timestamp and number rules.
    .target(name: "VigilLogSource", dependencies: ["VigilCore", "CZlib"]),
    // CloudWatch filter patterns and metric filters.
    .target(name: "VigilLogs", dependencies: ["VigilCore", "VigilLogSource", "VigilMetrics"]),
    // The Logs Insights query language.
    .target(name: "VigilInsights", dependencies: ["VigilCore", "VigilLogSource"]),
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
    // The session layer: interpreter, workspace, command registry, pipeline stages, session files.
    // No ArgumentParser and no libedit, so a library user can replay a session and read every result.
    .target(
      name: "VigilSession",
      dependencies: [
        "VigilCore", "VigilModel", "VigilMetrics", "VigilLogSource", "VigilLogs", "VigilInsights", "VigilAlarms", "VigilExport", "VigilNotebook", "VigilCharts", "VigilPolicy",
      ]),
    // The libedit shell and the ArgumentParser subcommands over VigilSession.
    .target(
      name: "VigilCLI",
      dependencies: [
        "VigilSession",
        "VigilCore", "VigilModel", "VigilMetrics", "VigilLogSource", "VigilLogs", "VigilInsights", "VigilAlarms", "VigilExport", "VigilNotebook", "VigilCharts", "VigilPolicy",
        "CEditLine",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "vigil", dependencies: ["VigilCLI"]),

    .target(name: "VigilTestSupport", dependencies: ["VigilCore", "VigilModel"], path: "Tests/VigilTestSupport"),
    .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore", "VigilTestSupport"]),
    .testTarget(name: "VigilModelTests", dependencies: ["VigilModel", "VigilTestSupport"]),
    .testTarget(name: "VigilMetricsTests", dependencies: ["VigilMetrics", "VigilTestSupport"]),
    .testTarget(name: "VigilLogSourceTests", dependencies: ["VigilLogSource", "VigilTestSupport"]),
    .testTarget(name: "VigilLogsTests", dependencies: ["VigilLogs", "VigilLogSource", "VigilTestSupport"]),
    .testTarget(name: "VigilInsightsTests", dependencies: ["VigilInsights", "VigilLogSource", "VigilTestSupport"]),
    .testTarget(name: "VigilAlarmsTests", dependencies: ["VigilAlarms", "VigilMetrics", "VigilTestSupport"]),
    .testTarget(name: "VigilExportTests", dependencies: ["VigilExport", "VigilModel", "VigilTestSupport"], exclude: ["Golden"]),
    .testTarget(name: "VigilPolicyTests", dependencies: ["VigilPolicy", "VigilModel", "VigilTestSupport"]),
    .testTarget(name: "VigilNotebookTests", dependencies: ["VigilNotebook", "VigilTestSupport"]),
    .testTarget(name: "VigilChartsTests", dependencies: ["VigilCharts", "VigilTestSupport"]),
    .testTarget(
      name: "VigilSessionTests",
      dependencies: [
        "VigilSession", "VigilCore", "VigilModel", "VigilMetrics", "VigilAlarms", "VigilExport", "VigilNotebook", "VigilTestSupport",
      ]),
    .testTarget(
      name: "VigilCLITests", dependencies: ["VigilCLI", "VigilSession", "VigilTestSupport"]),
  ]
)
