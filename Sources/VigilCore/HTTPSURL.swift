/// An `https://` URL that is safe to write into generated code and configuration: parsed, not just prefix-checked.
///
/// Accepted: `https://` (lowercase), a host — DNS labels of letters, digits and `-`, or a bracketed IPv6 literal —
/// an optional port 1–65535, then an optional path, query and fragment made of the characters RFC 3986 allows
/// (https://www.rfc-editor.org/rfc/rfc3986#appendix-A), with `%` only as a `%XX` escape. Refused: credentials
/// (`user:pass@`, which would put a secret into the export), whitespace, control characters, non-ASCII text (write it
/// percent-encoded or as punycode), the characters RFC 3986 excludes (`"` `<` `>` `\` `^` `` ` `` `{` `|` `}`), and
/// anything longer than `maximumLength`.
public struct HTTPSURL: Equatable, Sendable {
  /// The URL exactly as given.
  public let text: String
  /// The host (lowercased as given; IPv6 literals keep their brackets).
  public let host: String

  /// Longer URLs are refused: real health-check endpoints are far shorter, and common servers and CDNs reject
  /// request lines past a few kilobytes.
  public static let maximumLength = 2048

  /// Parses and validates `text`; the error says what is wrong.
  public init(validating text: String) throws(HTTPSURLError) {
    let bytes = Array(text.utf8)
    guard bytes.count <= HTTPSURL.maximumLength else { throw .tooLong(bytes.count) }
    let scheme = Array("https://".utf8)
    guard bytes.starts(with: scheme) else { throw .notHTTPS }
    for (offset, byte) in bytes.enumerated() {
      guard HTTPSURL.allowed(byte) else { throw .forbiddenCharacter(offset: offset) }
      if byte == UInt8(ascii: "%") {
        guard offset + 2 < bytes.count, HTTPSURL.isHex(bytes[offset + 1]), HTTPSURL.isHex(bytes[offset + 2]) else {
          throw .badPercentEscape(offset: offset)
        }
      }
    }
    let rest = bytes[scheme.count...]
    let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
    let authority = Array(rest[rest.startIndex..<authorityEnd])
    guard !authority.contains(UInt8(ascii: "@")) else { throw .credentials }
    var hostBytes = authority
    var port: [UInt8] = []
    if authority.first == UInt8(ascii: "[") {
      guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { throw .invalidHost }
      hostBytes = Array(authority[...close])
      let inside = authority[1..<close]
      guard !inside.isEmpty, inside.allSatisfy({ HTTPSURL.isHex($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else {
        throw .invalidHost
      }
      let after = authority[(close + 1)...]
      if !after.isEmpty {
        guard after.first == UInt8(ascii: ":") else { throw .invalidHost }
        port = Array(after.dropFirst())
        guard !port.isEmpty else { throw .invalidPort }
      }
    } else {
      if let colon = authority.firstIndex(of: UInt8(ascii: ":")) {
        hostBytes = Array(authority[..<colon])
        port = Array(authority[(colon + 1)...])
        guard !port.isEmpty else { throw .invalidPort }
      }
      guard !hostBytes.isEmpty else { throw .noHost }
      guard hostBytes.count <= 253 else { throw .invalidHost }
      let labels = hostBytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
      for label in labels {
        guard (1...63).contains(label.count), label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
          label.allSatisfy({ HTTPSURL.isAlphanumeric($0) || $0 == UInt8(ascii: "-") })
        else { throw .invalidHost }
      }
    }
    if !port.isEmpty {
      guard port.count <= 5, port.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
        let number = Int(String(decoding: port, as: UTF8.self)), (1...65535).contains(number)
      else { throw .invalidPort }
    }
    self.text = text
    self.host = String(decoding: hostBytes, as: UTF8.self)
  }

  /// RFC 3986 unreserved, reserved and `%`: printable ASCII except space and `"` `<` `>` `\` `^` `` ` `` `{` `|` `}`.
  static func allowed(_ byte: UInt8) -> Bool {
    guard byte > 0x20, byte < 0x7F else { return false }
    return !"\"<>\\^`{|}".utf8.contains(byte)
  }

  static func isHex(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
  }

  static func isAlphanumeric(_ byte: UInt8) -> Bool {
    isHex(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
  }
}

/// Why a URL is not a usable `https://` URL.
public enum HTTPSURLError: Error, Equatable, CustomStringConvertible {
  case notHTTPS
  case tooLong(Int)
  /// A character a URL may not contain (whitespace, control, non-ASCII or excluded by RFC 3986), at a UTF-8 offset.
  case forbiddenCharacter(offset: Int)
  case badPercentEscape(offset: Int)
  case credentials
  case noHost
  case invalidHost
  case invalidPort

  public var description: String {
    switch self {
    case .notHTTPS: return "must start with https://"
    case .tooLong(let count): return "is \(count) bytes long; at most \(HTTPSURL.maximumLength) are allowed"
    case .forbiddenCharacter(let offset):
      return "has a character a URL may not contain at byte \(offset + 1) (spaces, quotes, control or non-ASCII characters and <>\\^`{|} must be percent-encoded)"
    case .badPercentEscape(let offset): return "has a '%' at byte \(offset + 1) that is not followed by two hex digits"
    case .credentials: return "must not carry credentials (user:password@); keep secrets out of the session"
    case .noHost: return "has no host"
    case .invalidHost: return "has an invalid host (DNS labels of letters, digits and '-', or a bracketed IPv6 address)"
    case .invalidPort: return "has an invalid port (1 to 65535)"
    }
  }
}
