import Foundation

/// Runs the real `cfn-lint` (PyPI; `scripts/setup.sh` installs it) over a template. Tests skip with a message when it
/// is not installed.
public enum CloudFormationLint {
  /// The executable on PATH or in pip's `--user` folder.
  public static let executable: URL? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let home = FileManager.default.homeDirectoryForCurrentUser.path
    let folders = path.split(separator: ":").map(String.init) + ["\(home)/.local/bin"]
    return folders.map { URL(fileURLWithPath: $0).appendingPathComponent("cfn-lint") }.first {
      FileManager.default.isExecutableFile(atPath: $0.path)
    }
  }()

  public static let skipMessage = "skipped: cfn-lint is not installed (scripts/setup.sh installs it: python3 -m pip install --user cfn-lint)"

  /// One problem cfn-lint reports.
  public struct Problem: Sendable, CustomStringConvertible {
    public var rule: String
    public var line: String
    public var message: String
    public var description: String { "\(rule) line \(line): \(message)" }
  }

  /// cfn-lint's problems with a file, and its exit status (a bit mask: 2 errors, 4 warnings, 8 informational).
  public static func lint(_ file: URL) throws -> (status: Int32, problems: [Problem], output: String) {
    let result = try runProcess(executable!, ["--format", "parseable", "--", file.lastPathComponent], in: file.deletingLastPathComponent())
    // Parseable lines: FILE:LINE:COLUMN:ENDLINE:ENDCOLUMN:RULE:MESSAGE
    let problems = result.stdout.split(separator: "\n").compactMap { line -> Problem? in
      let fields = line.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
      return fields.count == 7 ? Problem(rule: String(fields[5]), line: String(fields[1]), message: String(fields[6])) : nil
    }
    return (result.status, problems, result.stdout + result.stderr)
  }

  /// Writes `text` to a temporary file named `fileName` and lints it.
  public static func lint(_ text: String, fileName: String) throws -> (status: Int32, problems: [Problem], output: String) {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent(fileName)
    try Data(text.utf8).write(to: file)
    return try lint(file)
  }

  /// The errors of a lint (rules `E…`); none is excepted.
  public static func errors(_ problems: [Problem]) -> [Problem] {
    problems.filter { $0.rule.hasPrefix("E") }
  }
}
