import Foundation
import VigilCore
import VigilLogSource

#if canImport(Glibc)
  import Glibc
#endif

/// The per-event functions of Logs Insights
/// ([operations-functions](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-operations-functions.html)).
/// Functions that take text see absent fields as null and return null; `isempty`/`isblank`/`ispresent` are the
/// documented ways to test for absence.
enum ScalarFunction: String {
  case ispresent, coalesce, `if`, isnumeric
  case abs, ceil, floor, greatest, least, log, sqrt, round, tonumber
  case bin, datefloor, dateceil, frommillis, tomillis, now
  case isempty, isblank, concat, ltrim, rtrim, trim, strlen, toupper, tolower, substr, replace, strcontains
  case startswith, endswith, regexreplace, urlencode, urldecode, base64encode, base64decode, hextoascii, hextodec, dectohex
  case isvalidip, isvalidipv4, isvalidipv6, isipinsubnet, isipv4insubnet, isipv6insubnet

  func apply(_ args: [Compiled], _ c: EvaluationContext) -> InsightsValue {
    @inline(__always) func value(_ i: Int) -> InsightsValue { Evaluator.evaluate(args[i], c) }
    func number(_ i: Int) -> Double? { value(i).numberValue }
    func text(_ i: Int) -> String? { value(i).stringValue }
    func flag(_ b: Bool) -> InsightsValue { .number(b ? 1 : 0) }
    func numeric(_ f: (Double) -> Double) -> InsightsValue {
      guard let x = number(0) else { return .null }
      let r = f(x)
      return r.isFinite ? .number(r) : .null
    }

    switch self {
    case .ispresent: return .bool(!value(0).isNull)
    case .coalesce:
      for i in args.indices {
        let v = value(i)
        if !v.isNull { return v }
      }
      return .null
    case .if: return Evaluator.truth(value(0)) ? value(1) : value(2)
    case .isnumeric: return flag(number(0) != nil && !value(0).isNull)
    case .abs: return numeric { Swift.abs($0) }
    case .ceil: return numeric { $0.rounded(.up) }
    case .floor: return numeric { $0.rounded(.down) }
    case .log: return numeric { Foundation.log($0) }
    case .sqrt: return numeric { $0.squareRoot() }
    case .round:
      guard let x = number(0) else { return .null }
      let digits = args.count > 1 ? Int(clamping: number(1) ?? 0, to: 0...15) : 0
      let scale = Foundation.pow(10, Double(digits))
      return .number((x * scale).rounded(.toNearestOrAwayFromZero) / scale)
    case .tonumber: return number(0).map { .number($0) } ?? .null
    case .greatest, .least:
      var best: Double?
      for i in args.indices {
        guard let x = number(i) else { continue }
        if let b = best { best = self == .greatest ? Swift.max(b, x) : Swift.min(b, x) } else { best = x }
      }
      return best.map { .number($0) } ?? .null
    case .bin:
      guard case .period(let p) = args[0] else { return .null }
      return .timestamp(TimeTruncation.floor(c.timestamp, TimeTruncation.binPeriod(p)))
    case .datefloor, .dateceil:
      guard let t = timestamp(value(0)), case .period(let p) = args[1] else { return .null }
      return .timestamp(self == .datefloor ? TimeTruncation.floor(t, p) : TimeTruncation.ceil(t, p))
    case .frommillis:
      guard let x = number(0) else { return .null }
      guard let t = Int64(exactly: x.rounded(.down)) else { return .null }
      return .timestamp(t)
    case .tomillis:
      guard let t = timestamp(value(0)) else { return .null }
      return .number(Double(t))
    case .now: return .number(c.nowSeconds.rounded(.down))
    case .isempty:
      let v = value(0)
      return flag(v.isNull || v.description.isEmpty)
    case .isblank:
      let v = value(0)
      return flag(v.isNull || v.description.unicodeScalars.allSatisfy { $0.properties.isWhitespace })
    case .concat:
      var out = ""
      for i in args.indices { out += value(i).description }
      return .string(out)
    case .ltrim, .rtrim, .trim:
      guard let s = text(0) else { return .null }
      let set: Set<Unicode.Scalar>? = args.count > 1 ? text(1).map { Set($0.unicodeScalars) } : nil
      func strip(_ u: Unicode.Scalar) -> Bool { set.map { $0.contains(u) } ?? u.properties.isWhitespace }
      var scalars = Array(s.unicodeScalars)
      if self != .rtrim {
        let n = scalars.prefix(while: strip).count
        scalars.removeFirst(n)
      }
      if self != .ltrim {
        while let last = scalars.last, strip(last) { scalars.removeLast() }
      }
      var out = String.UnicodeScalarView()
      out.append(contentsOf: scalars)
      return .string(String(out))
    case .strlen: return text(0).map { .number(Double($0.unicodeScalars.count)) } ?? .null
    case .toupper: return text(0).map { .string($0.uppercased()) } ?? .null
    case .tolower: return text(0).map { .string($0.lowercased()) } ?? .null
    case .substr:
      guard let s = text(0), let startValue = number(1) else { return .null }
      let scalars = Array(s.unicodeScalars)
      let start = Int(clamping: startValue, to: 0...scalars.count)
      var end = scalars.count
      if args.count > 2 {
        guard let length = number(2) else { return .null }
        end = start + Int(clamping: length, to: 0...(scalars.count - start))
      }
      var out = String.UnicodeScalarView()
      out.append(contentsOf: scalars[start..<end])
      return .string(String(out))
    case .replace:
      guard let s = text(0), let search = text(1), let replacement = text(2) else { return .null }
      if search.isEmpty { return .string(s) }
      return .string(s.replacingOccurrences(of: search, with: replacement))
    case .strcontains:
      guard let s = text(0), let search = text(1) else { return .null }
      let insensitive = args.count > 2 && Evaluator.truth(value(2))
      if insensitive { return flag(s.lowercased().contains(search.lowercased())) }
      return flag(search.isEmpty || s.contains(search))
    case .startswith:
      guard let s = text(0), let p = text(1) else { return .null }
      return flag(s.utf8.starts(with: p.utf8))
    case .endswith:
      guard let s = text(0), let p = text(1) else { return .null }
      return flag(s.utf8.reversed().starts(with: p.utf8.reversed()))
    case .regexreplace:
      guard let s = text(0), let replacement = text(2) else { return .null }
      let regex: CompiledRegex
      switch args[1] {
      case .likeRegex(_, let r, _): regex = r
      default:
        guard let pattern = text(1), let r = try? CompiledRegex(pattern) else { return .null }
        regex = r
      }
      return .string(regex.replacingAll(in: s, with: replacement))
    case .urlencode:
      guard let s = text(0) else { return .null }
      var allowed = CharacterSet.alphanumerics
      allowed.insert(charactersIn: "-._~")
      return .string(s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s)
    case .urldecode:
      guard let s = text(0) else { return .null }
      return .string(s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s)
    case .base64encode:
      return text(0).map { .string(Data($0.utf8).base64EncodedString()) } ?? .null
    case .base64decode:
      guard let s = text(0), let d = Data(base64Encoded: s) else { return .null }
      return .string(String(decoding: d, as: UTF8.self))
    case .hextoascii:
      guard var s = text(0) else { return .null }
      if s.hasPrefix("0x") || s.hasPrefix("0X") { s.removeFirst(2) }
      var bytes: [UInt8] = []
      let u = Array(s.utf8)
      guard u.count % 2 == 0 else { return .null }
      for i in stride(from: 0, to: u.count, by: 2) {
        guard let b = UInt8(String(decoding: u[i..<(i + 2)], as: UTF8.self), radix: 16) else { return .null }
        bytes.append(b)
      }
      return .string(String(decoding: bytes, as: UTF8.self))
    case .hextodec:
      guard var s = text(0) else { return .null }
      if s.hasPrefix("0x") || s.hasPrefix("0X") { s.removeFirst(2) }
      return UInt64(s, radix: 16).map { .number(Double($0)) } ?? .null
    case .dectohex:
      guard let x = number(0), x >= 0, x == x.rounded(), x < 18_446_744_073_709_551_616 else { return .null }
      return .string("0x" + String(UInt64(x), radix: 16))
    case .isvalidip: return flag(text(0).map { IPAddress.parse($0) != nil } ?? false)
    case .isvalidipv4: return flag(text(0).map { IPAddress.parse($0)?.count == 4 } ?? false)
    case .isvalidipv6: return flag(text(0).map { IPAddress.parse($0)?.count == 16 } ?? false)
    case .isipinsubnet, .isipv4insubnet, .isipv6insubnet:
      guard let ip = text(0), let subnet = text(1) else { return flag(false) }
      let family = self == .isipv4insubnet ? 4 : (self == .isipv6insubnet ? 16 : nil)
      return flag(IPAddress.isInSubnet(ip, subnet, family: family))
    }
  }

  /// A timestamp from a time value, epoch milliseconds, or ISO-8601 text.
  private func timestamp(_ v: InsightsValue) -> EpochMillis? {
    switch v {
    case .timestamp(let t): return t
    case .number(let d): return Int64(exactly: d.rounded(.down))
    case .string(let s): return TimeFormat.parse(s)
    default: return nil
    }
  }
}

extension Int {
  /// A double clamped into a range (NaN gives the lower bound), for arguments such as substr's start.
  init(clamping d: Double, to range: ClosedRange<Int>) {
    if !(d >= Double(range.lowerBound)) {
      self = range.lowerBound
    } else if d >= Double(range.upperBound) {
      self = range.upperBound
    } else {
      self = Int(d)
    }
  }
}

/// Truncation of timestamps to periods for `bin`, `datefloor` and `dateceil`, in UTC.
enum TimeTruncation {
  /// `bin` caps periods at the next unit: "if you specify bin(300s), CloudWatch Logs actually implements this as
  /// 60 seconds" (ms ≤ 1000, s ≤ 60, m ≤ 60, h ≤ 24).
  static func binPeriod(_ p: TimePeriod) -> TimePeriod {
    var p = p
    switch p.unit {
    case .millisecond: p.count = min(p.count, 1000)
    case .second: p.count = min(p.count, 60)
    case .minute: p.count = min(p.count, 60)
    case .hour: p.count = min(p.count, 24)
    default: break
    }
    return p
  }

  /// Rounds down. A floor below `Int64.min` (`datefloor(-9223372036854775807, 1d)`) does not exist; the time
  /// then stays as it is, as `ceil` does above `Int64.max`.
  static func floor(_ t: EpochMillis, _ p: TimePeriod) -> EpochMillis {
    if p.unit != .week, let ms = p.fixedMillis {
      let q = t / ms
      let (down, overflow) = (t % ms < 0 ? q - 1 : q).multipliedReportingOverflow(by: ms)
      return overflow ? t : down
    }
    let c = TimeFormat.civil(t)
    switch p.unit {
    case .week:
      // Weeks start on Monday (ISO 8601), Vigil's choice: the docs do not say.
      let day = floor(t, TimePeriod(count: 1, unit: .day))
      let days = day / 86_400_000
      let weekday = Int(((days % 7) + 7 + 3) % 7)  // 0 = Monday (1970-01-01 was a Thursday)
      let (down, overflow) = day.subtractingReportingOverflow(EpochMillis(weekday) * 86_400_000)
      return overflow ? t : down
    case .month: return start(c.year, c.month) ?? t
    case .quarter: return start(c.year, (c.month - 1) / 3 * 3 + 1) ?? t
    default: return start(c.year, 1) ?? t
    }
  }

  /// Rounds up; a timestamp already on a boundary stays where it is.
  static func ceil(_ t: EpochMillis, _ p: TimePeriod) -> EpochMillis {
    let f = floor(t, p)
    if f == t { return t }
    if p.unit != .week, let ms = p.fixedMillis {
      let (up, overflow) = f.addingReportingOverflow(ms)
      return overflow ? t : up
    }
    let c = TimeFormat.civil(f)
    switch p.unit {
    case .week:
      let (up, overflow) = f.addingReportingOverflow(7 * 86_400_000)
      return overflow ? t : up
    case .month: return (c.month == 12 ? start(c.year + 1, 1) : start(c.year, c.month + 1)) ?? t
    case .quarter: return (c.month >= 10 ? start(c.year + 1, 1) : start(c.year, c.month + 3)) ?? t
    default: return start(c.year + 1, 1) ?? t
    }
  }

  /// The first millisecond of a month, or nil when it lies outside Int64 (years beyond ±292 million).
  private static func start(_ year: Int, _ month: Int) -> EpochMillis? {
    let (millis, overflow) = EpochMillis(TimeFormat.daysFromCivil(year: year, month: month, day: 1)).multipliedReportingOverflow(by: 86_400_000)
    return overflow ? nil : millis
  }
}

/// IPv4/IPv6 parsing and subnet tests for the IP address functions.
enum IPAddress {
  /// The address bytes (4 or 16), or nil if the text is not an address.
  static func parse(_ text: String) -> [UInt8]? {
    var v4 = in_addr()
    if inet_pton(AF_INET, text, &v4) == 1 {
      return withUnsafeBytes(of: &v4) { Array($0) }
    }
    var v6 = in6_addr()
    if inet_pton(AF_INET6, text, &v6) == 1 {
      return withUnsafeBytes(of: &v6) { Array($0) }
    }
    return nil
  }

  static func isInSubnet(_ ip: String, _ subnet: String, family: Int?) -> Bool {
    let parts = subnet.split(separator: "/", maxSplits: 1)
    guard parts.count == 2, let bits = Int(parts[1]), let network = parse(String(parts[0])),
      let address = parse(ip), address.count == network.count
    else { return false }
    if let family, address.count != family { return false }
    guard bits >= 0, bits <= address.count * 8 else { return false }
    var remaining = bits
    for i in 0..<address.count where remaining > 0 {
      let take = min(8, remaining)
      let mask: UInt8 = take == 8 ? 0xFF : ~(0xFF >> UInt8(take))
      if address[i] & mask != network[i] & mask { return false }
      remaining -= take
    }
    return true
  }
}
