import ArgumentParser

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
    ],
    defaultSubcommand: ShellCommand.self
  )

  public init() {}
}
