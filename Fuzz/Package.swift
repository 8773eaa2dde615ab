// swift-tools-version:6.1
import PackageDescription

// The libFuzzer binary over Vigil's fuzz harnesses (Sources/VigilFuzzTargets in the main package).
// Built by scripts/fuzz.sh with `-sanitize=fuzzer,address`; it is a separate package so the main build and
// CI never need the sanitiser runtimes. One binary holds every target; VIGIL_FUZZ_TARGET picks one.
let package = Package(
  name: "VigilFuzz",
  dependencies: [.package(name: "Vigil", path: "..")],
  targets: [
    .executableTarget(
      name: "vigil-fuzz",
      dependencies: [.product(name: "VigilFuzzTargets", package: "Vigil")],
      // libFuzzer supplies main(); the Swift file only exports LLVMFuzzerTestOneInput.
      swiftSettings: [.unsafeFlags(["-parse-as-library"])])
  ]
)
