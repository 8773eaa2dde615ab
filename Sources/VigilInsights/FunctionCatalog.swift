/// The functions Logs Insights documents, with their arity, for the parser's checks and for tab completion
/// ([operations-functions](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-operations-functions.html),
/// [stats](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Stats.html)).
public enum FunctionCatalog {
  /// What a function is: computed per event, or an aggregate only allowed in `stats`.
  public enum Kind: Sendable { case scalar, aggregate }

  public struct Signature: Sendable {
    /// The documented spelling (`count_distinct`, `sortsFirst`, `isValidIpV4`).
    public var name: String
    public var kind: Kind
    public var minArguments: Int
    /// nil: any number.
    public var maxArguments: Int?
  }

  static func scalar(_ name: String, _ min: Int, _ max: Int?) -> Signature {
    Signature(name: name, kind: .scalar, minArguments: min, maxArguments: max)
  }
  static func aggregate(_ name: String, _ min: Int, _ max: Int?) -> Signature {
    Signature(name: name, kind: .aggregate, minArguments: min, maxArguments: max)
  }

  /// Every supported function, in documentation order.
  public static let signatures: [Signature] = [
    // General.
    scalar("ispresent", 1, 1), scalar("coalesce", 1, nil), scalar("if", 3, 3), scalar("isNumeric", 1, 1),
    // Numeric.
    scalar("abs", 1, 1), scalar("ceil", 1, 1), scalar("floor", 1, 1), scalar("greatest", 1, nil),
    scalar("least", 1, nil), scalar("log", 1, 1), scalar("sqrt", 1, 1), scalar("round", 1, 2),
    scalar("toNumber", 1, 1),
    // Datetime.
    scalar("bin", 1, 1), scalar("datefloor", 2, 2), scalar("dateceil", 2, 2), scalar("fromMillis", 1, 1),
    scalar("toMillis", 1, 1), scalar("now", 0, 0),
    // String.
    scalar("isempty", 1, 1), scalar("isblank", 1, 1), scalar("concat", 1, nil), scalar("ltrim", 1, 2),
    scalar("rtrim", 1, 2), scalar("trim", 1, 2), scalar("strlen", 1, 1), scalar("toupper", 1, 1),
    scalar("tolower", 1, 1), scalar("substr", 2, 3), scalar("replace", 3, 3), scalar("strcontains", 2, 3),
    scalar("startsWith", 2, 2), scalar("endsWith", 2, 2), scalar("regexReplace", 3, 3),
    scalar("urlencode", 1, 1), scalar("urldecode", 1, 1), scalar("base64encode", 1, 1), scalar("base64decode", 1, 1),
    scalar("hexToAscii", 1, 1), scalar("hexToDec", 1, 1), scalar("decToHex", 1, 1),
    // IP address.
    scalar("isValidIp", 1, 1), scalar("isValidIpV4", 1, 1), scalar("isValidIpV6", 1, 1),
    scalar("isIpInSubnet", 2, 2), scalar("isIpv4InSubnet", 2, 2), scalar("isIpv6InSubnet", 2, 2),
    // Stats.
    aggregate("avg", 1, 1), aggregate("count", 0, 1), aggregate("count_distinct", 1, 1), aggregate("max", 1, 1),
    aggregate("min", 1, 1), aggregate("pct", 2, 2), aggregate("stddev", 1, 1), aggregate("sum", 1, 1),
    aggregate("earliest", 1, 1), aggregate("latest", 1, 1), aggregate("sortsFirst", 1, 1), aggregate("sortsLast", 1, 1),
  ]

  /// Documented functions Vigil recognises but refuses, because it cannot reproduce them exactly.
  public static let unsupported: [String: String] = [
    "parsedate": "parseDate uses Java DateTimeFormatter patterns, which Vigil does not implement",
    "formatdate": "formatDate is not implemented by Vigil",
    "strftime": "strftime is not implemented by Vigil",
    "jsonparse": "map and list values (jsonParse) are not implemented by Vigil",
    "jsonstringify": "map and list values (jsonStringify) are not implemented by Vigil",
    "jsonarraysize": "map and list values (jsonArraySize) are not implemented by Vigil",
    "jsonarraycontains": "map and list values (jsonArrayContains) are not implemented by Vigil",
    "split": "list values (split) are not implemented by Vigil",
    "case": "case() is not implemented by Vigil; use if()",
    "haversine": "haversine is not implemented by Vigil",
  ]

  static let byLowercasedName: [String: Signature] = Dictionary(
    uniqueKeysWithValues: signatures.map { ($0.name.lowercased(), $0) })

  /// The signature of a function by name, case-insensitively (the docs write `SUM`, `BIN`, `count`).
  public static func signature(_ name: String) -> Signature? { byLowercasedName[name.lowercased()] }

  /// All function names, for tab completion.
  public static var names: [String] { signatures.map(\.name) }

  /// The query commands Vigil runs, for tab completion.
  public static let commands = ["fields", "display", "filter", "stats", "sort", "limit", "parse", "dedup", "unnest", "pattern"]

  /// System fields every event has, plus the fields discovered in Lambda REPORT lines.
  public static let systemFields = [
    "@timestamp", "@message", "@logStream", "@log", "@ingestionTime",
    "@type", "@requestId", "@duration", "@billedDuration", "@memorySize", "@maxMemoryUsed", "@initDuration",
  ]
}
