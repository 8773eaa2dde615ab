import Foundation
import VigilAlarms
import VigilCore
import VigilImport
import VigilMetrics
import VigilModel
import VigilPolicy

/// Stacks written in another format (a CloudFormation template) imported in memory, so `vigil check`, `export` and
/// `preview-alarm` take them where they take a session, and the shell's `import` adds them to the current session.
public enum TemplateImport {
  /// Whether `path` names a file to import rather than a session (`.yaml`, `.yml`, `.json`, `.template`; Terraform's
  /// `.tf.json` and describe-alarms output are `.json`).
  public static func isImportable(_ path: String) -> Bool {
    let lower = path.lowercased()
    return [".yaml", ".yml", ".json", ".template"].contains { lower.hasSuffix($0) }
  }

  /// Whether `vigil preview-alarm FILE` imports the file's alarms (a CloudFormation template, Terraform JSON) rather
  /// than reading it as describe-alarms output, which the alarm engine reads as it is.
  public static func importsAlarms(_ path: String) -> Bool {
    guard isImportable(path), let text = try? String(contentsOfFile: path, encoding: .utf8),
      let format = ImportFormat.detect(path: path, text: text)
    else { return false }
    return format != .describeAlarms
  }

  /// Reads and imports the files; relative paths are taken from `base`.
  public static func read(
    _ paths: [String], base: URL? = nil, format: ImportFormat? = nil, parameters: [(String, String)] = []
  ) throws(TemplateImportError) -> StackImport {
    var sources: [ImportSource] = []
    for path in paths {
      let full = base.map { path.hasPrefix("/") ? path : $0.appendingPathComponent(path).path } ?? path
      switch readSessionText(atPath: full, file: path) {
      case .success(let text):
        sources.append(ImportSource(path: path, text: text, directory: URL(fileURLWithPath: full).deletingLastPathComponent().path))
      case .failure(.unreadable(let reason)): throw .unreadable("cannot read \(path): \(reason)")
      case .failure(.notUTF8(let diagnostic)): throw .invalid(diagnostic)
      }
    }
    do throws(Diagnostic) {
      return try StackImporter.run(sources, format: format, parameters: parameters)
    } catch {
      throw .invalid(error)
    }
  }

  /// Replays the import's commands into `interpreter`, each at the source position it came from (so findings point
  /// into the template); `skipStack` leaves out the `stack` line (the session already has one). Stops at a rejection.
  @discardableResult
  public static func replay(_ imported: StackImport, into interpreter: Interpreter, skipStack: Bool = false) -> [CommandOutcome] {
    var outcomes: [CommandOutcome] = []
    for command in imported.commands {
      if skipStack && command.text.hasPrefix("stack ") { continue }
      let outcome = interpreter.execute(command.text, file: command.source.file, firstLine: command.source.line)
      outcomes += outcome
      if outcome.contains(where: { $0.status == .invalid }) { break }
    }
    return outcomes
  }

  /// A fresh interpreter holding the imported stack of `path` (`vigil check|export TEMPLATE`).
  public static func interpreter(for path: String) throws(TemplateImportError) -> (Interpreter, [CommandOutcome]) {
    let imported = try read([path])
    let interpreter = Interpreter(baseDirectory: URL(fileURLWithPath: path).deletingLastPathComponent())
    let outcomes = replay(imported, into: interpreter)
    if let failure = outcomes.first(where: { $0.status == .invalid }) { throw .rejected(failure.output) }
    return (interpreter, outcomes)
  }
}

/// Why a file could not be imported.
public enum TemplateImportError: Error, Equatable, Sendable, CustomStringConvertible {
  case unreadable(String)
  /// Malformed input: the diagnostic with position and caret.
  case invalid(Diagnostic)
  /// The session refused an imported command (a bug of the importer: it checks every line).
  case rejected(String)

  public var description: String {
    switch self {
    case .unreadable(let message): message
    case .invalid(let diagnostic): diagnostic.description
    case .rejected(let output): output
    }
  }
}

extension AlarmReplay {
  /// The alarms of an imported template over PutMetricData-shaped files (`vigil preview-alarm TEMPLATE`).
  public init(stack: Stack, metricDataFiles: [String]) throws {
    let alarms = try AlarmSetBuilder.build(stack)
    var store = MetricStore()
    for path in metricDataFiles {
      guard let data = FileManager.default.contents(atPath: path) else { throw AlarmPreviewError("cannot read \(path): \(unreadableReason(path))") }
      switch CommandLexer.decode(data, file: path) {
      case .success(let text): try PutMetricDataReader.read(text, file: path, into: &store)
      case .failure(let diagnostic): throw AlarmPreviewError("cannot read \(path): \(diagnostic.headline)")
      }
    }
    store.finishLoading()
    self.init(alarms: alarms, store: store)
  }
}

extension TemplateImport {
  /// The import's findings as policy findings (rules VIGIL-IMP-…), merged with `findings` in template order.
  ///
  /// A dimension the import reports as never having data (VIGIL-IMP-001: at the template's exact column, naming the
  /// cause, with the fix) is also a dimension value the metric checks find no publisher for (VIGIL-MET-003, at the
  /// line of the imported command). One problem is one finding: the import's is kept, and the metric check's for the
  /// same resource, namespace and dimension is dropped, one for each import finding.
  public static func merging(_ report: ImportReport, into findings: [PolicyFinding]) -> [PolicyFinding] {
    var findings = findings
    for f in report.findings where f.kind == "dimension-never-has-data" {
      guard let (owner, namespace, dimension) = dimensionFinding(f.message),
        let source = report.resources.first(where: { $0.logicalID == owner })?.location,
        let duplicate = findings.firstIndex(where: { m in
          m.rule.id == PolicyRules.metricDimensionValue.id && m.location?.file == source.file && m.location?.line == source.line
            && m.message.contains(" reads \(namespace)/") && m.message.contains(" with \(dimension)=")
        })
      else { continue }
      findings.remove(at: duplicate)
    }
    let imported = report.findings.map { f in
      let rule: PolicyRule
      switch f.kind {
      case "dimension-never-has-data": rule = PolicyRules.dimensionHasData
      case "unresolved-intrinsic": rule = PolicyRules.intrinsicResolves
      case "condition-undecided", "transform": rule = PolicyRules.conditionDecided
      case "deprecated-runtime": rule = PolicyRules.deprecatedRuntime
      default: rule = PolicyRules.templateValid
      }
      let resource = String(f.message.prefix { $0 != ":" })
      return PolicyFinding(rule: rule, resource: resource, location: f.location, message: f.message, fix: f.fix.map { [$0] } ?? [])
    }
    return (findings + imported).enumerated().sorted { a, b in
      let la = a.element.location, lb = b.element.location
      if (la?.line ?? 0, la?.column ?? 0) != (lb?.line ?? 0, lb?.column ?? 0) {
        return (la?.line ?? 0, la?.column ?? 0) < (lb?.line ?? 0, lb?.column ?? 0)
      }
      return a.offset < b.offset
    }.map(\.element)
  }

  /// The resource, namespace and dimension of an import finding `OWNER: NAMESPACE dimension NAME …` (the form both
  /// importers write for a dimension that never has data).
  static func dimensionFinding(_ message: String) -> (owner: String, namespace: String, dimension: String)? {
    guard let colon = message.range(of: ": ") else { return nil }
    let owner = String(message[..<colon.lowerBound])
    let words = message[colon.upperBound...].split(separator: " ", maxSplits: 3)
    guard words.count >= 3, words[1] == "dimension" else { return nil }
    return (owner, String(words[0]), String(words[2]))
  }
}
