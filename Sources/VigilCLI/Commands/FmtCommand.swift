import ArgumentParser
import Foundation
import VigilSession

/// `vigil fmt SESSION [--check]`: rewrite a session file as the stack it results in (what `save --compact` writes).
struct FmtCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fmt",
    abstract: "Rewrite a session file as its resulting stack: one command per resource, no views, no superseded definitions.",
    discussion:
      "Keeps data loads and expect lines (after the stack) and the comments above each kept command; the file is "
      + "replaced atomically. --check changes nothing and exits 1 when the file would change.")

  @Argument(help: "The session file (.vigil).") var session: String
  @Flag(help: "Exit 1 when the file is not formatted, without writing it.") var check = false

  func run() throws {
    let text: String
    switch readSessionText(atPath: session, file: session) {
    case .success(let read): text = read
    case .failure(.unreadable(let reason)):
      printError("vigil: error: cannot read session file \(session): \(reason)")
      throw ExitCode.invalidInput
    case .failure(.notUTF8(let diagnostic)):
      printError(diagnostic.description)
      throw ExitCode.invalidInput
    }
    let formatted: String
    do {
      formatted = try SessionSource(text: text, file: session).formatted()
    } catch {
      printError("\(error)")
      throw ExitCode.invalidInput
    }
    if formatted == text {
      print("\(session): already formatted")
      return
    }
    if check {
      print("\(session): would be reformatted")
      throw ExitCode.checkFailed
    }
    do {
      try AtomicFile.write(formatted, to: URL(fileURLWithPath: session))
    } catch {
      printError("vigil: error: cannot write \(session): \(error)")
      throw ExitCode.invalidInput
    }
    print("\(session): reformatted")
  }
}
