import ArgumentParser
import Foundation
import VigilCore
import VigilSession

/// The one style of the command line's own errors: `vigil: error: MESSAGE`, then an optional `did you mean` line;
/// errors about a place in a file use `file:line:col: error: …` (`Diagnostic`). Exit codes: 2 for every invalid input.
enum CommandLineErrors {
  /// Prints `vigil: error: MESSAGE` (and `did you mean 'X'?` when there is a suggestion) on standard error.
  static func report(_ message: String, suggestion: String? = nil) {
    printError("vigil: error: \(message)" + (suggestion.map { "\ndid you mean '\($0)'?" } ?? ""))
  }

  /// The names of the registered subcommands (new subcommands join by being registered), and `help`.
  static var subcommandNames: [String] {
    VigilCommand.configuration.subcommands.map { $0._commandName } + ["help"]
  }

  /// Checks the words before ArgumentParser reads them; returns the exit status when they are refused.
  /// - `vigil WORD` where WORD is no subcommand, no existing path and does not look like one (no `/` or `.`):
  ///   an unknown command, not a session file for the default `shell` subcommand.
  /// - `vigil help WORD...` naming neither a subcommand nor a shell command.
  static func refusal(of arguments: [String], fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) })
    -> Int32?
  {
    guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
    let subcommands = subcommandNames
    if first == "help", arguments.count >= 2 {
      let name = arguments.dropFirst().joined(separator: " ")
      if subcommands.contains(arguments[1]) || Interpreter.allSpecs.contains(where: { $0.name == name }) { return nil }
      let shellCommands = Interpreter.allSpecs.map(\.name)
      report("no command '\(name)'", suggestion: closestMatch(to: name, in: subcommands + shellCommands))
      return ExitCode.invalidInput.rawValue
    }
    if subcommands.contains(first) || fileExists(first) || first.contains("/") || first.contains(".") { return nil }
    report("unknown command '\(first)'", suggestion: closestMatch(to: first, in: subcommands))
    if closestMatch(to: first, in: subcommands) == nil { printError("see 'vigil --help' for the commands") }
    return ExitCode.invalidInput.rawValue
  }

  /// ArgumentParser's message for a usage error in the one style: `Error: Unknown option '--output'` becomes
  /// `vigil: error: unknown option '--output'` then `did you mean '--out'?`. An unknown option is named even when
  /// ArgumentParser first complains of the required option it stands for (`--output x` for `--out x`).
  static func usageMessage(_ full: String, arguments: [String]) -> String {
    var lines = full.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard !lines.isEmpty else { return full }
    var first = lines[0]
    if first.hasPrefix("Error: ") { first.removeFirst("Error: ".count) }
    if let initial = first.first { first = initial.lowercased() + first.dropFirst() }
    var suggestion: String?
    if let range = first.range(of: ". Did you mean '") {
      suggestion = first[range.upperBound...].split(separator: "'").first.map(String.init)
      first = String(first[..<range.lowerBound])
    }
    let options = knownOptions(arguments: arguments)
    if !first.hasPrefix("unknown option"),
      let unknown = arguments.prefix(while: { $0 != "--" }).first(where: { word in
        word.hasPrefix("--") && !options.contains(String(word.split(separator: "=", maxSplits: 1)[0]))
      })
    {
      first = "unknown option '\(unknown)'"
      suggestion = nil
      // The usage lines stay; the help line about the missing option does not.
      lines = [lines[0]] + lines.drop(while: { !$0.hasPrefix("Usage:") })
    }
    if suggestion == nil, let option = unknownOption(in: first) { suggestion = closestOption(to: option, among: options) }
    lines[0] = "vigil: error: " + first
    if let suggestion { lines.insert("did you mean '\(suggestion)'?", at: 1) }
    return lines.joined(separator: "\n")
  }

  /// `--output` from `unknown option '--output'`.
  static func unknownOption(in message: String) -> String? {
    guard message.hasPrefix("unknown option '"), let end = message.dropFirst(16).firstIndex(of: "'") else { return nil }
    return String(message[message.index(message.startIndex, offsetBy: 16)..<end])
  }

  /// The options of the subcommand the arguments run (the shell when they name none), from its help text.
  static func knownOptions(arguments: [String]) -> [String] {
    let command = VigilCommand.configuration.subcommands.first { $0._commandName == arguments.first } ?? ShellCommand.self
    let help = VigilCommand.helpMessage(for: command, columns: 10_000)
    var options = ["--help", "--version", "--generate-completion-script", "--experimental-dump-help"]
    for word in help.split(whereSeparator: { " ,[]<>|=\n".contains($0) }) where word.hasPrefix("--") && word.count > 2 {
      let name = String(word.prefix { $0.isLetter || $0.isNumber || $0 == "-" })
      if !options.contains(name) { options.append(name) }
    }
    return options
  }

  /// The option closest to `option`: a prefix either way (`--output` → `--out`), else a small edit.
  static func closestOption(to option: String, among options: [String]) -> String? {
    let bare = option.split(separator: "=").first.map(String.init) ?? option
    let prefixed = options.filter { bare.hasPrefix($0) || $0.hasPrefix(bare) }
    if let best = prefixed.min(by: { editDistance(bare, $0) < editDistance(bare, $1) }) { return best }
    return closestMatch(to: bare, in: options)
  }
}
