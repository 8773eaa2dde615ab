import VigilCore

/// Text Terraform reads as a string template: Vigil's own template syntax (references such as
/// `${aws_kms_key.logs.arn}`, function calls) exactly as written in Vigil's source, with every interpolated
/// `String` — a name, a description, anything from the session — escaped so Terraform takes it literally.
///
/// Terraform parses every JSON string where an expression is expected as a template, so a user's `${file("…")}`
/// or `%{ if … }` would be evaluated on the machine that runs `plan`.
/// https://developer.hashicorp.com/terraform/language/syntax/json (strings are templates)
/// https://developer.hashicorp.com/terraform/language/expressions/strings (`$${` and `%%{` are the escapes)
public struct TerraformTemplate: Equatable, Sendable, ExpressibleByStringInterpolation {
  /// The template as written into the Terraform JSON.
  public private(set) var text: String

  /// Text from Vigil's source code: taken as template syntax.
  public init(stringLiteral value: String) { text = value }

  public init(stringInterpolation: Interpolation) { text = stringInterpolation.text }

  /// A template that yields `literal` unchanged when Terraform evaluates it.
  public init(literal: String) { text = TerraformTemplate.escape(literal) }

  /// Text that is already template syntax (JSON serialised from rendered values).
  init(rendered: String) { text = rendered }

  /// The only place user text is made inert for Terraform: `${` becomes `$${` and `%{` becomes `%%{`, the two
  /// escapes Terraform's string templates define ("Literal `${`, without beginning an interpolation sequence";
  /// "Literal `%{`, without beginning a template directive sequence"). A `$` or `%` not followed by `{` is
  /// already literal and stays as it is, so text without those two sequences is written byte for byte.
  /// https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
  public static func escape(_ literal: String) -> String {
    // Fast path: almost every string has neither sequence.
    guard literal.utf8.contains(UInt8(ascii: "{")) else { return literal }
    var out: [UInt8] = []
    out.reserveCapacity(literal.utf8.count + 8)
    var previous: UInt8 = 0
    for byte in literal.utf8 {
      // `$${` in user text must stay two characters followed by `{`: escaping each `${` doubles the `$` before
      // the brace only, so `$${x}` → `$$${x}`, which Terraform reads back as `$${x}`.
      if byte == UInt8(ascii: "{"), previous == UInt8(ascii: "$") || previous == UInt8(ascii: "%") {
        out.append(previous)
      }
      out.append(byte)
      previous = byte
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Builds a template from Vigil's literal text and interpolated values: a `String` is user text (escaped),
  /// a `TerraformTemplate` is Vigil's own (taken as written).
  public struct Interpolation: StringInterpolationProtocol {
    var text = ""
    public init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity) }
    public mutating func appendLiteral(_ literal: String) { text += literal }
    public mutating func appendInterpolation(_ value: String) { text += TerraformTemplate.escape(value) }
    public mutating func appendInterpolation(_ value: Int) { text += String(value) }
    public mutating func appendInterpolation(_ template: TerraformTemplate) { text += template.text }
  }
}

/// A value of a Terraform JSON document before rendering. Like `JSONValue`, except that strings come in two
/// kinds: `.string` is literal text (user data, escaped when rendered) and `.template` is Vigil's own template
/// (a reference or function call, written as is). String literals in Vigil's source are templates; every
/// runtime `String` must be wrapped as `.string` (or interpolated into a template, which escapes it).
enum TerraformValue: Equatable, Sendable, ExpressibleByStringInterpolation, ExpressibleByBooleanLiteral,
  ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  /// Literal text: Terraform sees exactly these characters.
  case string(String)
  /// Template syntax Vigil wrote.
  case template(TerraformTemplate)
  case array([TerraformValue])
  case object([String: TerraformValue])

  init(stringLiteral value: String) { self = .template(TerraformTemplate(stringLiteral: value)) }
  init(stringInterpolation: TerraformTemplate.Interpolation) { self = .template(TerraformTemplate(stringInterpolation: stringInterpolation)) }
  init(booleanLiteral value: Bool) { self = .bool(value) }
  init(integerLiteral value: Int) { self = .int(value) }
  init(floatLiteral value: Double) { self = .double(value) }
  init(arrayLiteral elements: TerraformValue...) { self = .array(elements) }
  init(dictionaryLiteral elements: (String, TerraformValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }

  /// A JSON value built from user data (a dashboard body): every string and every key is literal text.
  init(literal value: JSONValue) {
    switch value {
    case .null: self = .null
    case .bool(let b): self = .bool(b)
    case .int(let i): self = .int(i)
    case .double(let d): self = .double(d)
    case .string(let s): self = .string(s)
    case .array(let items): self = .array(items.map(TerraformValue.init(literal:)))
    case .object(let members): self = .object(members.mapValues(TerraformValue.init(literal:)))
    }
  }

  /// The JSON Terraform reads. Literal strings are escaped here; object keys are escaped too, because Terraform
  /// reads the property names of a JSON object used as a map (tags, dimensions) as templates as well.
  var rendered: JSONValue {
    switch self {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .double(let d): return .double(d)
    case .string(let s): return .string(TerraformTemplate.escape(s))
    case .template(let t): return .string(t.text)
    case .array(let items): return .array(items.map(\.rendered))
    case .object(let members):
      // Almost no key has a `{` to escape: then the keys stay as they are and the dictionary keeps its layout
      // (building a new one per object was a tenth of a large export's time).
      guard members.keys.contains(where: { $0.utf8.contains(UInt8(ascii: "{")) }) else { return .object(members.mapValues(\.rendered)) }
      // The escape is one-to-one, so keys never merge; keep the last if they ever did rather than trap.
      return .object(Dictionary(members.map { (TerraformTemplate.escape($0.key), $0.value.rendered) }, uniquingKeysWith: { _, last in last }))
    }
  }

  /// The value serialised as compact JSON inside one Terraform string (policy documents, container definitions,
  /// event patterns, dashboard bodies): user text stays escaped, references stay live.
  var serializedTemplate: TerraformValue {
    .template(TerraformTemplate(rendered: rendered.serialized(pretty: false)))
  }
}
