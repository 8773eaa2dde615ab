import VigilCore

/// `pct`'s values for one group (issue 17). The latest values are kept as they came, 8 bytes each: appending costs
/// less than counting, and a group of a few hundred mostly distinct values (a minute of one service's latencies)
/// takes half the memory it would as table entries. Each time `recent` reaches `foldAt` values it is folded into the
/// value→count table, so a large group of few distinct values (status codes) stays small. `-0` is kept as `0`, as
/// the table always counted it.
struct PercentileValues {
  private(set) var recent: [Double] = []
  private(set) var counted = ValueCounts()
  static let foldAt = 4096

  var isEmpty: Bool { recent.isEmpty && counted.distinct == 0 }

  /// Bytes of memory held.
  var bytes: Int { recent.capacity * MemoryLayout<Double>.stride + counted.bytes }

  /// Adds one value; returns how many bytes the memory held grew by.
  @inline(__always) mutating func add(_ value: Double) -> Int {
    if recent.count < recent.capacity && recent.count < Self.foldAt {
      recent.append(value == 0 ? 0 : value)
      return 0
    }
    let before = bytes
    if recent.count >= Self.foldAt { fold() }
    recent.append(value == 0 ? 0 : value)
    return bytes - before
  }

  /// Moves `recent` into the table.
  private mutating func fold() {
    for value in recent { counted.add(value) }
    recent.removeAll(keepingCapacity: true)
  }

  /// Adds the values of another part of the input.
  mutating func add(_ other: PercentileValues) {
    if isEmpty {
      self = other
      return
    }
    for value in other.recent { _ = add(value) }
    counted.add(other.counted)
  }

  /// The value at `rank` (1-based) of all values in ascending order, with `extra` values and counted values
  /// too (a group's spilled entries).
  func value(atRank rank: Int, extra: [Double] = [], extraCounted: [CountedValue] = []) -> Double {
    var copy = self
    return copy.takeValue(atRank: rank, extra: extra, extraCounted: extraCounted)
  }

  /// `value(atRank:…)` for the last time: selects in place among the values as they came (no copy) and leaves
  /// no values.
  mutating func takeValue(atRank rank: Int, extra: [Double] = [], extraCounted: [CountedValue] = []) -> Double {
    defer { self = PercentileValues() }
    if counted.distinct == 0 && extraCounted.isEmpty {
      recent.append(contentsOf: extra)
      return WeightedSelection.value(atRank: rank, in: &recent)
    }
    var values = extraCounted
    values.reserveCapacity(extraCounted.count + counted.distinct + recent.count + extra.count)
    counted.forEach { values.append(CountedValue(value: $0, count: $1)) }
    for value in recent { values.append(CountedValue(value: value, count: 1)) }
    for value in extra { values.append(CountedValue(value: value, count: 1)) }
    return WeightedSelection.value(atRank: rank, in: &values)
  }
}

/// A value and how many times it was seen.
struct CountedValue: Counted {
  var value: Double
  var count: Int
}

/// What `WeightedSelection` selects from: a value seen `count` times.
protocol Counted {
  var value: Double { get }
  var count: Int { get }
}

extension Double: Counted {
  var value: Double { self }
  var count: Int { 1 }
}

/// The value at a rank among counted values: a quickselect, linear on average, where sorting the values would be
/// n log n. Values may repeat (the same value in two tables or two spills); a three-way partition keeps repeats
/// from making it quadratic.
enum WeightedSelection {
  /// The value at `rank` (1-based, clamped to 1...total count) of `values` in ascending order. Reorders
  /// `values`. 0 for no values.
  static func value<T: Counted>(atRank rank: Int, in values: inout [T]) -> Double {
    guard !values.isEmpty else { return 0 }
    return values.withUnsafeMutableBufferPointer { v in
      var low = 0
      var high = v.count  // the answer is in v[low..<high], at rank `wanted` among them
      var wanted = min(max(rank, 1), v.reduce(0) { $0 + $1.count })
      while high - low > 1 {
        // Median of three as the pivot, then v[low..<less] < pivot, v[less..<more] == pivot, v[more..<high] > pivot.
        let a = v[low].value, b = v[(low + high) / 2].value, c = v[high - 1].value
        let pivot = max(min(a, b), min(max(a, b), c))
        var less = low
        var i = low
        var more = high
        var lessCount = 0
        var equalCount = 0
        while i < more {
          let x = v[i].value
          if x < pivot {
            lessCount += v[i].count
            v.swapAt(i, less)
            less += 1
            i += 1
          } else if x > pivot {
            more -= 1
            v.swapAt(i, more)
          } else {
            equalCount += v[i].count
            i += 1
          }
        }
        if wanted <= lessCount {
          high = less
        } else if wanted <= lessCount + equalCount {
          return pivot
        } else {
          wanted -= lessCount + equalCount
          low = more
        }
      }
      return v[low].value
    }
  }
}

/// `pct`'s value→count table (issue 17): open addressing on the value's bits with a multiplicative hash, so
/// counting a value costs a multiply and a probe or two rather than a `Dictionary` update (SipHash). Values are
/// one key when `==` says so, as they were as `Dictionary` keys (`-0` counts as `0`; there is no NaN: no reader
/// makes one). Memory is bounded by the distinct values: at most 4/3 of them, rounded up to a power of two, slots.
struct ValueCounts {
  /// Each slot: a value's bit pattern and its count (0: empty), side by side so a probe reads one cache line.
  private var slots: [(bits: UInt64, count: Int)] = []
  /// 64 − log2(slots): the hash keeps the top bits.
  private var shift: UInt64 = 60
  private(set) var distinct = 0

  /// Counts `value` `times` more times; true when the value is new to the table.
  @discardableResult @inline(__always) mutating func add(_ value: Double, times: Int = 1) -> Bool {
    if slots.isEmpty { slots = Array(repeating: (0, 0), count: 16) }
    let bits = (value == 0 ? 0 : value).bitPattern
    let mask = slots.count - 1
    var i = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> shift)
    let found: Bool = slots.withUnsafeMutableBufferPointer { table in
      while table[i].count != 0 {
        if table[i].bits == bits {
          table[i].count += times
          return true
        }
        i = (i + 1) & mask
      }
      table[i] = (bits, times)
      return false
    }
    if found { return false }
    distinct += 1
    if distinct * 4 > slots.count * 3 { grow() }
    return true
  }

  /// Adds the counts of another table (a later part of the input), folding the smaller table into the larger.
  mutating func add(_ other: ValueCounts) {
    if other.distinct > distinct {
      var larger = other
      for slot in slots where slot.count != 0 { larger.add(Double(bitPattern: slot.bits), times: slot.count) }
      self = larger
    } else {
      for slot in other.slots where slot.count != 0 { add(Double(bitPattern: slot.bits), times: slot.count) }
    }
  }

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: (0, 0), count: old.count * 2)
    shift -= 1
    distinct = 0
    for slot in old where slot.count != 0 { add(Double(bitPattern: slot.bits), times: slot.count) }
  }

  /// Bytes of memory the table holds.
  var bytes: Int { slots.count * MemoryLayout<(bits: UInt64, count: Int)>.stride }

  /// Calls `body(value, count)` for each distinct value.
  func forEach(_ body: (Double, Int) -> Void) {
    for slot in slots where slot.count != 0 { body(Double(bitPattern: slot.bits), slot.count) }
  }
}
