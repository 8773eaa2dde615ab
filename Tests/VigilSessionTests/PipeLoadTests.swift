import Foundation
import Testing
import VigilTestSupport

@testable import VigilSession

#if canImport(Glibc)
  import Glibc
#endif

/// `load` keeps a path and streams the file again for each query and metric: a FIFO gives its bytes once, so it is
/// refused with the reason instead of being read (or waited on) again later.
@Suite struct PipeLoadTests {
  @Test func loadingAFIFOIsRefusedWithTheReason() throws {
    let directory = TestPaths.temporaryDirectory()
    #expect(mkfifo(directory.appendingPathComponent("live.jsonl").path, 0o600) == 0)
    let interpreter = Interpreter(baseDirectory: directory)
    _ = interpreter.execute("stack shop --suffix dev\nservice api --lambda")
    let outcome = try #require(interpreter.execute("load live.jsonl into api", file: "s.vigil").last)
    #expect(outcome.status == .invalid)
    #expect(
      outcome.output == """
        s.vigil:1:6: error: cannot load live.jsonl: it is a pipe or FIFO, which can be read only once; save it to a file and load that
          load live.jsonl into api
               ^
        """)
  }
}
