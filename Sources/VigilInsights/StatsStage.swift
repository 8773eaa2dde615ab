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

  /// `pct` values past their budget go to disk (`PercentileSpill`): the aggregates that are `pct`, how many
  /// bytes of values they hold in memory, and how many they may hold before they are spilled.
  private let percentiles: [Int]
  @exclusivity(unchecked) private var percentileBytes = 0
  @exclusivity(unchecked) private var percentileBudget: Int
  private let temporaryFolder: String?
  /// This run's spill file, once it has one.
  private var spill: PercentileSpill?
  /// Every spill whose entries belong to this run's groups: its own and those of the runs merged into it, each
  /// with the map from that run's group numbers to this run's (nil: the same numbers).
  private var spills: [(file: PercentileSpill, groups: [Int]?)] = []
  /// Each group's spill partition, computed when a spill needs it.
  private var partitions: [Int] = []
  /// How many spills hold this run's values (its own and the merged runs').
  var spillCount: Int { spills.reduce(0) { $0 + $1.file.count } }
  /// Why the answer could not be given, when a spill file could not be read back.
  private(set) var failure: String?

  init(
    groups: [Compiled], functions: [AggregateFunction], arguments: [Compiled], items: [Compiled], columns: [String],
    percentileBudget: Int = QueryOptions.defaultPercentileBytesInMemory, temporaryFolder: String? = nil
  ) {
    self.temporaryFolder = temporaryFolder
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
    percentiles = functions.indices.filter { if case .pct = functions[$0] { return true } else { return false } }
    self.percentileBudget = percentileBudget
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
      percentileBytes &+= states[base + k].add(functions[k], value, time: c.timestamp)
    }
    if percentileBytes > percentileBudget { spillPercentiles() }
  }

  /// Writes every group's `pct` values to the spill file and empties them. When no file can be written, the tables stay
  /// in memory from then on (same answer, no memory bound).
  private func spillPercentiles() {
    if spill == nil {
      guard let file = PercentileSpill(folder: temporaryFolder) else {
        percentileBudget = .max
        return
      }
      spill = file
      spills.append((file, nil))
    }
    guard let spill else { return }
    assignPartitions()
    let width = functions.count
    let written = spill.write { partition, writer in
      for g in 0..<keys.count where partitions[g] == partition {
        for k in percentiles {
          let state = g * width + k
          writer.values(state, states[state].percentile.recent)
          writer.counted(state, states[state].percentile.counted)
        }
      }
    }
    guard written else {
      percentileBudget = .max
      return
    }
    for g in 0..<keys.count {
      for k in percentiles { states[g * width + k].percentile = PercentileValues() }
    }
    percentileBytes = 0
  }

  /// Each group's partition: the top bits of its key hash, mixed again (the table uses the low bits).
  private func assignPartitions() {
    while partitions.count < keys.count {
      let hash = UInt64(UInt(bitPattern: table.key(partitions.count).hash))
      partitions.append(Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 60) % PercentileSpill.partitions)
    }
  }

  /// Folds in the groups of a run over a later part of the input.
  func merge(_ other: StatsStage) {
    var numbers: [Int] = []
    numbers.reserveCapacity(other.keys.count)
    for (g, key) in other.keys.enumerated() {
      let (bytes, hash) = other.table.key(g)
      let index = made(bytes.withUnsafeBufferPointer { table.find($0, hash: hash) }) { key }
      numbers.append(index)
      for k in 0..<functions.count {
        states[index * functions.count + k].merge(other.states[g * functions.count + k], functions[k])
      }
    }
    for (file, groups) in other.spills { spills.append((file, groups.map { $0.map { numbers[$0] } } ?? numbers)) }
    // The merged values stay in memory: at most what the runs held each, and `finish` comes next.
  }

  /// Every `pct` answer, by aggregate state (nil: not a `pct`, or no values; empty when the query has no `pct`). Groups with spilled values are
  /// answered one partition at a time, so only that partition's groups have all their values in memory at once;
  /// the others select in their own values, which are not needed after.
  private func percentileAnswers() -> [Double?] {
    guard !percentiles.isEmpty else { return [] }
    var answers = [Double?](repeating: nil, count: states.count)
    let width = functions.count
    if !spills.isEmpty { spilledPercentiles(into: &answers) }
    for g in 0..<keys.count {
      for k in percentiles {
        let state = g * width + k
        guard answers[state] == nil, states[state].count > 0, case .pct(let p) = functions[k] else { continue }
        answers[state] = states[state].percentile.takeValue(atRank: AggregateState.nearestRank(p, count: states[state].count))
      }
    }
    return answers
  }

  private func spilledPercentiles(into answers: inout [Double?]) {
    assignPartitions()
    let width = functions.count
    for partition in 0..<PercentileSpill.partitions {
      var values: [Int: [Double]] = [:]
      var counted: [Int: [CountedValue]] = [:]
      for (file, groups) in spills {
        func mine(_ state: Int) -> Int { (groups.map { $0[state / width] } ?? state / width) * width + state % width }
        let read = file.read(
          partition: partition,
          values: { state, bits in values[mine(state), default: []].append(contentsOf: bits.lazy.map { Double(bitPattern: $0) }) },
          counted: { state, value, count in counted[mine(state), default: []].append(CountedValue(value: value, count: count)) })
        if !read { failure = "the pct values written to a temporary file could not be read back" }
      }
      for state in Set(values.keys).union(counted.keys) {
        guard case .pct(let p) = functions[state % width] else { continue }
        let rank = AggregateState.nearestRank(p, count: states[state].count)
        answers[state] = states[state].percentile.takeValue(
          atRank: rank, extra: values[state] ?? [], extraCounted: counted[state] ?? [])
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
    let percentileAnswers = percentileAnswers()
    var rows: [[InsightsValue]] = []
    rows.reserveCapacity(keys.count)
    for (index, key) in keys.enumerated() {
      c.aggregates = (0..<functions.count).map { k in
        let state = index * functions.count + k
        if case .pct = functions[k] { return percentileAnswers[state].map { .number($0) } ?? .null }
        return states[state].result(functions[k])
      }
      c.row = key
      for item in items { c.row.append(Evaluator.evaluate(item, c)) }
      rows.append(c.row)
    }
    let width = groups.count
    if width > 0 {
      // By the group values, as slices of the rows (copying them into arrays allocated twice per comparison).
      let ascending = Array(repeating: false, count: width)
      rows.sort { RowCollector.compare($0[..<width], $1[..<width], descending: ascending) < 0 }
    }
    return RowSet(columns: columns, rows: rows, visible: columns)
  }
}
