import ArgumentParser
import Foundation
import VigilSession

/// `vigil`: the root command. Each subcommand lives in its own file under `Commands/`.
public struct VigilCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "vigil",
    abstract: "Build, preview and export a CloudWatch observability stack.",
    discussion: """
      Exit codes: 0 success, 1 a check or expectation failed, 2 invalid input.
      """,
    version: VigilVersion.string,
    subcommands: [
      // Subcommands are registered here, one line each.
      ShellCommand.self,
      RunCommand.self,
      ExportCommand.self,
      TestPatternCommand.self,
      MetricsCommand.self,
      PreviewAlarmCommand.self,
      TestCommand.self,
      CheckCommand.self,
      QueryCommand.self,
      GraphCommand.self,
      DiffCommand.self,
      FmtCommand.self,
      ImportCommand.self,
      PullCommand.self,
      BacktestCommand.self,
    ],
    defaultSubcommand: ShellCommand.self
  )

  public init() {}

  /// Runs the command line. Usage errors exit 2 like every other invalid input, not ArgumentParser's 64.
  public static func runMain() -> Never {
    // `vigil help tune`: commands of the shell and session files are documented by the shell's own help.
    let arguments = Array(CommandLine.arguments.dropFirst())
    // `vigil expot`, `vigil help nosuch`: refused here, before `expot` is read as the shell's session file.
    if let status = CommandLineErrors.refusal(of: arguments) { Foundation.exit(status) }
    // A shell command's help also shows a subcommand of the same name (`vigil help query`: both forms).
    if arguments.count >= 2, arguments[0] == "help",
      Interpreter.allSpecs.contains(where: { $0.name == arguments.dropFirst().joined(separator: " ") })
    {
      let interpreter = Interpreter()
      interpreter.commandLineForms = commandLineForms
      let outcome = interpreter.execute("help " + arguments.dropFirst().joined(separator: " "))[0]
      print(outcome.output)
      Foundation.exit(0)
    }
    do {
      var command = try parseAsRoot()
      try command.run()
      Foundation.exit(0)
    } catch {
      let code = exitCode(for: error)
      // Help, version and the subcommands' own exit codes (their message is already printed) go as they are.
      if code == .success || error is ExitCode { exit(withError: error) }
      printError(CommandLineErrors.usageMessage(fullMessage(for: error), arguments: arguments))
      Foundation.exit(code.rawValue == 64 ? ExitCode.invalidInput.rawValue : code.rawValue)
    }
  }
}
