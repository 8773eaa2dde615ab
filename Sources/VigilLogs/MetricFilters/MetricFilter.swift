import VigilCore
import VigilLogSource

/// Why a metric filter definition is invalid (AWS answers these with InvalidParameterException).
public struct MetricFilterError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// A reference to a value in a matched event: `$.latency` (JSON), `$size` (named space-delimited field) or `$7`.
public enum FieldReference: Equatable, Sendable, CustomStringConvertible {
  case json(JSONSelector)
  case named(String)
  case position(Int)

  /// Parses `$.field…`, `$name` or `$N`.
  public init(parsing text: String) throws(MetricFilterError) {
    if text.hasPrefix("$.") {
      do { self = .json(try JSONSelector(parsing: text)) } catch {
        throw MetricFilterError("invalid field reference '\(text)': \(error.message)")
      }
      return
    }
    guard text.hasPrefix("$"), text.count > 1 else {
      throw MetricFilterError("invalid field reference '\(text)': expected $.field (JSON patterns), $name or $N (space-delimited patterns)")
    }
    let name = String(text.dropFirst())
    if let n = Int(name), n >= 1 {
      self = .position(n)
    } else if name.unicodeScalars.allSatisfy({
      $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
    }) {
      self = .named(name)
    } else {
      throw MetricFilterError("invalid field reference '\(text)': field names contain only letters, digits, '_' and '-'")
    }
  }

  public var description: String {
    switch self {
    case .json(let s): return s.text
    case .named(let n): return "$" + n
    case .position(let p): return "$\(p)"
    }
  }
}

/// The units a metric transformation accepts (`MetricTransformation.unit`; omitted means `None`).
/// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html
public enum MetricUnit: String, CaseIterable, Sendable {
  case seconds = "Seconds", microseconds = "Microseconds", milliseconds = "Milliseconds", bytes = "Bytes"
  case kilobytes = "Kilobytes", megabytes = "Megabytes", gigabytes = "Gigabytes", terabytes = "Terabytes"
  case bits = "Bits", kilobits = "Kilobits", megabits = "Megabits", gigabits = "Gigabits", terabits = "Terabits"
  case percent = "Percent", count = "Count", bytesPerSecond = "Bytes/Second", kilobytesPerSecond = "Kilobytes/Second"
  case megabytesPerSecond = "Megabytes/Second", gigabytesPerSecond = "Gigabytes/Second"
  case terabytesPerSecond = "Terabytes/Second", bitsPerSecond = "Bits/Second", kilobitsPerSecond = "Kilobits/Second"
  case megabitsPerSecond = "Megabits/Second", gigabitsPerSecond = "Gigabits/Second", terabitsPerSecond = "Terabits/Second"
  case countPerSecond = "Count/Second", none = "None"
}

/// A metric filter: a pattern plus its single metric transformation (`PutMetricFilter`).
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntaxForMetricFilters.html
public struct MetricFilter: Sendable {
  /// The value published for each match: a number, or a field of the matched event.
  public enum Value: Equatable, Sendable, CustomStringConvertible {
    case constant(Double)
    case field(FieldReference)
    public var description: String {
      switch self {
      case .constant(let d): return JSONValue.format(d)
      case .field(let f): return f.description
      }
    }
  }

  /// A dimension: its name and the field its value comes from.
  public struct Dimension: Equatable, Sendable {
    public var name: String
    public var value: FieldReference
  }

  public var filterName: String
  public var pattern: FilterPattern
  public var metricName: String
  public var metricNamespace: String
  public var metricValue: Value
  public var defaultValue: Double?
  public var dimensions: [Dimension]
  public var unit: MetricUnit

  /// Validates a metric filter as PutMetricFilter does. `dimensions` maps a name to `$.field`/`$name`.
  public init(
    filterName: String = "", pattern: FilterPattern, metricName: String, metricNamespace: String, metricValue: String,
    defaultValue: Double? = nil, dimensions: [(name: String, value: String)] = [], unit: String? = nil
  ) throws(MetricFilterError) {
    func checkName(_ what: String, _ value: String) throws(MetricFilterError) {
      guard !value.isEmpty, value.utf8.count <= 255 else { throw MetricFilterError("\(what) must be 1 to 255 characters") }
      if let bad = value.first(where: { $0 == ":" || $0 == "*" || $0 == "$" }) {
        throw MetricFilterError("\(what) '\(value)' cannot contain '\(bad)'")
      }
    }
    try checkName("metric name", metricName)
    try checkName("metric namespace", metricNamespace)
    guard metricValue.count <= 100 else { throw MetricFilterError("metric value must be at most 100 characters") }
    let kind = pattern.kind
    let structured = kind == .json || kind == .spaceDelimited
    func reference(_ text: String, for what: String) throws(MetricFilterError) -> FieldReference {
      let ref = try FieldReference(parsing: text)
      switch (ref, kind) {
      case (.json, .json): break
      case (.named(let name), .spaceDelimited):
        guard pattern.fieldNames.contains(name) else {
          throw MetricFilterError(
            "\(what) '\(text)' is not a field of the pattern (fields: \(pattern.fieldNames.map { "$" + $0 }.joined(separator: ", ")))")
        }
      case (.position, .spaceDelimited): break
      case (_, .json): throw MetricFilterError("\(what) '\(text)' must be a JSON selector such as $.latency for a JSON pattern")
      case (_, .spaceDelimited): throw MetricFilterError("\(what) '\(text)' must be $name or $N for a space-delimited pattern")
      default: throw MetricFilterError("\(what) '\(text)' needs a JSON or space-delimited pattern")
      }
      return ref
    }
    if metricValue.hasPrefix("$") {
      self.metricValue = .field(try reference(metricValue, for: "metric value"))
    } else if let number = Double(metricValue), number.isFinite, !metricValue.contains(where: { $0.isLetter }) {
      self.metricValue = .constant(number)
    } else {
      throw MetricFilterError("metric value '\(metricValue)' must be a number or a field reference ($.field, $name, $N)")
    }
    if !dimensions.isEmpty {
      // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html
      guard structured else {
        throw MetricFilterError(
          "The specified filter pattern does not support dimensions (dimensions need a JSON or space-delimited pattern)")
      }
      guard dimensions.count <= 3 else { throw MetricFilterError("a metric filter can have at most 3 dimensions") }
      guard defaultValue == nil else {
        throw MetricFilterError("Invalid metric transformation: dimensions and default value are mutually exclusive properties")
      }
    }
    var parsed: [Dimension] = []
    for (name, value) in dimensions {
      guard !name.isEmpty, name.utf8.count <= 255 else { throw MetricFilterError("dimension names must be 1 to 255 characters") }
      guard !parsed.contains(where: { $0.name == name }) else { throw MetricFilterError("dimension '\(name)' is given twice") }
      parsed.append(Dimension(name: name, value: try reference(value, for: "dimension '\(name)'")))
    }
    let parsedUnit: MetricUnit
    if let unit {
      guard let u = MetricUnit(rawValue: unit) else {
        let hint = closestMatch(to: unit, in: MetricUnit.allCases.map(\.rawValue)).map { "; did you mean \($0)?" } ?? ""
        throw MetricFilterError("unknown unit '\(unit)'\(hint)")
      }
      parsedUnit = u
    } else {
      parsedUnit = .none
    }
    if let defaultValue, !defaultValue.isFinite { throw MetricFilterError("default value must be a finite number") }
    self.filterName = filterName
    self.pattern = pattern
    self.metricName = metricName
    self.metricNamespace = metricNamespace
    self.defaultValue = defaultValue
    self.dimensions = parsed
    self.unit = parsedUnit
  }

  /// What one message contributes: nil when the pattern does not match; else the value (nil when the value
  /// field is missing or not a number) and the dimension values (nil when one is missing).
  public func evaluate(bytes: UnsafeBufferPointer<UInt8>) -> (value: Double?, dimensions: [String]?)? {
    switch pattern.body {
    case .delimited(let d):
      guard let bindings = d.bind(bytes) else { return nil }
      return resolve { ref -> [UInt8]? in
        let binding: DelimitedPattern.Binding?
        switch ref {
        case .named(let n): binding = bindings.first { $0.name == n }
        case .position(let p): binding = bindings.first { $0.position == p }
        case .json: binding = nil
        }
        return binding.map { Array(bytes[$0.range]) }
      }
    case .json:
      guard pattern.matches(bytes: bytes) else { return nil }
      let json = JSONScanner(bytes)
      let root = json.rootStart ?? 0
      return resolve { ref -> [UInt8]? in
        guard case .json(let selector) = ref else { return nil }
        var text: [UInt8]?
        // The first value the selector reaches; objects, arrays and null have no value.
        _ = selector.resolve(json, root) { v in
          switch json.kind(at: v) {
          case .string: text = json.decodedString(v)
          case .number, .true, .false: text = json.rawRange(v).map { Array(bytes[$0]) }
          default: break
          }
          return true
        }
        return text
      }
    default:
      guard pattern.matches(bytes: bytes) else { return nil }
      if case .constant(let v) = metricValue { return (v, []) }
      return (nil, [])
    }
  }

  private func resolve(_ text: (FieldReference) -> [UInt8]?) -> (value: Double?, dimensions: [String]?) {
    let value: Double?
    switch metricValue {
    case .constant(let v): value = v
    case .field(let ref): value = text(ref).flatMap { t in t.withUnsafeBufferPointer { NumberParser.parse($0) } }
    }
    var dims: [String]? = []
    for d in dimensions {
      guard let t = text(d.value) else {
        dims = nil
        break
      }
      dims?.append(String(decoding: t, as: UTF8.self))
    }
    return (value, dims)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
