import VigilCore
import VigilModel

/// `help` and `help COMMAND`.
enum HelpText {
  /// The command list grouped by how the registry records each command (stack definitions first), or one command's usage.
  static func render(_ words: [Token], commands: [SessionCommand], commandLineForms: [String: String] = [:]) throws(Diagnostic)
    -> String
  {
    let specs = commands.map(\.spec)
    if words.isEmpty {
      let width = specs.map(\.name.count).max() ?? 10
      var lines = ["Commands (one per line; # comments; \\ continues a line; 'help COMMAND' for details):", ""]
      lines.append("Stack:")
      for command in commands where command.recording == .stack {
        lines.append("  " + command.spec.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + command.spec.summary)
      }
      lines.append("")
      lines.append("Session and data:")
      for command in commands where command.recording != .stack {
        lines.append("  " + command.spec.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + command.spec.summary)
      }
      // The subcommands (`vigil diff`, `vigil fmt`, ...), which have no shell form; each registered one joins.
      if !commandLineForms.isEmpty {
        lines.append("")
        lines.append("From the command line ('vigil SUBCOMMAND --help' for details):")
        lines.append("  vigil " + commandLineForms.keys.sorted().joined(separator: ", "))
      }
      return lines.joined(separator: "\n")
    }
    let name = words.map(\.text).joined(separator: " ")
    guard let spec = specs.first(where: { $0.name == name }) else {
      let suggestion = closestMatch(to: name, in: specs.map(\.name)).map { "did you mean '\($0)'?" }
      throw words[0].error("no command '\(name)'", suggestion: suggestion)
    }
    return usage(of: spec, commandLineForms: commandLineForms)
  }

  /// One command's help: summary, usage, arguments, options, example and, when a `vigil` subcommand has the same
  /// name (`query`, `test-pattern`, `preview alarm` as `preview-alarm`), that subcommand's usage, whose syntax differs.
  static func usage(of spec: CommandSpec, commandLineForms: [String: String] = [:]) -> String {
    var lines = ["\(spec.name): \(spec.summary)", "", "usage: \(spec.usage)"]
    let optionWords = spec.options.map { "--\($0.name)" + ($0.valueName.map { " \($0)" } ?? "") }
    let column = max(24, (optionWords + spec.positionals.map(\.name)).map(\.count).max() ?? 0) + 2
    if !spec.positionals.isEmpty {
      lines.append("")
      for p in spec.positionals { lines.append("  \(p.name.uppercased().padding(toLength: column, withPad: " ", startingAt: 0))\(p.help)") }
    }
    if !spec.options.isEmpty {
      lines.append("")
      for (o, word) in zip(spec.options, optionWords) {
        lines.append("  \(word.padding(toLength: column, withPad: " ", startingAt: 0))\(o.help)\(o.repeatable ? " (repeatable)" : "")")
      }
    }
    lines.append("")
    lines.append("example: \(spec.example)")
    let subcommand = spec.name.replacingOccurrences(of: " ", with: "-")
    if let form = commandLineForms[subcommand] {
      lines.append("")
      lines.append("from the command line (a different syntax; 'vigil \(subcommand) --help' for details):")
      lines.append("  \(form)")
    }
    return lines.joined(separator: "\n")
  }
}
