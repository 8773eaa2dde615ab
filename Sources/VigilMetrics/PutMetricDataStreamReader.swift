import VigilCore

/// The fast path of `PutMetricDataReader`: one pass over the bytes that validates the JSON grammar as
/// strictly as `JSONValue.parse` and reads each `MetricDatum` in place, without building a `JSONValue`
/// tree (building the tree with a dictionary per datum dominated reading a month of 1-minute data).
///
/// It accepts only input the tree-based reader accepts and then produces the same entries in the same
/// order. Anything else (a syntax error, an unknown or duplicated field, a value of the wrong type, an
/// escaped string, a number out of range) makes it give up, and the caller re-reads the text with the
/// tree-based reader, which words the error and points at it. So errors cost a second pass; valid
/// files never do.
struct PutMetricDataStreamReader {
  /// Consecutive datums of one stream, in file order (merged into the store in that order).
  private(set) var batches: [MetricSeries] = []
  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0

  private struct GiveUp: Error {}

  private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// The datums of `bytes` grouped into per-stream batches, or nil when the tree-based reader must decide.
  static func read(_ bytes: [UInt8]) -> [MetricSeries]? {
    bytes.withUnsafeBufferPointer { buffer in
      var reader = PutMetricDataStreamReader(bytes: buffer)
      do {
        try reader.readDocument()
        return reader.batches
      } catch {
        return nil
      }
    }
  }

  // MARK: Document shape

  private mutating func readDocument() throws(GiveUp) {
    skipWhitespace()
    guard index < bytes.count else { throw GiveUp() }
    if bytes[index] == UInt8(ascii: "[") {
      index += 1
      skipWhitespace()
      if peek(UInt8(ascii: "]")) {
        index += 1
      } else {
        while true {
          skipWhitespace()
          try readRequest()
          skipWhitespace()
          if peek(UInt8(ascii: ",")) { index += 1; continue }
          try expect(UInt8(ascii: "]"))
          break
        }
      }
    } else {
      try readRequest()
    }
    skipWhitespace()
    guard index == bytes.count else { throw GiveUp() }
  }

  /// `{"Namespace": "...", "MetricData": [...]}` in either key order (data before the namespace is
  /// validated, then read once the namespace is known).
  private mutating func readRequest() throws(GiveUp) {
    try expect(UInt8(ascii: "{"))
    var namespace: String?
    var dataStart: Int?
    var dataRead = false
    try readMembers { reader, key throws(GiveUp) in
      switch key {
      case "Namespace":
        guard namespace == nil, let s = try reader.readString(), !s.isEmpty else { throw GiveUp() }
        namespace = s
      case "MetricData":
        guard dataStart == nil, !dataRead else { throw GiveUp() }
        if let namespace {
          try reader.readMetricData(namespace: namespace)
          dataRead = true
        } else {
          guard reader.peek(UInt8(ascii: "[")) else { throw GiveUp() }
          dataStart = reader.index
          try reader.skipValue(depth: 1)
        }
      default: throw GiveUp()
      }
    }
    guard let namespace else { throw GiveUp() }
    if let dataStart {
      let end = index
      index = dataStart
      try readMetricData(namespace: namespace)
      index = end
    } else if !dataRead {
      throw GiveUp()
    }
  }

  /// `[MetricDatum, ...]`.
  private mutating func readMetricData(namespace: String) throws(GiveUp) {
    try expect(UInt8(ascii: "["))
    skipWhitespace()
    if peek(UInt8(ascii: "]")) { index += 1; return }
    while true {
      skipWhitespace()
      try readDatum(namespace: namespace)
      skipWhitespace()
      if peek(UInt8(ascii: ",")) { index += 1; continue }
      try expect(UInt8(ascii: "]"))
      return
    }
  }

  private static let datumFields: [StaticString] = [
    "MetricName", "Timestamp", "Value", "Unit", "Dimensions", "Values", "Counts", "StatisticValues", "StorageResolution",
  ]

  /// An object key as it stands in the file (keys with escapes make the reader give up before this is made), matched
  /// against names without building a `String` per member.
  struct Key {
    let bytes: UnsafeBufferPointer<UInt8>

    static func ~= (name: StaticString, key: Key) -> Bool {
      let count = name.utf8CodeUnitCount
      guard key.bytes.count == count else { return false }
      let expected = name.utf8Start
      for i in 0..<count where key.bytes[i] != expected[i] { return false }
      return true
    }
  }

  /// One `MetricDatum`; the checks are those of `PutMetricDataReader.readDatum`, in the same order of effect.
  private mutating func readDatum(namespace: String) throws(GiveUp) {
    try expect(UInt8(ascii: "{"))
    var name: String?, dimensions: [String: String]?, timestamp: EpochMillis?, unit: String?
    var value: Double?, values: [Double]?, counts: [Double]?, statistics: (Double, Double, Double, Double)?
    var seen: UInt16 = 0
    try readMembers { reader, key throws(GiveUp) in
      // A repeated field keeps its last value in the tree-based reader; rare enough to leave to it.
      guard let field = PutMetricDataStreamReader.datumFields.firstIndex(where: { $0 ~= key }), seen & (1 << field) == 0 else {
        throw GiveUp()
      }
      seen |= 1 << field
      switch key {
      case "MetricName":
        guard let s = try reader.readString(), !s.isEmpty else { throw GiveUp() }
        name = s
      case "Dimensions": dimensions = try reader.readDimensions()
      case "Timestamp":
        // Out-of-range times are the tree reader's to report, with a position.
        let t = try reader.readTimestamp()
        guard TimeFormat.supportedRange.contains(t) else { throw GiveUp() }
        timestamp = t
      case "Unit":
        guard let s = try reader.readString(), PutMetricDataReader.units.contains(s) else { throw GiveUp() }
        unit = s
      case "Value": value = try reader.readNumber()
      case "Values": values = try reader.readNumbers(limit: 150)
      case "Counts": counts = try reader.readNumbers(limit: 150)
      case "StatisticValues": statistics = try reader.readStatisticSet()
      case "StorageResolution": try reader.skipValue(depth: 2)
      default: throw GiveUp()
      }
    }
    guard let name, let timestamp else { throw GiveUp() }
    let kinds = (value != nil ? 1 : 0) + (values != nil ? 1 : 0) + (statistics != nil ? 1 : 0)
    guard kinds == 1 else { throw GiveUp() }
    // With "Value" or "StatisticValues" the tree-based reader never looks at "Counts".
    if counts != nil, values == nil { throw GiveUp() }
    let identity = MetricIdentity(namespace: namespace, name: name, dimensions: dimensions ?? [:])
    let streamUnit = unit ?? "None"
    if batches.isEmpty || batches[batches.count - 1].unit != streamUnit || batches[batches.count - 1].identity != identity {
      batches.append(MetricSeries(identity: identity, unit: streamUnit))
    }
    let last = batches.count - 1
    if let value {
      batches[last].append(timestamp: timestamp, value: value)
    } else if let values {
      if let counts {
        guard counts.count == values.count, !counts.contains(where: { $0 < 0 }) else { throw GiveUp() }
        for (v, c) in zip(values, counts) where c > 0 { batches[last].append(timestamp: timestamp, value: v, count: c) }
      } else {
        for v in values { batches[last].append(timestamp: timestamp, value: v) }
      }
    } else if let (n, sum, low, high) = statistics {
      guard n > 0, low <= high else { throw GiveUp() }
      batches[last].appendStatisticSet(timestamp: timestamp, sampleCount: n, sum: sum, minimum: low, maximum: high)
    }
  }

  /// `[{"Name": "...", "Value": "..."}, ...]`: at most 30, names unique; other keys in an entry are ignored.
  private mutating func readDimensions() throws(GiveUp) -> [String: String] {
    try expect(UInt8(ascii: "["))
    var dimensions: [String: String] = [:]
    skipWhitespace()
    if peek(UInt8(ascii: "]")) { index += 1; return dimensions }
    var count = 0
    while true {
      skipWhitespace()
      try expect(UInt8(ascii: "{"))
      var name: String?, value: String?
      try readMembers { reader, key throws(GiveUp) in
        switch key {
        case "Name":
          guard name == nil, let s = try reader.readString() else { throw GiveUp() }
          name = s
        case "Value":
          guard value == nil, let s = try reader.readString() else { throw GiveUp() }
          value = s
        default: try reader.skipValue(depth: 4)
        }
      }
      guard let name, let value, dimensions[name] == nil else { throw GiveUp() }
      dimensions[name] = value
      count += 1
      guard count <= 30 else { throw GiveUp() }
      skipWhitespace()
      if peek(UInt8(ascii: ",")) { index += 1; continue }
      try expect(UInt8(ascii: "]"))
      return dimensions
    }
  }

  /// An ISO-8601 string or epoch seconds, as milliseconds.
  private mutating func readTimestamp() throws(GiveUp) -> EpochMillis {
    if peek(UInt8(ascii: "\"")) {
      guard let text = try readString(), let t = TimeFormat.parse(text) else { throw GiveUp() }
      return t
    }
    switch try readNumberValue() {
    case .int(let seconds):
      let (millis, overflow) = EpochMillis(seconds).multipliedReportingOverflow(by: 1000)
      guard !overflow else { throw GiveUp() }
      return millis
    case .double(let seconds):
      let millis = (seconds * 1000).rounded()
      guard millis.isFinite, abs(millis) < 0x1p62 else { throw GiveUp() }
      return EpochMillis(millis)
    }
  }

  /// `{"SampleCount", "Sum", "Minimum", "Maximum"}`; other keys are ignored.
  private mutating func readStatisticSet() throws(GiveUp) -> (Double, Double, Double, Double) {
    try expect(UInt8(ascii: "{"))
    var n: Double?, sum: Double?, low: Double?, high: Double?
    try readMembers { reader, key throws(GiveUp) in
      switch key {
      case "SampleCount": guard n == nil else { throw GiveUp() }; n = try reader.readNumber()
      case "Sum": guard sum == nil else { throw GiveUp() }; sum = try reader.readNumber()
      case "Minimum": guard low == nil else { throw GiveUp() }; low = try reader.readNumber()
      case "Maximum": guard high == nil else { throw GiveUp() }; high = try reader.readNumber()
      default: try reader.skipValue(depth: 3)
      }
    }
    guard let n, let sum, let low, let high else { throw GiveUp() }
    return (n, sum, low, high)
  }

  private mutating func readNumbers(limit: Int) throws(GiveUp) -> [Double] {
    try expect(UInt8(ascii: "["))
    var numbers: [Double] = []
    skipWhitespace()
    if peek(UInt8(ascii: "]")) { index += 1; return numbers }
    while true {
      skipWhitespace()
      numbers.append(try readNumber())
      guard numbers.count <= limit else { throw GiveUp() }
      skipWhitespace()
      if peek(UInt8(ascii: ",")) { index += 1; continue }
      try expect(UInt8(ascii: "]"))
      return numbers
    }
  }

  // MARK: JSON grammar (the rules of VigilCore's JSONParser)

  /// Reads the members of an object whose `{` was consumed, handing each key to `body` with the cursor
  /// on the value; `body` must consume the value.
  private mutating func readMembers(_ body: (inout PutMetricDataStreamReader, Key) throws(GiveUp) -> Void) throws(GiveUp) {
    skipWhitespace()
    if peek(UInt8(ascii: "}")) { index += 1; return }
    while true {
      skipWhitespace()
      guard peek(UInt8(ascii: "\"")) else { throw GiveUp() }
      let keyStart = index + 1
      guard try skipString() else { throw GiveUp() }
      let key = Key(bytes: UnsafeBufferPointer(rebasing: bytes[keyStart..<index - 1]))
      skipWhitespace()
      try expect(UInt8(ascii: ":"))
      skipWhitespace()
      try body(&self, key)
      skipWhitespace()
      if peek(UInt8(ascii: ",")) { index += 1; continue }
      try expect(UInt8(ascii: "}"))
      return
    }
  }

  @inline(__always)
  private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

  @inline(__always)
  private mutating func expect(_ byte: UInt8) throws(GiveUp) {
    guard peek(byte) else { throw GiveUp() }
    index += 1
  }

  @inline(__always)
  private mutating func skipWhitespace() {
    while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
      index += 1
    }
  }

  /// A string without escapes (nil when it has any: the caller gives up or only skips it).
  private mutating func readString() throws(GiveUp) -> String? {
    guard peek(UInt8(ascii: "\"")) else { throw GiveUp() }
    let start = index + 1
    guard try skipString() else { return nil }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
  }

  /// Skips a string, validating it; returns whether it had no escapes.
  private mutating func skipString() throws(GiveUp) -> Bool {
    index += 1
    var plain = true
    while index < bytes.count {
      let b = bytes[index]
      if b == UInt8(ascii: "\"") { index += 1; return plain }
      if b < 0x20 { throw GiveUp() }
      if b == UInt8(ascii: "\\") {
        plain = false
        index += 1
        guard index < bytes.count else { throw GiveUp() }
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
          UInt8(ascii: "r"), UInt8(ascii: "t"):
          index += 1
        case UInt8(ascii: "u"):
          index += 1
          guard index + 4 <= bytes.count else { throw GiveUp() }
          for _ in 0..<4 {
            switch bytes[index] {
            case 48...57, 65...70, 97...102: index += 1
            default: throw GiveUp()
            }
          }
        default: throw GiveUp()
        }
        continue
      }
      index += 1
    }
    throw GiveUp()
  }

  private enum Number {
    case int(Int)
    case double(Double)
  }

  /// A number as the tree-based reader sees it (`doubleValue`), within ±2^360.
  private mutating func readNumber() throws(GiveUp) -> Double {
    let d: Double
    switch try readNumberValue() {
    case .int(let i): d = Double(i)
    case .double(let x): d = x
    }
    guard abs(d) <= 0x1p360 else { throw GiveUp() }
    return d
  }

  /// A JSON number: `.int` when it has no fraction or exponent and fits an Int, else `.double`.
  private mutating func readNumberValue() throws(GiveUp) -> Number {
    let start = index
    var isInteger = true
    if peek(UInt8(ascii: "-")) { index += 1 }
    let digitsStart = index
    var magnitude = 0
    while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
      if index - digitsStart < 18 { magnitude = magnitude * 10 + Int(bytes[index] - 48) }
      index += 1
    }
    guard index > digitsStart else { throw GiveUp() }
    if bytes[digitsStart] == 48, index - digitsStart > 1 { throw GiveUp() }
    if peek(UInt8(ascii: ".")) {
      isInteger = false
      index += 1
      let fractionStart = index
      while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
      guard index > fractionStart else { throw GiveUp() }
    }
    if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
      isInteger = false
      index += 1
      if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
      let expStart = index
      while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
      guard index > expStart else { throw GiveUp() }
    }
    // Up to 18 digits fit an Int exactly; longer ones go through the same conversions as the parser.
    if isInteger, index - digitsStart <= 18 { return .int(digitsStart > start ? -magnitude : magnitude) }
    if let d = fastDecimal(start: start, end: index) { return .double(d) }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    if isInteger, let i = Int(text) { return .int(i) }
    guard let d = Double(text) else { throw GiveUp() }
    return .double(d)
  }

  /// A number `[-]digits.digits` (no exponent) with at most 15 significant digits, converted without text: the
  /// digits form an integer below 2^53 and the fraction a power of ten up to 10^22, both exact as doubles, so one
  /// IEEE division rounds exactly as `Double(text)` does (Clinger's fast path). Nil for anything else.
  private func fastDecimal(start: Int, end: Int) -> Double? {
    var i = start
    let negative = bytes[i] == UInt8(ascii: "-")
    if negative { i += 1 }
    var mantissa = 0, digits = 0, fractionDigits = 0, inFraction = false
    while i < end {
      let b = bytes[i]
      if b == UInt8(ascii: ".") {
        inFraction = true
      } else if b >= 48, b <= 57 {
        if mantissa > 0 || b != 48 { digits += 1 }
        mantissa = mantissa &* 10 &+ Int(b - 48)
        if inFraction { fractionDigits += 1 }
      } else {
        return nil
      }
      i += 1
    }
    guard digits <= 15, fractionDigits <= 22 else { return nil }
    let value = Double(mantissa) / PutMetricDataStreamReader.powersOfTen[fractionDigits]
    return negative ? -value : value
  }

  /// 10^0 ... 10^22, each exact as a double.
  private static let powersOfTen: [Double] = (0...22).map { exponent in
    var p = 1.0
    for _ in 0..<exponent { p *= 10 }
    return p
  }

  /// Skips any value, validating it; deep nesting is left to the tree-based reader.
  private mutating func skipValue(depth: Int) throws(GiveUp) {
    guard depth < 500, index < bytes.count else { throw GiveUp() }
    switch bytes[index] {
    case UInt8(ascii: "{"):
      index += 1
      try readMembers { reader, _ throws(GiveUp) in try reader.skipValue(depth: depth + 1) }
    case UInt8(ascii: "["):
      index += 1
      skipWhitespace()
      if peek(UInt8(ascii: "]")) { index += 1; return }
      while true {
        skipWhitespace()
        try skipValue(depth: depth + 1)
        skipWhitespace()
        if peek(UInt8(ascii: ",")) { index += 1; continue }
        try expect(UInt8(ascii: "]"))
        return
      }
    case UInt8(ascii: "\""): _ = try skipString()
    case UInt8(ascii: "t"): try literal("true")
    case UInt8(ascii: "f"): try literal("false")
    case UInt8(ascii: "n"): try literal("null")
    default: _ = try readNumberValue()
    }
  }

  private mutating func literal(_ word: StaticString) throws(GiveUp) {
    let count = word.utf8CodeUnitCount
    guard index + count <= bytes.count else { throw GiveUp() }
    let w = UnsafeBufferPointer(start: word.utf8Start, count: count)
    for i in 0..<count where bytes[index + i] != w[i] { throw GiveUp() }
    index += count
  }
}
