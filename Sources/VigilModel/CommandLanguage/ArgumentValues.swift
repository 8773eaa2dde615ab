import VigilCore
import VigilMetrics

/// Typed readers for argument values; each error points at the value's token.
extension Token {
  public func integer(_ what: String, in range: ClosedRange<Int>) throws(Diagnostic) -> Int {
    guard let value = Int(text) else { throw error("\(what) must be a whole number, got '\(text)'") }
    guard range.contains(value) else {
      throw error("\(what) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
    }
    return value
  }

  public func number(_ what: String) throws(Diagnostic) -> Double {
    guard let value = Double(text), value.isFinite else { throw error("\(what) must be a number, got '\(text)'") }
    return value
  }

  /// A duration like `1m`, `30s`, `5m`, `1h`, returned in seconds.
  public func seconds(_ what: String) throws(Diagnostic) -> Int {
    guard let millis = TimeFormat.parseDuration(text), millis % 1000 == 0, millis > 0 else {
      throw error("\(what) must be a duration such as 30s, 1m, 5m or 1h, got '\(text)'")
    }
    return Int(millis / 1000)
  }

  public func choice(_ what: String, _ choices: [String]) throws(Diagnostic) -> String {
    if choices.contains(text) { return text }
    let suggestion = closestMatch(to: text, in: choices).map { "did you mean '\($0)'?" }
    throw error(
      "\(what) must be one of \(choices.joined(separator: ", ")), got '\(text)'", suggestion: suggestion)
  }

  /// A resource name: lowercase letters, digits and hyphens, starting with a letter, at most 40 characters.
  public func resourceName(_ what: String) throws(Diagnostic) -> String {
    let scalars = Array(text.unicodeScalars)
    guard let first = scalars.first, ("a"..."z").contains(first) else {
      throw error("\(what) '\(text)' must start with a lowercase letter")
    }
    for (offset, s) in scalars.enumerated() where !(("a"..."z").contains(s) || ("0"..."9").contains(s) || s == "-") {
      throw error("\(what) '\(text)' may contain only lowercase letters, digits and '-'", columnOffset: offset + (quoted ? 1 : 0))
    }
    guard scalars.count <= 40 else { throw error("\(what) '\(text)' is longer than 40 characters") }
    return text
  }

  /// A reference to a defined resource, with a suggestion when it is mistyped.
  /// The name of a resource of `kind` (or of any of `kinds`) the stack defines, other than `excluding`. Looked
  /// up through the stack's index; the list of names is built only for the error.
  public func reference(
    _ kind: ResourceKind, among kinds: [ResourceKind]? = nil, in stack: Stack, excluding: String? = nil
  ) throws(Diagnostic) -> String {
    let kinds = kinds ?? [kind]
    if text != excluding && kinds.contains(where: { stack.defines($0, text) }) { return text }
    return try reference(kind, in: kinds.flatMap { stack.names(of: $0) }.filter { $0 != excluding })
  }

  public func reference(_ kind: ResourceKind, in names: [String]) throws(Diagnostic) -> String {
    if names.contains(text) { return text }
    let suggestion = closestMatch(to: text, in: names).map { "did you mean '\($0)'?" }
    let defined = names.isEmpty ? "none is defined yet" : "defined: \(names.joined(separator: ", "))"
    throw error("unknown \(kind.rawValue) '\(text)'", suggestion: suggestion ?? defined)
  }

  /// Parses the value with an embedded language's parser (filter pattern, AlarmRule, Insights query, metric
  /// math), moving the parser's diagnostic onto the command line so its caret points inside the value.
  public func parseEmbedded<Result>(_ parse: (String) throws(Diagnostic) -> Result) throws(Diagnostic) -> Result {
    do throws(Diagnostic) {
      return try parse(text)
    } catch {
      throw embedded(error)
    }
  }

  /// A diagnostic about the value's text (column 1 = its first character) placed on the command line.
  public func embedded(_ diagnostic: Diagnostic) -> Diagnostic {
    diagnostic.relocated(
      file: location.file, line: location.line, sourceLine: sourceLine, columnOffset: location.column - 1 + (quoted ? 1 : 0))
  }

  public func statistic() throws(Diagnostic) -> String {
    guard Statistic.parse(text) != nil else {
      let basic = ["SampleCount", "Sum", "Average", "Minimum", "Maximum"]
      let suggestion = closestMatch(to: text, in: basic).map { "did you mean '\($0)'?" }
      throw error(
        "unknown statistic '\(text)'; use SampleCount, Sum, Average, Minimum, Maximum, pNN, tmNN, TM(a:b), WM, TC, TS, PR or IQM",
        suggestion: suggestion)
    }
    return text
  }

  /// `Namespace/MetricName` (the namespace may itself contain `/`, as in `AWS/Lambda/Duration`).
  public func metric(dimensions: [String: String]) throws(Diagnostic) -> MetricRef {
    guard let slash = text.lastIndex(of: "/"), slash != text.startIndex, text.index(after: slash) != text.endIndex else {
      throw error("metric must be Namespace/MetricName, e.g. Payments/LatencyMs, got '\(text)'")
    }
    return MetricRef(namespace: String(text[..<slash]), name: String(text[text.index(after: slash)...]), dimensions: dimensions)
  }
}

extension ParsedCommand {
  /// `--dimension k=v` options as a dictionary.
  public func dimensions(_ option: String = "dimension") throws(Diagnostic) -> [(String, String)] {
    var result: [(String, String)] = []
    for token in values(option) {
      guard let eq = token.text.firstIndex(of: "="), eq != token.text.startIndex, token.text.index(after: eq) != token.text.endIndex else {
        throw token.error("--\(option) must be NAME=VALUE, got '\(token.text)'")
      }
      let name = String(token.text[..<eq])
      if result.contains(where: { $0.0 == name }) { throw token.error("dimension \(name) given twice") }
      result.append((name, String(token.text[token.text.index(after: eq)...])))
    }
    return result
  }

  /// Comma-separated or repeated values of an option.
  public func list(_ option: String) -> [(String, Token)] {
    values(option).flatMap { token in token.text.split(separator: ",").map { (String($0).trimmingSpaces, token) } }
  }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
