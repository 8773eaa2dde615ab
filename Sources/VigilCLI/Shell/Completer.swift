import Foundation
import VigilSession
import VigilModel

/// Tab completion: command names, the current command's options, defined resource names and file paths.
/// Pure function of the line so it can be tested without a terminal.
public struct Completer: Sendable {
  public var specs: [CommandSpec]
  /// Defined names by kind, snapshot of the stack when the prompt was shown.
  public var names: [ResourceKind: [String]]
  public var currentDirectory: String
  /// Words completed inside a query (after `|`): Insights commands, functions, system and discovered fields.
  public var queryWords: [String] = []
  /// Metric names `NAMESPACE/NAME` for `--metric NS/NAME` (the stack's metric filters and the loaded data).
  public var metricNames: [String] = []

  public init(specs: [CommandSpec], stack: Stack, currentDirectory: String = FileManager.default.currentDirectoryPath) {
    self.specs = specs
    var names: [ResourceKind: [String]] = [:]
    for kind in ResourceKind.allCases { names[kind] = stack.names(of: kind) }
    self.names = names
    self.currentDirectory = currentDirectory
  }

  /// Candidates for the word being typed at the end of `line` (the text before the cursor).
  public func candidates(forLine line: String) -> [String] {
    if line.hasPrefix("query "), line.contains("|") {
      let current = String(line.reversed().prefix { !" |(,\t".contains($0) }.reversed())
      return queryWords.filter { $0.hasPrefix(current) && $0 != current }.sorted()
    }
    let endsWithSpace = line.last == " "
    var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    let current = endsWithSpace ? "" : (words.popLast() ?? "")
    if words.isEmpty {
      let heads = Set(specs.map { String($0.name.split(separator: " ")[0]) })
      return heads.filter { $0.hasPrefix(current) }.sorted()
    }
    let spec = specs.first { $0.name == "\(words[0]) \(words.count > 1 ? words[1] : "")" } ?? specs.first { $0.name == words[0] }
    if spec == nil {
      // Second word of a grouped command (`expect alarm`).
      let subs = specs.filter { $0.name.hasPrefix(words[0] + " ") }.map { String($0.name.dropFirst(words[0].count + 1)) }
      return words.count == 1 ? subs.filter { $0.hasPrefix(current) }.sorted() : []
    }
    guard let spec else { return [] }
    if current.hasPrefix("-") {
      return spec.options.map { "--" + $0.name }.filter { $0.hasPrefix(current) }
    }
    // The value of an option?
    if let previous = words.last, previous.hasPrefix("--"), let option = spec.option(named: String(previous.dropFirst(2))),
      option.valueName != nil
    {
      if option.kind == .text, let known = OptionValueWords.values(forValueName: option.valueName ?? "", metrics: metricNames) {
        return known.filter { $0.hasPrefix(current) }
      }
      return values(for: option.kind, prefix: current)
    }
    // A positional: count the positionals typed so far (skipping options and their values and keywords).
    var index = 0
    var i = spec.name.split(separator: " ").count
    while i < words.count {
      let word = words[i]
      if word.hasPrefix("--"), let option = spec.option(named: String(word.dropFirst(2))) {
        i += option.valueName == nil ? 1 : 2
        continue
      }
      if spec.keywords.values.contains(word) {
        i += 1
        continue
      }
      index += 1
      i += 1
    }
    if let keyword = spec.keywords[index], !words.contains(keyword), index > 0 {
      return keyword.hasPrefix(current) ? [keyword] : []
    }
    if index < spec.positionals.count {
      return values(for: spec.positionals[index].kind, prefix: current)
    }
    if let last = spec.positionals.last, last.variadic { return values(for: last.kind, prefix: current) }
    return spec.options.map { "--" + $0.name }.filter { $0.hasPrefix(current) }
  }

  func values(for kind: ValueKind, prefix: String) -> [String] {
    switch kind {
    case .resource(let resource): return (names[resource] ?? []).filter { $0.hasPrefix(prefix) }
    case .choice(let choices):
      if choices.isEmpty { return Set(specs.map { String($0.name.split(separator: " ")[0]) }).filter { $0.hasPrefix(prefix) }.sorted() }
      return choices.filter { $0.hasPrefix(prefix) }
    case .anyResource: return Set(names.values.flatMap { $0 }).filter { $0.hasPrefix(prefix) }.sorted()
    case .file: return files(prefix)
    default: return []
    }
  }

  func files(_ prefix: String) -> [String] {
    let slash = prefix.lastIndex(of: "/")
    let directoryPart = slash.map { String(prefix[...$0]) } ?? ""
    let namePart = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
    let directory = directoryPart.hasPrefix("/") ? directoryPart : currentDirectory + "/" + directoryPart
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
    return entries.filter { $0.hasPrefix(namePart) && (!$0.hasPrefix(".") || namePart.hasPrefix(".")) }.sorted().map { entry in
      var isDirectory: ObjCBool = false
      FileManager.default.fileExists(atPath: directory + entry, isDirectory: &isDirectory)
      return directoryPart + entry + (isDirectory.boolValue ? "/" : "")
    }
  }
}
