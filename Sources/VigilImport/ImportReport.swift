import VigilCore

/// What became of one source resource.
public enum ImportOutcome: String, Sendable, Equatable {
  /// A session command defines it.
  case imported
  /// Kept as a `reference` line: watched, never exported.
  case reference
  /// Not in the session; the reason says why.
  case skipped
}

/// One source resource in the import report.
public struct ImportedResource: Equatable, Sendable {
  public var logicalID: String
  public var type: String
  public var outcome: ImportOutcome
  /// The session line of its command (1-based), nil when skipped.
  public var sessionLine: Int?
  /// Why it was skipped, or what of it the session does not keep.
  public var reason: String
  /// Where the source defines it.
  public var location: SourceLocation

  public init(logicalID: String, type: String, outcome: ImportOutcome, sessionLine: Int?, reason: String, location: SourceLocation) {
    self.logicalID = logicalID
    self.type = type
    self.outcome = outcome
    self.sessionLine = sessionLine
    self.reason = reason
    self.location = location
  }
}

/// Something the import found wrong in the source, at the source's position.
public struct ImportFinding: Equatable, Sendable {
  /// A short stable id: `sampling-rule-wrapper`, `dimension-never-has-data`, `unresolved-intrinsic`, `condition-undecided`.
  public var kind: String
  public var message: String
  public var location: SourceLocation
  public var fix: String?

  public init(kind: String, message: String, location: SourceLocation, fix: String? = nil) {
    self.kind = kind
    self.message = message
    self.location = location
    self.fix = fix
  }
}

/// The report of one import: each source resource and what became of it, and the findings.
public struct ImportReport: Equatable, Sendable {
  public var resources: [ImportedResource] = []
  public var findings: [ImportFinding] = []
  /// Choices the importer made that the source does not state (the stack name, the suffix), one sentence each.
  public var notes: [String] = []

  public init() {}

  /// `{"resources":[{"logicalId","type","outcome","sessionLine","reason"}],"findings":[…]}`.
  public var json: JSONValue {
    let resources: [JSONValue] = resources.map { r in
      [
        "logicalId": .string(r.logicalID), "type": .string(r.type), "outcome": .string(r.outcome.rawValue),
        "sessionLine": r.sessionLine.map { .int($0) } ?? .null, "reason": .string(r.reason), "source": .string(r.location.description),
      ]
    }
    let findings: [JSONValue] = findings.map { f in
      [
        "kind": .string(f.kind), "message": .string(f.message), "location": .string(f.location.description),
        "fix": f.fix.map { .string($0) } ?? .null,
      ]
    }
    return ["resources": .array(resources), "findings": .array(findings), "notes": .array(notes.map { .string($0) })]
  }

  /// The text form: one line per source resource, then the findings.
  public var text: String {
    var lines: [String] = []
    let counts = [ImportOutcome.imported, .reference, .skipped].map { o in "\(resources.filter { $0.outcome == o }.count) \(o.rawValue)" }
    lines.append("\(resources.count) resources: \(counts.joined(separator: ", "))")
    for note in notes { lines.append("note: \(note)") }
    let width = resources.map(\.logicalID.count).max() ?? 0
    for r in resources {
      let padded = r.logicalID + String(repeating: " ", count: width - r.logicalID.count)
      let what: String
      switch r.outcome {
      case .imported: what = "imported   line \(r.sessionLine.map(String.init) ?? "-")"
      case .reference: what = "reference  line \(r.sessionLine.map(String.init) ?? "-")"
      case .skipped: what = "skipped"
      }
      lines.append("  \(padded)  \(r.type)  \(what)\(r.reason.isEmpty ? "" : ": \(r.reason)")")
    }
    lines.append(findings.isEmpty ? "no findings" : "\(findings.count) finding\(findings.count == 1 ? "" : "s"):")
    for f in findings {
      lines.append("  \(f.location.description): \(f.message)")
      if let fix = f.fix { lines.append("    fix: \(fix)") }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
