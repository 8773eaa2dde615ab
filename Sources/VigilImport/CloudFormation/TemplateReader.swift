import VigilCore
import Yams

/// Reads a CloudFormation template (YAML with the short-form tags, or JSON, which YAML reads too) into
/// `TemplateNode`s with file, line and column. Malformed input is a `Diagnostic` at the offending position.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
struct TemplateReader {
  let file: String
  let lines: [Substring]

  init(file: String, text: String) {
    self.file = file
    lines = text.split(separator: "\n", omittingEmptySubsequences: false)
  }

  /// The source line `line` (1-based), without its line end, for carets.
  func sourceLine(_ line: Int) -> String {
    guard line >= 1 && line <= lines.count else { return "" }
    var text = String(lines[line - 1])
    if text.hasSuffix("\r") { text.removeLast() }
    return text
  }

  func location(_ mark: Mark?) -> SourceLocation {
    SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  func error(_ message: String, at location: SourceLocation, suggestion: String? = nil) -> Diagnostic {
    Diagnostic(message, at: location, sourceLine: sourceLine(location.line), suggestion: suggestion)
  }

  /// Parses the text and checks it is a template: a mapping with a `Resources` mapping whose entries have a `Type`.
  func read(_ text: String) throws(Diagnostic) -> TemplateNode {
    // The YAML library (and the JSON check) build their trees recursively: input nested deeper than any template would exhaust the stack.
    if let tooDeep = Self.deepNesting(text, limit: Self.maxDepth) {
      throw self.error("the template nests deeper than \(Self.maxDepth) levels", at: SourceLocation(file: file, line: tooDeep.line, column: tooDeep.column))
    }
    // A JSON template must be JSON: YAML would also take a trailing comma or a comment, which CloudFormation refuses.
    if text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" }).first == "{" {
      do throws(JSONParseError) {
        _ = try JSONValue.parse(text)
      } catch {
        let bytes = Array(text.utf8)
        let offset = min(max(error.offset, 0), bytes.count)
        let before = bytes[..<offset]
        let line = before.filter { $0 == 0x0A }.count + 1
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).unicodeScalars.count + 1
        throw self.error("invalid JSON: \(error.message)", at: SourceLocation(file: file, line: line, column: column))
      }
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw diagnostic(for: error)
    } catch {
      throw self.error("cannot read the template: \(error)", at: SourceLocation(file: file))
    }
    guard let root else { throw self.error("the file is empty, not a CloudFormation template", at: SourceLocation(file: file)) }
    let node = try convert(root)
    guard case .map = node else {
      throw self.error("not a CloudFormation template: the top level is \(node.kindDescription), not a mapping", at: node.location)
    }
    guard let resources = node.entry("Resources") else {
      throw self.error(
        "not a CloudFormation template: no Resources section", at: node.location,
        suggestion: "a template has at least 'Resources:' with one resource")
    }
    guard let entries = resources.value.entries else {
      throw self.error("Resources must be a mapping of logical ids to resources, got \(resources.value.kindDescription)", at: resources.value.location)
    }
    for entry in entries {
      guard entry.value.entries != nil else {
        throw self.error("resource \(entry.key) must be a mapping with a Type, got \(entry.value.kindDescription)", at: entry.value.location)
      }
      guard let type = entry.value.entry("Type") else {
        throw self.error("resource \(entry.key) has no Type", at: entry.keyLocation, suggestion: "add e.g. 'Type: AWS::SNS::Topic'")
      }
      // AWS::Service::Resource, Custom::Name for custom resources, and third-party or module types.
      guard let text = type.value.text, text.components(separatedBy: "::").count >= 2,
        text.components(separatedBy: "::").allSatisfy({ !$0.isEmpty })
      else {
        throw self.error("resource \(entry.key): Type must be a resource type such as AWS::SNS::Topic", at: type.value.location)
      }
      if let properties = entry.value.entry("Properties"), properties.value.entries == nil {
        throw self.error(
          "resource \(entry.key): Properties must be a mapping, got \(properties.value.kindDescription)", at: properties.value.location)
      }
    }
    for section in ["Parameters", "Conditions", "Mappings", "Outputs"] {
      if let entry = node.entry(section), entry.value.entries == nil {
        throw self.error("\(section) must be a mapping, got \(entry.value.kindDescription)", at: entry.value.location)
      }
    }
    return node
  }

  /// How deep a template may nest; CloudFormation templates stay far below it.
  static let maxDepth = 200

  /// The first position where the nesting of `text` may exceed `limit`: open brackets, plus the indentation levels
  /// of block structure and the compact `- ` / `? ` entries that start a line (each opens a level). Brackets inside
  /// quotes and comments count too: an overestimate at worst, never an underestimate.
  static func deepNesting(_ text: String, limit: Int) -> (line: Int, column: Int)? {
    var flow = 0
    var indents: [Int] = []
    var line = 1
    var column = 0
    var atLineStart = true
    var indent = 0
    var compact = 0
    var previous: Unicode.Scalar = "\n"
    for s in text.unicodeScalars {
      column += 1
      defer { previous = s }
      if s == "\n" {
        line += 1
        column = 0
        atLineStart = true
        indent = 0
        compact = 0
        continue
      }
      if atLineStart {
        if s == " " {
          if previous == "-" || previous == "?" { compact += 1 }
          indent += 1
          continue
        }
        if s == "-" || s == "?" { continue }
        atLineStart = false
        while let last = indents.last, last > indent { indents.removeLast() }
        if indents.last.map({ $0 < indent }) ?? true { indents.append(indent) }
      }
      if s == "[" || s == "{" { flow += 1 } else if s == "]" || s == "}" { flow = max(0, flow - 1) }
      if flow + indents.count + compact > limit { return (line, column) }
    }
    return nil
  }

  private func diagnostic(for error: YamlError) -> Diagnostic {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let what = context.map { "\(problem) (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? problem
      return self.error("invalid YAML: \(what)", at: location(mark))
    case .reader(let problem, _, _, _):
      return self.error("invalid YAML: \(problem)", at: SourceLocation(file: file))
    default:
      return self.error("invalid YAML: \(error)", at: SourceLocation(file: file))
    }
  }

  /// Converts a Yams node, turning tags into intrinsics and refusing tags CloudFormation does not define.
  private func convert(_ node: Node, depth: Int = 0) throws(Diagnostic) -> TemplateNode {
    let here = location(node.mark)
    // Deeply nested input would otherwise exhaust the stack of the recursive conversion and resolution.
    guard depth < Self.maxDepth else { throw self.error("the template nests deeper than \(Self.maxDepth) levels", at: here) }
    let tag = node.tag.description
    let plain: TemplateNode
    switch node {
    case .scalar(let scalar): plain = .scalar(scalar.string, here)
    case .sequence(let sequence):
      var items: [TemplateNode] = []
      for item in sequence { items.append(try convert(item, depth: depth + 1)) }
      plain = .list(items, here)
    case .mapping(let mapping):
      var entries: [TemplateEntry] = []
      for (key, value) in mapping {
        guard case .scalar(let keyScalar) = key, key.tag.description.hasPrefix("tag:yaml.org") || key.tag.description.isEmpty
          || key.tag.description == "!"
        else {
          throw self.error("a mapping key must be a plain string", at: location(key.mark))
        }
        if entries.contains(where: { $0.key == keyScalar.string }) {
          throw self.error("key '\(keyScalar.string)' appears twice in this mapping", at: location(key.mark))
        }
        entries.append(TemplateEntry(key: keyScalar.string, keyLocation: location(key.mark), value: try convert(value, depth: depth + 1)))
      }
      if entries.count == 1, let only = entries.first, only.key == "Ref" || IntrinsicName.longForms.contains(only.key) {
        plain = .intrinsic(only.key, only.value, here)
      } else {
        plain = .map(entries, here)
      }
    }
    if tag.isEmpty || tag == "!" || tag.hasPrefix("tag:yaml.org,2002:") { return plain }
    guard let name = IntrinsicName.byTag[tag] else {
      throw self.error(
        "unknown tag '\(tag)': not a CloudFormation intrinsic function", at: here,
        suggestion: closestMatch(to: tag, in: IntrinsicName.byTag.keys).map { "did you mean '\($0)'?" })
    }
    return .intrinsic(name, plain, here)
  }
}
