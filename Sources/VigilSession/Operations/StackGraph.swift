import VigilCore
import VigilModel

/// The wiring of a stack as a graph: log group → metric filter → metric → alarm → composite → topic → subscription,
/// and the dashboard widgets (`dashboard … add --metric/--alarm`) that show a metric or an alarm. `vigil graph` and
/// the shell's `graph` render it as Mermaid or Graphviz DOT for a README or a pull request.
///
/// The output is deterministic: nodes in the order the session defines them (kind by kind), edges in the order they
/// are found, each once. Node ids are generated (`n1`, `n2`, …); user names only ever appear inside labels, escaped
/// for the format, so a hostile name cannot end a label or add a node.
public struct StackGraph: Equatable, Sendable {
  /// The output syntax.
  public enum Format: String, Sendable, CaseIterable {
    case mermaid, dot
  }

  /// What a node stands for; the kind is the first word of its label and picks its shape.
  public enum NodeKind: String, Sendable {
    case logGroup = "log group", metricFilter = "metric filter", metric = "metric", alarm = "alarm",
      composite = "composite", topic = "topic", subscription = "subscription", widget = "widget"
  }

  public struct Node: Equatable, Sendable {
    public var id: String
    public var kind: NodeKind
    public var label: String
  }

  public struct Edge: Equatable, Sendable {
    public var from: String
    public var to: String
    /// `suppresses` for an actions suppressor, nil for the flow of data or state.
    public var label: String?
  }

  public private(set) var nodes: [Node] = []
  public private(set) var edges: [Edge] = []
  private var ids: [String: String] = [:]

  /// The graph of `stack`.
  public init(_ stack: Stack) {
    let env = stack.environment
    // Log groups and their metric filters, and the metric each filter publishes.
    var published: [(filter: MetricFilter, metricID: String)] = []
    for service in stack.services where stack.metricFilters.contains(where: { $0.service == service.name }) {
      let group = env.map { service.logGroupName(in: $0) } ?? "of \(service.name)"
      node("logs \(service.name)", .logGroup, "log group \(group)")
    }
    for filter in stack.metricFilters {
      let id = node("metric-filter \(filter.name)", .metricFilter, "metric filter \(filter.name)")
      edge(from: "logs \(filter.service)", to: id)
      let dimensions = filter.dimensions.map { "\($0.0)=\($0.1)" }
      let metric = node(
        "metric \(filter.namespace)/\(filter.metricName)|\(filter.dimensions.map(\.0).sorted().joined(separator: ","))", .metric,
        Self.metricLabel(filter.namespace, filter.metricName, dimensions))
      edge(from: id, to: metric)
      published.append((filter, metric))
    }
    // A metric a consumer names is the filter's when namespace, name and dimension names agree (the values come from
    // the events); any other is a node of its own, with no edge in when nothing in the stack publishes it.
    func metricNode(_ ref: MetricRef) -> String {
      let keys = ref.dimensions.keys.sorted()
      if let hit = published.first(where: {
        $0.filter.namespace == ref.namespace && $0.filter.metricName == ref.name && $0.filter.dimensions.map(\.0).sorted() == keys
      }) {
        return hit.metricID
      }
      let dimensions = keys.map { "\($0)=\(ref.dimensions[$0] ?? "")" }
      return node(
        "metric \(ref.namespace)/\(ref.name)|\(dimensions.joined(separator: ","))", .metric,
        Self.metricLabel(ref.namespace, ref.name, dimensions))
    }
    for alarm in stack.alarms {
      let refs: [MetricRef]
      switch alarm.source {
      case .metric(let m, _), .anomalyBand(let m, _, _): refs = [m]
      case .math(_, let inputs): refs = inputs.map(\.metric)
      }
      let metrics = refs.map(metricNode)
      let id = node("alarm \(alarm.name)", .alarm, "alarm \(alarm.name)")
      for metric in metrics { edge(from: metric, to: id) }
    }
    for composite in stack.composites { node("composite \(composite.name)", .composite, "composite \(composite.name)") }
    for composite in stack.composites {
      let id = "composite \(composite.name)"
      for reference in composite.references { edge(from: alarmKey(reference, in: stack), to: id) }
      if let suppressor = composite.suppressor { edge(from: alarmKey(suppressor, in: stack), to: id, label: "suppresses") }
    }
    for topic in stack.topics { node("topic \(topic.name)", .topic, "topic \(topic.name)") }
    for composite in stack.composites {
      for topic in composite.notify { edge(from: "composite \(composite.name)", to: "topic \(topic)") }
    }
    for topic in stack.topics {
      for email in topic.emails {
        let id = node("subscription \(topic.name) email \(email.display)", .subscription, "email \(email.display)")
        edge(from: "topic \(topic.name)", to: id)
      }
      for hook in topic.webhooks {
        let shown = Self.webhookLabel(hook)
        let id = node("subscription \(topic.name) webhook \(hook.display)", .subscription, "webhook \(shown)")
        edge(from: "topic \(topic.name)", to: id)
      }
    }
    for (index, widget) in stack.dashboardWidgets.enumerated() {
      let source: String
      switch widget.kind {
      case .metric(let ref, _): source = metricNode(ref)
      case .alarm(let name): source = alarmKey(name, in: stack)
      case .text, .logs, .body: continue
      }
      let id = node("widget \(index)", .widget, "widget \(widget.title) on dashboard \(widget.dashboard)")
      edge(from: source, to: id)
    }
  }

  /// The graph in `format`, ending with a newline.
  public func render(_ format: Format) -> String {
    var lines: [String] = []
    switch format {
    case .mermaid:
      lines.append("flowchart LR")
      for n in nodes {
        let (open, close) = Self.mermaidShape(n.kind)
        lines.append("  \(n.id)\(open)\"\(Self.mermaidEscaped(n.label))\"\(close)")
      }
      for e in edges {
        lines.append(e.label.map { "  \(e.from) -. \(Self.mermaidEscaped($0)) .-> \(e.to)" } ?? "  \(e.from) --> \(e.to)")
      }
    case .dot:
      lines.append("digraph vigil {")
      lines.append("  rankdir=LR;")
      for n in nodes {
        lines.append("  \(n.id) [shape=\(Self.dotShape(n.kind)), label=\"\(Self.dotEscaped(n.label))\"];")
      }
      for e in edges {
        lines.append(
          e.label.map { "  \(e.from) -> \(e.to) [style=dashed, label=\"\(Self.dotEscaped($0))\"];" } ?? "  \(e.from) -> \(e.to);")
      }
      lines.append("}")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: Building

  /// The node for `key`, created with `kind` and `label` the first time; returns its id.
  @discardableResult
  private mutating func node(_ key: String, _ kind: NodeKind, _ label: String) -> String {
    if let id = ids[key] { return id }
    let id = "n\(nodes.count + 1)"
    ids[key] = id
    nodes.append(Node(id: id, kind: kind, label: label))
    return id
  }

  /// An edge between two nodes given by id or key; an end that names no node (a composite rule's alarm the stack
  /// does not define) gets no edge, and an edge is added once.
  private mutating func edge(from: String, to: String, label: String? = nil) {
    guard let a = ids[from] ?? nodes.first(where: { $0.id == from })?.id, let b = ids[to] ?? nodes.first(where: { $0.id == to })?.id
    else { return }
    let e = Edge(from: a, to: b, label: label)
    if !edges.contains(e) { edges.append(e) }
  }

  /// The node key of an alarm name: a metric alarm or a composite.
  private func alarmKey(_ name: String, in stack: Stack) -> String {
    stack.composite(name) != nil ? "composite \(name)" : "alarm \(name)"
  }

  static func metricLabel(_ namespace: String, _ name: String, _ dimensions: [String]) -> String {
    "metric \(namespace)/\(name)" + (dimensions.isEmpty ? "" : " " + dimensions.joined(separator: " "))
  }

  /// A webhook written in the session shows its scheme and host only: the path of a webhook URL is often its
  /// credential, and a graph is made to be pasted into READMEs.
  static func webhookLabel(_ endpoint: Endpoint) -> String {
    guard case .literal(let url) = endpoint else { return endpoint.display }
    guard let scheme = url.range(of: "://") else { return "(literal URL)" }
    let rest = url[scheme.upperBound...]
    let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    return String(url[..<scheme.upperBound]) + host + (host.count < rest.count ? "/..." : "")
  }

  // MARK: Syntax

  /// Mermaid node shapes: `[..]` box, `[(..)]` cylinder, `([..])` stadium, `{{..}}` hexagon, `>..]` flag, `[/../]`.
  static func mermaidShape(_ kind: NodeKind) -> (String, String) {
    switch kind {
    case .logGroup: return ("[(", ")]")
    case .metricFilter: return ("[/", "/]")
    case .metric: return ("([", "])")
    case .alarm, .composite: return ("{{", "}}")
    case .topic: return (">", "]")
    case .subscription, .widget: return ("[", "]")
    }
  }

  static func dotShape(_ kind: NodeKind) -> String {
    switch kind {
    case .logGroup: return "cylinder"
    case .metricFilter: return "parallelogram"
    case .metric: return "ellipse"
    case .alarm, .composite: return "hexagon"
    case .topic: return "cds"
    case .subscription, .widget: return "box"
    }
  }

  /// A label inside Mermaid's `"…"`: every character that is not a letter, digit, space or one of `._/:=,@+-'()*$`
  /// becomes an entity code (`#34;` for `"`), which Mermaid shows as the character and never reads as syntax.
  static func mermaidEscaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      let v = scalar.value
      let plain =
        (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || " ._/:=,@+-'()*$".unicodeScalars.contains(scalar)
      out += plain ? String(scalar) : "#\(v);"
    }
    return out
  }

  /// A label inside DOT's `"…"`: a backslash and a quote are escaped, a line break or other control character becomes
  /// a space (DOT reads `\n`, `\l`, `\N`… inside labels, so a lone backslash must never reach it unescaped).
  static func dotEscaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      default: out += scalar.value < 0x20 || scalar.value == 0x7F ? " " : String(scalar)
      }
    }
    return out
  }
}
