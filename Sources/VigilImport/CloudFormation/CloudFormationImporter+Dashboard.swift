import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// AWS::CloudWatch::Dashboard → `dashboard overview add` lines, one per metric (Vigil's widgets graph one metric).
  /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
  mutating func importDashboard(_ entry: TemplateEntry, into session: inout SessionAssembler) {
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
      var size: [String] = []
      for key in ["width", "height"] {
        guard let value = widget[key] else { continue }
        // A size is a whole number of grid units; any other number (1e300, 6.5) is not converted, never trapped on.
        guard let number = Self.wholeNumber(value) else {
          notes.append("a widget \(key) that is not a whole number not kept")
          continue
        }
        size += ["--\(key)", String(number)]
      }
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
  func locate(_ needle: String, occurrence: Int, from line: Int) -> SourceLocation? {
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
  mutating func checkDimension(
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
