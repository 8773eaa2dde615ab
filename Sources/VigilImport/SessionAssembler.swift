import Foundation
import VigilCore
import VigilModel

/// Builds the imported session line by line. Every command is replayed through the command parser and the
/// `StackBuilder` as it is added, so the session that comes out replays through the normal interpreter; a command
/// the model refuses is not written, and its resource is reported as skipped with the model's message.
public struct SessionAssembler {
  /// The session text, line by line (comments included).
  public private(set) var lines: [String] = []
  public var report = ImportReport()
  /// The commands alone, each with the source position it came from (to replay them at those positions).
  public private(set) var commands: [ImportedCommand] = []
  /// The stack the lines so far define.
  public var stack: Stack { builder.stack }
  private var builder = StackBuilder()
  private let parser = CommandParser(specs: StackCommands.specs)

  /// Session names taken, by kind (`alarm` and `composite` share one list, as they share the alarm namespace).
  private var taken: [String: Set<String>] = [:]

  public init() {}

  /// `base`, or `base-2`, `base-3`, … when a resource of the same kind already has the name.
  public mutating func uniqueName(_ base: String, kind: String) -> String {
    var name = base
    var n = 2
    while taken[kind, default: []].contains(name) {
      let tail = "-\(n)"
      name = String(base.prefix(40 - tail.count)) + tail
      n += 1
    }
    taken[kind, default: []].insert(name)
    return name
  }

  /// The session line of the command that defines `resource` (`service notifier`, `stack`), nil when none does.
  public func line(defining resource: SessionResource) -> Int? {
    let head = resource.description
    return commands.first { $0.text == head || $0.text.hasPrefix(head + " ") }?.sessionLine
  }

  /// The session as text.
  public var text: String { lines.joined(separator: "\n") + "\n" }

  /// Adds a comment line (`# …`).
  public mutating func comment(_ text: String) {
    lines.append(text.isEmpty ? "#" : "# " + text.replacingOccurrences(of: "\n", with: " "))
  }

  /// Adds `command` (words already quoted with ``word(_:)``) after a comment naming its source position; returns the
  /// session line of the command, or the model's diagnostic when it refuses it (nothing is written then).
  public mutating func add(_ command: String, source: SourceLocation, label: String) -> Result<Int, Diagnostic> {
    let lineNumber = lines.count + 2
    if command.contains("\n") || command.contains("\r") {
      return .failure(Diagnostic("a value holds a line break, which one session line cannot", at: source, sourceLine: ""))
    }
    let results = CommandLexer.split(command, firstLine: lineNumber)
    guard results.count == 1, case .success(let line) = results[0] else {
      if let first = results.first, case .failure(let error) = first { return .failure(error) }
      return .failure(Diagnostic("internal: the importer wrote \(results.count) commands on one line", at: source, sourceLine: command))
    }
    do throws(Diagnostic) {
      let parsed = try parser.parse(line)
      _ = try builder.apply(parsed)
    } catch {
      return .failure(error)
    }
    lines.append("# \(source.description) \(label)")
    lines.append(command)
    commands.append(ImportedCommand(text: command, source: source, sessionLine: lines.count))
    return .success(lines.count)
  }

  /// A word of a command line, quoted when the lexer needs it (spaces, quotes, `#`, `\`).
  public static func word(_ text: String) -> String {
    let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { !($0 == " " || $0 == "\t" || $0 == "'" || $0 == "\"" || $0 == "\\" || $0 == "#") }
    if plain { return text }
    if !text.contains("'") { return "'\(text)'" }
    return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}

/// One command of an imported session and where its source defines the resource.
public struct ImportedCommand: Equatable, Sendable {
  public var text: String
  public var source: SourceLocation
  /// Its line in the session text.
  public var sessionLine: Int
}
