import VigilCore
import VigilModel

/// `show metrics`: every metric the stack publishes or reads, who publishes it and which alarms and widgets read it.
/// AWS metrics of the stack's resources that nothing reads are counted, not listed (a Lambda function alone has
/// dozens).
struct MetricWiring {
  struct Entry {
    var path: String
    var dimensions: String
    var publishers: [String]
    var readers: [String]
  }

  let entries: [Entry]
  let unreadAWS: [String: Int]

  init(_ provenance: MetricProvenance) {
    var entries: [String: Entry] = [:]
    func key(_ path: String, _ dimensions: String) -> String { path + "\u{0}" + dimensions }
    for use in provenance.uses {
      let dims = use.physicalDimensions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
      let k = key(use.path, dims)
      if entries[k] == nil {
        let publishers: [String]
        switch provenance.match(use) {
        case .published(let found): publishers = Self.unique(found.map(\.publisher.description))
        case .unpublished: publishers = ["nothing (VIGIL-MET-001)"]
        case .otherDimensionSet: publishers = ["nothing with these dimensions (VIGIL-MET-002)"]
        case .otherDimensionValue(let dimension, _, _): publishers = ["nothing for this \(dimension) (VIGIL-MET-003)"]
        }
        entries[k] = Entry(path: use.path, dimensions: dims, publishers: publishers, readers: [])
      }
      if !(entries[k]?.readers.contains(use.label) ?? true) { entries[k]?.readers.append(use.label) }
    }
    var unread: [String: Int] = [:]
    for metric in provenance.published {
      let k = key(metric.path, metric.dimensionValues)
      if var entry = entries[k] {
        if !entry.publishers.contains(metric.publisher.description) && entry.readers.isEmpty {
          entry.publishers.append(metric.publisher.description)
          entries[k] = entry
        }
        continue
      }
      switch metric.publisher {
      case .aws(let namespace, _):
        // Read under a dimension set of its own? Then it is listed with its readers above.
        unread[namespace, default: 0] += 1
      case .metricFilter, .declared, .loadedData:
        entries[k] = Entry(path: metric.path, dimensions: metric.dimensionValues, publishers: [metric.publisher.description], readers: [])
      }
    }
    self.entries = entries.values.sorted { ($0.path, $0.dimensions) < ($1.path, $1.dimensions) }
    self.unreadAWS = unread
  }

  static func unique(_ items: [String]) -> [String] {
    var seen = Set<String>()
    return items.filter { seen.insert($0).inserted }
  }

  var text: String {
    guard !entries.isEmpty || !unreadAWS.isEmpty else { return "no metrics: define metric filters, alarms or widgets first" }
    var lines: [String] = []
    for entry in entries {
      lines.append(entry.dimensions.isEmpty ? entry.path : "\(entry.path) {\(entry.dimensions)}")
      lines.append("  published by: \(entry.publishers.joined(separator: ", "))")
      lines.append("  read by: \(entry.readers.isEmpty ? "nothing" : entry.readers.joined(separator: ", "))")
    }
    if !unreadAWS.isEmpty {
      let counts = unreadAWS.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
      lines.append("AWS publishes \(unreadAWS.values.reduce(0, +)) more metric(s) for the stack's resources that nothing reads: \(counts)")
    }
    return lines.joined(separator: "\n")
  }
}

extension Interpreter {
  /// `show metrics`.
  func showMetrics() -> CommandOutcome {
    CommandOutcome(.ok, MetricWiring(metricProvenance).text)
  }
}
