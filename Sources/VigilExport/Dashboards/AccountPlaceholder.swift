/// The `ACCOUNT_ID` placeholder a dashboard body holds in alarm ARNs until it is rendered (`Dashboard.body`), found
/// in UTF-8 bytes: the placeholder is ASCII, so a byte match is a character match, and a string without it (almost
/// every string of a body) is passed on without a copy. Foundation's `replacingOccurrences` and
/// `components(separatedBy:)` over every string of every widget were most of an export's time.
enum AccountPlaceholder {
  static let text = "ACCOUNT_ID"
  private static let bytes = Array(text.utf8)

  /// The byte offsets at which the placeholder starts in `bytes`, left to right and not overlapping (as
  /// `components(separatedBy:)` and `replacingOccurrences` find them).
  static func occurrences(in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
    let needle = Self.bytes
    guard bytes.count >= needle.count else { return [] }
    var found: [Int] = []
    var i = 0
    let last = bytes.count - needle.count
    while i <= last {
      if bytes[i] == needle[0] && !(1..<needle.count).contains(where: { bytes[i + $0] != needle[$0] }) {
        found.append(i)
        i += needle.count
      } else {
        i += 1
      }
    }
    return found
  }

  /// The text of `s` between the placeholders (`components(separatedBy: "ACCOUNT_ID")`); nil when there is none.
  static func pieces(of s: String) -> [String]? {
    var s = s
    return s.withUTF8 { buffer -> [String]? in
      let starts = occurrences(in: buffer)
      guard !starts.isEmpty else { return nil }
      var pieces: [String] = []
      var from = 0
      for start in starts + [buffer.count] {
        pieces.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[from..<start]), as: UTF8.self))
        from = start + Self.bytes.count
      }
      return pieces
    }
  }

  /// `s` with each placeholder replaced by `account`; `s` itself when it has none.
  static func replacing(in s: String, with account: String) -> String {
    guard let pieces = pieces(of: s) else { return s }
    return pieces.joined(separator: account)
  }
}
