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
  private var outcomes: [String: ImportedResource] = [:]
  /// Session names given to logical ids (topics and keys are named by other lines).
  private var sessionNames: [String: String] = [:]
  /// Set when Vigil's own export wrote the template: its stack and the names it gave.
  let vigil: VigilTemplate?

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
    // Commands go in an order that replays: keys before what uses them, topics before the alarms that notify them.
    for entry in active where type(of: entry) == "AWS::KMS::Key" { importKey(entry, into: &session) }
    // What Vigil's export derives from `logs … --archive glacier` (bucket, stream, roles) comes back with that line.
    let archive = vigil == nil ? [:] : archiveFilters(active)
    let archiveResources = archive.isEmpty ? [] : Self.archiveResources.filter { id in active.contains { $0.key == id } }
    for entry in active where CloudFormationTypes.references[type(of: entry)] != nil && !archiveResources.contains(entry.key) {
      importReference(entry, into: &session)
    }
    for entry in active where type(of: entry) == "AWS::SNS::Topic" { importTopic(entry, into: &session) }
    for entry in active where type(of: entry) == "AWS::Logs::LogGroup" { importLogGroup(entry, archive: archive[entry.key], into: &session) }
    let archiveLine = active.first { archive[$0.key] != nil && outcomes[$0.key]?.sessionLine != nil }.flatMap { outcomes[$0.key]?.sessionLine }
    if let line = archiveLine {
      for entry in active where archiveResources.contains(entry.key) {
        outcomes[entry.key] = ImportedResource(
          logicalID: entry.key, type: type(of: entry), outcome: .imported, sessionLine: line,
          reason: "Vigil's log archive, written again for the log groups with --archive glacier", location: entry.keyLocation)
      }
    }
    for entry in active where type(of: entry) == "AWS::CloudWatch::Alarm" { importAlarm(entry, into: &session) }
    for entry in active where type(of: entry) == "AWS::CloudWatch::Dashboard" { importDashboard(entry, into: &session) }
    for entry in active where type(of: entry) == "AWS::XRay::SamplingRule" { importSamplingRule(entry, into: &session) }
    for entry in active where outcomes[entry.key] == nil { skip(entry, CloudFormationTypes.skipReason(type(of: entry))) }
    for entry in entries {
      if let outcome = outcomes[entry.key] { session.report.resources.append(outcome) }
    }
  }

  private func type(of entry: TemplateEntry) -> String { entry.value["Type"]?.text ?? "" }

  private func properties(_ entry: TemplateEntry) -> TemplateNode { entry.value["Properties"] ?? .map([], entry.value.location) }

  private mutating func skip(_ entry: TemplateEntry, _ reason: String) {
    outcomes[entry.key] = ImportedResource(
      logicalID: entry.key, type: type(of: entry), outcome: .skipped, sessionLine: nil, reason: reason, location: entry.keyLocation)
  }

  /// Adds the command for `entry`; records the outcome, or the model's refusal as a skip.
  private mutating func emit(
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
  private mutating func name(
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

  private func word(_ s: String) -> String { SessionAssembler.word(s) }

  /// A property's string value; symbolic values are returned too (callers decide).
  private mutating func stringValue(_ node: TemplateNode?) -> TemplateValue? {
    guard let node else { return nil }
    return resolver.string(node)
  }

  // MARK: Kinds

  /// AWS::KMS::Key → `key` (rotation and deletion window as the template has them, CloudFormation's defaults otherwise).
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html
  private mutating func importKey(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let p = properties(entry)
    // Vigil's key has its name only in its alias (`alias/logs-key-dev`), which comes back on the key's line.
    let alias = vigil == nil ? nil : (root["Resources"]?.entries ?? []).first(where: { other in
      guard type(of: other) == "AWS::KMS::Alias", case .intrinsic("Ref", let target, _)? = properties(other)["TargetKeyId"] else { return false }
      return target.text == entry.key
    })
    var adopted: String?
    if let alias, let aliasName = stringValue(properties(alias)["AliasName"])?.literal, aliasName.hasPrefix("alias/") {
      adopted = vigil?.sessionName(physical: String(aliasName.dropFirst(6)), role: .key, logicalID: entry.key, prefix: .key)
    }
    let name = name(for: entry, kind: "key", preferred: adopted, in: &session)
    var notes: [String] = []
    let rotation = stringValue(p["EnableKeyRotation"])?.literal == "true"
    var window = 30
    if let text = stringValue(p["PendingWindowInDays"])?.literal {
      guard let days = Int(text) else {
        skip(entry, "PendingWindowInDays '\(text)' is not a number")
        return
      }
      window = days
    }
    if p["KeyPolicy"] != nil { notes.append("KeyPolicy not kept: Vigil's export writes the key policy its own resources need") }
    for key in ["KeySpec", "KeyUsage", "MultiRegion", "Enabled"] where p[key] != nil { notes.append("\(key) not kept") }
    emit(
      ["key", name, "--rotation", rotation ? "on" : "off", "--deletion-window", String(window)], for: entry, outcome: .imported,
      notes: notes, into: &session)
    if let alias, adopted == name, let line = outcomes[entry.key]?.sessionLine {
      outcomes[alias.key] = ImportedResource(
        logicalID: alias.key, type: type(of: alias), outcome: .imported, sessionLine: line, reason: "the alias Vigil writes for key \(name)",
        location: alias.keyLocation)
    }
  }

  /// A monitored resource Vigil does not model → `reference NAME --type TYPE --attribute K=V`.
  private mutating func importReference(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let type = type(of: entry)
    guard let known = CloudFormationTypes.references[type] else { return }
    let p = properties(entry)
    let name = name(for: entry, kind: "reference", in: &session)
    var words = ["reference", name, "--type", type]
    var deployed = known.deployed
    for (attribute, property) in known.attributes {
      guard let node = p[property] else {
        deployed.append(attribute)
        continue
      }
      guard let value = stringValue(node), !value.isSymbolic, let text = value.string else {
        deployed.append(attribute)
        continue
      }
      words += ["--attribute", word("\(attribute)=\(text)")]
    }
    let notes = deployed.isEmpty ? [] : ["known only after deployment: \(deployed.joined(separator: ", "))"]
    emit(words, for: entry, outcome: .reference, notes: notes, into: &session)
  }

  /// AWS::SNS::Topic → `topic` with its name and key as written.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html
  private mutating func importTopic(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let p = properties(entry)
    let topicName = stringValue(p["TopicName"])?.literal
    let adopted = topicName.flatMap { vigil?.sessionName(physical: $0, role: .topic, logicalID: entry.key, prefix: .topic) }
    let name = name(for: entry, kind: "topic", preferred: adopted, in: &session)
    var words = ["topic", name]
    var notes: [String] = []
    if let value = stringValue(p["TopicName"]) {
      guard let text = value.literal else {
        skip(entry, "TopicName \(value.string ?? "") is known only after deployment")
        return
      }
      // A name that follows Vigil's conventions is the one Vigil gives it again.
      if adopted != name { words += ["--physical-name", word(text)] }
    } else {
      notes.append("no TopicName: CloudFormation generates one, Vigil names it \(name)-topic-SUFFIX")
    }
    words += keyWords(p["KmsMasterKeyId"], notes: &notes)
    if p["DisplayName"] != nil { notes.append("DisplayName not kept") }
    // E-mail and HTTPS subscriptions, inline or as AWS::SNS::Subscription resources, go on the topic line.
    var subscriptionWords: [String] = []
    var folded: [TemplateEntry] = []
    func subscription(_ node: TemplateNode, what: String) -> Bool {
      let kind = stringValue(node["Protocol"])?.literal
      guard kind == "email" || kind == "https", let endpoint = stringValue(node["Endpoint"]) else { return false }
      guard let text = endpoint.literal else {
        notes.append("\(what) endpoint \(endpoint.string ?? "") is known only after deployment: not kept")
        return false
      }
      subscriptionWords += [kind == "email" ? "--email" : "--webhook", word(text)]
      return true
    }
    for item in p["Subscription"]?.items ?? [] where !subscription(item, what: "an inline subscription's") {
      notes.append("an inline subscription (\(stringValue(item["Protocol"])?.string ?? "?")) not kept")
    }
    for other in root["Resources"]?.entries ?? [] where type(of: other) == "AWS::SNS::Subscription" {
      guard case .intrinsic("Ref", let target, _)? = other.value["Properties"]?["TopicArn"], target.text == entry.key else { continue }
      if subscription(properties(other), what: "\(other.key)'s") { folded.append(other) }
    }
    let plain = words
    for key in ["FifoTopic", "ContentBasedDeduplication", "TracingConfig", "DeliveryStatusLogging", "ArchivePolicy", "DataProtectionPolicy"]
    where p[key] != nil { notes.append("\(key) not kept") }
    guard !subscriptionWords.isEmpty else {
      emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
      return
    }
    // A subscription the session refuses (a webhook with a token in clear) must not lose the topic with it.
    emit(plain + subscriptionWords, for: entry, outcome: .imported, notes: notes, into: &session)
    if outcomes[entry.key]?.outcome == .skipped {
      let refusal = outcomes[entry.key]?.reason ?? ""
      emit(plain, for: entry, outcome: .imported, notes: notes + ["subscriptions not kept: \(refusal)"], into: &session)
      for other in folded { skip(other, "its topic's line refuses it: \(refusal)") }
      return
    }
    let line = outcomes[entry.key]?.sessionLine
    for other in folded {
      outcomes[other.key] = ImportedResource(
        logicalID: other.key, type: type(of: other), outcome: .imported, sessionLine: line,
        reason: "on the line of topic \(entry.key)", location: other.keyLocation)
    }
  }

  /// `--key NAME` for a key this import defines, else `--no-key` (Vigil would otherwise use the stack's first key).
  private mutating func keyWords(_ node: TemplateNode?, notes: inout [String]) -> [String] {
    guard let node else { return ["--no-key"] }
    if case .intrinsic(let function, let argument, _) = node, function == "Ref" || function == "Fn::GetAtt",
      let target = argument.text.map({ String($0.split(separator: ".").first ?? "") }) ?? argument.items?.first?.text,
      let key = sessionNames[target]
    {
      return ["--key", key]
    }
    let shown = stringValue(node)?.string ?? "?"
    notes.append("key \(shown) is not a key of this template: not kept (AWS-managed keys are not modelled)")
    return ["--no-key"]
  }

  /// AWS::Logs::LogGroup → `logs NAME --physical-name …` without a key or archive when the template has none.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html
  private mutating func importLogGroup(_ entry: TemplateEntry, archive: TemplateEntry?, into session: inout SessionAssembler) {
    let p = properties(entry)
    guard let value = stringValue(p["LogGroupName"]) else {
      skip(entry, "no LogGroupName: CloudFormation generates the name, and a log group without a service needs one in Vigil")
      return
    }
    guard let groupName = value.literal else {
      skip(entry, "LogGroupName \(value.string ?? "") is known only after deployment")
      return
    }
    guard let retention = stringValue(p["RetentionInDays"])?.literal else {
      skip(entry, "no RetentionInDays (logs never expire): Vigil log groups always have a retention")
      return
    }
    let name = name(for: entry, kind: "logs", preferred: vigil?.logGroupName(groupName, logicalID: entry.key), in: &session)
    var notes: [String] = []
    var words = ["logs", name, "--physical-name", word(groupName), "--retention", word(retention)]
    words += keyWords(p["KmsKeyId"], notes: &notes)
    if archive != nil {
      words += ["--archive", "glacier"]
      if let days = archiveAfterDays(), days != 30 { words += ["--archive-after", String(days)] }
    } else {
      words += ["--archive", "none"]
    }
    for key in ["LogGroupClass", "DataProtectionPolicy", "FieldIndexPolicies"] where p[key] != nil { notes.append("\(key) not kept") }
    emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
    if let archive, let line = outcomes[entry.key]?.sessionLine {
      outcomes[archive.key] = ImportedResource(
        logicalID: archive.key, type: type(of: archive), outcome: .imported, sessionLine: line,
        reason: "the archive subscription Vigil writes for --archive glacier", location: archive.keyLocation)
    }
  }

  /// The resources Vigil's export derives from archived log groups (`Archive+CloudFormation.swift`).
  static let archiveResources: Set<String> = [
    "LogArchiveBucket", "LogArchiveStream", ResourceNames.cloudFormationID(.role, "firehose"),
    ResourceNames.cloudFormationID(.role, "logs_to_firehose"),
  ]

  /// Log group logical id → the subscription filter Vigil's export writes for its archive (`Archive<Id>`, to the
  /// `LogArchiveStream` delivery stream).
  private func archiveFilters(_ entries: [TemplateEntry]) -> [String: TemplateEntry] {
    var filters: [String: TemplateEntry] = [:]
    for entry in entries where type(of: entry) == "AWS::Logs::SubscriptionFilter" && entry.key.hasPrefix("Archive") {
      let p = properties(entry)
      guard case .intrinsic("Ref", let group, _)? = p["LogGroupName"], let groupID = group.text,
        case .intrinsic("Fn::GetAtt", let destination, _)? = p["DestinationArn"],
        destination.items?.first?.text == "LogArchiveStream" || destination.text == "LogArchiveStream.Arn",
        groupID.hasPrefix("Logs"), entry.key == "Archive" + groupID.dropFirst(4)
      else { continue }
      filters[groupID] = entry
    }
    return filters
  }

  /// The days after which Vigil's archive bucket moves objects to Glacier (its `archive-to-glacier` rule).
  private mutating func archiveAfterDays() -> Int? {
    let rules = root["Resources"]?["LogArchiveBucket"]?["Properties"]?["LifecycleConfiguration"]?["Rules"]?.items ?? []
    guard let rule = rules.first(where: { $0["Id"]?.text == "archive-to-glacier" }),
      let days = rule["Transitions"]?.items?.first?["TransitionInDays"]?.text
    else { return nil }
    return Int(days)
  }

  /// AWS::CloudWatch::Alarm (one metric) → `alarm` with its name, dimensions and actions as written.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html
  private mutating func importAlarm(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let p = properties(entry)
    guard p["Metrics"] == nil else {
      skip(entry, "metric-math alarms (Metrics) are not imported yet")
      return
    }
    guard let namespace = stringValue(p["Namespace"])?.literal, let metric = stringValue(p["MetricName"])?.literal else {
      skip(entry, "an alarm needs a known Namespace and MetricName")
      return
    }
    let alarmName = stringValue(p["AlarmName"])?.literal
    let adopted = alarmName.flatMap { vigil?.sessionName(physical: $0, role: .alarm, logicalID: entry.key, prefix: .alarm) }
    let name = name(for: entry, kind: "alarm", preferred: adopted, in: &session)
    var words = ["alarm", name, "--metric", word("\(namespace)/\(metric)")]
    var notes: [String] = []
    for item in p["Dimensions"]?.items ?? [] {
      guard let key = stringValue(item["Name"])?.literal, let valueNode = item["Value"], let value = stringValue(valueNode)?.string else {
        notes.append("a dimension without a known Name and Value not kept")
        continue
      }
      words += ["--dimension", word("\(key)=\(value)")]
      checkDimension(namespace: namespace, dimension: key, value: valueNode, at: valueNode.location, owner: entry.key, into: &session)
    }
    if let stat = stringValue(p["ExtendedStatistic"])?.literal ?? stringValue(p["Statistic"])?.literal { words += ["--stat", word(stat)] }
    guard let periodText = stringValue(p["Period"])?.literal, let period = Int(periodText) else {
      skip(entry, "Period must be a number of seconds")
      return
    }
    words += ["--period", period % 60 == 0 ? "\(period / 60)m" : "\(period)s"]
    guard let thresholdText = stringValue(p["Threshold"])?.literal, let threshold = Double(thresholdText) else {
      skip(entry, "Threshold must be a number (anomaly-detection alarms are not imported yet)")
      return
    }
    let comparison = stringValue(p["ComparisonOperator"])?.literal ?? ""
    words += ["--threshold", JSONValue.format(threshold), "--comparison", word(comparison)]
    let evaluation = Int(stringValue(p["EvaluationPeriods"])?.literal ?? "") ?? 1
    let datapoints = Int(stringValue(p["DatapointsToAlarm"])?.literal ?? "") ?? evaluation
    words += ["--datapoints", "\(datapoints)/\(evaluation)"]
    if let missing = stringValue(p["TreatMissingData"])?.literal { words += ["--missing", word(missing)] }
    if let description = stringValue(p["AlarmDescription"])?.string { words += ["--description", word(description)] }
    for action in p["AlarmActions"]?.items ?? [] {
      if case .intrinsic("Ref", let argument, _) = action, let target = argument.text, let topic = sessionNames[target],
        resolver.resources[target]?.type == "AWS::SNS::Topic"
      {
        words += ["--notify", topic]
      } else {
        notes.append("alarm action \(stringValue(action)?.string ?? "?") is not a topic of this template: not kept")
      }
    }
    for key in ["OKActions", "InsufficientDataActions"] where p[key] != nil { notes.append("\(key) not kept (Vigil alarms notify on ALARM)") }
    if stringValue(p["ActionsEnabled"])?.literal == "false" { notes.append("ActionsEnabled false not kept") }
    for key in ["Unit", "EvaluateLowSampleCountPercentile"] where p[key] != nil { notes.append("\(key) not kept") }
    if let value = stringValue(p["AlarmName"]) {
      if let text = value.literal {
        if adopted != name { words += ["--physical-name", word(text)] }
      } else {
        notes.append("AlarmName \(value.string ?? "") is known only after deployment: Vigil names it \(name)-alarm-SUFFIX")
      }
    }
    emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
  }

  /// AWS::XRay::SamplingRule → `tracing` (Vigil keeps one fixed-rate rule that matches every request).
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-xray-samplingrule.html
  private mutating func importSamplingRule(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    if session.stack.tracing != nil {
      skip(entry, "a second sampling rule: Vigil keeps one")
      return
    }
    let p = properties(entry)
    var rule = p["SamplingRule"] ?? p
    if p["SamplingRule"] == nil, p["FixedRate"] != nil || p["RuleName"] != nil {
      // The properties of the rule belong under SamplingRule; CloudFormation rejects them at the top.
      let location = entry.value.entry("Properties")?.keyLocation ?? entry.keyLocation
      session.report.findings.append(
        ImportFinding(
          kind: "sampling-rule-wrapper",
          message: "\(entry.key): the rule's properties (\(p.entries?.map(\.key).joined(separator: ", ") ?? "")) must sit under "
            + "SamplingRule:, so CloudFormation rejects the resource as written; imported as meant",
          location: location, fix: "indent them under 'SamplingRule:' inside Properties"))
      rule = p
    }
    guard let rateText = stringValue(rule["FixedRate"])?.literal, Double(rateText) != nil else {
      skip(entry, "FixedRate must be a number")
      return
    }
    var words = ["tracing", "--sampling", word(rateText)]
    if let reservoir = stringValue(rule["ReservoirSize"])?.literal { words += ["--reservoir", word(reservoir)] }
    var notes: [String] = []
    if let value = stringValue(rule["RuleName"]) {
      if let text = value.literal {
        // The name Vigil's export gives its rule is given again.
        let given = vigil.map { String($0.names.physical($0.environment.stackName, .sampling).prefix(32)) }
        if text != given { words += ["--physical-name", word(text)] }
      } else {
        notes.append("RuleName known only after deployment")
      }
    }
    for (key, expected) in [("Priority", "1000"), ("Version", "1")] {
      if let value = stringValue(rule[key])?.literal, value != expected { notes.append("\(key) \(value) not kept (Vigil writes \(expected))") }
    }
    for key in ["ServiceName", "ServiceType", "Host", "HTTPMethod", "URLPath", "ResourceARN"] {
      if let value = stringValue(rule[key])?.string, value != "*" { notes.append("\(key) \(value) not kept (Vigil's rule matches *)") }
    }
    if rule["Attributes"] != nil { notes.append("Attributes not kept") }
    emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
  }

  // MARK: Dashboards

  /// AWS::CloudWatch::Dashboard → `dashboard overview add` lines, one per metric (Vigil's widgets graph one metric).
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
  private mutating func importDashboard(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    if session.stack.dashboardWidgets.contains(where: { $0.dashboard == "overview" }) {
      skip(entry, "a second dashboard: the import keeps one, as the overview")
      return
    }
    let p = properties(entry)
    guard let bodyNode = p["DashboardBody"] else {
      skip(entry, "no DashboardBody")
      return
    }
    // The body is JSON inside a string; with Fn::Sub, each string of it is substituted on its own so a dimension
    // value keeps the Ref it came from.
    var raw: String
    var variables: TemplateNode?
    var substitute = false
    switch bodyNode {
    case .scalar(let text, _): raw = text
    case .intrinsic("Fn::Sub", let argument, _):
      substitute = true
      if let text = argument.text {
        raw = text
      } else if let items = argument.items, items.count == 2, let text = items[0].text {
        raw = text
        variables = items[1]
      } else {
        skip(entry, "DashboardBody: Fn::Sub takes a string or [string, {variables}]")
        return
      }
    default:
      guard let value = stringValue(bodyNode), let text = value.string else {
        skip(entry, "DashboardBody must be a string")
        return
      }
      raw = text
    }
    let body: JSONValue
    do throws(JSONParseError) {
      body = try JSONValue.parse(raw)
    } catch {
      session.report.findings.append(
        ImportFinding(kind: "dashboard-body", message: "\(entry.key): DashboardBody is not JSON: \(error)", location: bodyNode.location))
      skip(entry, "DashboardBody is not JSON")
      return
    }
    let bodyLine = bodyNode.location.line
    var placeholderSeen: [String: Int] = [:]
    func resolveString(_ s: String) -> TemplateValue {
      guard substitute else { return .known(s) }
      let here = bodyNode.location
      let node: TemplateNode = variables.map { .list([.scalar(s, here), $0], here) } ?? .scalar(s, here)
      return resolver.resolve(.intrinsic("Fn::Sub", node, here))
    }
    var lines: [[String]] = []
    var notes: [String] = []
    var graphs = 0
    for widget in body["widgets"]?.arrayValue ?? [] {
      let properties = widget["properties"]
      let title = properties?["title"]?.stringValue.map { resolveString($0).string ?? $0 }
      let width = widget["width"]?.doubleValue.map { String(Int($0)) }
      let height = widget["height"]?.doubleValue.map { String(Int($0)) }
      var size: [String] = []
      if let width { size += ["--width", width] }
      if let height { size += ["--height", height] }
      switch widget["type"]?.stringValue {
      case "metric":
        graphs += 1
        var previous: [JSONValue] = []
        for row in properties?["metrics"]?.arrayValue ?? [] {
          guard var items = row.arrayValue else { continue }
          var options: JSONValue?
          if let last = items.last, last.objectValue != nil {
            options = last
            items.removeLast()
          }
          // "." repeats the value at the same place in the row before.
          for (i, item) in items.enumerated() where item.stringValue == "." && i < previous.count { items[i] = previous[i] }
          previous = items
          let texts = items.compactMap(\.stringValue)
          guard texts.count == items.count, texts.count >= 2, texts.count % 2 == 0 else {
            notes.append("a metric row that is not [namespace, name, dimension, value, …] not kept")
            continue
          }
          guard let namespace = resolveString(texts[0]).literal, let metric = resolveString(texts[1]).literal else {
            notes.append("a metric with an unresolved namespace or name not kept")
            continue
          }
          var words = ["dashboard", "overview", "add", "--metric", word("\(namespace)/\(metric)")]
          var index = 2
          while index + 1 < texts.count {
            let key = texts[index]
            let rawValue = texts[index + 1]
            let value = resolveString(rawValue)
            words += ["--dimension", word("\(key)=\(value.string ?? rawValue)")]
            // The k-th use of a placeholder in the body text is the k-th line that has it, after the body's key.
            if substitute, rawValue.hasPrefix("${"), rawValue.hasSuffix("}") {
              let occurrence = placeholderSeen[rawValue, default: 0]
              placeholderSeen[rawValue] = occurrence + 1
              let location = locate(rawValue, occurrence: occurrence, from: bodyLine) ?? bodyNode.location
              let target = String(rawValue.dropFirst(2).dropLast())
              checkDimension(
                namespace: namespace, dimension: key, value: .intrinsic("Ref", .scalar(target, location), location), at: location,
                owner: entry.key, into: &session)
            }
            index += 2
          }
          let stat = options?["stat"]?.stringValue ?? properties?["stat"]?.stringValue
          if let stat { words += ["--stat", word(stat)] }
          if let title { words += ["--title", word(title)] }
          lines.append(words + size)
        }
      case "text":
        if let markdown = properties?["markdown"]?.stringValue {
          if markdown.contains("\n") {
            notes.append("a text widget of several lines not kept (a session line holds one)")
          } else {
            lines.append(["dashboard", "overview", "add", "--text", word(markdown)] + (title.map { ["--title", word($0)] } ?? []) + size)
          }
        }
      case "log":
        if let query = properties?["query"]?.stringValue {
          notes.append("a log widget's query (log groups in SOURCE) is kept as a Logs Insights widget")
          lines.append(["dashboard", "overview", "add", "--logs", word(query)] + (title.map { ["--title", word($0)] } ?? []) + size)
        }
      default:
        notes.append("a widget of type \(widget["type"]?.stringValue ?? "none") not kept")
      }
    }
    guard !lines.isEmpty else {
      skip(entry, "the dashboard has no widget Vigil models")
      return
    }
    if graphs > 0 {
      notes.append("graphs become one widget per metric; positions, per-graph period and region not kept")
    }
    if let value = stringValue(p["DashboardName"]) {
      if let text = value.literal { lines[0] += ["--physical-name", word(text)] } else { notes.append("DashboardName known only after deployment") }
    }
    // Problems met while resolving are findings; the first line carries the resource's outcome.
    for problem in resolver.problems {
      session.report.findings.append(ImportFinding(kind: "unresolved-intrinsic", message: "\(entry.key): \(problem.message)", location: problem.location))
    }
    resolver.problems = []
    var first: Int?
    var refused: [String] = []
    for words in lines {
      switch session.add(words.joined(separator: " "), source: entry.keyLocation, label: "\(entry.key) (\(type(of: entry)))") {
      case .success(let line): first = first ?? line
      case .failure(let diagnostic): refused.append(diagnostic.message)
      }
    }
    if !refused.isEmpty { notes.append("\(refused.count) widget(s) refused by the session: \(refused.joined(separator: "; "))") }
    guard let first else {
      skip(entry, "the session refuses every widget: \(refused.joined(separator: "; "))")
      return
    }
    outcomes[entry.key] = ImportedResource(
      logicalID: entry.key, type: type(of: entry), outcome: .imported, sessionLine: first,
      reason: ([lines.count == 1 ? "1 widget" : "\(lines.count) widgets on the overview dashboard"] + notes).joined(separator: "; "),
      location: entry.keyLocation)
  }

  /// The position of the `occurrence`-th (0-based) appearance of `needle` on or after template line `line`.
  private func locate(_ needle: String, occurrence: Int, from line: Int) -> SourceLocation? {
    var seen = 0
    for number in max(line, 1)...max(line, reader.lines.count) {
      let full = reader.sourceLine(number)
      var searchStart = full.startIndex
      while let range = full.range(of: needle, range: searchStart..<full.endIndex) {
        if seen == occurrence {
          return SourceLocation(file: file, line: number, column: full[..<range.lowerBound].unicodeScalars.count + 1)
        }
        seen += 1
        searchStart = range.upperBound
      }
    }
    return nil
  }

  // MARK: Dimensions that never have data

  /// A dimension whose value comes from a `Ref` that returns the wrong identifier for the metric: CloudWatch publishes
  /// under the other one, so the graph or alarm never has data.
  /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
  /// https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.WhichShouldIMonitor.html
  private mutating func checkDimension(
    namespace: String, dimension: String, value: TemplateNode, at location: SourceLocation, owner: String,
    into session: inout SessionAssembler
  ) {
    guard case .intrinsic("Ref", let argument, _) = value, let target = argument.text, let resource = resolver.resources[target] else {
      return
    }
    func name(_ property: String) -> String {
      guard let node = resource.node["Properties"]?[property] else { return target }
      return resolver.string(node)?.literal ?? target
    }
    var problem: (String, String)?
    switch (namespace, dimension, resource.type) {
    case ("AWS/ApplicationELB", "LoadBalancer", "AWS::ElasticLoadBalancingV2::LoadBalancer"):
      problem = (
        "dimension LoadBalancer is given the load balancer's ARN (Ref \(target)); CloudWatch publishes it under its full name "
          + "app/\(name("Name"))/ID, so this metric never has data",
        "use !GetAtt \(target).LoadBalancerFullName (${\(target).LoadBalancerFullName} inside !Sub)"
      )
    case ("AWS/ApplicationELB", "TargetGroup", "AWS::ElasticLoadBalancingV2::TargetGroup"):
      problem = (
        "dimension TargetGroup is given the target group's ARN (Ref \(target)); CloudWatch publishes it under its full name "
          + "targetgroup/\(name("Name"))/ID, so this metric never has data",
        "use !GetAtt \(target).TargetGroupFullName (${\(target).TargetGroupFullName} inside !Sub)"
      )
    case ("AWS/ElastiCache", "CacheClusterId", "AWS::ElastiCache::ReplicationGroup"):
      let group = name("ReplicationGroupId")
      problem = (
        "dimension CacheClusterId is given the replication group id \(group) (Ref \(target)); ElastiCache publishes these metrics "
          + "per node, under each member cluster's id, so this metric never has data",
        "name a member cluster of \(group) (its MemberClusters, such as \(group)-001), one metric per node"
      )
    case ("AWS/RDS", "DBInstanceIdentifier", "AWS::RDS::DBCluster"):
      problem = (
        "dimension DBInstanceIdentifier is given the cluster identifier \(name("DBClusterIdentifier")) (Ref \(target)), so this metric never has data",
        "use the dimension DBClusterIdentifier for cluster metrics, or an instance's identifier"
      )
    default: break
    }
    guard let (message, fix) = problem else { return }
    session.report.findings.append(
      ImportFinding(kind: "dimension-never-has-data", message: "\(owner): \(namespace) \(message)", location: location, fix: fix))
  }
}
