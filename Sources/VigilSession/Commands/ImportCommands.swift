import VigilCore
import VigilImport
import VigilModel

/// `import FILE…`: a stack written in another format (a CloudFormation template) added to the current session as
/// the same commands `vigil import` prints; each is recorded as if typed.
enum ImportCommands {
  static let commands: [SessionCommand] = [
    SessionCommand(
      .unrecorded,
      CommandSpec(
        "import", summary: "Add a CloudFormation template's resources to this session (the commands vigil import prints).",
        positionals: [PositionalSpec("files", .file, help: "template files (YAML or JSON), Terraform JSON or describe-alarms output", variadic: true)],
        options: [
          OptionSpec("format", value: "FORMAT", .choice(ImportFormat.allCases.map(\.rawValue)), help: "cloudformation, terraform or describe-alarms (detected when not given)"),
          OptionSpec("parameter", value: "NAME=VALUE", help: "a template parameter or AWS::Region, AWS::AccountId, …", repeatable: true),
        ],
        example: "import samples/ecommerce/ecommerce-platform.yaml --parameter Environment=dev", changesStack: false)
    ) { interpreter, command throws(Diagnostic) in try interpreter.importTemplates(command) }
  ]
}

extension Interpreter {
  /// `import FILE… [--format F] [--parameter K=V]…`.
  func importTemplates(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    guard !c.positionals.isEmpty else { throw c.missing("FILE") }
    var format: ImportFormat?
    if let token = c.value("format") {
      format = ImportFormat(rawValue: try token.choice("--format", ImportFormat.allCases.map(\.rawValue)))
    }
    var parameters: [(String, String)] = []
    for token in c.values("parameter") {
      guard let eq = token.text.firstIndex(of: "="), eq != token.text.startIndex else {
        throw token.error("--parameter must be NAME=VALUE, got '\(token.text)'")
      }
      parameters.append((String(token.text[..<eq]), String(token.text[token.text.index(after: eq)...])))
    }
    let imported: StackImport
    do throws(TemplateImportError) {
      imported = try TemplateImport.read(c.positionals.map(\.text), base: baseDirectory, format: format, parameters: parameters)
    } catch {
      switch error {
      case .invalid(let diagnostic): throw diagnostic
      default: throw c.positionals[0].error(error.description)
      }
    }
    let outcomes = TemplateImport.replay(imported, into: self, skipStack: stack.environment != nil)
    if let failure = outcomes.first(where: { $0.status == .invalid }) {
      return CommandOutcome(.invalid, "import stopped: \(failure.output)")
    }
    return CommandOutcome(.ok, "imported \(outcomes.count) commands\n" + imported.report.text.dropLast())
  }
}
