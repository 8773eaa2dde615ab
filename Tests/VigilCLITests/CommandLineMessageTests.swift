import Foundation
import Testing
import VigilTestSupport

/// The command line's own messages, through the built binary: exact text on the exact stream, exact exit status.
@Suite struct CommandLineMessageTests {
  @Test func versionIsPrinted() throws {
    let run = try VigilBinary.run(["--version"])
    #expect(run == ProcessOutput(status: 0, stdout: "0.1.0\n", stderr: ""))
  }

  /// The README's completion step: ArgumentParser's scripts, naming every registered subcommand.
  @Test(arguments: [("bash", "#!/bin/bash"), ("zsh", "#compdef vigil"), ("fish", "function __vigil_should_offer_completions_for_flags_or_options -a expected_commands")])
  func completionScripts(shell: String, firstLine: String) throws {
    let run = try VigilBinary.run(["--generate-completion-script", shell])
    #expect(run.status == 0)
    #expect(run.stderr == "")
    #expect(run.stdout.split(separator: "\n").first.map(String.init) == firstLine)
    for name in ["shell", "run", "export", "test-pattern", "metrics", "preview-alarm", "test", "check", "query"] {
      #expect(run.stdout.contains(name), "\(name)")
    }
  }

  @Test func anUnknownSubcommandSuggestsTheClosestOne() throws {
    #expect(
      try VigilBinary.run(["expot"])
        == ProcessOutput(status: 2, stdout: "", stderr: "vigil: error: unknown command 'expot'\ndid you mean 'export'?\n"))
    #expect(
      try VigilBinary.run(["zzzz"])
        == ProcessOutput(status: 2, stdout: "", stderr: "vigil: error: unknown command 'zzzz'\nsee 'vigil --help' for the commands\n"))
  }

  @Test func aPathThatExistsStillOpensTheShell() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // A session file named like a mistyped command: it exists, so it is a session, not a typo.
    try "stack payments --suffix dev\n".write(to: directory.appendingPathComponent("expot"), atomically: true, encoding: .utf8)
    let run = try VigilBinary.run(["expot"], in: directory, input: "")
    #expect(run == ProcessOutput(status: 0, stdout: "opened expot: 1 command(s)\n", stderr: ""))
  }

  @Test func helpForAnUnknownCommandFails() throws {
    #expect(try VigilBinary.run(["help", "nosuch"]) == ProcessOutput(status: 2, stdout: "", stderr: "vigil: error: no command 'nosuch'\n"))
    #expect(
      try VigilBinary.run(["help", "expot"])
        == ProcessOutput(status: 2, stdout: "", stderr: "vigil: error: no command 'expot'\ndid you mean 'export'?\n"))
  }

  @Test func anUnknownOptionSuggestsTheSubcommandsOption() throws {
    let usage = "Usage: vigil export <session> [--out <out>] [--suffix <suffix>] [--format <format>] [--yaml] [--plain] "
      + "[--aws-provider <aws-provider>] [--html] [--force]\n"
      + "  See 'vigil export --help' for more information.\n"
    // `--output` is named as unknown, with `--out` suggested.
    #expect(
      try VigilBinary.run(["export", "samples/payments.vigil", "--output", "x"])
        == ProcessOutput(status: 2, stdout: "", stderr: "vigil: error: unknown option '--output'\ndid you mean '--out'?\n" + usage))
    #expect(
      try VigilBinary.run(["export", "samples/payments.vigil", "--out", "x", "--output", "y"])
        == ProcessOutput(status: 2, stdout: "", stderr: "vigil: error: unknown option '--output'\ndid you mean '--out'?\n" + usage))
    #expect(
      try VigilBinary.run(["run", "samples/incident.vigil", "--verbos"])
        == ProcessOutput(
          status: 2, stdout: "",
          stderr: "vigil: error: unknown option '--verbos'\ndid you mean '--verbose'?\nUsage: vigil run <session> [--verbose] [--strict]\n"
            + "  See 'vigil run --help' for more information.\n"))
  }

  /// `vigil export SESSION` with no `--out` writes to `./out`, as the README's tour does.
  @Test func exportWithoutOutWritesToOut() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try VigilBinary.run(["export", TestPaths.sample("payments.vigil").path], in: directory)
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("wrote 14 files to out (Terraform: out/stacks/payments/cdk.tf.json)\n"))
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out/stacks/payments/cdk.tf.json").path))
  }

  @Test func aMissingArgumentUsesTheOneErrorStyle() throws {
    #expect(
      try VigilBinary.run(["export"])
        == ProcessOutput(
          status: 2, stdout: "",
          stderr: "vigil: error: missing expected argument '<session>'\nHelp:  <session>  The session file (.vigil).\n"
            + "Usage: vigil export <session> [--out <out>] [--suffix <suffix>] [--format <format>] [--yaml] [--plain] "
      + "[--aws-provider <aws-provider>] [--html] [--force]\n"
            + "  See 'vigil export --help' for more information.\n"))
  }

  @Test func anUnreadableLogFileIsOneErrorNotTwo() throws {
    #expect(
      try VigilBinary.run(["query", "stats count(*)", "/nonexistent/x.log"])
        == ProcessOutput(status: 2, stdout: "", stderr: "/nonexistent/x.log: error: No such file or directory\n"))
  }

  @Test func anUnreadableSessionUsesTheOneErrorStyle() throws {
    #expect(
      try VigilBinary.run(["check", "/nonexistent/x.vigil"])
        == ProcessOutput(status: 2, stdout: "", stderr: "vigil: error: cannot read session file /nonexistent/x.vigil: no such file\n"))
  }

  @Test func savingIntoAMissingFolderNamesTheFolder() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try VigilBinary.run([], in: directory, input: "stack p --suffix dev\nsave nofolder/x.vigil\n")
    let folder = directory.appendingPathComponent("nofolder").path
    #expect(run.status == 2)
    #expect(run.stdout == "defined stack p (suffix dev, region us-east-1)\n")
    #expect(
      run.stderr == """
        2:6: error: cannot write nofolder/x.vigil: the folder \(folder) does not exist
          save nofolder/x.vigil
               ^

        """)
  }

  @Test func aJUnitReportIntoAMissingFolderNamesTheFolder() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try "stack p --suffix dev\n".write(to: directory.appendingPathComponent("s.vigil"), atomically: true, encoding: .utf8)
    let report = directory.appendingPathComponent("missing/junit.xml").path
    let run = try VigilBinary.run(["test", "s.vigil", "--junit", report], in: directory)
    #expect(
      run == ProcessOutput(
        status: 2, stdout: "1 passed, 0 failed\n",
        stderr: "vigil: error: cannot write the JUnit report \(report): the folder \(directory.path)/missing does not exist\n"))
  }

  @Test func previewAlarmErrorsUseTheOneStyle() throws {
    #expect(
      try VigilBinary.run(["preview-alarm", "/nonexistent/alarms.json"])
        == ProcessOutput(status: 2, stdout: "", stderr: "vigil: error: cannot read /nonexistent/alarms.json: no such file\n"))
  }

  @Test func exportRefusesAnEarlierExportsStaleFilesUnlessForced() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("out").path
    let first = try VigilBinary.run(["export", "samples/payments.vigil", "--out", out, "--html"])
    #expect(first == ProcessOutput(status: 0, stdout: "wrote 20 files to \(out) (Terraform: \(out)/stacks/payments/cdk.tf.json)\n", stderr: ""))
    // The same export again writes the same files: nothing is stale.
    #expect(try VigilBinary.run(["export", "samples/payments.vigil", "--out", out, "--html"]) == first)
    // A user's own file in the folder is never the export's business.
    try "notes".write(toFile: out + "/NOTES.md", atomically: true, encoding: .utf8)
    let html = ["fraud-scorer", "ledger-writer", "notifier", "overview", "payment-api", "payment-authorizer"].map { "dashboards/\($0).html" }
    let refused = try VigilBinary.run(["export", "samples/payments.vigil", "--out", out])
    #expect(
      refused
        == ProcessOutput(
          status: 2, stdout: "",
          stderr: "vigil: error: \(out) holds 6 file(s) of an earlier export that this one would not write: "
            + html.joined(separator: ", ") + "; export into an empty folder, or add --force to remove them\n"))
    #expect(FileManager.default.fileExists(atPath: out + "/dashboards/overview.html"))
    let forced = try VigilBinary.run(["export", "samples/payments.vigil", "--out", out, "--force"])
    #expect(forced.status == 0)
    let lines = forced.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines[0] == "wrote 14 files to \(out) (Terraform: \(out)/stacks/payments/cdk.tf.json)")
    #expect(lines[1] == "removed 6 file(s) of the earlier export: " + html.joined(separator: ", "))
    #expect(lines[2].hasPrefix("replaced 14 file(s) of the earlier export: .checkov.yaml, dashboards/fraud-scorer.json"))
    #expect(!FileManager.default.fileExists(atPath: out + "/dashboards/overview.html"))
    #expect(FileManager.default.fileExists(atPath: out + "/NOTES.md"))
  }

  @Test func theShellAnswersCommandHelpAndShowsTheCommandLineForm() throws {
    let run = try VigilBinary.run([], input: "key --help\nhistory\nhelp query\n")
    #expect(run.status == 0)
    #expect(run.stderr == "")
    #expect(run.stdout.hasPrefix("key: "))
    #expect(run.stdout.contains("\nusage: key NAME"))
    // `key --help` ran nothing and was not recorded: `history` printed nothing before `help query`.
    #expect(run.stdout.contains("\nexample: key logs --rotation on\nquery: "))
    #expect(
      run.stdout.hasSuffix(
        """
        example: query payment-api | filter level = "ERROR" | stats count(*) as errors by bin(5m)

        from the command line (a different syntax; 'vigil query --help' for details):
          vigil query [<options>] <query> [<files> ...]

        """))
    // `vigil help query` shows both forms too.
    let cli = try VigilBinary.run(["help", "query"])
    #expect(cli.status == 0)
    #expect(cli.stdout == String(run.stdout[run.stdout.range(of: "query: ")!.lowerBound...]))
  }
}
