import VigilCore
import VigilLogSource

/// A space-delimited filter pattern `[ip, user, ..., status_code = 4* && status_code != 403, bytes > 1000]`.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-terms-events
///
/// Event fields are separated by spaces (and tabs: a local decision, because Lambda runtime lines
/// `time\trequestId\tLEVEL\tmessage` are tab-separated and AWS does not say); text between `[]` or `""` is one
/// field (brackets and quotes are stripped). Arity follows the current AWS page: without `...` a line needs at least as many fields as the
/// pattern, and the last pattern field takes the rest of the line ("you must include a blank w2 indicator after
/// the w1 term"); `...` stands for any number of fields (zero included).
struct DelimitedPattern: Equatable, Sendable {
  indirect enum Condition: Equatable, Sendable {
    case and(Condition, Condition)
    case or(Condition, Condition)
    case compare(ValueComparison)
  }

  struct Field: Equatable, Sendable {
    /// nil for an unnamed slot (a trailing comma), extracted as `$N`.
    var name: String?
    var condition: Condition?
  }

  /// Pattern slots, without the ellipsis.
  var fields: [Field]
  /// Number of slots before `...`, or nil without one.
  var ellipsisIndex: Int?

  // MARK: Parsing

  static func parse(_ pattern: String) throws(Diagnostic) -> DelimitedPattern {
    var lexer = PatternLexer(pattern: pattern, allowsSelectors: false)
    let tokens = try lexer.tokenize()
    var position = 0
    var current: PatternToken { tokens[position] }
    guard case .leftBracket = current.kind else { throw lexer.fail("a space-delimited pattern starts with '['", current.offset) }
    position += 1
    var fields: [Field] = []
    var ellipsisIndex: Int?
    var regexCount = 0
    var names: Set<String> = []
    // `[]` names no field: every event matches and each of its fields is extracted as `$1`, `$2`, … — the same as
    // `[...]`. The TestMetricFilter API reference uses it ("without specifying any fields": three Apache lines, all
    // matched, `$1` to `$7`): https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TestMetricFilter.html
    if case .rightBracket = current.kind {
      position += 1
      guard case .end = current.kind else { throw lexer.fail("unexpected text after the closing ']'", current.offset) }
      return DelimitedPattern(fields: [], ellipsisIndex: 0)
    }
    func parseOr(_ name: String) throws(Diagnostic) -> Condition {
      var left = try parseAnd(name)
      while case .or = current.kind {
        position += 1
        left = .or(left, try parseAnd(name))
      }
      return left
    }
    func parseAnd(_ name: String) throws(Diagnostic) -> Condition {
      var left = try parseComparison(name, first: false)
      while case .and = current.kind {
        position += 1
        left = .and(left, try parseComparison(name, first: false))
      }
      return left
    }
    func parseComparison(_ name: String, first: Bool) throws(Diagnostic) -> Condition {
      // After the first comparison, each one repeats the field name: `status_code = 4* && status_code != 403`.
      if case .compare = current.kind {
        // The first comparison follows the name directly.
      } else if case .word(let other) = current.kind {
        guard other == name else {
          throw lexer.fail("a condition can only test its own field '\(name)', not '\(other)'", current.offset)
        }
        position += 1
      } else {
        throw lexer.fail("expected '\(name)' and a comparison", current.offset)
      }
      guard case .compare(let op) = current.kind else { throw lexer.fail("expected an operator (=, !=, <, <=, >, >=)", current.offset) }
      position += 1
      let value = current
      let test: ValueTest
      switch value.kind {
      case .quoted(let bytes): test = .string(bytes)
      case .word(let word): test = ValueTest.number(word: word).map(ValueTest.number) ?? .string(Array(word.utf8))
      case .regex(let regex):
        regexCount += 1
        if regexCount > 2 {
          throw lexer.fail("a JSON or space-delimited pattern can contain at most 2 regular expressions", value.offset)
        }
        test = .regex(regex)
      default:
        throw lexer.fail("expected a value after '\(op.rawValue)'", value.offset)
      }
      if op != .equal && op != .notEqual {
        guard case .number = test else {
          throw lexer.fail("'\(op.rawValue)' compares numbers; the value must be a number", value.offset)
        }
      }
      if op == .notEqual, test == .exists { throw lexer.fail("'!= *' is not supported", value.offset) }
      position += 1
      return .compare(ValueComparison(op: op, test: test))
    }
    while true {
      let slotToken = current
      switch slotToken.kind {
      case .comma:
        throw lexer.fail("empty field; only the last field may be left unnamed", slotToken.offset)
      case .rightBracket:
        // `[a, b,]`: a trailing unnamed field.
        fields.append(Field(name: nil, condition: nil))
      case .word("..."):
        guard ellipsisIndex == nil else { throw lexer.fail("a pattern can contain only one '...'", slotToken.offset) }
        ellipsisIndex = fields.count
        position += 1
      case .word(let name):
        guard
          name.unicodeScalars.allSatisfy({
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
          })
        else {
          throw lexer.fail("field names contain only letters, digits, '_' and '-'", slotToken.offset)
        }
        guard !names.contains(name) else { throw lexer.fail("field '\(name)' is named twice", slotToken.offset) }
        names.insert(name)
        position += 1
        var condition: Condition?
        if case .compare = current.kind {
          condition = try parseOr(name)
        } else if case .word = current.kind {
          throw lexer.fail("expected ',' or ']' after field '\(name)' (fields are separated by commas)", current.offset)
        }
        fields.append(Field(name: name, condition: condition))
      case .leftParen:
        throw lexer.fail("parentheses are not supported in space-delimited patterns", slotToken.offset)
      case .end:
        throw lexer.fail("unexpected end of pattern; expected ']'", slotToken.offset)
      default:
        throw lexer.fail("expected a field name", slotToken.offset)
      }
      if case .rightBracket = current.kind {
        position += 1
        break
      }
      guard case .comma = current.kind else {
        throw lexer.fail(current.kind == .end ? "unexpected end of pattern; expected ']'" : "expected ',' or ']'", current.offset)
      }
      position += 1
    }
    guard case .end = current.kind else { throw lexer.fail("unexpected text after the closing ']'", current.offset) }
    if fields.isEmpty && ellipsisIndex == nil { throw lexer.fail("empty space-delimited pattern", 0) }
    return DelimitedPattern(fields: fields, ellipsisIndex: ellipsisIndex)
  }

  // MARK: Matching

  /// The fields of an event line: byte ranges of their values, and where each field starts in the line.
  static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> (values: [Range<Int>], starts: [Int]) {
    var values: [Range<Int>] = []
    var starts: [Int] = []
    var i = 0
    let n = bytes.count
    while true {
      while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
      guard i < n else { break }
      starts.append(i)
      let open = bytes[i]
      if open == UInt8(ascii: "[") || open == UInt8(ascii: "\"") {
        let close = open == UInt8(ascii: "[") ? UInt8(ascii: "]") : open
        var j = i + 1
        while j < n, bytes[j] != close { j += 1 }
        values.append((i + 1)..<j)
        i = min(j + 1, n)
        // Text glued to the closing bracket belongs to no field; skip to the next space.
        while i < n, bytes[i] != 0x20, bytes[i] != 0x09 { i += 1 }
      } else {
        var j = i
        while j < n, bytes[j] != 0x20, bytes[j] != 0x09 { j += 1 }
        values.append(i..<j)
        i = j
      }
    }
    return (values, starts)
  }

  /// Matches the line; returns the extracted values (`$name`, `$N`) or nil.
  func match(_ bytes: UnsafeBufferPointer<UInt8>, extract: Bool) -> [String: String]? {
    guard let bound = bind(bytes) else { return nil }
    guard extract else { return [:] }
    var out: [String: String] = [:]
    for b in bound {
      let key = b.name.map { "$" + $0 } ?? "$\(b.position)"
      out[key] = String(decoding: UnsafeBufferPointer(rebasing: bytes[b.range]), as: UTF8.self)
    }
    return out
  }

  /// A pattern field or ellipsis position bound to a range of the line.
  struct Binding {
    var name: String?
    var position: Int
    var range: Range<Int>
  }

  /// Binds every slot (and every position `...` covers) to the line, or nil when the line does not match.
  func bind(_ bytes: UnsafeBufferPointer<UInt8>) -> [Binding]? {
    let (values, starts) = DelimitedPattern.split(bytes)
    let m = values.count
    let n = fields.count
    guard m >= n else { return nil }
    var bindings: [Binding] = []
    bindings.reserveCapacity(m)
    func check(_ field: Field, _ range: Range<Int>) -> Bool {
      guard let condition = field.condition else { return true }
      return DelimitedPattern.evaluate(condition, UnsafeBufferPointer(rebasing: bytes[range]))
    }
    if let e = ellipsisIndex {
      let after = n - e
      for k in 0..<e {
        guard check(fields[k], values[k]) else { return nil }
        bindings.append(Binding(name: fields[k].name, position: k + 1, range: values[k]))
      }
      for k in e..<(m - after) { bindings.append(Binding(name: nil, position: k + 1, range: values[k])) }
      for k in 0..<after {
        let p = m - after + k
        guard check(fields[e + k], values[p]) else { return nil }
        bindings.append(Binding(name: fields[e + k].name, position: p + 1, range: values[p]))
      }
      return bindings
    }
    for k in 0..<n {
      var range = values[k]
      if k == n - 1 && m > n {
        // The last field takes the rest of the line.
        var end = bytes.count
        while end > starts[k], bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        range = starts[k]..<end
      }
      guard check(fields[k], range) else { return nil }
      bindings.append(Binding(name: fields[k].name, position: k + 1, range: range))
    }
    return bindings
  }

  static func evaluate(_ c: Condition, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
    switch c {
    case .and(let a, let b): return evaluate(a, text) && evaluate(b, text)
    case .or(let a, let b): return evaluate(a, text) || evaluate(b, text)
    case .compare(let comparison): return comparison.evaluate(text: text) { NumberParser.parse(text) }
    }
  }
}
