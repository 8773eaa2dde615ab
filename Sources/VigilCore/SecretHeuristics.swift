/// Recognises webhook URLs that carry a credential, so the session never has to contain one.
public enum SecretHeuristics {
  /// Why a URL looks like it carries a token (query parameters, user info, a long random path segment), or nil.
  public static func tokenReason(_ url: String) -> String? {
    guard let schemeEnd = url.range(of: "://") else { return nil }
    let rest = url[schemeEnd.upperBound...]
    let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    if authority.contains("@") { return "user information before the host" }
    let afterHost = rest.dropFirst(authority.count)
    let path = afterHost.prefix { $0 != "?" && $0 != "#" }
    if afterHost.dropFirst(path.count).first == "?" { return "a query string" }
    for segment in path.split(separator: "/") where segment.count >= 16 {
      let letters = segment.contains { $0.isLetter }, digits = segment.contains { $0.isNumber }
      let plainWords = segment.allSatisfy { $0.isLowercase || $0 == "-" }
      if (letters && digits) || (segment.count >= 24 && !plainWords) {
        return "a \(segment.count)-character path segment"
      }
    }
    return nil
  }

  /// The URL's scheme and host only, so reports never repeat the token.
  public static func redacted(_ url: String) -> String {
    guard let schemeEnd = url.range(of: "://") else { return "…" }
    let rest = url[schemeEnd.upperBound...]
    let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    let host = authority.split(separator: "@").last.map(String.init) ?? ""
    return String(url[..<schemeEnd.upperBound]) + host + "/…"
  }
}
