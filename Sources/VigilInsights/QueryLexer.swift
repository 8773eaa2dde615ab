import VigilCore
import VigilLogSource

/// One token of a Logs Insights query, with its byte range in the query text.
struct QueryToken: Equatable {
  enum Kind: Equatable {
    /// A field or function name or keyword: `fields`, `@timestamp`, `customer.tier`, `` `foo-bar` ``.
    /// `quoted` is true when any part was in backticks (then it is never a keyword).
    case identifier(String, quoted: Bool)
    case number(Double)
    /// A number directly followed by a unit: `5m`, `30s`, `1h`, `100ms`.
    case duration(Int, unit: String)
    case string(String)
    case regex(String)
    case symbol(String)
    case end
  }

  var kind: Kind
  var range: Range<Int>

  /// The lower-cased identifier text when this token is an unquoted identifier.
  var keyword: String? {
    if case .identifier(let name, false) = kind { return name.lowercased() }
    return nil
  }

  func isSymbol(_ s: String) -> Bool {
    if case .symbol(let t) = kind { return t == s }
    return false
  }
}

/// Splits query text into tokens. `#` starts a comment to the end of the line outside string and
/// regex literals ([CWL_QuerySyntax](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html)).
/// A `/` starts a regex literal where a value is expected (after `like`, `=~`, `(`, `,`, `[`,
/// an operator or the field of `parse`) and is division elsewhere.
struct QueryLexer {
  let source: QueryText
  private var bytes: [UInt8] { source.bytes }

  init(_ source: QueryText) { self.source = source }

  func tokenize() throws(Diagnostic) -> [QueryToken] {
    var tokens: [QueryToken] = []
    var i = 0
    let b = bytes
    let n = b.count
    while true {
      // Whitespace and comments.
      while i < n {
        if b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D {
          i += 1
        } else if b[i] == UInt8(ascii: "#") {
          while i < n, b[i] != 0x0A { i += 1 }
        } else {
          break
        }
      }
      guard i < n else {
        tokens.append(QueryToken(kind: .end, range: n..<n))
        return tokens
      }
      let start = i
      let c = b[i]
      if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
        let (text, next) = try lexString(at: i, quote: c)
        tokens.append(QueryToken(kind: .string(text), range: start..<next))
        i = next
      } else if c == UInt8(ascii: "/") && regexAllowed(after: tokens) {
        let (text, next) = try lexRegex(at: i)
        tokens.append(QueryToken(kind: .regex(text), range: start..<next))
        i = next
      } else if isDigit(c) || (c == UInt8(ascii: ".") && i + 1 < n && isDigit(b[i + 1])) {
        let (kind, next) = try lexNumber(at: i)
        tokens.append(QueryToken(kind: kind, range: start..<next))
        i = next
      } else if isIdentifierStart(c) || c == UInt8(ascii: "`") {
        let (name, quoted, next) = try lexIdentifier(at: i)
        tokens.append(QueryToken(kind: .identifier(name, quoted: quoted), range: start..<next))
        i = next
      } else {
        let two = i + 1 < n ? String(decoding: b[i...(i + 1)], as: UTF8.self) : ""
        if ["!=", "<=", ">=", "=~", "=="].contains(two) {
          tokens.append(QueryToken(kind: .symbol(two == "==" ? "=" : two), range: i..<(i + 2)))
          i += 2
        } else if "|,()[]=<>+-*/%^!:".utf8.contains(c) {
          tokens.append(QueryToken(kind: .symbol(String(UnicodeScalar(c))), range: i..<(i + 1)))
          i += 1
        } else {
          let rest = String(decoding: b[i..<min(n, i + 4)], as: UTF8.self)
          throw source.diagnostic("unexpected character '\(rest.unicodeScalars.first.map(String.init) ?? "?")'", at: i)
        }
      }
    }
  }

  private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
  private func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
  private func isIdentifierStart(_ c: UInt8) -> Bool { isLetter(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "@") }
  private func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) }

  /// A `/` begins a regex when the previous token cannot end a value, or right after `parse FIELD`.
  private func regexAllowed(after tokens: [QueryToken]) -> Bool {
    guard let last = tokens.last else { return true }
    switch last.kind {
    case .number, .duration, .string, .regex: return false
    case .symbol(let s): return s != ")" && s != "]"
    case .identifier:
      if let k = last.keyword, ["like", "parse", "and", "or", "not", "in", "filter", "by"].contains(k) { return true }
      if tokens.count >= 2, tokens[tokens.count - 2].keyword == "parse" { return true }
      return false
    case .end: return false
    }
  }

  private func lexString(at start: Int, quote: UInt8) throws(Diagnostic) -> (String, Int) {
    var i = start + 1
    var out: [UInt8] = []
    while i < bytes.count {
      let c = bytes[i]
      if c == quote { return (String(decoding: out, as: UTF8.self), i + 1) }
      if c == UInt8(ascii: "\\"), i + 1 < bytes.count {
        let e = bytes[i + 1]
        switch e {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case quote, UInt8(ascii: "\\"): out.append(e)
        default:
          // Unknown escapes keep the backslash so regex-like strings survive.
          out.append(c)
          out.append(e)
        }
        i += 2
        continue
      }
      out.append(c)
      i += 1
    }
    throw source.diagnostic("unterminated string literal", at: start)
  }

  private func lexRegex(at start: Int) throws(Diagnostic) -> (String, Int) {
    var i = start + 1
    var out: [UInt8] = []
    while i < bytes.count {
      let c = bytes[i]
      if c == 0x0A { break }
      if c == UInt8(ascii: "/") { return (String(decoding: out, as: UTF8.self), i + 1) }
      if c == UInt8(ascii: "\\"), i + 1 < bytes.count {
        // `\/` is an escaped slash; every other escape is passed to the regex engine as written.
        if bytes[i + 1] == UInt8(ascii: "/") {
          out.append(UInt8(ascii: "/"))
        } else {
          out.append(c)
          out.append(bytes[i + 1])
        }
        i += 2
        continue
      }
      out.append(c)
      i += 1
    }
    throw source.diagnostic("unterminated regular expression (missing closing '/')", at: start)
  }

  private func lexNumber(at start: Int) throws(Diagnostic) -> (QueryToken.Kind, Int) {
    var i = start
    while i < bytes.count, isDigit(bytes[i]) { i += 1 }
    var isInteger = true
    if i < bytes.count, bytes[i] == UInt8(ascii: "."), i + 1 < bytes.count, isDigit(bytes[i + 1]) {
      isInteger = false
      i += 1
      while i < bytes.count, isDigit(bytes[i]) { i += 1 }
    }
    if i < bytes.count, (bytes[i] | 0x20) == UInt8(ascii: "e"), i + 1 < bytes.count,
      isDigit(bytes[i + 1])
        || ((bytes[i + 1] == UInt8(ascii: "-") || bytes[i + 1] == UInt8(ascii: "+")) && i + 2 < bytes.count && isDigit(bytes[i + 2]))
    {
      isInteger = false
      i += 2
      while i < bytes.count, isDigit(bytes[i]) { i += 1 }
    }
    let text = String(decoding: bytes[start..<i], as: UTF8.self)
    if isInteger, i < bytes.count, isLetter(bytes[i]) {
      var j = i
      while j < bytes.count, isLetter(bytes[j]) { j += 1 }
      if j < bytes.count, isIdentifierPart(bytes[j]) {
        throw source.diagnostic("invalid number or time period '\(String(decoding: bytes[start..<j], as: UTF8.self))'", at: start)
      }
      guard let value = Int(text) else { throw source.diagnostic("number too large", at: start) }
      return (.duration(value, unit: String(decoding: bytes[i..<j], as: UTF8.self)), j)
    }
    guard let value = Double(text) else { throw source.diagnostic("invalid number '\(text)'", at: start) }
    return (.number(value), i)
  }

  /// Identifiers may hold dots (`customer.tier`, `items.0.id`), start with `@`, and have backticked
  /// parts for other characters ([Guidelines](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Guidelines.html)).
  private func lexIdentifier(at start: Int) throws(Diagnostic) -> (String, Bool, Int) {
    var i = start
    var out: [UInt8] = []
    var quoted = false
    while i < bytes.count {
      let c = bytes[i]
      if c == UInt8(ascii: "`") {
        quoted = true
        let open = i
        i += 1
        while i < bytes.count, bytes[i] != UInt8(ascii: "`") {
          out.append(bytes[i])
          i += 1
        }
        guard i < bytes.count else { throw source.diagnostic("unterminated backtick-quoted field name", at: open) }
        i += 1
      } else if isIdentifierPart(c) {
        out.append(c)
        i += 1
      } else if c == UInt8(ascii: "."), i + 1 < bytes.count,
        isIdentifierPart(bytes[i + 1]) || bytes[i + 1] == UInt8(ascii: "`"), !out.isEmpty
      {
        out.append(c)
        i += 1
      } else {
        break
      }
    }
    return (String(decoding: out, as: UTF8.self), quoted, i)
  }
}
