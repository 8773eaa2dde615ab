import Foundation
import Testing
import VigilTestSupport

/// Issue 16: every ```` ```sh ```` example in the README and the notebooks is run, so none can drift.
///
/// The line before each block (blank lines aside) says who runs it:
/// - `<!-- sh: run -->`: this suite. `$ COMMAND` lines run in order, each followed by exactly what it prints
///   (standard output and error); a block without `$` lines runs each line as a command that must exit 0 (or 1,
///   a check's findings).
///   `vigil` is the built binary; the commands run in a scratch folder holding `samples/`, `notebooks/` and
///   `Tests/` of the package, so what they write stays there.
/// - `<!-- sh: run by NAME -->`: the test suite `NAME` runs it (e.g. the moto-server tests); NAME must be a suite.
/// - `<!-- sh: not run: REASON -->`: no test runs it; the list of such blocks is pinned below, so a new one fails.
@Suite(.serialized) struct ShellExampleTests {
  /// One fenced `sh` block: where it is, its marker (nil when none) and its lines.
  struct Block: CustomStringConvertible {
    var file: String
    var line: Int
    var marker: String?
    var lines: [String]
    var description: String { "\(file):\(line)" }
  }

  static let documents: [String] = {
    let notebooks = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.packageRoot.appendingPathComponent("notebooks").path)) ?? []
    return ["README.md"] + notebooks.filter { $0.hasSuffix(".md") }.sorted().map { "notebooks/\($0)" }
  }()

  static func blocks(in file: String) throws -> [Block] {
    let text = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(file), encoding: .utf8)
    let lines = text.components(separatedBy: "\n")
    var blocks: [Block] = []
    var index = 0
    while index < lines.count {
      let line = lines[index]
      guard line.hasPrefix("```") else {
        index += 1
        continue
      }
      let closing = lines[(index + 1)...].firstIndex { $0.hasPrefix("```") } ?? lines.count
      if line == "```sh" {
        var before = index - 1
        while before >= 0, lines[before].trimmingCharacters(in: .whitespaces).isEmpty { before -= 1 }
        let previous = before >= 0 ? lines[before] : ""
        let marker = previous.hasPrefix("<!-- sh: ") && previous.hasSuffix(" -->")
          ? String(previous.dropFirst("<!-- sh: ".count).dropLast(" -->".count)) : nil
        blocks.append(Block(file: file, line: index + 1, marker: marker, lines: Array(lines[(index + 1)..<min(closing, lines.count)])))
      }
      index = closing + 1
    }
    return blocks
  }

  static var allBlocks: [Block] { documents.flatMap { (try? blocks(in: $0)) ?? [] } }

  /// The names of the test suites in `Tests/`.
  static func suiteNames() throws -> Set<String> {
    let tests = TestPaths.packageRoot.appendingPathComponent("Tests")
    var names = Set<String>()
    for path in try FileManager.default.subpathsOfDirectory(atPath: tests.path) where path.hasSuffix(".swift") {
      let text = try String(contentsOf: tests.appendingPathComponent(path), encoding: .utf8)
      for line in text.components(separatedBy: "\n") where line.hasPrefix("struct ") || line.hasPrefix("@Suite") && line.contains(" struct ") {
        if let name = line.components(separatedBy: "struct ").last?.split(separator: " ").first { names.insert(String(name)) }
      }
    }
    return names
  }

  @Test func everyShellBlockIsRunOrNamesTheTestThatRunsIt() throws {
    let blocks = Self.allBlocks
    #expect(blocks.count > 10)
    let suites = try Self.suiteNames()
    for block in blocks {
      guard let marker = block.marker else {
        Issue.record("\(block): a ```sh block needs <!-- sh: run --> or <!-- sh: run by SUITE --> on the line before it")
        continue
      }
      if marker == "run" || marker.hasPrefix("not run: ") { continue }
      let suite = marker.hasPrefix("run by ") ? String(marker.dropFirst("run by ".count)) : ""
      #expect(suites.contains(suite), "\(block): '\(marker)' names no test suite")
    }
    // The one example no test runs: the demo builds the project (CI runs scripts/test.sh, which builds too).
    #expect(blocks.filter { $0.marker?.hasPrefix("not run: ") == true }.map(\.description) == ["README.md:7"])
  }

  /// A scratch folder with the package's samples, notebooks and test fixtures, and `vigil` first on PATH.
  static func scratch() throws -> (folder: URL, environment: [String: String]) {
    let root = TestPaths.temporaryDirectory()
    let work = root.appendingPathComponent("work"), bin = root.appendingPathComponent("bin")
    for folder in [work, bin] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    try FileManager.default.createSymbolicLink(
      at: work.appendingPathComponent("Tests"), withDestinationURL: TestPaths.packageRoot.appendingPathComponent("Tests"))
    // Copies: `vigil test --update` writes the notebooks, and `vigil test samples/` looks for files in a real folder.
    for name in ["samples", "notebooks"] {
      try FileManager.default.copyItem(at: TestPaths.packageRoot.appendingPathComponent(name), to: work.appendingPathComponent(name))
    }
    try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("vigil"), withDestinationURL: VigilBinary.url)
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = bin.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    environment["NO_COLOR"] = "1"
    environment["HOME"] = root.path
    environment["XDG_STATE_HOME"] = root.appendingPathComponent("state").path
    return (work, environment)
  }

  /// The commands of a block: `$ ` lines with what each prints, or every line (comments after two spaces dropped).
  static func commands(of block: Block) -> [(command: String, expected: String?)] {
    if block.lines.contains(where: { $0.hasPrefix("$ ") }) {
      var result: [(String, String?)] = []
      for line in block.lines {
        if line.hasPrefix("$ ") {
          result.append((String(line.dropFirst(2)), ""))
        } else if !result.isEmpty {
          result[result.count - 1].1 = (result[result.count - 1].1 ?? "") + line + "\n"
        }
      }
      return result
    }
    var result: [(String, String?)] = []
    var pending = ""
    for line in block.lines {
      let code = line.range(of: "  #").map { String(line[..<$0.lowerBound]) } ?? line
      pending += code
      if pending.hasSuffix("\\") {
        pending = String(pending.dropLast()) + " "
        continue
      }
      if !pending.trimmingCharacters(in: .whitespaces).isEmpty { result.append((pending, nil)) }
      pending = ""
    }
    return result
  }

  static var runBlocks: [Block] { allBlocks.filter { $0.marker == "run" } }

  @Test(arguments: runBlocks) func theExampleRunsAsWritten(block: Block) throws {
    let (folder, environment) = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
    for (command, expected) in Self.commands(of: block) {
      let result = try runProcess(
        URL(fileURLWithPath: "/bin/sh"), ["-c", "exec 2>&1\n" + command], in: folder, environment: environment)
      if let expected {
        #expect(result.stdout == expected, "\(block): $ \(command)")
      } else {
        // 0, or 1 for a check that reports findings; never 2 (invalid input) or a crash.
        #expect(result.status == 0 || result.status == 1, "\(block): \(command)\n\(result.stdout)")
      }
    }
  }
}
