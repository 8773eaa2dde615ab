import VigilCore

/// The log groups a query names itself with `SOURCE`, as the AWS CLI and API (and dashboard log widgets) allow
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Source.html):
///
/// - `SOURCE 'group' | SOURCE 'other' | fields …`: log groups by name, the form dashboard log widgets store
///   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html#CloudWatch-Dashboard-Properties-Log-Widget-Object);
/// - `SOURCE logGroups(namePrefix: ['a', 'b'], class: ['STANDARD']) | …`: log groups whose names start with one of
///   at most five prefixes (all groups without `namePrefix`), in the Standard class (the default).
///
/// Locally, a log group is a loaded service's log group or a file's (`--log-group`). `accountIdentifiers` and the
/// Infrequent Access class select log groups local logs cannot have, so they are refused rather than answered with
/// no rows.
public struct QuerySource: Equatable, Sendable {
  public enum Selection: Equatable, Sendable {
    /// `SOURCE 'name'`, one per clause, in order.
    case names([String])
    /// `SOURCE logGroups(namePrefix: [...])`; nil selects every log group.
    case prefixes([String]?)
  }

  public var selection: Selection
  /// Where each name or prefix starts in the query text (its quote), for errors.
  public var offsets: [Int]
  /// Where the first `SOURCE` starts.
  public var offset: Int

  /// A diagnostic at the query's first `SOURCE`, for callers that do not take one.
  public func diagnostic(_ message: String, in query: InsightsQuery) -> Diagnostic {
    QueryText(query.text).diagnostic(message, at: offset)
  }

  /// Whether `logGroup` is one the query selects.
  public func selects(_ logGroup: String) -> Bool {
    switch selection {
    case .names(let names): return names.contains(logGroup)
    case .prefixes(let prefixes): return prefixes.map { $0.contains { logGroup.hasPrefix($0) } } ?? true
    }
  }

  /// The log groups of `available` (those with logs to read) the query selects. A name that is neither among them
  /// nor among `empty` (log groups that exist but hold no loaded logs, which select nothing as an empty CloudWatch
  /// log group would) is an error at its place in `query`, and so is a selection that reads no logs at all.
  public func resolve(among available: [String], empty: [String] = [], query: InsightsQuery) throws(Diagnostic) -> [String] {
    let text = QueryText(query.text)
    let withLogs = Array(Set(available)).sorted()
    let known = Array(Set(available + empty)).sorted()
    let listed = withLogs.isEmpty ? "none" : withLogs.joined(separator: ", ")
    switch selection {
    case .names(let names):
      for (name, at) in zip(names, offsets) where !known.contains(name) {
        throw text.diagnostic(
          "SOURCE '\(name)' is not a log group here (log groups with logs: \(listed))", at: at,
          suggestion: closestMatch(to: name, in: known).map { "did you mean '\($0)'?" })
      }
    case .prefixes:
      break
    }
    let selected = withLogs.filter(selects)
    guard !selected.isEmpty else {
      throw text.diagnostic("SOURCE selects no log group with logs (log groups with logs: \(listed))", at: offsets.first ?? offset)
    }
    return selected
  }
}
