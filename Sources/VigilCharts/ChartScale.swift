import VigilCore

/// A y axis range with "nice" tick values (1, 2, 2.5 or 5 times a power of ten), after Heckbert's
/// "Nice Numbers for Graph Labels" (Graphics Gems, 1990).
struct ValueScale: Equatable {
  var low: Double
  var high: Double
  var step: Double

  /// A scale covering `low...high` with at most `maxTicks` ticks.
  init(covering low: Double, _ high: Double, maxTicks: Int) {
    var low = low
    var high = high
    if !(low.isFinite && high.isFinite) {
      low = 0
      high = 1
    }
    if high <= low {
      // A flat series: give it room above (and below, unless it sits at zero).
      let pad = low == 0 ? 1 : abs(low) * 0.5
      high = low + pad
      if low != 0 { low -= pad }
    }
    let ticks = max(2, maxTicks)
    let step = ValueScale.niceNumber((high - low) / Double(ticks - 1), round: true)
    self.step = step
    self.low = (low / step).rounded(.down) * step
    self.high = (high / step).rounded(.up) * step
    if self.high == self.low { self.high = self.low + step }
  }

  /// The tick values from low to high.
  var ticks: [Double] {
    let count = Int(((high - low) / step).rounded()) + 1
    return (0..<count).map { i in ValueScale.clean(low + Double(i) * step) }
  }

  /// Decimal places needed to print every tick exactly.
  var decimals: Int {
    var places = 0
    var scaled = step
    while places < 6 && abs(scaled - scaled.rounded()) > 1e-9 * max(1, abs(scaled)) {
      scaled *= 10
      places += 1
    }
    return places
  }

  /// Removes floating-point noise such as 0.30000000000000004.
  static func clean(_ value: Double) -> Double {
    let rounded = (value * 1e9).rounded() / 1e9
    return rounded == 0 ? 0 : rounded
  }

  static func niceNumber(_ value: Double, round: Bool) -> Double {
    guard value > 0, value.isFinite else { return 1 }
    let exponent = (log10Value(value)).rounded(.down)
    let power = pow10(exponent)
    let fraction = value / power
    let nice: Double
    if round {
      nice = fraction < 1.5 ? 1 : fraction < 2.25 ? 2 : fraction < 3.5 ? 2.5 : fraction < 7.5 ? 5 : 10
    } else {
      nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
    }
    return nice * power
  }

  private static func log10Value(_ value: Double) -> Double {
    var exponent = 0.0
    var v = value
    while v >= 10 {
      v /= 10
      exponent += 1
    }
    while v < 1 {
      v *= 10
      exponent -= 1
    }
    return exponent
  }

  private static func pow10(_ exponent: Double) -> Double {
    var result = 1.0
    if exponent >= 0 {
      for _ in 0..<Int(exponent) { result *= 10 }
    } else {
      for _ in 0..<Int(-exponent) { result /= 10 }
    }
    return result
  }
}

/// The y range of a metric chart: data, thresholds and explicit bounds.
extension MetricChart {
  func valueScale(maxTicks: Int) -> ValueScale {
    var low = Double.infinity
    var high = -Double.infinity
    for series in series {
      if let range = series.valueRange {
        low = min(low, range.lowerBound)
        high = max(high, range.upperBound)
      }
    }
    for threshold in thresholds where threshold.value.isFinite {
      low = min(low, threshold.value)
      high = max(high, threshold.value)
    }
    if low > high {
      low = 0
      high = 1
    }
    // Explicit bounds win unless they leave nothing to draw (min ≥ max).
    let yMin = self.yMin.flatMap { $0.isFinite ? $0 : nil }
    let yMax = self.yMax.flatMap { $0.isFinite ? $0 : nil }
    let bounds = yMin.flatMap { min in yMax.map { max in min < max } } ?? true
    if let yMin, bounds { low = yMin } else if low >= 0 { low = 0 }
    if let yMax, bounds { high = yMax }
    // Metric values beyond ±1e15 would overflow the tick arithmetic; the axis stops there.
    low = Swift.min(Swift.max(low, -1e15), 1e15)
    high = Swift.min(Swift.max(high, -1e15), 1e15)
    var scale = ValueScale(covering: low, high, maxTicks: maxTicks)
    if let yMin, bounds, yMin < scale.high { scale.low = yMin }
    if let yMax, bounds, yMax > scale.low { scale.high = yMax }
    return scale
  }
}

/// Time ticks on round UTC boundaries (1, 2, 5, 10, 15, 30 minutes, 1, 2, 3, 6, 12 hours, 1 day).
enum TimeTicks {
  static let steps: [EpochMillis] = [
    60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000,
    43_200_000, 86_400_000,
  ]

  /// The smallest round step giving at most `maxTicks` ticks in `window`.
  static func step(for window: ClosedRange<EpochMillis>, maxTicks: Int) -> EpochMillis {
    let span = window.upperBound - window.lowerBound
    let limit = EpochMillis(max(1, maxTicks))
    for step in steps where span / step + 1 <= limit { return step }
    let day: EpochMillis = 86_400_000
    return max(1, (span / (limit * day)) + 1) * day
  }

  /// Multiples of `step` inside `window`.
  static func ticks(in window: ClosedRange<EpochMillis>, step: EpochMillis) -> [EpochMillis] {
    var first = window.lowerBound / step * step
    if first < window.lowerBound { first += step }
    return Array(stride(from: first, through: window.upperBound, by: Int(step)).map { $0 })
  }

  /// `HH:MM` in UTC.
  static func label(_ time: EpochMillis) -> String {
    let c = TimeFormat.civil(time)
    return twoDigits(c.hour) + ":" + twoDigits(c.minute)
  }

  /// A tick label: `HH:MM`, or `MM-DD` when ticks are a day or more apart. Both are five characters wide.
  static func label(_ time: EpochMillis, step: EpochMillis) -> String {
    guard step >= 86_400_000 else { return label(time) }
    let c = TimeFormat.civil(time)
    return twoDigits(c.month) + "-" + twoDigits(c.day)
  }

  static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// Locale-independent number text, so output is the same bytes on every machine.
enum NumberText {
  /// `value` with exactly `decimals` places; 10 000 and above are shortened to `10k`, `2.5M` when that is exact.
  static func axis(_ value: Double, decimals: Int) -> String {
    let magnitude = abs(value)
    for (factor, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where magnitude >= 10_000 && magnitude >= factor {
      let scaled = value / factor
      for places in 0...2 where abs(scaled - rounded(scaled, places)) < 1e-9 {
        return fixed(scaled, decimals: places) + suffix
      }
    }
    return fixed(value, decimals: decimals)
  }

  /// A value for a legend or tooltip: up to `maxDecimals` places, trailing zeros removed.
  static func compact(_ value: Double, maxDecimals: Int = 2) -> String {
    var text = fixed(value, decimals: maxDecimals)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text == "-0" ? "0" : text
  }

  /// Fixed-point text without Foundation's locale-dependent formatting.
  static func fixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "Inf" : "-Inf") }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e18 else { return "\(value)" }
    let integer = Int64(scaled)
    let unit = Int64(scale)
    var text = String(integer / unit)
    if decimals > 0 {
      var fraction = String(integer % unit)
      while fraction.count < decimals { fraction = "0" + fraction }
      text += "." + fraction
    }
    return (value < 0 && integer != 0 ? "-" : "") + text
  }

  private static func rounded(_ value: Double, _ places: Int) -> Double {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    return (value * scale).rounded() / scale
  }
}
