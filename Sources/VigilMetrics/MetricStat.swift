import VigilCore

/// One metric stream read at a statistic and a period (a `MetricStat` of GetMetricData and metric alarms); the unit
/// when one is named. What an alarm reads, what `vigil pull metrics` asks for, and what a label names.
public struct MetricStat: Hashable, Sendable, CustomStringConvertible {
  public var identity: MetricIdentity
  public var statistic: Statistic
  /// Seconds: 10, 20, 30 or a multiple of 60.
  public var period: Int
  public var unit: String?

  public init(identity: MetricIdentity, statistic: Statistic, period: Int, unit: String? = nil) {
    self.identity = identity
    self.statistic = statistic
    self.period = period
    self.unit = unit
  }

  public var description: String { "\(identity) \(statistic) \(period)s\(unit.map { " \($0)" } ?? "")" }
}

/// The label convention that ties a GetMetricData result to its metric when the file does not carry the query:
///
///     Namespace MetricName{Dim=Value,…} Stat Periods [Unit]
///
/// for example `AWS/Lambda Duration{FunctionName=checkout} p99 300s` or `Shop Orders Sum 60s Count`. The dimension
/// block is left out when there are none. In the namespace, the metric name and the dimension names and values, a
/// backslash escapes a space, `{`, `}`, `,`, `=` or a backslash, so every name CloudWatch allows can be written.
/// The statistic is CloudWatch's spelling (`Sum`, `p99`, `TM(10%:90%)`), the period is in seconds, and the unit, when
/// present, is one of PutMetricData's units.
///
/// This is what `vigil metrics --format json` writes as each result's `Label`, and what a query's `Label` should be
/// set to when `aws cloudwatch get-metric-data` output is saved for Vigil without its `MetricDataQueries`
/// (GetMetricData returns a query's `Label` unchanged unless it holds `${…}` dynamic labels:
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html).
extension MetricStat {
  /// The label text.
  public var label: String {
    var out = Self.escape(identity.namespace) + " " + Self.escape(identity.name)
    if !identity.dimensions.isEmpty {
      out += "{" + identity.dimensions.sorted { $0.key < $1.key }.map { Self.escape($0.key) + "=" + Self.escape($0.value) }
        .joined(separator: ",") + "}"
    }
    out += " \(statistic) \(period)s"
    if let unit { out += " " + unit }
    return out
  }

  /// Why a label does not follow the convention, with the 0-based scalar offset it concerns.
  public struct LabelError: Error, Equatable, Sendable {
    public var message: String
    public var offset: Int
  }

  /// Parses a label written by `label`.
  public static func parse(label: String) -> Result<MetricStat, LabelError> {
    let scalars = Array(label.unicodeScalars)
    var i = 0
    func fail(_ message: String, _ at: Int) -> Result<MetricStat, LabelError> { .failure(LabelError(message: message, offset: at)) }
    /// A name up to an unescaped stop character; nil on a dangling backslash.
    func name(stops: Set<Unicode.Scalar>) -> String? {
      var out = String.UnicodeScalarView()
      while i < scalars.count, !stops.contains(scalars[i]) {
        if scalars[i] == "\\" {
          i += 1
          guard i < scalars.count else { return nil }
        }
        out.append(scalars[i])
        i += 1
      }
      return String(out)
    }
    guard let namespace = name(stops: [" "]), !namespace.isEmpty, i < scalars.count else {
      return fail("expected `Namespace MetricName{Dim=Value,…} Stat Periods`", 0)
    }
    i += 1
    let nameStart = i
    guard let metricName = name(stops: [" ", "{"]), !metricName.isEmpty else { return fail("expected the metric name", nameStart) }
    var dimensions: [String: String] = [:]
    if i < scalars.count, scalars[i] == "{" {
      i += 1
      while true {
        let at = i
        guard let key = name(stops: ["=", ",", "}"]), !key.isEmpty, i < scalars.count, scalars[i] == "=" else {
          return fail("expected `Dim=Value` in the dimension block", at)
        }
        i += 1
        guard let value = name(stops: [",", "}"]), i < scalars.count else { return fail("unclosed dimension block; expected '}'", at) }
        if dimensions[key] != nil { return fail("dimension \"\(key)\" given twice", at) }
        dimensions[key] = value
        if scalars[i] == "}" { i += 1; break }
        i += 1
      }
      guard dimensions.count <= 30 else { return fail("at most 30 dimensions per metric", nameStart) }
    }
    let restStart = i
    let rest = String(String.UnicodeScalarView(scalars[i...]))
    let words = rest.split(separator: " ", omittingEmptySubsequences: false)
    guard words.first == "", words.count == 3 || words.count == 4 else {
      return fail("expected ` Stat Periods` (and an optional Unit) after the metric", restStart)
    }
    let statAt = restStart + 1
    guard let statistic = Statistic.parse(String(words[1])) else { return fail("unknown statistic \"\(words[1])\"", statAt) }
    let periodAt = statAt + words[1].unicodeScalars.count + 1
    guard words[2].hasSuffix("s"), let period = Int(words[2].dropLast()), period > 0 else {
      return fail("expected the period in seconds, such as 60s", periodAt)
    }
    var unit: String?
    if words.count == 4 {
      guard PutMetricDataReader.units.contains(String(words[3])) else {
        return fail("unknown unit \"\(words[3])\"", periodAt + words[2].unicodeScalars.count + 1)
      }
      unit = String(words[3])
    }
    return .success(
      MetricStat(identity: MetricIdentity(namespace: namespace, name: metricName, dimensions: dimensions), statistic: statistic, period: period, unit: unit))
  }

  private static func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if scalar == " " || scalar == "{" || scalar == "}" || scalar == "," || scalar == "=" || scalar == "\\" { out += "\\" }
      out.unicodeScalars.append(scalar)
    }
    return out
  }
}
