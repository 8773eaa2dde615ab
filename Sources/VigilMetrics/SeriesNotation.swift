import VigilCore

/// The compact series notation for teaching and tests, in the spirit of promtool's expanding notation
/// (https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/):
///
///     series := term { " " term }
///     term   := start [ ("+" | "-") step ] [ "x" count ]
///     start  := number | "_"            ("_" = no sample in that slot)
///
/// `40` is one sample of 40; `40x30` is **30** samples of 40; `_x3` is three empty slots; `1+2x4` is
/// `1 3 5 7`; `10-1x3` is `10 9 8`. Unlike promtool, `xN` always yields exactly N slots (promtool's
/// `1+2x4` yields five), so `'40x30 95x10 _x3 40x20'` covers 63 slots. A step is not allowed on `_`.
/// Slot i is sampled at `start + i × every`.
public struct SeriesNotation: Equatable, Sendable {
  /// One value per slot, nil for `_`.
  public var slots: [Double?]

  /// Parses the notation; errors carry the offending column.
  public static func parse(_ text: String, file: String? = nil, line: Int = 1) throws(Diagnostic) -> SeriesNotation {
    let scalars = Array(text.unicodeScalars)
    var i = 0
    var slots: [Double?] = []
    func fail(_ message: String, _ at: Int) -> Diagnostic { Diagnostic(message, in: text, offset: at, file: file, line: line) }
    func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
    func readNumber(allowSign: Bool) throws(Diagnostic) -> Double {
      let begin = i
      if allowSign, i < scalars.count, scalars[i] == "-" { i += 1 }
      let digitsStart = i
      while i < scalars.count, isDigit(scalars[i]) { i += 1 }
      if i < scalars.count, scalars[i] == "." {
        i += 1
        while i < scalars.count, isDigit(scalars[i]) { i += 1 }
      }
      if i < scalars.count, scalars[i] == "e" || scalars[i] == "E", i > digitsStart {
        let save = i
        i += 1
        if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" { i += 1 }
        if i < scalars.count, isDigit(scalars[i]) { while i < scalars.count, isDigit(scalars[i]) { i += 1 } } else { i = save }
      }
      let body = String(String.UnicodeScalarView(scalars[begin..<i]))
      guard i > digitsStart, let value = Double(body), value.isFinite else {
        throw fail("expected a number or _", begin)
      }
      return value
    }
    while true {
      while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
      guard i < scalars.count else { break }
      let termStart = i
      var start: Double? = nil
      if scalars[i] == "_" {
        i += 1
      } else {
        start = try readNumber(allowSign: true)
      }
      var step = 0.0
      if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" {
        guard start != nil else { throw fail("a step (+N or -N) needs a number before it, not _", i) }
        let negative = scalars[i] == "-"
        i += 1
        let magnitude = try readNumber(allowSign: false)
        step = negative ? -magnitude : magnitude
      }
      var count = 1
      if i < scalars.count, scalars[i] == "x" {
        i += 1
        let countStart = i
        while i < scalars.count, isDigit(scalars[i]) { i += 1 }
        guard i > countStart, let n = Int(String(String.UnicodeScalarView(scalars[countStart..<i]))), n >= 1, n <= 10_000_000 else {
          throw fail("expected a repeat count of at least 1 after x", countStart)
        }
        count = n
      } else if step != 0 {
        throw fail("a step needs a repeat count, e.g. 1+2x4", i)
      }
      if i < scalars.count, scalars[i] != " ", scalars[i] != "\t" {
        throw fail(
          "unexpected \"\(scalars[i])\" in term \"\(String(String.UnicodeScalarView(scalars[termStart..<min(i + 1, scalars.count)])))\"", i)
      }
      for k in 0..<count { slots.append(start.map { $0 + Double(k) * step }) }
    }
    guard !slots.isEmpty else { throw fail("empty series: give values such as '40x30 95x10 _x3'", 0) }
    return SeriesNotation(slots: slots)
  }

  /// The series with one raw sample per non-empty slot, slot i at `start + i × every`.
  public func series(_ identity: MetricIdentity, unit: String = "None", start: EpochMillis, every: EpochMillis) -> MetricSeries {
    var series = MetricSeries(identity: identity, unit: unit)
    for (i, slot) in slots.enumerated() {
      if let value = slot { series.append(timestamp: start + EpochMillis(i) * every, value: value) }
    }
    return series
  }
}
