import Foundation
import VigilCore
import VigilModel

/// Turns one CloudFormation template into session lines: the resources Vigil models become their commands (with
/// `--physical-name` for the names the template gives), monitored resources it does not model become `reference`
/// lines, and everything else is reported as skipped with the reason. Nothing is added that the template does not
/// have (no key, archive or dead-letter queue); the platform rules report what is missing.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
struct CloudFormationImporter {
  let file: String
  let reader: TemplateReader
  let root: TemplateNode
  var resolver: IntrinsicResolver
  /// Report entries by logical id, written in template order at the end.
  var outcomes: [String: ImportedResource] = [:]
  /// Session names given to logical ids (topics and keys are named by other lines).
  var sessionNames: [String: String] = [:]
  /// Set when Vigil's own export wrote the template: its stack and the names it gave.
  let vigil: VigilTemplate?
  /// The resources whose condition holds, in template order (set by `run`).
  var active: [TemplateEntry] = []
  /// What the dashboards of a template Vigil wrote tell of the session's order (`readDashboards`).
  var overviewText = ""
  var serviceOfAlarm: [String: String] = [:]
  var alarmPositions: [String: Int] = [:]

  /// Reads the template; `parameters` may hold values for parameters of other files (they are ignored here).
  init(file: String, text: String, parameters: [String: String]) throws(Diagnostic) {
    self.file = file
    reader = TemplateReader(file: file, text: text)
    root = try reader.read(text)
    vigil = VigilTemplate(root)
    var values: [String: String] = [:]
    var declared = Set<String>()
    for entry in root["Parameters"]?.entries ?? [] {
      declared.insert(entry.key)
      if let given = parameters[entry.key] {
        if let allowed = entry.value["AllowedValues"]?.items?.compactMap(\.text), !allowed.isEmpty, !allowed.contains(given) {
          throw reader.error(
            "--parameter \(entry.key)=\(given): the template allows only \(allowed.joined(separator: ", "))", at: entry.keyLocation)
        }
        values[entry.key] = given
      } else if let value = entry.value["Default"] {
        if let text = value.text {
          values[entry.key] = text
        } else if let items = value.items {
          values[entry.key] = items.compactMap(\.text).joined(separator: ",")
        }
      }
    }
    var resources: [String: (type: String, node: TemplateNode)] = [:]
    for entry in root["Resources"]?.entries ?? [] { resources[entry.key] = (entry.value["Type"]?.text ?? "", entry.value) }
    resolver = IntrinsicResolver(
      parameters: values, declaredParameters: declared, pseudo: parameters.filter { IntrinsicResolver.pseudoParameters.contains($0.key) },
      resources: resources, mappings: root["Mappings"], conditions: root["Conditions"])
  }

  /// The parameters this template declares.
  var declaredParameters: Set<String> { resolver.declaredParameters }

  /// A parameter's value (given or default), for the stack line.
  func parameter(_ name: String) -> String? { resolver.parameters[name] }

  // MARK: Import

  mutating func run(into session: inout SessionAssembler) {
    let entries = root["Resources"]?.entries ?? []
    // Macros (AWS::Serverless and others) rewrite the template at deployment; the importer reads it as written.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-section-structure.html
    if let transform = root.entry("Transform") {
      let names = transform.value.text.map { [$0] } ?? transform.value.items?.compactMap(\.text) ?? []
      session.report.findings.append(
        ImportFinding(
          kind: "transform",
          message: "the template uses the transform \(names.joined(separator: ", ")), which CloudFormation expands at deployment; "
            + "the import reads the resources as written, before the expansion",
          location: transform.keyLocation))
    }
    var active: [TemplateEntry] = []
    for entry in entries {
      if let condition = entry.value["Condition"]?.text {
        switch resolver.condition(condition, at: entry.value.location) {
        case false?:
          skip(entry, "its condition \(condition) is false for these parameters")
          continue
        case nil:
          session.report.findings.append(
            ImportFinding(
              kind: "condition-undecided",
              message: "\(entry.key): condition \(condition) cannot be decided before deployment; imported as if true",
              location: entry.value["Condition"]?.location ?? entry.keyLocation))
        case true?: break
        }
      }
      active.append(entry)
    }
    self.active = active
    // Commands go in an order that replays: keys before what uses them, topics before the alarms that notify them,
    // services before their log groups, filters and alarms. In a template Vigil wrote, the dashboards give the order
    // the session defined services, filters, alarms and composites in (the template's resources are sorted by id).
    let own = vigil != nil
    if own { readDashboards() }
    if own { importNetwork(into: &session) }
    for entry in of("AWS::KMS::Key") { importKey(entry, into: &session) }
    if own { for entry in of("AWS::ECS::Cluster") { importCluster(entry, into: &session) } }
    // What Vigil's export derives from `logs … --archive glacier` (bucket, stream, roles) comes back with that line.
    let archive = vigil == nil ? [:] : archiveFilters(active)
    let archiveResources = archive.isEmpty ? [] : Self.archiveResources.filter { id in active.contains { $0.key == id } }
    // Every monitored resource of a template Vigil wrote is derived from a session command (references are never
    // written into it), so there they wait until the export of the imported session has claimed its own.
    if !own {
      for entry in active where CloudFormationTypes.references[type(of: entry)] != nil && !archiveResources.contains(entry.key) {
        importReference(entry, into: &session)
      }
    }
    if own {
      importVariables(into: &session)
      for entry in ordered(of("AWS::Lambda::Function") + of("AWS::ECS::Service"), by: serviceOrder) { importService(entry, into: &session) }
    }
    for entry in of("AWS::SNS::Topic") { importTopic(entry, into: &session) }
    for entry in of("AWS::Logs::LogGroup") where !(own && flowLogGroups.contains(entry.key)) {
      importLogGroup(entry, archive: archive[entry.key], into: &session)
    }
    let archiveLine = active.first { archive[$0.key] != nil && outcomes[$0.key]?.sessionLine != nil }.flatMap { outcomes[$0.key]?.sessionLine }
    if let line = archiveLine {
      for entry in active where archiveResources.contains(entry.key) {
        outcomes[entry.key] = ImportedResource(
          logicalID: entry.key, type: type(of: entry), outcome: .imported, sessionLine: line,
          reason: "Vigil's log archive, written again for the log groups with --archive glacier", location: entry.keyLocation)
      }
    }
    for entry in ordered(of("AWS::Logs::MetricFilter"), by: filterOrder) { importMetricFilter(entry, into: &session) }
    for entry in ordered(of("AWS::CloudWatch::Alarm"), by: alarmOrder) { importAlarm(entry, into: &session) }
    importComposites(into: &session)
    if !own { for entry in of("AWS::CloudWatch::Dashboard") { importDashboard(entry, into: &session) } }
    for entry in of("AWS::XRay::SamplingRule") { importSamplingRule(entry, into: &session) }
    if own {
      for entry in of("AWS::EC2::FlowLog") { importFlowLog(entry, into: &session) }
      for entry in of("AWS::Events::Rule") { importRemediation(entry, into: &session) }
      for entry in of("AWS::Synthetics::Canary") { importCanary(entry, into: &session) }
    }
    for entry in of("AWS::SSM::Parameter") { importParameter(entry, into: &session) }
    for entry in of("AWS::Logs::QueryDefinition") { importQueryDefinition(entry, into: &session) }
    if own {
      importDashboardWidgets(into: &session)
      recogniseGenerated(session)
      for entry in active where outcomes[entry.key] == nil && CloudFormationTypes.references[type(of: entry)] != nil {
        importReference(entry, into: &session)
      }
    }
    for entry in active where outcomes[entry.key] == nil { skip(entry, CloudFormationTypes.skipReason(type(of: entry))) }
    for entry in entries {
      if let outcome = outcomes[entry.key] { session.report.resources.append(outcome) }
    }
  }

  func type(of entry: TemplateEntry) -> String { entry.value["Type"]?.text ?? "" }

  /// A JSON number that is a whole number an `Int` holds; nil for any other (`Int(Double)` traps on 1e300).
  static func wholeNumber(_ value: JSONValue) -> Int? {
    if case .int(let number) = value { return number }
    return value.doubleValue.flatMap { Int(exactly: $0) }
  }

  /// The active resources of `type`, in template order.
  func of(_ type: String) -> [TemplateEntry] { active.filter { self.type(of: $0) == type } }

  /// The logical id a `Ref X`, `Fn::GetAtt [X, A]` or `Fn::GetAtt X.A` names.
  func target(_ node: TemplateNode?) -> String? {
    guard case .intrinsic(let function, let argument, _)? = node else { return nil }
    if function == "Ref" { return argument.text }
    guard function == "Fn::GetAtt" else { return nil }
    return argument.items?.first?.text ?? argument.text.map { String($0.split(separator: ".").first ?? "") }
  }

  /// The active resource with logical id `id`.
  func resource(_ id: String?) -> TemplateEntry? { id.flatMap { id in active.first { $0.key == id } } }

  /// Sorts by a position the dashboards give (the session's order), then the template's.
  func ordered(_ list: [TemplateEntry], by position: (TemplateEntry) -> Int?) -> [TemplateEntry] {
    list.enumerated().sorted { a, b in
      let pa = position(a.element) ?? Int.max, pb = position(b.element) ?? Int.max
      return pa != pb ? pa < pb : a.offset < b.offset
    }.map(\.element)
  }

  /// Marks `entry` as written by the line that imported `owner`.
  mutating func folded(_ entry: TemplateEntry, into owner: String, _ reason: String) {
    guard let line = outcomes[owner]?.sessionLine else { return }
    outcomes[entry.key] = ImportedResource(
      logicalID: entry.key, type: type(of: entry), outcome: .imported, sessionLine: line, reason: reason, location: entry.keyLocation)
  }

  func properties(_ entry: TemplateEntry) -> TemplateNode { entry.value["Properties"] ?? .map([], entry.value.location) }

  mutating func skip(_ entry: TemplateEntry, _ reason: String) {
    outcomes[entry.key] = ImportedResource(
      logicalID: entry.key, type: type(of: entry), outcome: .skipped, sessionLine: nil, reason: reason, location: entry.keyLocation)
  }

  /// Adds the command for `entry`; records the outcome, or the model's refusal as a skip.
  mutating func emit(
    _ words: [String], for entry: TemplateEntry, outcome: ImportOutcome, notes: [String], into session: inout SessionAssembler
  ) {
    // Problems met while resolving this resource's values are findings at their own positions.
    for problem in resolver.problems {
      session.report.findings.append(ImportFinding(kind: "unresolved-intrinsic", message: "\(entry.key): \(problem.message)", location: problem.location))
    }
    resolver.problems = []
    let command = words.joined(separator: " ")
    switch session.add(command, source: entry.keyLocation, label: "\(entry.key) (\(type(of: entry)))") {
    case .success(let line):
      outcomes[entry.key] = ImportedResource(
        logicalID: entry.key, type: type(of: entry), outcome: outcome, sessionLine: line, reason: notes.joined(separator: "; "),
        location: entry.keyLocation)
    case .failure(let diagnostic):
      skip(entry, "the session refuses it: \(diagnostic.message)")
    }
  }

  /// A session name from a logical id: `HighCPUAlarm` → `high-cpu-alarm` (or `preferred`, the name Vigil's own export
  /// gave it), unique within `kind`.
  mutating func name(
    for entry: TemplateEntry, kind: String, preferred: String? = nil, in session: inout SessionAssembler
  ) -> String {
    let name = session.uniqueName(preferred ?? Self.kebab(entry.key), kind: kind)
    sessionNames[entry.key] = name
    return name
  }

  static func kebab(_ id: String) -> String {
    let scalars = Array(id.unicodeScalars)
    var out = ""
    for (i, s) in scalars.enumerated() {
      let upper = ("A"..."Z").contains(s)
      let isAlnum = upper || ("a"..."z").contains(s) || ("0"..."9").contains(s)
      guard isAlnum else {
        if !out.isEmpty && !out.hasSuffix("-") { out += "-" }
        continue
      }
      if upper && i > 0 && !out.hasSuffix("-") {
        let previous = scalars[i - 1]
        let nextLower = i + 1 < scalars.count && ("a"..."z").contains(scalars[i + 1])
        if ("a"..."z").contains(previous) || ("0"..."9").contains(previous) || (("A"..."Z").contains(previous) && nextLower) { out += "-" }
      }
      out += String(s).lowercased()
    }
    while out.hasSuffix("-") { out.removeLast() }
    if out.isEmpty || !("a"..."z").contains(out.unicodeScalars.first!) { out = "r-" + out }
    if out.count > 40 {
      out = String(out.prefix(40))
      while out.hasSuffix("-") { out.removeLast() }
    }
    return out
  }

  func word(_ s: String) -> String { SessionAssembler.word(s) }

  /// A property's string value; symbolic values are returned too (callers decide).
  mutating func stringValue(_ node: TemplateNode?) -> TemplateValue? {
    guard let node else { return nil }
    return resolver.string(node)
  }
}
