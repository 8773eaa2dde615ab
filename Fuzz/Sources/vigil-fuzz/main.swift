import CFuzzerDriver
import VigilFuzzTargets

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The harness VIGIL_FUZZ_TARGET names; `list` prints the names (for scripts/fuzz.sh).
let name = getenv("VIGIL_FUZZ_TARGET").map { String(cString: $0) } ?? ""
if name == "list" {
  for target in FuzzTargets.all { print(target.name) }
  exit(0)
}
guard let target = FuzzTargets.named(name) else {
  let message = "vigil-fuzz: set VIGIL_FUZZ_TARGET to one of: \(FuzzTargets.all.map(\.name).joined(separator: ", "))\n"
  _ = message.withCString { write(2, $0, strlen($0)) }
  exit(2)
}
// A C callback cannot capture, so the chosen harness is a global the callback reads.
nonisolated(unsafe) var chosen = target.fuzz

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
  LLVMFuzzerRunDriver(&argc, &argv) { start, count in
    chosen(start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? [])
    return 0
  })
