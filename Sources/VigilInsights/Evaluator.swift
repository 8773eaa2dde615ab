import Foundation
import VigilCore
import VigilLogSource

/// The system fields an event carries.
enum SystemField {
  case timestamp, message, logStream, log, ingestionTime
  /// `@ptr`, the pointer GetQueryResults gives each event row (see `EvaluationContext.pointer`).
  case pointer
  case lambdaType, requestId, duration, billedDuration, memorySize, maxMemoryUsed, initDuration

  init?(name: String) {
    switch name {
    case "@timestamp": self = .timestamp
    case "@message": self = .message
    case "@logStream": self = .logStream
    case "@log": self = .log
    case "@ptr": self = .pointer
    case "@ingestionTime": self = .ingestionTime
    case "@type": self = .lambdaType
    case "@requestId": self = .requestId
    case "@duration": self = .duration
    case "@billedDuration": self = .billedDuration
    case "@memorySize": self = .memorySize
    case "@maxMemoryUsed": self = .maxMemoryUsed
    case "@initDuration": self = .initDuration
    default: return nil
    }
  }
}

/// An expression with its field references resolved to where the value lives.
indirect enum Compiled {
  case constant(InsightsValue)
  case system(SystemField)
  /// A discovered JSON field: index into the scanner's slots.
  case json(Int)
  /// A field made by `fields`/`parse`/`unnest` in the event stage.
  case computed(Int)
  /// A column of a materialised row (after `stats`, `sort`, ...).
  case column(Int)
  /// A finished aggregate's value while a stats item is evaluated.
  case aggregate(Int)
  case unary(UnaryOperator, Compiled)
  case binary(BinaryOperator, Compiled, Compiled)
  /// Case-sensitive substring test on the UTF-8 bytes (`like "text"`, and regexes without metacharacters).
  case likeText(Compiled, [UInt8], negated: Bool)
  case likeRegex(Compiled, CompiledRegex, negated: Bool)
  case inList(Compiled, [Compiled], negated: Bool)
  case call(ScalarFunction, [Compiled])
  case period(TimePeriod)
  /// `field = "text"` (`negated`: `!=`) where the text does not read as a number, so the comparison is textual:
  /// a plain JSON string is compared on the message's bytes; any other value takes `general`, the same
  /// comparison as a `binary`.
  case jsonEqualsText(Int, [UInt8], negated: Bool, general: Compiled)
  /// `field OP number`: a JSON number is parsed from the message's bytes and compared; any other value takes
  /// `general`, the same comparison as a `binary`.
  case jsonCompareNumber(Int, BinaryOperator, Double, general: Compiled)
}

extension Compiled {
  /// The comparison `a op b`, with a byte-level path when one side is a JSON field and the other a constant
  /// (`level = "ERROR"`, `latency_ms > 200`): the filters of most queries, evaluated before any value is built.
  static func comparison(_ op: BinaryOperator, _ a: Compiled, _ b: Compiled) -> Compiled {
    let general = Compiled.binary(op, a, b)
    switch (op, a, b) {
    case (.equal, .json(let i), .constant(.string(let s))), (.equal, .constant(.string(let s)), .json(let i)),
      (.notEqual, .json(let i), .constant(.string(let s))), (.notEqual, .constant(.string(let s)), .json(let i)):
      // A numeric constant compares numerically with numeric text ("200" = "200.0"): no byte shortcut.
      guard InsightsValue.parseNumber(s) == nil else { return general }
      return .jsonEqualsText(i, Array(s.utf8), negated: op == .notEqual, general: general)
    case (.equal, .json(let i), .constant(.number(let d))), (.notEqual, .json(let i), .constant(.number(let d))),
      (.less, .json(let i), .constant(.number(let d))), (.lessOrEqual, .json(let i), .constant(.number(let d))),
      (.greater, .json(let i), .constant(.number(let d))), (.greaterOrEqual, .json(let i), .constant(.number(let d))):
      return .jsonCompareNumber(i, op, d, general: general)
    default:
      return general
    }
  }
}

/// Per-event (or per-row) state the evaluator reads.
final class EvaluationContext {
  // Hot-path state of one run, only touched by the thread running it: unchecked exclusivity saves a runtime
  // access check per read and write (about a fifth of the scan time, measured with perf).
  @exclusivity(unchecked) var timestamp: EpochMillis = 0
  @exclusivity(unchecked) var ingestionTime: EpochMillis = 0
  @exclusivity(unchecked) var message = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
  @exclusivity(unchecked) var logStream = ""
  @exclusivity(unchecked) var logGroup = ""
  /// The event's position in its input (`QueryRun.consume(_:order:)`), for `@ptr`.
  @exclusivity(unchecked) var order = 0
  let scanner: JSONFieldScanner
  /// One slot per path of `scanner`, allocated once (freed in deinit): scanning into it per event needs none of
  /// an array's uniqueness checks.
  private let slots: UnsafeMutableBufferPointer<JSONSlot>
  @exclusivity(unchecked) var scanned = false
  @exclusivity(unchecked) var lambda: LambdaFields?
  /// Set when `lambda` was filled for the current event (see `load`).
  @exclusivity(unchecked) var lambdaRead = false
  @exclusivity(unchecked) var computed: [InsightsValue] = []
  @exclusivity(unchecked) var row: [InsightsValue] = []
  @exclusivity(unchecked) var aggregates: [InsightsValue] = []
  let nowSeconds: Double

  init(scanner: JSONFieldScanner, computedCount: Int, nowSeconds: Double) {
    self.scanner = scanner
    slots = UnsafeMutableBufferPointer.allocate(capacity: scanner.paths.count)
    slots.initialize(repeating: JSONSlot())
    self.computed = Array(repeating: .null, count: computedCount)
    self.nowSeconds = nowSeconds
  }

  deinit { slots.deallocate() }

  /// Loads an event of the current log group and stream (`logGroup`, `logStream` are set by
  /// `QueryRun.setSource`, once per file rather than per event).
  @inline(__always) func load(timestamp: EpochMillis, ingestionTime: EpochMillis, message: UnsafeBufferPointer<UInt8>) {
    self.timestamp = timestamp
    self.ingestionTime = ingestionTime
    self.message = message
    scanned = false
    // Only an event that read a Lambda field has one to drop: assigning nil each time destroyed the optional
    // value per event, read or not.
    if lambdaRead {
      lambda = nil
      lambdaRead = false
    }
    if !computed.isEmpty {
      // One uniqueness check for the whole array, not one per element.
      computed.withUnsafeMutableBufferPointer { values in
        for i in values.indices { values[i] = .null }
      }
    }
  }

  @inline(__always) func json(_ index: Int) -> InsightsValue {
    JSONFieldScanner.value(of: slot(index), in: message)
  }

  /// Where a discovered JSON field's value sits in the message (scanned once per event, on first use).
  @inline(__always) func slot(_ index: Int) -> JSONSlot {
    if !scanned {
      scanner.scan(message, into: slots)
      scanned = true
    }
    return slots[index]
  }

  /// `@ptr`: `LOGGROUP:LOGSTREAM:POSITION`, where POSITION is the byte offset of the event's line in a plain file,
  /// or its line (event) number in a gzip file, a pipe or a `filter-log-events` export — the same number every run
  /// of any query over the same input gives that event. Log group names cannot contain `:`, so the group ends at
  /// the first one (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html).
  /// CloudWatch's own pointers are opaque too; this one is for reading, and no API here takes it back.
  var pointer: String { "\(logGroup):\(logStream):\(order & QueryRun.positionMask)" }

  func system(_ field: SystemField) -> InsightsValue {
    switch field {
    case .timestamp: return .timestamp(timestamp)
    case .message: return .string(String(decoding: message, as: UTF8.self))
    case .logStream: return .string(logStream)
    case .log: return .string(logGroup)
    case .pointer: return .string(pointer)
    case .ingestionTime: return .timestamp(ingestionTime)
    default: break
    }
    let l: LambdaFields
    if let loaded = lambda {
      l = loaded
    } else {
      l = LambdaFields(message: message, lambdaLogGroup: logGroup.hasPrefix("/aws/lambda/"))
      lambda = l
      lambdaRead = true
    }
    switch field {
    case .lambdaType: return l.type
    case .requestId: return l.requestId
    case .duration: return l.duration
    case .billedDuration: return l.billedDuration
    case .memorySize: return l.memorySize
    case .maxMemoryUsed: return l.maxMemoryUsed
    case .initDuration: return l.initDuration
    default: return .null
    }
  }
}

/// Evaluation of compiled expressions, with the comparison and coercion rules of Logs Insights: comparisons
/// accept all types; two values that both read as numbers compare as numbers, others as text; a comparison with
/// an absent field is false.
enum Evaluator {
  static func evaluate(_ e: Compiled, _ c: EvaluationContext) -> InsightsValue {
    switch e {
    case .constant(let v): return v
    case .system(let f): return c.system(f)
    case .json(let i): return c.json(i)
    case .computed(let i): return c.computed[i]
    case .column(let i): return i < c.row.count ? c.row[i] : .null
    case .aggregate(let i): return c.aggregates[i]
    case .period(let p): return .number(Double(p.fixedMillis ?? 0))
    case .unary(.not, let a): return .bool(!truth(evaluate(a, c)))
    case .unary(.negate, let a):
      guard let d = evaluate(a, c).numberValue else { return .null }
      return .number(-d)
    case .binary(.and, let a, let b): return .bool(truth(evaluate(a, c)) && truth(evaluate(b, c)))
    case .binary(.or, let a, let b): return .bool(truth(evaluate(a, c)) || truth(evaluate(b, c)))
    case .binary(let op, let a, let b): return binary(op, evaluate(a, c), evaluate(b, c))
    case .likeText(let a, let needle, let negated):
      if case .system(.message) = a {
        // Search the raw message without making a String of it.
        return .bool(ByteSearch.contains(c.message, needle) != negated)
      }
      if case .json(let i) = a {
        // A plain JSON string: search its bytes in the message.
        let slot = c.slot(i)
        switch slot.kind {
        case .missing, .null, .object, .array: return .bool(false)
        case .string where !slot.escaped:
          return .bool(ByteSearch.contains(UnsafeBufferPointer(rebasing: c.message[slot.start..<slot.end]), needle) != negated)
        default: break
        }
      }
      let v = evaluate(a, c)
      if v.isNull { return .bool(false) }
      var text = v.description
      return .bool(text.withUTF8 { ByteSearch.contains($0, needle) } != negated)
    case .likeRegex(let a, let regex, let negated):
      let v = evaluate(a, c)
      if v.isNull { return .bool(false) }
      return .bool(regex.matches(v.description) != negated)
    case .inList(let a, let items, let negated):
      let v = evaluate(a, c)
      if v.isNull { return .bool(false) }
      let found = items.contains { equal(v, evaluate($0, c)) }
      return .bool(found != negated)
    case .call(let f, let args): return f.apply(args, c)
    case .jsonEqualsText(let i, let text, let negated, let general):
      let slot = c.slot(i)
      switch slot.kind {
      case .missing, .null, .object, .array: return .bool(false)
      case .string where !slot.escaped:
        let same =
          slot.end - slot.start == text.count
          && text.withUnsafeBufferPointer { t in
            guard let m = c.message.baseAddress, let p = t.baseAddress else { return t.isEmpty }
            return memcmp(m + slot.start, p, t.count) == 0
          }
        return .bool(same != negated)
      default: return evaluate(general, c)
      }
    case .jsonCompareNumber(let i, let op, let y, let general):
      let slot = c.slot(i)
      switch slot.kind {
      case .missing, .null, .object, .array: return .bool(false)
      case .number:
        guard let x = NumberParser.parse(c.message, slot.start, slot.end) else { return evaluate(general, c) }
        switch op {
        case .equal: return .bool(x == y)
        case .notEqual: return .bool(x != y)
        case .less: return .bool(x < y)
        case .lessOrEqual: return .bool(x <= y)
        case .greater: return .bool(x > y)
        case .greaterOrEqual: return .bool(x >= y)
        default: return evaluate(general, c)
        }
      default: return evaluate(general, c)
      }
    }
  }

  static func truth(_ v: InsightsValue) -> Bool {
    switch v {
    case .bool(let b): return b
    case .number(let d): return d != 0
    case .timestamp: return true
    case .string(let s): return s == "true"
    case .null: return false
    }
  }

  static func equal(_ a: InsightsValue, _ b: InsightsValue) -> Bool {
    if a.isNull || b.isNull { return false }
    if let x = a.numberValue, let y = b.numberValue { return x == y }
    return a.description == b.description
  }

  /// -1/0/1, or nil when either side is absent.
  static func order(_ a: InsightsValue, _ b: InsightsValue) -> Int? {
    if a.isNull || b.isNull { return nil }
    if let x = a.numberValue, let y = b.numberValue { return x < y ? -1 : (x > y ? 1 : 0) }
    return SortOrdering.bytewise(a.description, b.description)
  }

  static func binary(_ op: BinaryOperator, _ a: InsightsValue, _ b: InsightsValue) -> InsightsValue {
    switch op {
    case .equal: return .bool(equal(a, b))
    case .notEqual:
      if a.isNull || b.isNull { return .bool(false) }
      return .bool(!equal(a, b))
    case .less: return .bool(order(a, b).map { $0 < 0 } ?? false)
    case .lessOrEqual: return .bool(order(a, b).map { $0 <= 0 } ?? false)
    case .greater: return .bool(order(a, b).map { $0 > 0 } ?? false)
    case .greaterOrEqual: return .bool(order(a, b).map { $0 >= 0 } ?? false)
    default: break
    }
    guard let x = a.numberValue, let y = b.numberValue else { return .null }
    let r = arithmetic(op, x, y)
    return r.map { $0.isFinite ? .number($0) : .null } ?? .null
  }

  private static func arithmetic(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Double? {
    switch op {
    case .add: return x + y
    case .subtract: return x - y
    case .multiply: return x * y
    case .divide: return y == 0 ? nil : x / y
    case .modulo: return y == 0 ? nil : x.truncatingRemainder(dividingBy: y)
    case .power: return Foundation.pow(x, y)
    default: return nil
    }
  }
}
