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
    if arguments.count >= 2, arguments[0] == "help",
      !configuration.subcommands.contains(where: { $0.configuration.commandName == arguments[1] }),
      Interpreter.allSpecs.contains(where: { $0.name == arguments.dropFirst().joined(separator: " ") })
    {
      let outcome = Interpreter().execute("help " + arguments.dropFirst().joined(separator: " "))[0]
      print(outcome.output)
      Foundation.exit(0)
    }
    do {
      var command = try parseAsRoot()
      try command.run()
      Foundation.exit(0)
    } catch {
      let code = exitCode(for: error)
      if code.rawValue == 64 {
        printError(fullMessage(for: error))
        Foundation.exit(ExitCode.invalidInput.rawValue)
      }
      exit(withError: error)
    }
  }
}
