import ArgumentParser
import Foundation
import VigilSession

/// `vigil diff OLD NEW`: what a change to a session does to the stack and, over data, to the alarms (for review).
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare two sessions: the stack changes like a plan, and how alarms and notifications behave over data.",
    discussion:
      "Both sessions are replayed; --data FILE (PutMetricData JSON) is loaded into both, beside any data the sessions "
      + "load themselves. Behaviour: per alarm and composite, transitions, minutes in ALARM, notifications, time to "
      + "first ALARM in each marked incident; notifications per topic. Exit 1 with --fail-on-more-pages when the new "
      + "stack sends more notifications.")

  @Argument(help: "The session before the change.") var old: String
  @Argument(help: "The session after the change.") var new: String
  @Option(name: .long, parsing: .upToNextOption, help: "PutMetricData JSON files to replay both stacks over.") var data: [String] = []
  @Option(name: .long, help: "text, json or markdown (for a pull-request comment).") var format: String = "text"
  @Flag(name: .customLong("fail-on-more-pages"), help: "Exit 1 when the new stack sends more notifications.")
  var failOnMorePages = false

  func run() throws {
    guard let format = SessionDiff.Format(rawValue: format) else {
      printError("vigil: error: unknown format '\(format)'; use text, json or markdown")
      throw ExitCode.invalidInput
    }
    let (before, _) = try SessionLoading.replay(old)
    let (after, _) = try SessionLoading.replay(new)
    let diff: SessionDiff
    do {
      // Typed paths resolve against the current directory (the sessions resolve theirs against their own folders).
      let cwd = FileManager.default.currentDirectoryPath
      diff = try SessionDiff(old: before, new: after, data: data.map { $0.hasPrefix("/") ? $0 : cwd + "/" + $0 })
    } catch {
      printError(error.description)
      throw ExitCode.invalidInput
    }
    print(diff.render(format), terminator: "")
    if failOnMorePages && diff.notificationsAfter > diff.notificationsBefore {
      printError("vigil: the new stack sends more notifications (\(diff.notificationsBefore) → \(diff.notificationsAfter))")
      throw ExitCode.checkFailed
    }
  }
}
