/// Why a JSON text could not be parsed, with the 0-based byte offset of the problem.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public var offset: Int
  public var description: String { "\(message) at byte \(offset + 1)" }
}

/// A strict RFC 8259 parser producing `JSONValue` (used for session inputs, API-shaped files and tests).
struct JSONParser {
  let bytes: [UInt8]
  var index = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  mutating func parseDocument() throws(JSONParseError) -> JSONValue {
    skipWhitespace()
    let value = try parseValue(depth: 0)
    skipWhitespace()
    guard index == bytes.count else { throw fail("unexpected text after the JSON value") }
    return value
  }

  private func fail(_ message: String) -> JSONParseError { JSONParseError(message: message, offset: index) }

  private mutating func skipWhitespace() {
    while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
      index += 1
    }
  }

  private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
    guard depth < 512 else { throw fail("JSON nested too deeply") }
    guard index < bytes.count else { throw fail("unexpected end of JSON") }
    switch bytes[index] {
    case UInt8(ascii: "{"):
      index += 1
      var members: [String: JSONValue] = [:]
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
      while true {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
        index += 1
        skipWhitespace()
        members[key] = try parseValue(depth: depth + 1)
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end of JSON") }
        if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
        if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        throw fail("expected ',' or '}'")
      }
    case UInt8(ascii: "["):
      index += 1
      var items: [JSONValue] = []
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
      while true {
        skipWhitespace()
        items.append(try parseValue(depth: depth + 1))
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end of JSON") }
        if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
        if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        throw fail("expected ',' or ']'")
      }
    case UInt8(ascii: "\""):
      return .string(try parseString())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    default:
      return try parseNumber()
    }
  }

  private mutating func literal(_ word: String, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
    let w = Array(word.utf8)
    guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else {
      throw fail("invalid literal")
    }
    index += w.count
    return value
  }

  private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
    let start = index
    var isInteger = true
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
    let digitsStart = index
    while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
    guard index > digitsStart else { throw fail("invalid value") }
    if bytes[digitsStart] == 48, index - digitsStart > 1 { throw JSONParseError(message: "leading zero in number", offset: digitsStart) }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      isInteger = false
      index += 1
      let fractionStart = index
      while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
      guard index > fractionStart else { throw fail("expected digits after '.'") }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      isInteger = false
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      let expStart = index
      while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
      guard index > expStart else { throw fail("expected exponent digits") }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    if isInteger, let i = Int(text) { return .int(i) }
    guard let d = Double(text) else { throw JSONParseError(message: "invalid number", offset: start) }
    return .double(d)
  }

  private mutating func parseString() throws(JSONParseError) -> String {
    index += 1  // opening quote
    var runStart = index
    var out = ""
    func flush(_ end: Int) {
      if end > runStart { out += String(decoding: bytes[runStart..<end], as: UTF8.self) }
    }
    while index < bytes.count {
      let b = bytes[index]
      if b == UInt8(ascii: "\"") {
        flush(index)
        index += 1
        return out
      }
      if b < 0x20 { throw fail("control character in string") }
      if b == UInt8(ascii: "\\") {
        flush(index)
        index += 1
        guard index < bytes.count else { break }
        let e = bytes[index]
        index += 1
        switch e {
        case UInt8(ascii: "\""): out += "\""
        case UInt8(ascii: "\\"): out += "\\"
        case UInt8(ascii: "/"): out += "/"
        case UInt8(ascii: "b"): out += "\u{08}"
        case UInt8(ascii: "f"): out += "\u{0C}"
        case UInt8(ascii: "n"): out += "\n"
        case UInt8(ascii: "r"): out += "\r"
        case UInt8(ascii: "t"): out += "\t"
        case UInt8(ascii: "u"):
          var code = try hex4()
          // A high surrogate combines only with a following low surrogate (U+DC00–U+DFFF). Anything else after
          // it (`\ud800\u0041`) leaves the high one alone — it becomes U+FFFD like any lone surrogate — and the
          // next escape is read on its own, so no subtraction ever sees a value outside the low range.
          if (0xD800...0xDBFF).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
          {
            let next = index
            index += 2
            let low = try hex4()
            if (0xDC00...0xDFFF).contains(low) {
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else {
              index = next
            }
          }
          out.unicodeScalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
        default: throw fail("invalid escape")
        }
        runStart = index
        continue
      }
      index += 1
    }
    throw fail("unterminated string")
  }

  private mutating func hex4() throws(JSONParseError) -> UInt32 {
    guard index + 4 <= bytes.count else { throw fail("invalid \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let b = bytes[index]
      let digit: UInt32
      switch b {
      case 48...57: digit = UInt32(b - 48)
      case 65...70: digit = UInt32(b - 55)
      case 97...102: digit = UInt32(b - 87)
      default: throw fail("invalid \\u escape")
      }
      value = value * 16 + digit
      index += 1
    }
    return value
  }
}
