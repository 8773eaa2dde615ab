import Foundation
import VigilCore

/// How CloudWatch writes numbers and times in state reasons (Java's `Double.toString` and `dd/MM/yy HH:mm:ss`).
enum ReasonFormat {
  /// `800.0`, `0.005`, `99.50160229693434`, `1.0E7`: Java's Double.toString, which AWS's reasons show.
  static func number(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
    if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
    let magnitude = abs(d)
    if magnitude >= 1e-3 && magnitude < 1e7 {
      if d == d.rounded() { return String(Int64(d)) + ".0" }
      var text = "\(d)"
      if text.contains("e") { text = String(format: "%.17g", d) }
      return text
    }
    // Scientific form: mantissa with at least one decimal, "E", exponent.
    let exponent = Int(magnitude.log10Floor)
    var mantissa = d / pow10(exponent)
    var e = exponent
    if abs(mantissa) >= 10 { mantissa /= 10; e += 1 }
    var m = "\(mantissa)"
    if !m.contains(".") { m += ".0" }
    return "\(m)E\(e)"
  }

  static func pow10(_ e: Int) -> Double {
    var r = 1.0
    if e >= 0 { for _ in 0..<e { r *= 10 } } else { for _ in 0..<(-e) { r /= 10 } }
    return r
  }

  /// `02/03/26 10:15:00`: the datapoint time format in reasons.
  static func datapointTime(_ t: EpochMillis) -> String {
    let c = TimeFormat.civil(t)
    func p(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(p(c.day))/\(p(c.month))/\(p(c.year % 100)) \(p(c.hour)):\(p(c.minute)):\(p(c.second))"
  }

  /// `2026-03-02T10:15:00.000+0000`: the time format of reason data.
  static func reasonDataTime(_ t: EpochMillis) -> String {
    String(TimeFormat.iso8601(t).dropLast()) + "+0000"
  }

  /// `Monday 02 March, 2026 10:18:00 UTC`: the composite-alarm reason time format.
  static func longTime(_ t: EpochMillis) -> String {
    let c = TimeFormat.civil(t)
    let days = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"]
    let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    let dayIndex = Int(((t / 86_400_000) % 7 + 7) % 7)
    func p(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(days[dayIndex]) \(p(c.day)) \(months[c.month - 1]), \(c.year) \(p(c.hour)):\(p(c.minute)):\(p(c.second)) UTC"
  }
}

extension Double {
  fileprivate var log10Floor: Double {
    var e = 0.0, v = self
    while v >= 10 { v /= 10; e += 1 }
    while v < 1 { v *= 10; e -= 1 }
    return e
  }
}
