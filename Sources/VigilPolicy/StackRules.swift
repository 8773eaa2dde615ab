import VigilCore
import VigilExport
import VigilModel

/// The platform rules that read the stack model: keys, log groups, topics, tracing, insights, alarms, names.
struct StackRules {
  let stack: Stack
  let env: Environment
  var findings: [PolicyFinding] = []

  init(stack: Stack, env: Environment) {
    self.stack = stack
    self.env = env
  }

  mutating func add(_ rule: PolicyRule, _ resource: String, _ message: String, fix: [String]) {
    findings.append(
      PolicyFinding(rule: rule, resource: resource, location: PolicyChecker.location(of: resource, in: stack), message: message, fix: fix))
  }

  mutating func run() -> [PolicyFinding] {
    checkKeys()
    checkLogGroups()
    checkTopics()
    checkParameters()
    checkSensitiveDefaults()
    checkTracing()
    checkServices()
    checkAlarms()
    checkDashboards()
    checkDimensions()
    checkLambdaLogFormats()
    checkDashboardQueries()
    return findings
  }

  // MARK: KMS

  mutating func checkKeys() {
    if stack.keys.isEmpty {
      add(
        PolicyRules.stackKey, "stack",
        "stack \(env.stackName) defines no customer-managed KMS key, so its queues, archive bucket and parameters use AWS-managed encryption",
        fix: ["key logs --rotation on --deletion-window 7"])
    }
    for key in stack.keys {
      if !key.rotation {
        add(PolicyRules.keyRotation, "key \(key.name)", "KMS key \(key.name) has automatic rotation off", fix: [FixCommand.key(key)])
      }
      if key.deletionWindowDays != 7 {
        add(
          PolicyRules.keyDeletionWindow, "key \(key.name)",
          "KMS key \(key.name) has a deletion window of \(key.deletionWindowDays) days; the platform uses 7", fix: [FixCommand.key(key)])
      }
    }
  }

  // MARK: Log groups

  mutating func checkLogGroups() {
    for group in stack.logGroups {
      // A log group kept with --physical-name need not belong to a service; the rules hold for it all the same.
      guard stack.service(group.service) != nil || env.explicitNames["logs \(group.service)"] != nil else { continue }
      let resource = "logs \(group.service)"
      let name = stack.logGroupName(of: group, in: env)
      let fix = FixCommand.logs(group, in: stack)
      if group.key == nil {
        add(
          PolicyRules.logKey, resource,
          "log group \(name) does not use a customer-managed KMS key (CloudWatch falls back to an AWS-owned key)", fix: fix)
      }
      if group.retentionDays != 30 {
        add(
          PolicyRules.logRetention, resource, "log group \(name) keeps logs \(group.retentionDays) days; the platform requires exactly 30",
          fix: fix)
      }
      if group.archive == nil {
        add(PolicyRules.logArchive, resource, "log group \(name) is not archived to S3 and Glacier", fix: fix)
      }
    }
    if let flow = stack.flowLogs {
      let name = ResourceNames(env).flowLogGroup
      let fix = FixCommand.flowLogs(flow, in: stack)
      if flow.key == nil {
        add(
          PolicyRules.logKey, "flow-logs",
          "log group \(name) does not use a customer-managed KMS key (CloudWatch falls back to an AWS-owned key)", fix: fix)
      }
      if flow.retentionDays != 30 {
        add(
          PolicyRules.logRetention, "flow-logs",
          "log group \(name) keeps logs \(flow.retentionDays) days; the platform requires exactly 30", fix: fix)
      }
    }
  }

  // MARK: Topics, endpoints, secrets

  mutating func checkTopics() {
    var endpointVariables: [String: [String]] = [:]
    for topic in stack.topics {
      let resource = "topic \(topic.name)"
      // Literal webhooks that carry a token become sensitive variables in every fix, so no fix repeats a secret.
      var hooks = topic.webhooks
      var secretHooks: [String] = []
      var variableDefinitions: [String] = []
      for (index, hook) in topic.webhooks.enumerated() {
        guard case .literal(let url) = hook else { continue }
        if !url.hasPrefix("https://") {
          add(PolicyRules.webhookHTTPS, resource, "webhook \(SecretHeuristics.redacted(url)) of topic \(topic.name) is not HTTPS", fix: [])
        }
        if let reason = SecretHeuristics.tokenReason(url) {
          let variable = SecretHeuristics.webhookVariableName(topic: topic.name, index: index)
          hooks[index] = .variable(variable)
          secretHooks.append(
            "webhook \(SecretHeuristics.redacted(url)) of topic \(topic.name) is written literally and carries a token (\(reason))")
          if !stack.variables.contains(where: { $0.name == variable }) {
            variableDefinitions.append(
              "variable \(variable) --sensitive --description \(FixCommand.word("HTTPS webhook of topic \(topic.name) (contains a token)"))"
            )
          }
        }
      }
      let topicFix = variableDefinitions + FixCommand.topic(topic, in: stack, webhooks: hooks)
      if topic.key == nil {
        add(
          PolicyRules.topicKey, resource, "topic \(topic.name) and its queues are not encrypted with a customer-managed KMS key",
          fix: topicFix)
      }
      if !topic.deadLetterQueue {
        add(
          PolicyRules.topicDeadLetters, resource,
          "topic \(topic.name) has no dead-letter queue: notifications that cannot be delivered are dropped", fix: topicFix)
      } else if topic.maxReceiveCount != 3 {
        add(
          PolicyRules.maxReceiveCount, resource,
          "topic \(topic.name) redrives to its dead-letter queue after maxReceiveCount \(topic.maxReceiveCount); the platform requires 3",
          fix: topicFix)
      }
      for message in secretHooks { add(PolicyRules.literalSecret, resource, message, fix: topicFix) }
      for hook in topic.webhooks {
        guard case .variable(let name) = hook else { continue }
        endpointVariables[name, default: []].append("webhook of topic \(topic.name)")
        guard let v = stack.variables.first(where: { $0.name == name }), let value = v.defaultValue else { continue }
        if !value.hasPrefix("https://") {
          add(
            PolicyRules.webhookHTTPS, "variable \(name)",
            "variable \(name) (webhook of topic \(topic.name)) defaults to \(SecretHeuristics.redacted(value)), which is not an HTTPS URL",
            fix: [FixCommand.variable(v, keepDefault: false)])
        } else if let reason = SecretHeuristics.tokenReason(value) {
          add(
            PolicyRules.literalSecret, "variable \(name)",
            "variable \(name) (webhook of topic \(topic.name)) has a default \(SecretHeuristics.redacted(value)) that carries a token (\(reason)); "
              + "the default is written in the session and the export",
            fix: [FixCommand.variable(v, keepDefault: false)])
        }
      }
      for email in topic.emails {
        if case .variable(let name) = email { endpointVariables[name, default: []].append("e-mail address of topic \(topic.name)") }
      }
    }
    for parameter in stack.parameters where parameter.secure {
      if case .variable(let name) = parameter.value { endpointVariables[name, default: []].append("value of SecureString parameter \(parameter.name)") }
    }
    for variable in stack.variables where !variable.sensitive {
      guard let uses = endpointVariables[variable.name] else { continue }
      // The fix drops any default: a sensitive variable's default is itself flagged (checkSensitiveDefaults).
      add(
        PolicyRules.sensitiveVariable, "variable \(variable.name)",
        "variable \(variable.name) carries the \(uses[0]) but is not marked sensitive, so Terraform prints it in plans",
        fix: [FixCommand.variable(variable, keepDefault: false)])
    }
  }

  // MARK: Parameters and variables

  /// A SecureString whose value is typed in the session (the model refuses it; a stack built in code or imported can
  /// still have one): the value would be in clear in the session, the journal, `cdk.tf.json` and every plan.
  /// https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html
  mutating func checkParameters() {
    for parameter in stack.parameters where parameter.secure {
      guard case .literal = parameter.value else { continue }
      let variable = SecretHeuristics.variableName(parameter.name)
      var definition = ["variable", variable, "--sensitive", "--description", FixCommand.word("Value of SecureString parameter \(parameter.name)")]
      if stack.variables.contains(where: { $0.name == variable }) { definition = [] }
      var command = ["parameter", parameter.name, "--value", "var:\(variable)", "--secure"]
      if let d = parameter.description { command += ["--description", FixCommand.word(d)] }
      add(
        PolicyRules.literalSecret, "parameter \(parameter.name)",
        "SecureString parameter \(parameter.name) has its value written literally in the session and the export",
        fix: (definition.isEmpty ? [] : [FixCommand.join(definition)]) + [FixCommand.join(command)])
    }
  }

  /// A sensitive variable with a default: `sensitive` only hides the value in plan output, while the default is in clear
  /// in the session and in `cdk.tf.json` (tfsec's general-secrets-sensitive-in-variable). Variables already flagged
  /// for their default (a webhook default that is not HTTPS or carries a token) are not flagged twice.
  /// https://developer.hashicorp.com/terraform/language/manage-sensitive-data
  mutating func checkSensitiveDefaults() {
    let flagged = Set(findings.map(\.resource))
    for variable in stack.variables where variable.sensitive && variable.defaultValue != nil {
      let resource = "variable \(variable.name)"
      guard !flagged.contains(resource) else { continue }
      add(
        PolicyRules.literalSecret, resource,
        "sensitive variable \(variable.name) has a default, which is written in clear in the session and the export "
          + "(sensitive only hides it in plans); the deployer sets it instead (TF_VAR_\(variable.name))",
        fix: [FixCommand.variable(variable, keepDefault: false)])
    }
  }

  // MARK: Tracing and insights

  mutating func checkTracing() {
    guard let tracing = stack.tracing else {
      add(PolicyRules.samplingRule, "tracing", "stack \(env.stackName) defines no X-Ray sampling rule", fix: [FixCommand.tracing(nil)])
      return
    }
    if tracing.samplingRate != 0.1 {
      add(
        PolicyRules.samplingRate, "tracing",
        "X-Ray samples at a fixed rate of \(JSONValue.format(tracing.samplingRate)); the platform requires 0.1",
        fix: [FixCommand.tracing(tracing)])
    }
  }

  mutating func checkServices() {
    for service in stack.services {
      let resource = "service \(service.name)"
      if !service.tracing {
        let message =
          service.isLambda
          ? "Lambda function \(service.name) has X-Ray tracing off (mode PassThrough)"
          : "ECS service \(service.name) runs without the X-Ray daemon sidecar"
        add(PolicyRules.serviceTracing, resource, message, fix: [FixCommand.service(service, tracingOn: true)])
      }
      if service.isLambda && !service.insights {
        add(
          PolicyRules.lambdaInsights, resource, "Lambda function \(service.name) runs without the Lambda Insights extension",
          fix: [FixCommand.service(service, insightsOn: true)])
      }
    }
    for cluster in stack.clusters where cluster.containerInsights != "enabled" && cluster.containerInsights != "enhanced" {
      add(
        PolicyRules.containerInsights, "cluster \(cluster.name)",
        "ECS cluster \(cluster.name) has Container Insights \(cluster.containerInsights)",
        fix: [FixCommand.cluster(cluster)])
    }
  }

  // MARK: Alarms and dashboards

  mutating func checkAlarms() {
    var inComposite = Set<String>()
    for composite in stack.composites {
      inComposite.formUnion(composite.references)
      if let suppressor = composite.suppressor { inComposite.insert(suppressor) }
    }
    // An adopted alarm may notify topics itself (`alarm --notify`); the fix moves the notification to a composite.
    for alarm in stack.alarms where !alarm.notify.isEmpty {
      let composite = FixCommand.composite(for: alarm.name, in: stack).split(separator: " ").prefix(2).joined(separator: " ")
      let notify = alarm.notify.map { "--notify \($0)" }.joined(separator: " ")
      add(
        PolicyRules.onlyCompositesNotify, "alarm \(alarm.name)",
        "metric alarm \(alarm.name) notifies \(alarm.notify.joined(separator: ", ")) itself; only composite alarms notify",
        fix: [FixCommand.alarm(alarm), "\(composite) --rule 'ALARM(\(alarm.name))' \(notify)"])
    }
    for alarm in stack.alarms where !inComposite.contains(alarm.name) {
      add(
        PolicyRules.alarmInComposite, "alarm \(alarm.name)",
        "metric alarm \(alarm.name) takes part in no composite alarm, so its ALARM state notifies nobody",
        fix: [FixCommand.composite(for: alarm.name, in: stack)])
    }
  }

  mutating func checkDashboards() {
    let dashboards = DashboardBuilder(stack: stack, env: env).dashboards()
    for service in stack.services {
      guard let dashboard = dashboards.first(where: { $0.name == service.name }) else { continue }
      let shown = dashboard.widgets.filter { $0.kind == .alarm }.flatMap { $0.properties["alarms"]?.arrayValue ?? [] }
      guard shown.isEmpty else { continue }
      var alarm: String
      switch service.kind {
      case .lambda:
        alarm =
          "alarm \(service.name)-errors --metric AWS/Lambda/Errors --dimension FunctionName=\(service.name) --stat Sum --period 1m "
          + "--when '>= 1' --missing notBreaching --service \(service.name)"
      case .ecs(let cluster, _, _, _, _, _):
        alarm =
          "alarm \(service.name)-cpu --metric AWS/ECS/CPUUtilization --dimension ClusterName=\(cluster) --dimension ServiceName=\(service.name) "
          + "--stat Average --period 5m --when '> 80' --datapoints 2/3 --service \(service.name)"
      }
      let alarmName = service.isLambda ? "\(service.name)-errors" : "\(service.name)-cpu"
      add(
        PolicyRules.dashboardAlarms, "service \(service.name)",
        "the dashboard of \(service.name) shows no alarm: no metric alarm belongs to this service boundary",
        fix: [alarm, FixCommand.composite(for: alarmName, in: stack)])
    }
  }

  // MARK: Names in alarm dimensions

  /// Dimension values that name a function, ECS service or cluster get the environment suffix from the exporter
  /// only when they name a resource of this stack. A value that names a `reference` (a resource the team adopted under
  /// its existing AWS name, as an import writes it) is deliberate and not flagged, like a `--physical-name`.
  mutating func checkDimensions() {
    let adopted = Set(stack.references.flatMap { $0.attributes.map { "\($0.key)=\($0.value)" } })
    let kinds: [String: (label: String, names: [String])] = [
      "FunctionName": ("function", stack.services.filter(\.isLambda).map(\.name)),
      "ServiceName": ("ECS service", stack.services.filter { !$0.isLambda }.map(\.name)),
      "ClusterName": ("ECS cluster", stack.clusters.map(\.name)),
    ]
    for alarm in stack.alarms {
      var refs: [MetricRef] = []
      switch alarm.source {
      case .metric(let m, _), .anomalyBand(let m, _, _): refs = [m]
      case .math(_, let inputs): refs = inputs.prefix(1).map(\.metric)
      }
      for ref in refs {
        for dimension in ref.dimensions.keys.sorted() {
          guard let kind = kinds[dimension], let value = ref.dimensions[dimension], !kind.names.contains(value),
            !adopted.contains("\(dimension)=\(value)")
          else { continue }
          let typeSuffix = ResourceNames(env).tail(dimension == "ClusterName" ? .cluster : nil)
          let shortSuffix = ResourceNames(env).tail()
          var base: String?
          for s in [typeSuffix, shortSuffix] where value.hasSuffix(s) {
            let candidate = String(value.dropLast(s.count))
            if kind.names.contains(candidate) { base = candidate; break }
          }
          if let base {
            add(
              PolicyRules.nameSuffix, "alarm \(alarm.name)",
              "alarm \(alarm.name) hard-codes \(dimension)=\(value): exported with another suffix it still watches \(value); "
                + "name the \(kind.label) \(base) and the export adds the suffix",
              fix: [FixCommand.alarm(alarm) { key, v in key == dimension && v == value ? base : v }])
          } else {
            let match = closestMatch(to: value, in: kind.names)
            let fix =
              match.map { m in [FixCommand.alarm(alarm) { key, v in key == dimension && v == value ? m : v }] } ?? []
            add(
              PolicyRules.nameSuffix, "alarm \(alarm.name)",
              "alarm \(alarm.name) has \(dimension)=\(value), which names no \(kind.label) of this stack, so the export cannot give it "
                + "the environment suffix" + (match.map { "; did you mean \($0)?" } ?? ""),
              fix: fix)
          }
        }
      }
    }
  }
}
