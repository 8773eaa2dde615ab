import Foundation

/// What a finished process printed and how it exited.
public struct ProcessOutput: Sendable, Equatable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
  /// An expected result, compared whole in tests.
  public init(status: Int32, stdout: String, stderr: String) {
    self.status = status
    self.stdout = stdout
    self.stderr = stderr
  }
}

/// Runs a program to completion and captures its output. Standard output and error go to temporary
/// files rather than pipes, so a program that writes a lot to both cannot block on a full pipe.
public func runProcess(
  _ executable: URL, _ arguments: [String], in directory: URL = TestPaths.packageRoot, input: String? = nil,
  environment: [String: String]? = nil
) throws -> ProcessOutput {
  let scratch = TestPaths.temporaryDirectory()
  defer { try? FileManager.default.removeItem(at: scratch) }
  let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
  FileManager.default.createFile(atPath: outURL.path, contents: nil)
  FileManager.default.createFile(atPath: errURL.path, contents: nil)
  let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  process.currentDirectoryURL = directory
  if let environment { process.environment = environment }
  process.standardOutput = out
  process.standardError = err
  let stdin = Pipe()
  process.standardInput = input == nil ? FileHandle.nullDevice : stdin
  try process.run()
  if let input {
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
  }
  process.waitUntilExit()
  try out.close()
  try err.close()
  return ProcessOutput(
    status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
    stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// The built `vigil` executable, run as a user would run it.
public enum VigilBinary {
  /// The executable: the test bundle sits in the build directory next to it.
  public static var url: URL {
    let candidates = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("vigil"),
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("vigil"),
      TestPaths.packageRoot.appendingPathComponent(".build/debug/vigil"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
  }

  /// Runs `vigil ARGUMENTS` in a directory (the package root by default) and captures what it printed.
  public static func run(
    _ arguments: [String], in directory: URL = TestPaths.packageRoot, input: String? = nil, environment: [String: String]? = nil
  ) throws -> ProcessOutput {
    try runProcess(url, arguments, in: directory, input: input, environment: environment)
  }
}

/// Files the tests write.
public enum TestFiles {
  /// Compresses a file next to itself (`PATH.gz`, the original kept) and returns the new path.
  @discardableResult
  public static func gzip(_ path: String) throws -> String {
    let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["gzip", "-kf", path])
    guard result.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: result.stderr]) }
    return path + ".gz"
  }
}
