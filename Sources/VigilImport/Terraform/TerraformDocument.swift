import VigilCore
import VigilMetrics

/// One `resource "TYPE" "NAME"` block of a Terraform JSON file.
struct TerraformResource {
  var type: String
  var name: String
  var body: [String: JSONValue]
  /// Where the block is in the file (for positions).
  var path: [JSONLocator.Step]
  /// Its position, found once when the file is read.
  var location: SourceLocation
  var address: String { "\(type).\(name)" }
}

/// A Terraform/OpenTofu JSON file read with positions: its resources (the block labels as objects or arrays of
/// objects, as the JSON syntax allows at every level), variables, data sources and provider settings. A file that is
/// not JSON, or whose `resource` blocks have the wrong shape, is refused with the position of the problem.
/// https://developer.hashicorp.com/terraform/language/syntax/json
struct TerraformDocument {
  let file: String
  let bytes: [UInt8]
  let root: [String: JSONValue]
  private(set) var resources: [TerraformResource] = []
  /// `variable` blocks by name.
  private(set) var variables: [String: [String: JSONValue]] = [:]
  /// `data` blocks: `TYPE.NAME` → arguments.
  private(set) var dataSources: [String: [String: JSONValue]] = [:]
  /// The byte offset of each line's start, to turn offsets into positions without rescanning the file.
  private let lineStarts: [Int]

  init(file: String, text: String) throws(Diagnostic) {
    self.file = file
    bytes = Array(text.utf8)
    var starts = [0]
    for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
    lineStarts = starts
    let value = try JSONLocator.parse(bytes, file: file)
    guard let object = value.objectValue else {
      throw JSONLocator.diagnostic(
        "expected a Terraform JSON object ({\"resource\": {...}, \"variable\": {...}, ...})", bytes: bytes, offset: 0, file: file)
    }
    root = object
    for (type, name, body, path, offset) in try labelled(object["resource"], at: [.key("resource")], what: "resource") {
      resources.append(TerraformResource(type: type, name: name, body: body, path: path, location: location(offset: offset)))
    }
    for (type, name, body, _, _) in try labelled(object["data"], at: [.key("data")], what: "data") { dataSources["\(type).\(name)"] = body }
    for (name, body, _, _) in try blocks(object["variable"], at: [.key("variable")], what: "variable") { variables[name] = body }
  }

  /// A diagnostic at `path`.
  func error(_ message: String, _ path: [JSONLocator.Step], suggestion: String? = nil) -> Diagnostic {
    JSONLocator.diagnostic(message, bytes: bytes, offset: JSONLocator.offset(of: path, in: bytes), file: file, suggestion: suggestion)
  }

  /// The position of `path` in the file.
  func location(_ path: [JSONLocator.Step]) -> SourceLocation { location(offset: JSONLocator.offset(of: path, in: bytes)) }

  /// The position of a byte offset: its line from the table, its column in Unicode scalars.
  func location(offset: Int) -> SourceLocation {
    let offset = min(max(0, offset), bytes.count)
    var low = 0, high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    let column = String(decoding: bytes[lineStarts[low]..<offset], as: UTF8.self).unicodeScalars.count
    return SourceLocation(file: file, line: low + 1, column: column + 1)
  }

  /// `{"TYPE": {"NAME": {...}}}` with arrays allowed in place of each object; in file order.
  private func labelled(_ value: JSONValue?, at path: [JSONLocator.Step], what: String) throws(Diagnostic) -> [(String, String, [String: JSONValue], [JSONLocator.Step], Int)] {
    var out: [(String, String, [String: JSONValue], [JSONLocator.Step], Int)] = []
    for (type, typeValue, typePath, _) in try members(value, at: path, what: "\(what) (an object of \(what) types)") {
      for (name, body, bodyPath, offset) in try blocks(typeValue, at: typePath, what: "\(what) \"\(type)\"") {
        out.append((type, name, body, bodyPath, offset))
      }
    }
    return out
  }

  /// `{"NAME": {...}}` (or an array of such objects; each body an object or an array of one object).
  private func blocks(_ value: JSONValue?, at path: [JSONLocator.Step], what: String) throws(Diagnostic) -> [(String, [String: JSONValue], [JSONLocator.Step], Int)] {
    var out: [(String, [String: JSONValue], [JSONLocator.Step], Int)] = []
    for (name, body, bodyPath, offset) in try members(value, at: path, what: "\(what) (an object of named blocks)") {
      if let object = body.objectValue {
        out.append((name, object, bodyPath, offset))
      } else if let items = body.arrayValue, items.count == 1, let object = items[0].objectValue {
        out.append((name, object, bodyPath + [.index(0)], offset))
      } else {
        throw error("\(what) \"\(name)\" must be an object of arguments", bodyPath)
      }
    }
    return out
  }

  /// The members of an object, or of each object of an array, in file order.
  private func members(_ value: JSONValue?, at path: [JSONLocator.Step], what: String) throws(Diagnostic) -> [(String, JSONValue, [JSONLocator.Step], Int)] {
    guard let value else { return [] }
    var parts: [([String: JSONValue], [JSONLocator.Step])] = []
    if let object = value.objectValue {
      parts = [(object, path)]
    } else if let items = value.arrayValue {
      for (index, item) in items.enumerated() {
        guard let object = item.objectValue else { throw error("expected \(what)", path + [.index(index)]) }
        parts.append((object, path + [.index(index)]))
      }
    } else {
      throw error("expected \(what)", path)
    }
    var out: [(String, JSONValue, [JSONLocator.Step], Int)] = []
    for (object, base) in parts {
      // The file's order, so the session follows the file (JSONValue objects do not keep it).
      let offsets = Dictionary(uniqueKeysWithValues: object.keys.map { ($0, JSONLocator.offset(of: base + [.key($0)], in: bytes)) })
      let ordered = object.keys.sorted { (offsets[$0] ?? 0, $0) < (offsets[$1] ?? 0, $1) }
      for key in ordered where key != "//" {
        if let member = object[key] { out.append((key, member, base + [.key(key)], offsets[key] ?? 0)) }
      }
    }
    return out
  }

  // MARK: Values

  /// `TYPE.NAME.ATTRIBUTE` of a string that is exactly one reference `${TYPE.NAME.ATTRIBUTE}`.
  static func reference(_ value: JSONValue?) -> (type: String, name: String, attribute: String)? {
    guard let text = value?.stringValue, text.hasPrefix("${"), text.hasSuffix("}") else { return nil }
    let inner = text.dropFirst(2).dropLast()
    guard !inner.contains("$"), !inner.contains("(") else { return nil }
    let parts = inner.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
    return (String(parts[0]), String(parts[1]), String(parts[2]))
  }

  /// The name of a variable a string is exactly (`${var.NAME}`).
  static func variable(_ value: JSONValue?) -> String? {
    guard let text = value?.stringValue, text.hasPrefix("${var."), text.hasSuffix("}") else { return nil }
    let name = String(text.dropFirst(6).dropLast())
    return name.isEmpty || name.contains(where: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) ? nil : name
  }

  /// The first object of a nested block (`"setting": [{...}]` or `"setting": {...}`).
  static func block(_ value: JSONValue?) -> [String: JSONValue]? {
    if let object = value?.objectValue { return object }
    return value?.arrayValue?.first?.objectValue
  }

  /// A value as written, in text: strings as they are, numbers in JSON's form, booleans as true/false.
  static func text(_ value: JSONValue?) -> String? {
    switch value {
    case .string(let s)?: return s
    case .bool(let b)?: return b ? "true" : "false"
    case nil, .null?: return nil
    default:
      if let d = value?.doubleValue { return JSONValue.format(d) }
      return nil
    }
  }

  /// A whole number (JSON number or numeric string, as Terraform converts them).
  static func integer(_ value: JSONValue?) -> Int? {
    if let d = value?.doubleValue, let n = Int(exactly: d) { return n }
    if let s = value?.stringValue { return Int(s) }
    return nil
  }
}
