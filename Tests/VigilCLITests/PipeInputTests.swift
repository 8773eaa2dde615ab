import Foundation
import Testing
import VigilTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Log inputs that are not plain files: a shell pipe (`<(cat log)`) and a FIFO, through the real binary.
/// Each input must be opened once: a second `open` of a pipe reads nothing, and of a FIFO waits for a writer forever.
@Suite(.serialized) struct PipeInputTests {
  static let log = """
    {"timestamp":"2026-03-02T10:00:01Z","level":"INFO","latency_ms":12}
    {"timestamp":"2026-03-02T10:00:02Z","level":"ERROR","latency_ms":340}
    {"timestamp":"2026-03-02T10:01:03Z","level":"ERROR","latency_ms":95}

    """

  func logFile() -> URL {
    let url = TestPaths.temporaryDirectory().appendingPathComponent("app.jsonl")
    FileManager.default.createFile(atPath: url.path, contents: Data(Self.log.utf8))
    return url
  }

  /// Runs a command line in bash (for `<(…)`), killing it after `seconds`: a hang is a failure, not a stuck suite.
  func bash(_ script: String, seconds: Double = 20) throws -> (status: Int32, stdout: String, stderr: String, timedOut: Bool) {
    let scratch = TestPaths.temporaryDirectory()
    let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", script]
    process.environment = ["VIGIL": VigilBinary.url.path, "PATH": "/usr/bin:/bin"]
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    let timedOut = process.isRunning
    if timedOut {
      process.terminate()
      kill(-process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: try Data(contentsOf: out), as: UTF8.self),
      String(decoding: try Data(contentsOf: err), as: UTF8.self), timedOut
    )
  }

  @Test func queryReadsAProcessSubstitutionPipe() throws {
    let file = logFile()
    let run = try bash(#""$VIGIL" query 'filter level = "ERROR" | stats count(*) as errors' <(cat '\#(file.path)') --format csv"#)
    #expect(!run.timedOut)
    #expect(run.status == 0)
    #expect(run.stdout == "errors\n2\n")
  }

  @Test func queryReadsAFIFOWithAWriter() throws {
    let fifo = TestPaths.temporaryDirectory().appendingPathComponent("live.jsonl").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let file = logFile()
    // The writer opens the FIFO once, like `tail … > fifo` would.
    let run = try bash(#"cat '\#(file.path)' > '\#(fifo)' & "$VIGIL" query 'stats count(*) as n, max(latency_ms) as worst' '\#(fifo)' --format csv --threads 4; wait"#)
    #expect(!run.timedOut)
    #expect(run.status == 0)
    #expect(run.stdout == "n,worst\n3,340\n")
  }

  @Test func testPatternAndMetricsReadPipes() throws {
    let file = logFile()
    let pattern = try bash(#""$VIGIL" test-pattern '{ $.level = "ERROR" }' <(cat '\#(file.path)') --count"#)
    #expect(!pattern.timedOut)
    #expect(pattern.status == 0)
    #expect(pattern.stdout == "2\n")
    // Gzip through a pipe: the gzip probe's bytes are given back to the decompressor.
    let metrics = try bash(#""$VIGIL" metrics --filter '{ $.level = "ERROR" }' --metric Errors --namespace App <(gzip -c '\#(file.path)')"#)
    #expect(!metrics.timedOut)
    #expect(metrics.status == 0)
    #expect(
      metrics.stdout == """
        Errors  (App, Sum, 1m, unit None)
          TIMESTAMP              VALUE
          2026-03-02T10:00:00Z   1
          2026-03-02T10:01:00Z   1

        """)
  }

  @Test func threadsBelowOneIsAClearError() throws {
    let file = logFile()
    let run = try bash(#""$VIGIL" query 'stats count(*)' '\#(file.path)' --threads 0"#)
    #expect(run.status == 2)
    #expect(run.stderr == "vigil: error: --threads must be at least 1 (got 0)\n")
  }
}
