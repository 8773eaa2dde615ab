import VigilCore

/// Writes a template as YAML that reads back as exactly the JSON template: block mappings and sequences with keys
/// sorted as in the JSON, every string double-quoted (so no text is read as a number, a boolean, a date or a tag),
/// intrinsic functions in their long form (`Fn::Join:`, `Ref:`), which CloudFormation accepts in YAML as in JSON.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
/// https://yaml.org/spec/1.2.2/#double-quoted-style
public enum CloudFormationYAML {
  public static func render(_ value: JSONValue) -> String {
    var lines: [String] = []
    write(value, indent: 0, into: &lines)
    return lines.joined(separator: "\n") + "\n"
  }

  /// Appends the lines of a mapping or sequence at `indent`; scalars and empty collections are written inline by
  /// their parent.
  static func write(_ value: JSONValue, indent: Int, into lines: inout [String]) {
    let pad = String(repeating: " ", count: indent)
    switch value {
    case .object(let members) where !members.isEmpty:
      for (key, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
        if let inline = scalar(member) {
          lines.append("\(pad)\(self.key(key)): \(inline)")
        } else {
          lines.append("\(pad)\(self.key(key)):")
          write(member, indent: indent + 2, into: &lines)
        }
      }
    case .array(let items) where !items.isEmpty:
      for item in items {
        if let inline = scalar(item) {
          lines.append("\(pad)- \(inline)")
        } else {
          // The item's first line moves up beside the dash: `- Key: value`, the rest stay two columns in.
          var nested: [String] = []
          write(item, indent: indent + 2, into: &nested)
          lines.append(pad + "- " + nested[0].dropFirst(indent + 2))
          lines += nested.dropFirst()
        }
      }
    default:
      lines.append(pad + (scalar(value) ?? "null"))
    }
  }

  /// The inline form of a scalar or an empty collection; nil for a mapping or sequence with members.
  static func scalar(_ value: JSONValue) -> String? {
    switch value {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .double(let d): return JSONValue.format(d)
    case .string(let s): return quoted(s)
    case .object(let members): return members.isEmpty ? "{}" : nil
    case .array(let items): return items.isEmpty ? "[]" : nil
    }
  }

  /// Words YAML 1.1 parsers (PyYAML, which cfn-lint uses) read as booleans or null when unquoted.
  static let reserved: Set<String> = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"]

  /// A key as written: plain when it is letters and digits, optionally `::`-separated (`Fn::GetAtt`, `Type`), else
  /// quoted.
  static func key(_ key: String) -> String {
    let words = key.components(separatedBy: "::")
    let plain =
      !reserved.contains(key.lowercased())
      && words.allSatisfy { word in
        guard let first = word.unicodeScalars.first, ("A"..."Z").contains(first) || ("a"..."z").contains(first) else { return false }
        return word.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
      }
    return plain ? key : quoted(key)
  }

  /// A double-quoted YAML string: `"` and `\` escaped, and every character YAML does not allow unescaped in a
  /// stream (C0 and C1 controls, DEL, U+FEFF, U+FFFE, U+FFFF) or that a reader might take as a line break
  /// (U+0085, U+2028, U+2029) written as `\uXXXX`.
  /// https://yaml.org/spec/1.2.2/#51-character-set
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFEFF || v == 0xFFFE || v == 0xFFFF {
          let hex = String(v, radix: 16, uppercase: true)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
