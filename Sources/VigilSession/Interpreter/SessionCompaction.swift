import Foundation
import VigilCore
import VigilModel

/// `save --compact` and `vigil fmt`: a session reduced to the stack it results in — the command that last defined
/// each resource still in the stack, each where the resource was first introduced, then the data loads and
/// `expect`s in their order — without views (`preview`, `tune`, `test-pattern`, ...), superseded definitions or
/// `remove`s.
///
/// Which command defines what is read from `Stack.origins` (every kind records where it was last defined), so a kind
/// added later joins without a change here. The result is checked: its stack must equal the session's, else the
/// session is not compacted.
public enum SessionCompaction {
  /// Why a session could not be compacted.
  public struct Failure: Error, Equatable, CustomStringConvertible {
    public var description: String
  }

  /// The compacted entries, or why the session cannot be compacted.
  public static func compact(_ entries: [SessionEntry], registry: CommandRegistry = .standard) throws(Failure) -> [SessionEntry] {
    // 1. Replay what defines the stack, each entry at its own line of a private file, to see what it defined.
    let marker = "\u{1}compact"
    let probe = Interpreter()
    var definers: [Int] = []  // entry positions replayed into the probe
    var introduced: [String: Int] = [:]  // origin key → position of the entry that first defined it
    var keysOf: [Int: [String]] = [:]
    for (position, entry) in entries.enumerated() where definesStack(entry, registry) {
      let before = probe.stack.origins
      probe.baseDirectory = entry.directory ?? probe.baseDirectory
      let outcomes = probe.execute(entry.text, file: marker, firstLine: position + 1)
      if let failure = outcomes.first(where: { $0.status == .invalid }) {
        throw Failure(description: "cannot compact: replaying the stack, a command fails:\n\(failure.output)")
      }
      definers.append(position)
      for (key, location) in probe.stack.origins where location.file == marker && location.line == position + 1 && before[key] != location {
        keysOf[position, default: []].append(key)
        if introduced[key] == nil { introduced[key] = position }
      }
    }
    // 2. Keep the entries still named by an origin (the last definitions) and every `load SESSION`.
    let live = Set(probe.stack.origins.values.filter { $0.file == marker }.map { $0.line - 1 })
    let kept = definers.filter { live.contains($0) || isSessionLoad(entries[$0]) }
    let wanted = comparable(probe.stack)
    // 3. Each where its resource was introduced; if that order does not rebuild the same stack, the original order.
    let introducedOrder = kept.sorted { a, b in
      let ia = keysOf[a]?.compactMap { introduced[$0] }.min() ?? a
      let ib = keysOf[b]?.compactMap { introduced[$0] }.min() ?? b
      return (ia, a) < (ib, b)
    }
    // A `rename` is not kept: the definitions before it are written under the new names.
    let renamed = renamedEntries(entries, registry)
    var chosen: [Int]?
    for order in [introducedOrder, kept] where chosen == nil {
      if let rebuilt = replay(order.map { renamed[$0] }), comparable(rebuilt) == wanted { chosen = order }
    }
    // A rename of a resource whose definition cannot be rewritten (inside a `load`ed session file) stays a command.
    var result = renamed
    if chosen == nil {
      let order = (kept + definers.filter { isRename(entries[$0]) }).sorted()
      if let rebuilt = replay(order.map { entries[$0] }), comparable(rebuilt) == wanted {
        chosen = order
        result = entries
      }
    }
    guard let chosen else {
      throw Failure(description: "cannot compact: the kept definitions do not rebuild the same stack; save without --compact")
    }
    let data = entries.indices.filter { registry.recording(ofLine: entries[$0].text) == .data && !isSessionLoad(entries[$0]) }
    return chosen.map { result[$0] } + data.map { result[$0] }
  }

  /// The entries with each `rename [KIND] OLD NEW` applied to the text of the entries before it: every word equal
  /// to OLD — standing alone, in quotes, in a rule's parentheses or a `NAME=VALUE` — becomes NEW. A word that named
  /// another resource of the same name would change that one too; the replay check then refuses the compaction.
  static func renamedEntries(_ entries: [SessionEntry], _ registry: CommandRegistry) -> [SessionEntry] {
    var result = entries
    for (position, entry) in entries.enumerated() where isRename(entry) {
      let words = entry.text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      guard let new = words.last else { continue }
      let old = words[words.count - 2]
      for earlier in 0..<position { result[earlier].text = replacingWord(old, with: new, in: result[earlier].text) }
    }
    return result
  }

  /// `rename [KIND] OLD NEW`.
  static func isRename(_ entry: SessionEntry) -> Bool {
    let words = entry.text.split(whereSeparator: { $0 == " " || $0 == "\t" })
    return words.first == "rename" && (words.count == 3 || words.count == 4)
  }

  /// `text` with each occurrence of `word` that stands as a name replaced: outside quotes, a whole word (or the value
  /// of `NAME=VALUE`, or an item of a comma list); inside quotes, the whole quoted text, a rule's `ALARM(word)` or
  /// `("word")`, or an item of a `(a, b)` list — never a word of free text such as a description.
  static func replacingWord(_ word: String, with replacement: String, in text: String) -> String {
    let characters = Array(text)
    let name = Array(word)
    var out = ""
    var quote: Character?
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if index + name.count <= characters.count, Array(characters[index..<index + name.count]) == name,
        standsAsName(characters, from: index, count: name.count, quote: quote)
      {
        out += replacement
        index += name.count
        continue
      }
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "'" || character == "\"" {
        quote = character
      }
      out.append(character)
      index += 1
    }
    return out
  }

  /// Whether the `count` characters at `start` are a name by what surrounds them (see ``replacingWord``).
  static func standsAsName(_ characters: [Character], from start: Int, count: Int, quote: Character?) -> Bool {
    let end = start + count
    let next: Character? = end < characters.count ? characters[end] : nil
    let prior: Character? = start > 0 ? characters[start - 1] : nil
    guard let quote else {
      let before: Set<Character> = [" ", "\t", "\n", "=", ","]
      let after: Set<Character> = [" ", "\t", "\n", ",", "\\"]
      return (prior.map { before.contains($0) } ?? true) && (next.map { after.contains($0) } ?? true)
    }
    // The whole quoted text.
    if prior == quote, next == quote { return true }
    // ALARM(name), ("name"), (a, b).
    var back = start - 1
    if prior == "\"" && quote == "'" { back -= 1 }
    while back >= 0, characters[back] == " " { back -= 1 }
    guard back >= 0, characters[back] == "(" || characters[back] == "," else { return false }
    let closing: Set<Character> = [")", ",", " "]
    return next.map { closing.contains($0) || ($0 == "\"" && quote == "'") } ?? false
  }

  /// Whether the entry changes the stack: a stack command, `remove`, or `load SESSION.vigil`.
  static func definesStack(_ entry: SessionEntry, _ registry: CommandRegistry) -> Bool {
    registry.recording(ofLine: entry.text) == .stack || isSessionLoad(entry)
  }

  /// `load X.vigil`: a data command that defines a stack; kept whole, in the stack part.
  static func isSessionLoad(_ entry: SessionEntry) -> Bool {
    let words = entry.text.split(whereSeparator: { $0 == " " || $0 == "\t" })
    return words.count == 2 && words[0] == "load" && words[1].hasSuffix(".vigil")
  }

  /// The stack these entries build, or nil when one of them fails.
  static func replay(_ entries: [SessionEntry]) -> Stack? {
    let interpreter = Interpreter()
    for entry in entries {
      interpreter.baseDirectory = entry.directory ?? interpreter.baseDirectory
      let outcomes = interpreter.execute(entry.text, file: entry.location.file, firstLine: entry.location.line)
      if outcomes.contains(where: { $0.status == .invalid }) { return nil }
    }
    return interpreter.stack
  }

  /// The stack without where things were defined: what a compacted session must reproduce.
  static func comparable(_ stack: Stack) -> Stack {
    var copy = stack
    copy.origins = [:]
    return copy
  }
}

/// A session file read as entries with the comment lines before each (for `vigil fmt`, which keeps them).
public struct SessionSource {
  /// The commands, their folder the file's.
  public var entries: [SessionEntry]
  /// Comment lines (and one blank line before a block) above each entry, by position.
  public var leading: [[String]]
  /// Comment lines after the last command.
  public var trailing: [String]

  /// Splits a session file's text; throws the first syntax error.
  public init(text: String, file: String) throws(Diagnostic) {
    let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
    let lines = text.components(separatedBy: "\n")
    var entries: [SessionEntry] = []
    var leading: [[String]] = []
    var next = 1  // first physical line not yet attributed
    func comments(upTo end: Int) -> [String] {
      var block: [String] = []
      var blank = false
      for number in next..<max(next, end) where number - 1 < lines.count {
        let line = lines[number - 1]
        if line.trimmingCharacters(in: .whitespaces).isEmpty {
          blank = true
        } else if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
          if blank && !(block.isEmpty && entries.isEmpty) { block.append("") }
          blank = false
          block.append(line)
        }
      }
      if blank && !block.isEmpty && block.last != "" { block.append("") }
      return block
    }
    for item in CommandLexer.split(text, file: file) {
      switch item {
      case .failure(let diagnostic): throw diagnostic
      case .success(let command):
        leading.append(comments(upTo: command.location.line))
        entries.append(SessionEntry(text: command.text, location: command.location, directory: directory))
        next = command.location.line + command.text.split(separator: "\n", omittingEmptySubsequences: false).count
      }
    }
    let tail = comments(upTo: lines.count + 1)
    self.entries = entries
    self.leading = leading
    self.trailing = tail.last == "" ? Array(tail.dropLast()) : tail
  }

  /// The file as `vigil fmt` writes it: the compacted commands, each with the comments that were above it.
  public func formatted() throws(SessionCompaction.Failure) -> String {
    let compacted = try SessionCompaction.compact(entries)
    var out: [String] = []
    // The file's opening comment stays on top even when its first command goes or moves.
    out += leading.first ?? []
    for entry in compacted {
      // By location: a `rename` later in the file may have rewritten the entry's text.
      if let position = entries.firstIndex(where: { $0.location == entry.location }), position > 0 { out += leading[position] }
      out.append(entry.text)
    }
    if !trailing.isEmpty { out += [""] + trailing }
    return out.joined(separator: "\n") + "\n"
  }
}
