import Foundation
import Testing
import VigilTestSupport

/// `scripts/setup.sh` and `scripts/install.sh` run against a stand-in `swift` on PATH (the script's own logic is
/// under test, not the compiler): a copy of the script in a scratch package, so the real `.build` is never touched.
@Suite struct ScriptTests {
  /// A scratch package root holding a copy of `scripts/NAME` and a `bin/` of stand-in tools.
  static func scratch(script name: String, tools: [String: String]) throws -> URL {
    let root = TestPaths.temporaryDirectory()
    let fm = FileManager.default
    try fm.createDirectory(at: root.appendingPathComponent("scripts"), withIntermediateDirectories: true)
    try fm.copyItem(
      at: TestPaths.packageRoot.appendingPathComponent("scripts/\(name)"), to: root.appendingPathComponent("scripts/\(name)"))
    try fm.createDirectory(at: root.appendingPathComponent("bin"), withIntermediateDirectories: true)
    for (tool, body) in tools {
      let path = root.appendingPathComponent("bin/\(tool)").path
      try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
      try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
    return root
  }

  static func bash(_ script: String, in root: URL, arguments: [String] = []) throws -> ProcessOutput {
    try runProcess(
      URL(fileURLWithPath: "/bin/bash"), [root.appendingPathComponent("scripts/\(script)").path] + arguments, in: root,
      environment: ["PATH": root.appendingPathComponent("bin").path + ":/usr/bin:/bin", "HOME": root.path])
  }

  @Test func setupFailsWhenTheBuildFailsEvenWithAnOldBinaryLeft() throws {
    let root = try Self.scratch(script: "setup.sh", tools: ["swift": "echo 'error: no such module'; exit 1", "pkg-config": "exit 0"])
    defer { try? FileManager.default.removeItem(at: root) }
    // An earlier build's binary: it must not make a failed build look like a success.
    try FileManager.default.createDirectory(at: root.appendingPathComponent(".build/debug"), withIntermediateDirectories: true)
    FileManager.default.createFile(
      atPath: root.appendingPathComponent(".build/debug/vigil").path, contents: Data(), attributes: [.posixPermissions: 0o755])
    let run = try Self.bash("setup.sh", in: root)
    #expect(
      run == ProcessOutput(
        status: 1, stdout: "error: no such module\n", stderr: "setup.sh: error: swift build failed (exit 1); the errors are above\n"))
  }

  @Test func installCopiesTheReleaseBinaryIntoPrefix() throws {
    let root = try Self.scratch(
      script: "install.sh",
      tools: [
        "swift": """
        case "$*" in
          "build -c release --product vigil") echo "Build complete!" ;;
          "build -c release --show-bin-path") echo "$PWD/release" ;;
          *) echo "unexpected: $*" >&2; exit 3 ;;
        esac
        """
      ])
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root.appendingPathComponent("release"), withIntermediateDirectories: true)
    let built = root.appendingPathComponent("release/vigil").path
    try "#!/bin/sh\necho 0.1.0\n".write(toFile: built, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: built)
    let prefix = root.appendingPathComponent("prefix").path
    let run = try Self.bash("install.sh", in: root, arguments: [prefix])
    #expect(run == ProcessOutput(status: 0, stdout: "Build complete!\ninstalled \(prefix)/bin/vigil (0.1.0)\n", stderr: ""))
    #expect(FileManager.default.isExecutableFile(atPath: prefix + "/bin/vigil"))
  }
}
