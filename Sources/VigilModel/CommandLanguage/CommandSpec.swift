import VigilCore

/// What kind of value an argument takes, for validation messages and tab completion.
public enum ValueKind: Equatable, Sendable {
  case text
  case name
  case number
  case duration
  case file
  /// A name of an existing resource of this kind (completion offers the defined names).
  case resource(ResourceKind)
  case choice([String])
  /// Any defined resource name (for `show`).
  case anyResource
}

/// A positional argument of a command.
public struct PositionalSpec: Sendable {
  public var name: String
  public var kind: ValueKind
  public var help: String
  public var optional: Bool
  /// Takes every remaining positional word.
  public var variadic: Bool
  public init(_ name: String, _ kind: ValueKind = .name, help: String, optional: Bool = false, variadic: Bool = false) {
    self.name = name
    self.kind = kind
    self.help = help
    self.optional = optional
    self.variadic = variadic
  }
}

/// A `--option`: a flag (no value) or an option taking one value, possibly repeated.
public struct OptionSpec: Sendable {
  public var name: String
  /// nil for a flag.
  public var valueName: String?
  public var kind: ValueKind
  public var help: String
  public var repeatable: Bool
  public init(_ name: String, value valueName: String?, _ kind: ValueKind = .text, help: String, repeatable: Bool = false) {
    self.name = name
    self.valueName = valueName
    self.kind = kind
    self.help = help
    self.repeatable = repeatable
  }
  public static func flag(_ name: String, help: String) -> OptionSpec { OptionSpec(name, value: nil, help: help) }
}

/// The grammar of one command: drives parsing, `help COMMAND` and completion.
public struct CommandSpec: Sendable {
  /// The command word (`alarm`), or two words for grouped commands (`expect alarm`).
  public var name: String
  public var summary: String
  /// Literal keywords between positionals, e.g. `metric-filter NAME on SERVICE` has keyword "on" after the first.
  public var keywords: [Int: String]
  public var positionals: [PositionalSpec]
  public var options: [OptionSpec]
  public var example: String
  /// Whether accepting it changes the stack (kept in saved sessions and undoable).
  public var changesStack: Bool
  /// The usage line, when the positionals alone do not tell it (`load` takes a session, or files then
  /// `into SERVICE`).
  private var writtenUsage: String?

  public init(
    _ name: String, summary: String, positionals: [PositionalSpec] = [], keywords: [Int: String] = [:],
    options: [OptionSpec] = [], example: String, changesStack: Bool = true, usage: String? = nil
  ) {
    self.writtenUsage = usage
    self.name = name
    self.summary = summary
    self.positionals = positionals
    self.keywords = keywords
    self.options = options
    self.example = example
    self.changesStack = changesStack
  }

  /// `alarm NAME --metric NS/NAME [--stat STAT] ...`
  public var usage: String {
    if let writtenUsage { return writtenUsage }
    var parts = [name]
    for (index, p) in positionals.enumerated() {
      if let keyword = keywords[index] { parts.append(keyword) }
      var word = p.name.uppercased()
      if p.variadic { word += "..." }
      parts.append(p.optional ? "[\(word)]" : word)
    }
    if let keyword = keywords[positionals.count] { parts.append(keyword) }
    for option in options {
      var word = "--\(option.name)"
      if let v = option.valueName { word += " \(v)" }
      parts.append("[\(word)]")
    }
    return parts.joined(separator: " ")
  }

  public func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
}

/// A command line checked against its spec: positionals and options located, values not yet interpreted.
public struct ParsedCommand: Sendable {
  public var spec: CommandSpec
  public var line: CommandSource
  /// The word that named the command.
  public var head: Token
  public var positionals: [Token]
  public var options: [String: [Token]]
  /// Option words (for errors about an option itself), by name.
  public var optionWords: [String: Token]

  public func has(_ option: String) -> Bool { options[option] != nil }
  public func value(_ option: String) -> Token? { options[option]?.last }
  public func values(_ option: String) -> [Token] { options[option] ?? [] }
  public func positional(_ index: Int) -> Token? { index < positionals.count ? positionals[index] : nil }

  /// An error pointing just after the command (for a missing required option).
  public func missing(_ what: String) -> Diagnostic {
    let last = line.tokens.last ?? head
    return Diagnostic(
      "\(spec.name): missing \(what)",
      at: SourceLocation(
        file: last.location.file, line: last.location.line,
        column: last.location.column + last.text.unicodeScalars.count + (last.quoted ? 2 : 0) + 1),
      sourceLine: last.sourceLine, suggestion: "usage: \(spec.usage)")
  }
}

/// Matches a command line against a set of specs with exact positions and suggestions.
public struct CommandParser: Sendable {
  public var specs: [CommandSpec]

  public init(specs: [CommandSpec]) { self.specs = specs }

  /// Finds the spec for a line: two-word names first (`expect alarm`), then one-word names.
  public func spec(for tokens: [Token]) -> (CommandSpec, Int)? {
    if tokens.count >= 2, let spec = specs.first(where: { $0.name == "\(tokens[0].text) \(tokens[1].text)" }) {
      return (spec, 2)
    }
    if let first = tokens.first, let spec = specs.first(where: { $0.name == first.text }) { return (spec, 1) }
    return nil
  }

  public func parse(_ line: CommandSource) throws(Diagnostic) -> ParsedCommand {
    guard let head = line.tokens.first else { throw Diagnostic("empty command", at: line.location, sourceLine: "") }
    guard let (spec, used) = spec(for: line.tokens) else {
      let groups = Set(specs.compactMap { $0.name.split(separator: " ").count == 2 ? String($0.name.split(separator: " ")[0]) : nil })
      if groups.contains(head.text) {
        let subs = specs.filter { $0.name.hasPrefix(head.text + " ") }.map { String($0.name.dropFirst(head.text.count + 1)) }
        if line.tokens.count < 2 {
          throw head.error("\(head.text) needs one of: \(subs.joined(separator: ", "))")
        }
        let word = line.tokens[1]
        throw word.error(
          "unknown \(head.text) command '\(word.text)'",
          suggestion: closestMatch(to: word.text, in: subs).map { "did you mean '\(head.text) \($0)'?" })
      }
      let names = Set(specs.map { String($0.name.split(separator: " ")[0]) })
      throw head.error(
        "unknown command '\(head.text)'",
        suggestion: closestMatch(to: head.text, in: names).map { "did you mean '\($0)'?" } ?? "type 'help' for the list of commands")
    }
    var positionals: [Token] = []
    var options: [String: [Token]] = [:]
    var optionWords: [String: Token] = [:]
    var index = used
    let words = line.tokens
    while index < words.count {
      let word = words[index]
      if !word.quoted && word.text.hasPrefix("--") && word.text.count > 2 {
        var name = String(word.text.dropFirst(2))
        var inlineValue: String?
        if let eq = name.firstIndex(of: "=") {
          inlineValue = String(name[name.index(after: eq)...])
          name = String(name[..<eq])
        }
        guard let option = spec.option(named: name) else {
          let suggestion = closestMatch(to: name, in: spec.options.map(\.name)).map { "did you mean --\($0)?" }
          throw word.error("unknown option --\(name) for '\(spec.name)'", suggestion: suggestion ?? "usage: \(spec.usage)")
        }
        if options[name] != nil && !option.repeatable {
          throw word.error("option --\(name) given twice")
        }
        optionWords[name] = word
        if option.valueName == nil {
          if inlineValue != nil { throw word.error("option --\(name) takes no value") }
          options[name, default: []].append(word)
          index += 1
          continue
        }
        if let inlineValue {
          var valueToken = word
          valueToken.text = inlineValue
          valueToken.location.column += name.count + 3
          options[name, default: []].append(valueToken)
          index += 1
          continue
        }
        guard index + 1 < words.count, words[index + 1].quoted || !words[index + 1].text.hasPrefix("--") else {
          throw word.error("option --\(name) needs a value (\(option.valueName!))")
        }
        options[name, default: []].append(words[index + 1])
        index += 2
        continue
      }
      positionals.append(word)
      index += 1
    }
    // Keywords (`on`, `into`) sit between positionals; check and remove them.
    var values: [Token] = []
    var cursor = 0
    for (position, p) in spec.positionals.enumerated() {
      if let keyword = spec.keywords[position] {
        guard cursor < positionals.count else { break }
        guard positionals[cursor].text == keyword else {
          throw positionals[cursor].error("expected '\(keyword)' here", suggestion: "usage: \(spec.usage)")
        }
        cursor += 1
      }
      if p.variadic {
        values.append(contentsOf: positionals[cursor...])
        cursor = positionals.count
        break
      }
      guard cursor < positionals.count else { break }
      values.append(positionals[cursor])
      cursor += 1
    }
    if cursor < positionals.count {
      throw positionals[cursor].error("unexpected argument '\(positionals[cursor].text)'", suggestion: "usage: \(spec.usage)")
    }
    let required = spec.positionals.filter { !$0.optional }.count
    if values.count < required {
      let missing = spec.positionals[values.count]
      let parsed = ParsedCommand(spec: spec, line: line, head: head, positionals: values, options: options, optionWords: optionWords)
      throw parsed.missing(missing.name.uppercased())
    }
    return ParsedCommand(spec: spec, line: line, head: head, positionals: values, options: options, optionWords: optionWords)
  }
}
