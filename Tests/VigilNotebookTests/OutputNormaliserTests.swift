import Foundation
import Testing
import VigilCore

@testable import VigilNotebook

@Suite struct OutputNormaliserTests {
  /// 2026-08-21T10:00:00Z
  static let runStarted: EpochMillis = 1_787_306_400_000

  static let normaliser = OutputNormaliser.standard(
    NormalisationContext(
      paths: [
        (path: "/home/ana", token: "<home>"), (path: "/home/ana/vigil/notebooks/", token: "<dir>"),
        (path: "/tmp", token: "<tmp>"),
      ],
      runStarted: runStarted, now: { runStarted + 2_000 }))

  static let cases: [(String, String)] = [
    // paths
    ("reading /home/ana/vigil/notebooks/sample.log", "reading <dir>/sample.log"),
    ("/home/ana/.aws/config and /home/ana/vigil/notebooks", "<home>/.aws/config and <dir>"),
    ("wrote /tmp/vigil-1/out.json.", "wrote <tmp>/vigil-1/out.json."),
    ("/home/anabel/x /home/ana.bak /x/home/ana", "/home/anabel/x /home/ana.bak /x/home/ana"),
    ("\"file\":\"/home/ana/vigil/notebooks/a.md\"", "\"file\":\"<dir>/a.md\""),
    // durations
    ("scanned 3 files in 12.3 ms", "scanned 3 files in <duration>"),
    ("took 4ms, then in 1.204 s", "took <duration>, then in <duration>"),
    ("in 250 µs", "in <duration>"),
    ("evaluated in 60 s periods", "evaluated in 60 s periods"),
    ("within 5 ms; in 5 msgs; begin 3 ms", "within 5 ms; in 5 msgs; begin 3 ms"),
    // timestamps
    ("finished at 2026-08-21T10:00:01.234Z", "finished at <now>"),
    ("run 2026-08-21 09:30:00 (UTC)", "run <now> (UTC)"),
    ("2026-08-20T12:00:00+02:00 and 2026-08-22T09:59:59Z", "<now> and <now>"),
    ("sample 2026-03-02T10:15:03.120Z", "sample 2026-03-02T10:15:03.120Z"),
    ("2026-08-23T00:00:00Z is two days on", "2026-08-23T00:00:00Z is two days on"),
    ("bare date 2026-08-21 stays", "bare date 2026-08-21 stays"),
    // trailing whitespace
    ("value   \t", "value"),
    ("  indented stays", "  indented stays"),
  ]

  @Test(arguments: cases)
  func standardRules(_ input: String, _ expected: String) {
    #expect(Self.normaliser.lines(of: input) == [expected])
  }

  @Test func rulesAreAnExplicitOrderedList() {
    #expect(Self.normaliser.rules.map(\.name) == ["timestamps", "paths", "durations", "trailing-whitespace"])
    #expect(Self.normaliser.rules[1].summary == "absolute paths of this machine become <home>, <dir>, <tmp>")
  }

  @Test func linesSplitAtNewlinesAndDropCarriageReturns() {
    #expect(OutputNormaliser.splitLines("") == [])
    #expect(OutputNormaliser.splitLines("a") == ["a"])
    #expect(OutputNormaliser.splitLines("a\n") == ["a"])
    #expect(OutputNormaliser.splitLines("\n") == [""])
    #expect(OutputNormaliser.splitLines("a\r\n\r\nb\n") == ["a", "", "b"])
  }

  @Test func normalisingTwiceChangesNothing() {
    for (input, _) in Self.cases {
      let once = Self.normaliser.lines(of: input)
      #expect(Self.normaliser.lines(of: once.joined(separator: "\n")) == once)
    }
  }

  @Test func standardContextNamesThisMachinesDirectories() {
    let directory = URL(fileURLWithPath: "/srv/notebooks")
    let context = NormalisationContext.standard(notebookDirectory: directory, runStarted: Date(timeIntervalSince1970: 0))
    let tokens = Dictionary(context.paths.map { ($0.path, $0.token) }, uniquingKeysWith: { first, _ in first })
    #expect(tokens["/srv/notebooks"] == "<dir>")
    #expect(tokens[FileManager.default.currentDirectoryPath] == "<cwd>")
    if let home = ProcessInfo.processInfo.environment["HOME"] { #expect(tokens[home] == "<home>") }
  }
}
