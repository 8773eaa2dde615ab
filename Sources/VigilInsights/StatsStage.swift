import VigilCore
import VigilLogSource

/// A command that folds events or rows into one state per group: `stats` and `pattern`.
protocol GroupingStage: AnyObject {
  func add(_ c: EvaluationContext)
  func finish(_ c: EvaluationContext) -> RowSet
}

/// `stats aggregates by groups`: one `AggregateState` per group and aggregate. Result columns are the group
/// names then the aggregate names (`bin(5m)`, `count(*)`, or aliases). Without `sort`, rows come in ascending
/// order of the group values (Vigil's choice: the docs leave aggregate row order unspecified).
final class StatsStage: GroupingStage {
  let groups: [Compiled]
  let functions: [AggregateFunction]
  let arguments: [Compiled]
  let items: [Compiled]
  let columns: [String]
  // Hot-path state of one run, only touched by the thread running it: unchecked exclusivity saves a runtime
  // access check per read and write (about a fifth of the scan time, measured with perf).
  @exclusivity(unchecked) private var keys: [[InsightsValue]] = []
  @exclusivity(unchecked) private var states: [AggregateState] = []
  /// Groups by the bytes of their key, so finding an existing group allocates nothing (`GroupKeyTable`).
  @exclusivity(unchecked) private var table = GroupKeyTable()

  /// How `add` reads each group value without walking its `Compiled` tree per event (issue 17): a JSON field's
  /// slot, `bin(period)` of the event time, or (-1, nil) for the general evaluation.
  private let groupSlots: [Int]
  private let groupBins: [TimePeriod?]
  /// Per aggregate: the JSON slot of its argument (-1: evaluate it), and whether it reads the same argument as
  /// the aggregate before it (`avg(x), pct(x, 99)` read `x` once).
  private let argumentSlots: [Int]
  /// Per aggregate: its argument when it is a constant (`count(*)` reads none).
  private let argumentConstants: [InsightsValue?]
  private let reusesArgument: [Bool]

  init(groups: [Compiled], functions: [AggregateFunction], arguments: [Compiled], items: [Compiled], columns: [String]) {
    self.groups = groups
    self.functions = functions
    self.arguments = arguments
    self.items = items
    self.columns = columns
    groupSlots = groups.map { if case .json(let i) = $0 { return i } else { return -1 } }
    groupBins = groups.map { group in
      if case .call(.bin, let args) = group, args.count == 1, case .period(let p) = args[0] {
        return TimeTruncation.binPeriod(p)
      }
      return nil
    }
    argumentSlots = arguments.map { if case .json(let i) = $0 { return i } else { return -1 } }
    argumentConstants = arguments.map { if case .constant(let v) = $0 { return v } else { return nil } }
    reusesArgument = arguments.indices.map { k in k > 0 && Self.same(arguments[k], arguments[k - 1]) }
  }

  /// Adds a group's key values and empty states when the table has just made it.
  @inline(__always) private func made(_ found: (index: Int, isNew: Bool), key: () -> [InsightsValue]) -> Int {
    if found.isNew {
      keys.append(key())
      states.append(contentsOf: repeatElement(AggregateState(), count: functions.count))
    }
    return found.index
  }

  func add(_ c: EvaluationContext) {
    table.resetKey()
    for g in 0..<groupSlots.count {
      let slot = groupSlots[g]
      if slot >= 0 {
        table.append(slot: c.slot(slot), in: c.message)
      } else if let period = groupBins[g] {
        // What `bin` evaluates to (`ScalarFunction.bin`), without evaluating the call.
        table.append(.timestamp(TimeTruncation.floor(c.timestamp, period)))
      } else {
        table.append(Evaluator.evaluate(groups[g], c))
      }
    }
    let index = made(table.group()) { groups.map { Evaluator.evaluate($0, c) } }
    let base = index * functions.count
    var value: InsightsValue = .null
    for k in 0..<functions.count {
      // Aggregates over the same field (avg(x), pct(x, 99)) read it once.
      if !reusesArgument[k] {
        let slot = argumentSlots[k]
        if slot >= 0 {
          value = c.json(slot)
        } else if let constant = argumentConstants[k] {
          value = constant
        } else {
          value = Evaluator.evaluate(arguments[k], c)
        }
      }
      states[base + k].add(functions[k], value, time: c.timestamp)
    }
  }

  /// Folds in the groups of a run over a later part of the input.
  func merge(_ other: StatsStage) {
    for (g, key) in other.keys.enumerated() {
      let (bytes, hash) = other.table.key(g)
      let index = made(bytes.withUnsafeBufferPointer { table.find($0, hash: hash) }) { key }
      for k in 0..<functions.count {
        states[index * functions.count + k].merge(other.states[g * functions.count + k], functions[k])
      }
    }
  }

  private static func same(_ a: Compiled, _ b: Compiled) -> Bool {
    switch (a, b) {
    case (.json(let x), .json(let y)): return x == y
    case (.computed(let x), .computed(let y)): return x == y
    case (.column(let x), .column(let y)): return x == y
    case (.system(let x), .system(let y)): return x == y
    default: return false
    }
  }

  func finish(_ c: EvaluationContext) -> RowSet {
    if keys.isEmpty && groups.isEmpty {
      // `stats count(*)` over no events still gives one row.
      keys.append([])
      states.append(contentsOf: repeatElement(AggregateState(), count: functions.count))
    }
    var rows: [[InsightsValue]] = []
    rows.reserveCapacity(keys.count)
    for (index, key) in keys.enumerated() {
      c.aggregates = (0..<functions.count).map { states[index * functions.count + $0].result(functions[$0]) }
      c.row = key
      for item in items { c.row.append(Evaluator.evaluate(item, c)) }
      rows.append(c.row)
    }
    let width = groups.count
    if width > 0 {
      // By the group values, compared in place (slicing them into arrays allocated twice per comparison).
      rows.sort { a, b in
        for k in 0..<width {
          let order = RowCollector.compareValues(a[k], b[k], descending: false)
          if order != 0 { return order < 0 }
        }
        return false
      }
    }
    return RowSet(columns: columns, rows: rows, visible: columns)
  }
}
