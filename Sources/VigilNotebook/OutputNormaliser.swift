import Foundation
import VigilCore

/// One documented rewrite of a volatile value in a cell's actual output.
///
/// Rules run on each output line before it is compared with the recording and before `--update` writes
/// it, so recordings never contain machine- or run-specific values and need no wildcards: the expected
/// output stays literal text, which keeps "accept the new output" a clean rewrite (ppx_expect dropped
/// regex matching for the same reason, see research/peers.md §4).
public struct NormalisationRule: Sendable {
  /// A short name, e.g. `paths`.
  public var name: String
  /// What the rule rewrites, for `--help` and the docs.
  public var summary: String
  let transform: @Sendable (String) -> String

  public init(name: String, summary: String, transform: @escaping @Sendable (String) -> String) {
    self.name = name
    self.summary = summary
    self.transform = transform
  }

  /// Applies the rule to one output line.
  public func apply(to line: String) -> String { transform(line) }
}

/// The machine- and run-specific values the standard rules replace.
public struct NormalisationContext: Sendable {
  /// Absolute paths and the token that replaces each, e.g. ("/home/ana/vigil/notebooks", "<dir>").
  public var paths: [(path: String, token: String)]
  /// When the run started, in epoch milliseconds.
  public var runStarted: EpochMillis
  /// The current time, read each time a line is normalised.
  public var now: @Sendable () -> EpochMillis

  public init(
    paths: [(path: String, token: String)], runStarted: EpochMillis,
    now: @escaping @Sendable () -> EpochMillis = { EpochMillis(Date().timeIntervalSince1970 * 1000) }
  ) {
    self.paths = paths
    self.runStarted = runStarted
    self.now = now
  }

  /// The paths of this machine and run: the notebook's directory (`<dir>`), the working directory
  /// (`<cwd>`), the temporary directory (`<tmp>`) and the home directory (`<home>`), each also in its
  /// symlink-resolved form (on macOS `/var` is `/private/var`).
  public static func standard(notebookDirectory: URL, runStarted: Date) -> NormalisationContext {
    let environment = ProcessInfo.processInfo.environment
    var paths: [(String, String)] = [(notebookDirectory.path, "<dir>")]
    paths.append((FileManager.default.currentDirectoryPath, "<cwd>"))
    paths.append((environment["TMPDIR"] ?? NSTemporaryDirectory(), "<tmp>"))
    if let home = environment["HOME"] { paths.append((home, "<home>")) }
    var resolved: [(String, String)] = []
    for (path, token) in paths {
      resolved.append((path, token))
      let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
      if real != path { resolved.append((real, token)) }
    }
    return NormalisationContext(
      paths: resolved.map { (path: $0.0, token: $0.1) },
      runStarted: EpochMillis(runStarted.timeIntervalSince1970 * 1000))
  }
}

/// Turns a cell's actual output into the lines that are compared and recorded, by an explicit list of rules.
public struct OutputNormaliser: Sendable {
  public var rules: [NormalisationRule]

  public init(rules: [NormalisationRule]) { self.rules = rules }

  /// The standard rules, in the order they run:
  /// 1. `timestamps`: an ISO-8601 date-time (`2026-08-21T10:15:03.120Z`, `2026-08-21 10:15:03`, with or
  ///    without fraction and zone; no zone means UTC) within a day of the run → `<now>`. Sample data from
  ///    other days is left alone; a bare date is never rewritten.
  /// 2. `paths`: each context path → its token (`<dir>`, `<cwd>`, `<tmp>`, `<home>`), longest path first so
  ///    the most specific wins; only whole path prefixes are replaced (`/work/nb` does not touch `/work/nbx`).
  /// 3. `durations`: an elapsed time after `in ` or `took ` → `<duration>`: a number with unit `ns`, `us`,
  ///    `µs`, `ms`, or `s` with a fraction (`in 12.3 ms`, `took 1.204 s`, `in 4ms`). A whole number of
  ///    seconds (`in 60 s`) is left alone: that is how periods read.
  /// 4. `trailing-whitespace`: spaces and tabs at the end of a line are removed (editors strip them).
  /// Line endings are `\n` (`\r\n` in output becomes `\n`); a final newline ends the last line.
  public static func standard(_ context: NormalisationContext) -> OutputNormaliser {
    OutputNormaliser(rules: [
      .timestamps(near: context.runStarted, now: context.now),
      .paths(context.paths),
      .durations,
      .trailingWhitespace,
    ])
  }

  /// The output split into lines (a final newline ends the last line, it does not add an empty one)
  /// with every rule applied to each line.
  public func lines(of output: String) -> [String] {
    Self.splitLines(output).map { line in rules.reduce(line) { $1.apply(to: $0) } }
  }

  /// Splits text at `\n` (dropping a `\r` before it); `""` is no lines, `"a\n"` and `"a"` are one.
  public static func splitLines(_ text: String) -> [String] {
    if text.isEmpty { return [] }
    var lines: [String] = []
    var current: [UInt8] = []
    for byte in text.utf8 {
      if byte == 0x0A {
        if current.last == 0x0D { current.removeLast() }
        lines.append(String(decoding: current, as: UTF8.self))
        current.removeAll(keepingCapacity: true)
      } else {
        current.append(byte)
      }
    }
    if !current.isEmpty { lines.append(String(decoding: current, as: UTF8.self)) }
    return lines
  }
}

extension NormalisationRule {
  /// ISO-8601 date-times within a day of the run → `<now>`.
  public static func timestamps(near runStarted: EpochMillis, now: @escaping @Sendable () -> EpochMillis) -> NormalisationRule {
    let day: EpochMillis = 86_400_000
    return NormalisationRule(
      name: "timestamps", summary: "a date-time within a day of the run becomes <now>"
    ) { line in
      let bytes = Array(line.utf8)
      guard bytes.count >= 19 else { return line }
      let window = (runStarted - day)...(now() + day)
      var result: [UInt8] = []
      var index = 0
      var changed = false
      while index < bytes.count {
        if isDigit(bytes[index]), index == 0 || !isWordByte(bytes[index - 1]),
          let (millis, used) = TimeFormat.parseISO8601(bytes[index...]), window.contains(millis),
          index + used == bytes.count || !isWordByte(bytes[index + used])
        {
          result += Array("<now>".utf8)
          index += used
          changed = true
        } else {
          result.append(bytes[index])
          index += 1
        }
      }
      return changed ? String(decoding: result, as: UTF8.self) : line
    }
  }

  /// Absolute paths → tokens, longest path first, whole path prefixes only.
  public static func paths(_ paths: [(path: String, token: String)]) -> NormalisationRule {
    let ordered =
      paths
      .map {
        (
          path: Array(($0.path.count > 1 && $0.path.hasSuffix("/") ? String($0.path.dropLast()) : $0.path).utf8),
          token: Array($0.token.utf8)
        )
      }
      .filter { $0.path.count > 1 }
      .sorted { $0.path.count > $1.path.count }
    let tokens = paths.map(\.token).joined(separator: ", ")
    return NormalisationRule(name: "paths", summary: "absolute paths of this machine become \(tokens)") { line in
      var bytes = Array(line.utf8)
      var changed = false
      for (path, token) in ordered {
        var result: [UInt8] = []
        var index = 0
        var replaced = false
        while index < bytes.count {
          if bytes[index] == path[0], index + path.count <= bytes.count, bytes[index..<(index + path.count)].elementsEqual(path),
            index == 0 || !isPathByte(bytes[index - 1]), !continuesPath(bytes, at: index + path.count)
          {
            result += token
            index += path.count
            replaced = true
          } else {
            result.append(bytes[index])
            index += 1
          }
        }
        if replaced {
          bytes = result
          changed = true
        }
      }
      return changed ? String(decoding: bytes, as: UTF8.self) : line
    }
  }

  /// Elapsed times after `in ` or `took ` → `<duration>`.
  public static let durations = NormalisationRule(
    name: "durations", summary: "an elapsed time after `in` or `took` (in 12.3 ms, took 1.2 s) becomes <duration>"
  ) { line in
    let bytes = Array(line.utf8)
    var result: [UInt8] = []
    var index = 0
    var changed = false
    let keywords = [Array("in ".utf8), Array("took ".utf8)]
    while index < bytes.count {
      if index == 0 || !isWordByte(bytes[index - 1]),
        let keyword = keywords.first(where: { bytes[index...].starts(with: $0) }),
        let end = durationEnd(bytes, from: index + keyword.count)
      {
        result += keyword
        result += Array("<duration>".utf8)
        index = end
        changed = true
      } else {
        result.append(bytes[index])
        index += 1
      }
    }
    return changed ? String(decoding: result, as: UTF8.self) : line
  }

  /// Spaces and tabs at the end of a line are removed.
  public static let trailingWhitespace = NormalisationRule(
    name: "trailing-whitespace", summary: "spaces and tabs at the end of a line are removed"
  ) { line in
    guard let last = line.utf8.last, last == 0x20 || last == 0x09 else { return line }
    let bytes = Array(line.utf8)
    var end = bytes.count
    while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
    return String(decoding: bytes[..<end], as: UTF8.self)
  }

  /// Where a duration starting at `start` ends (`12.3 ms`, `4ms`, `1.5 s`), or nil.
  static func durationEnd(_ bytes: [UInt8], from start: Int) -> Int? {
    var index = start
    while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    guard index > start else { return nil }
    var hasFraction = false
    if index + 1 < bytes.count, bytes[index] == 0x2E, isDigit(bytes[index + 1]) {
      index += 1
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
      hasFraction = true
    }
    if index < bytes.count, bytes[index] == 0x20 { index += 1 }
    let units: [([UInt8], Bool)] = [
      (Array("ms".utf8), false), (Array("ns".utf8), false), (Array("us".utf8), false), (Array("µs".utf8), false),
      (Array("μs".utf8), false), (Array("s".utf8), true),
    ]
    for (unit, needsFraction) in units where bytes[index...].starts(with: unit) {
      if needsFraction && !hasFraction { return nil }
      let end = index + unit.count
      if end < bytes.count, isWordByte(bytes[end]) { return nil }
      return end
    }
    return nil
  }
}

private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

/// ASCII letters, digits and `_`; bytes of non-ASCII characters count as word bytes too.
private func isWordByte(_ byte: UInt8) -> Bool {
  isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F || byte >= 0x80
}

private func isPathByte(_ byte: UInt8) -> Bool { isWordByte(byte) || byte == 0x2D || byte == 0x2E || byte == 0x2F }

/// Whether the bytes at `index` continue a file name (`x`, `-x`, `.x`) rather than end it (`/`, `.`, space).
private func continuesPath(_ bytes: [UInt8], at index: Int) -> Bool {
  guard index < bytes.count else { return false }
  let byte = bytes[index]
  if isWordByte(byte) || byte == 0x2D { return true }
  if byte == 0x2E { return index + 1 < bytes.count && (isWordByte(bytes[index + 1]) || bytes[index + 1] == 0x2D) }
  return false
}
