import VigilFuzzTargets

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The harness `VIGIL_FUZZ_TARGET` names, chosen once in `LLVMFuzzerInitialize`.
nonisolated(unsafe) private var target: FuzzTargets.Target?

/// libFuzzer calls this once before any input. `VIGIL_FUZZ_TARGET=list` prints the target names (for
/// scripts/fuzz.sh) and exits.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
  _ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
)
  -> CInt
{
  let name = getenv("VIGIL_FUZZ_TARGET").map { String(cString: $0) } ?? ""
  if name == "list" {
    for target in FuzzTargets.all { print(target.name) }
    exit(0)
  }
  guard let chosen = FuzzTargets.named(name) else {
    let names = FuzzTargets.all.map(\.name).joined(separator: ", ")
    fputs("vigil-fuzz: set VIGIL_FUZZ_TARGET to one of: \(names)\n", stderr)
    exit(2)
  }
  target = chosen
  return 0
}

/// libFuzzer's entry point: one input per call.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
  target?.fuzz(bytes)
  return 0
}
