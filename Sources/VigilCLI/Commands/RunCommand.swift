import ArgumentParser
import Foundation
import VigilSession

/// `vigil run SESSION`: replay a session file (CI).
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Replay a session file or notebook: exit 0 on success, 1 when an expectation fails, 2 when it is invalid.",
    discussion:
      "A notebook (.md) runs every cell in order without comparing outputs and prints each command and its output. "
      + "A session's wiring mistakes (a metric nothing publishes, a dimension set no publisher uses, a topic without "
      + "subscription, VIGIL-MET/MFL/SNS-006) are printed on stderr; --strict makes them exit 1.")

  @Argument(help: "The session file (.vigil) or notebook (.md).") var session: String
  @Flag(name: .shortAndLong, help: "Print each command's output.") var verbose = false
  @Flag(name: .long, help: "Exit 1 when the session has a wiring finding (a metric nothing publishes, ...).") var strict = false

  func run() throws {
    if NotebookDocument.isNotebook(session) {
      let status = NotebookReplay.run(
        session, emit: { FileHandle.standardOutput.write(Data($0.utf8)) }, problem: { printError($0.description) })
      if status != 0 { throw ExitCode(status) }
      return
    }
    let (interpreter, outcomes) = try SessionLoading.replay(session)
    if verbose { for outcome in outcomes where !outcome.output.isEmpty { printOutput(outcome.output) } }
    let wiring = ((try? interpreter.sessionFindings()) ?? []).filter { Interpreter.wiringRules.contains($0.rule.id) }
    for finding in wiring {
      printError("\(finding.location?.description ?? session): \(finding.rule.id): \(finding.message)")
    }
    let failed = outcomes.filter { $0.status == .expectationFailed }
    for failure in failed { printError(failure.output) }
    if !failed.isEmpty {
      printOutput(TerminalOutput.paint("\(session): \(failed.count) expectation(s) failed", .red, descriptor: STDOUT_FILENO))
      throw ExitCode.checkFailed
    }
    if strict && !wiring.isEmpty {
      print("\(session): \(wiring.count) wiring finding(s) (--strict)")
      throw ExitCode.checkFailed
    }
    printOutput(
      TerminalOutput.paint("\(session): \(outcomes.count) command(s) replayed, all expectations held", .green, descriptor: STDOUT_FILENO))
  }
}
