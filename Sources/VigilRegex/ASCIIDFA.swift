/// A DFA built ahead of time from a ``RegexProgram`` for yes/no searches: one table lookup per ASCII byte.
///
/// The Pike VM costs (live threads) per character; on lines the literal prefilter lets through, a pattern that
/// starts a thread at every position (`[0-9]{3}\.\d+`) is several times slower than a table walk. Each DFA state is
/// the set of NFA threads alive at a position (the subset construction), so the answer is the VM's. States are
/// built for the 128 ASCII bytes; a non-ASCII character is stepped from the state's thread set on the fly, and a
/// set never built sends the search back to the VM. Programs with line or word assertions, or whose subset
/// construction exceeds ``maximumStates``, get no DFA (RE2 makes the same trade with its DFA cache).
struct ASCIIDFA: Sendable {
  static let maximumStates = 256

  private let program: RegexProgram
  /// `transitions[state * 128 + byte]`: the next state.
  private let transitions: [Int32]
  /// Each state's threads: `set`, `match` and end-of-text `assert` instructions, sorted.
  private let kernels: [[Int32]]
  private let index: [[Int32]: Int32]
  private let accepting: [Bool]
  /// No thread can ever match from here (only in anchored searches).
  private let dead: [Bool]
  private let start: Int32
  /// The threads started at every position after the first (empty for anchored programs).
  private let restart: [Int32]

  init?(_ program: RegexProgram, anchored: Bool) {
    // Each state costs a pass over the program per byte group: keep construction well under a millisecond or so.
    guard program.instructions.count <= 2_000 else { return nil }
    for instruction in program.instructions where instruction.operation == .assert {
      let kind = RegexNode.Assertion(rawValue: UInt8(instruction.first))
      guard kind == .textStart || kind == .textEnd else { return nil }
    }
    self.program = program
    let initial = Self.closure(program, from: [0], atStart: true, atEnd: false)
    let restart = anchored ? [] : Self.closure(program, from: [0], atStart: false, atEnd: false)
    var kernels: [[Int32]] = [initial]
    var index: [[Int32]: Int32] = [initial: 0]
    var transitions: [Int32] = []
    // Bytes every class of the program treats alike share their transitions: compute one per group.
    var groupOfByte: [Int] = []
    var representatives: [UInt32] = []
    var groups: [[Bool]: Int] = [:]
    for byte in 0..<128 {
      let signature = program.classes.map { $0.contains(UInt32(byte)) }
      if let g = groups[signature] {
        groupOfByte.append(g)
      } else {
        groups[signature] = representatives.count
        groupOfByte.append(representatives.count)
        representatives.append(UInt32(byte))
      }
    }
    var state = 0
    while state < kernels.count {
      let kernel = kernels[state]
      var targets: [Int32] = []
      for representative in representatives {
        let next = Self.step(program, kernel, character: representative, restart: restart)
        if let known = index[next] {
          targets.append(known)
        } else {
          guard kernels.count < Self.maximumStates else { return nil }
          index[next] = Int32(kernels.count)
          targets.append(Int32(kernels.count))
          kernels.append(next)
        }
      }
      for byte in 0..<128 { transitions.append(targets[groupOfByte[byte]]) }
      state += 1
    }
    self.transitions = transitions
    self.kernels = kernels
    self.index = index
    self.start = 0
    self.restart = restart
    accepting = kernels.map { kernel in kernel.contains { program.instructions[Int($0)].operation == .match } }
    dead = kernels.map(\.isEmpty)
  }

  /// Whether the program matches somewhere in `text`; nil when the walk meets a set of threads that was never
  /// built (a non-ASCII character led there) and the VM must answer.
  func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool? {
    var state = Int(start)
    var p = 0
    let count = text.count
    return transitions.withUnsafeBufferPointer { table -> Bool? in
      while true {
        if accepting[state] { return true }
        if dead[state] { return false }
        guard p < count else { break }
        let byte = text[p]
        if byte < 0x80 {
          state = Int(table[state &* 128 &+ Int(byte)])
          p &+= 1
          continue
        }
        let (character, width) = UTF8Reading.character(in: text, at: p)
        let next = Self.step(program, kernels[state], character: character, restart: restart)
        guard let known = index[next] else { return nil }
        state = Int(known)
        p += width
      }
      // End of text: threads waiting on `$` may go on to match.
      let waiting = kernels[state].filter { program.instructions[Int($0)].operation == .assert }
      let final = Self.closure(program, from: waiting.map { $0 + 1 }, atStart: count == 0, atEnd: true)
      return final.contains { program.instructions[Int($0)].operation == .match }
    }
  }

  /// The threads after every thread of `kernel` reads `character`, plus the threads a new start adds.
  private static func step(_ program: RegexProgram, _ kernel: [Int32], character: UInt32, restart: [Int32]) -> [Int32] {
    var advanced: [Int32] = []
    for pc in kernel {
      let instruction = program.instructions[Int(pc)]
      if instruction.operation == .set, program.classes[Int(instruction.first)].contains(character) {
        advanced.append(pc + 1)
      }
    }
    var result = closure(program, from: advanced, atStart: false, atEnd: false)
    if !restart.isEmpty {
      result = Array(Set(result).union(restart)).sorted()
    }
    return result
  }

  /// The `set`, `match` and `assert` instructions reachable from `pcs` without reading a character, sorted.
  /// Assertions that fail here are kept, so that `$` can be tried again at the end of the text.
  private static func closure(_ program: RegexProgram, from pcs: [Int32], atStart: Bool, atEnd: Bool) -> [Int32] {
    var seen = Set<Int32>()
    var kernel: [Int32] = []
    var stack = pcs.reversed().map { $0 }
    while let pc = stack.popLast() {
      guard seen.insert(pc).inserted else { continue }
      let instruction = program.instructions[Int(pc)]
      switch instruction.operation {
      case .jump: stack.append(instruction.first)
      case .split:
        stack.append(instruction.second)
        stack.append(instruction.first)
      case .save: stack.append(pc + 1)
      case .assert:
        let kind = RegexNode.Assertion(rawValue: UInt8(instruction.first))
        if (kind == .textStart && atStart) || (kind == .textEnd && atEnd) {
          stack.append(pc + 1)
        } else if kind == .textEnd {
          kernel.append(pc)
        }
      case .set, .match: kernel.append(pc)
      }
    }
    return kernel.sorted()
  }
}
