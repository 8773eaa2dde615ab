/// Recognises webhook URLs that carry a credential, so the session never has to contain one.
///
/// The model refuses such a URL when it is typed (`topic … --webhook`), and `vigil check` flags any that reach a stack
/// another way (built in code, imported): a token in the session is also in the journal, in `cdk.tf.json` and in every
/// plan, where Terraform's `sensitive` marking cannot hide it.
/// https://developer.hashicorp.com/terraform/language/manage-sensitive-data
public enum SecretHeuristics {
  /// A Terraform variable name made from `text` (a topic or parameter name): every character other than a letter,
  /// digit or `_` becomes `_`, and a name that would start with a digit gets a `v_` prefix.
  /// https://developer.hashicorp.com/terraform/language/values/variables (names are identifiers)
  public static func variableName(_ text: String) -> String {
    let name = String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { s in
          ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "_" ? s : "_"
        }))
    guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return "v_" + name }
    return name
  }

  /// The variable a fix moves the webhook at `index` (0-based) of `topic` into: `TOPIC_webhook_url`, then `_2`, `_3`, ….
  public static func webhookVariableName(topic: String, index: Int) -> String {
    variableName(topic) + "_webhook_url" + (index == 0 ? "" : "_\(index + 1)")
  }

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
