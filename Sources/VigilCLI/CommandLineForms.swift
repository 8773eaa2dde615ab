import ArgumentParser

extension VigilCommand {
  /// Each registered subcommand's usage line by name (`query` → `vigil query <query> [<files> ...] …`), for the
  /// shell's `help` to show beside a shell command of the same name. New subcommands join by being registered.
  static var commandLineForms: [String: String] {
    Dictionary(
      configuration.subcommands.map { subcommand in
        let usage = usageString(for: subcommand).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return (subcommand._commandName, usage.joined(separator: " "))
      }, uniquingKeysWith: { first, _ in first })
  }
}
