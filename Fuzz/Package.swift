// swift-tools-version:6.1
import PackageDescription

// The libFuzzer binary over Vigil's fuzz harnesses (Sources/VigilFuzzTargets in the main package).
// Built by scripts/fuzz.sh with `-sanitize=fuzzer,address`; it is a separate package so the main build and
// CI never need the sanitiser runtimes. One binary holds every target; VIGIL_FUZZ_TARGET picks one.
let package = Package(
  name: "VigilFuzz",
  dependencies: [.package(name: "Vigil", path: "..")],
  targets: [
    // The declaration of libFuzzer's LLVMFuzzerRunDriver, which main.swift calls.
    .target(name: "CFuzzerDriver"),
    .executableTarget(
      name: "vigil-fuzz",
      dependencies: ["CFuzzerDriver", .product(name: "VigilFuzzTargets", package: "Vigil")],
      // gold (the default linker on Linux) fails with an internal error on the sanitised objects; lld links them.
      linkerSettings: [.unsafeFlags(["-use-ld=lld"])]),
  ]
)
