import VigilCore
import VigilExport

/// Renders findings as text (compiler-style, one block per finding), JSON, or SARIF 2.1.0 for code-scanning UIs.
public enum PolicyReport {
  public enum Format: String, Sendable, CaseIterable {
    case text, json, sarif
  }

  public static func render(_ findings: [PolicyFinding], format: Format, session: String) -> String {
    switch format {
    case .text: return text(findings, session: session)
    case .json: return json(findings, session: session).serialized() + "\n"
    case .sarif: return sarif(findings, session: session).serialized() + "\n"
    }
  }

  /// `file:line:col: RULE: message` with `why:` and `fix:` lines, then a summary line.
  public static func text(_ findings: [PolicyFinding], session: String) -> String {
    guard !findings.isEmpty else { return "\(session): no findings (\(PolicyRules.all.count) rules checked)\n" }
    var out = findings.map(\.text).joined(separator: "\n") + "\n"
    out += "\(session): \(findings.count) finding(s): \(counts(findings))\n"
    return out
  }

  static func counts(_ findings: [PolicyFinding]) -> String {
    let errors = findings.filter { $0.rule.severity == .error }.count
    let warnings = findings.filter { $0.rule.severity == .warning }.count
    return "\(errors) error(s), \(warnings) warning(s)"
  }

  static func location(_ l: SourceLocation?) -> JSONValue {
    guard let l else { return .null }
    var o: [String: JSONValue] = ["line": .int(l.line), "column": .int(l.column)]
    if let file = l.file { o["file"] = .string(file) }
    return .object(o)
  }

  public static func json(_ findings: [PolicyFinding], session: String) -> JSONValue {
    let items: [JSONValue] = findings.map { f in
      [
        "ruleId": .string(f.rule.id), "title": .string(f.rule.title), "severity": .string(f.rule.severity.rawValue),
        "resource": .string(f.resource), "location": location(f.location), "message": .string(f.message),
        "why": .string(f.rule.rationale), "fix": .array(f.fix.map { .string($0) }),
        "scannerIds": .array(f.rule.scannerIDs.map { .string($0) }),
      ]
    }
    return [
      "session": .string(session), "rulesChecked": .int(PolicyRules.all.count), "findings": .array(items),
      "summary": [
        "errors": .int(findings.filter { $0.rule.severity == .error }.count),
        "warnings": .int(findings.filter { $0.rule.severity == .warning }.count),
      ],
    ]
  }

  public static let sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

  /// SARIF 2.1.0: one run, every rule in `tool.driver.rules`, one result per finding pointing at its session line.
  public static func sarif(_ findings: [PolicyFinding], session: String) -> JSONValue {
    // The import rules are listed only when a finding uses one (`vigil check TEMPLATE`).
    let listed = PolicyRules.all + PolicyRules.importRules.filter { rule in findings.contains { $0.rule.id == rule.id } }
    let rules: [JSONValue] = listed.map { rule in
      var help = rule.rationale
      if !rule.scannerIDs.isEmpty { help += " Corresponds to \(rule.scannerIDs.joined(separator: ", "))." }
      return [
        "id": .string(rule.id), "name": .string(pascalCase(rule.title)),
        "shortDescription": ["text": .string(rule.title)], "fullDescription": ["text": .string(rule.rationale)],
        "help": ["text": .string(help)], "helpUri": .string(rule.helpURI),
        "defaultConfiguration": ["level": .string(rule.severity.rawValue)],
        "properties": ["tags": .array((["security", "vigil"] + rule.scannerIDs).map { .string($0) })],
      ]
    }
    let index = Dictionary(uniqueKeysWithValues: listed.enumerated().map { ($0.element.id, $0.offset) })
    let results: [JSONValue] = findings.map { f in
      var text = f.message
      if !f.fix.isEmpty { text += ". Fix: " + f.fix.joined(separator: " ; ") }
      var result: [String: JSONValue] = [
        "ruleId": .string(f.rule.id), "ruleIndex": .int(index[f.rule.id] ?? 0), "level": .string(f.rule.severity.rawValue),
        "message": ["text": .string(text)],
        "properties": ["resource": .string(f.resource), "fix": .array(f.fix.map { .string($0) })],
      ]
      let line = max(1, f.location?.line ?? 1), column = max(1, f.location?.column ?? 1)
      result["locations"] = [
        [
          "physicalLocation": [
            "artifactLocation": ["uri": .string(uriReference(f.location?.file ?? session))],
            "region": ["startLine": .int(line), "startColumn": .int(column)],
          ]
        ]
      ]
      return .object(result)
    }
    return [
      "$schema": .string(sarifSchema), "version": "2.1.0",
      "runs": [
        [
          "tool": [
            "driver": [
              "name": "vigil", "version": .string(VigilVersion.string), "semanticVersion": .string(VigilVersion.string),
              "informationUri": "https://github.com/oasis-tcs/sarif-spec", "rules": .array(rules),
            ]
          ],
          "results": .array(results), "columnKind": "unicodeCodePoints",
        ]
      ],
    ]
  }

  /// "Log groups are encrypted" → "LogGroupsAreEncrypted" (SARIF's rule `name`).
  static func pascalCase(_ title: String) -> String {
    title.split { !($0.isLetter || $0.isNumber) }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }

  /// A relative or absolute path as a URI reference: unreserved characters and `/` kept, others percent-encoded.
  static func uriReference(_ path: String) -> String {
    var out = path.hasPrefix("/") ? "file://" : ""
    for byte in path.utf8 {
      let c = Character(Unicode.Scalar(byte))
      if c.isASCII && (c.isLetter || c.isNumber || "-._~/".contains(c)) {
        out.append(c)
      } else {
        let hex = String(byte, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" : "") + hex
      }
    }
    return out
  }
}
