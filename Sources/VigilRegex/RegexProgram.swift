/// A regular expression compiled to a Thompson NFA: a list of instructions a ``PikeVM`` runs in lock step.
///
/// Instructions: `set` consumes one character from a class; `split` forks (first branch preferred); `jump`;
/// `save` records the position in a capture slot; `assert` tests the context; `match` ends a thread.
struct RegexProgram: Sendable {
  enum Operation: UInt8, Sendable {
    case set, split, jump, save, assert, match
  }

  struct Instruction: Sendable {
    var operation: Operation
    /// set: class index; split/jump: first target; save: slot; assert: the assertion's raw value.
    var first: Int32
    /// split: second target.
    var second: Int32
  }

  var instructions: [Instruction] = []
  var classes: [CodePointSet] = []
  /// Two slots (start, end) per group, group 0 being the whole match.
  var slotCount = 2

  /// Programs larger than this are refused: each instruction costs time on every character.
  static let maximumSize = 200_000

  struct TooLarge: Error {}

  /// Compiles `node` wrapped in `save 0 … save 1; match`.
  init(_ node: RegexNode, groupCount: Int) throws(TooLarge) {
    slotCount = 2 * (groupCount + 1)
    emit(.save, 0)
    try compile(node)
    emit(.save, 1)
    emit(.match)
  }

  @discardableResult
  private mutating func emit(_ operation: Operation, _ first: Int = 0, _ second: Int = 0) -> Int {
    instructions.append(Instruction(operation: operation, first: Int32(first), second: Int32(second)))
    return instructions.count - 1
  }

  /// Calls to `compile`, bounded too: `((){1000}){1000}` emits nothing but would take a billion calls.
  private var steps = 0

  private mutating func compile(_ node: RegexNode) throws(TooLarge) {
    steps += 1
    guard instructions.count < Self.maximumSize, steps < 10 * Self.maximumSize else { throw TooLarge() }
    switch node {
    case .empty: break
    case .set(let s):
      // Identical classes share one entry (`\d\d\d` is one class).
      let index =
        classes.firstIndex(of: s)
        ?? {
          classes.append(s)
          return classes.count - 1
        }()
      emit(.set, index)
    case .concatenation(let items):
      for item in items { try compile(item) }
    case .alternation(let items):
      guard let last = items.last else { return }
      var jumps: [Int] = []
      for item in items.dropLast() {
        let split = emit(.split)
        instructions[split].first = Int32(instructions.count)
        try compile(item)
        jumps.append(emit(.jump))
        instructions[split].second = Int32(instructions.count)
      }
      try compile(last)
      for j in jumps { instructions[j].first = Int32(instructions.count) }
    case .capture(let inner, let index):
      emit(.save, 2 * index)
      try compile(inner)
      emit(.save, 2 * index + 1)
    case .assertion(let a):
      emit(.assert, Int(a.rawValue))
    case .repetition(let inner, let min, let max, let greedy):
      if let max, max == 0 { return }
      // Unbounded: the mandatory copies, the last of them looping back (`x{2,}` = `x x+`).
      if max == nil {
        if min == 0 {
          let split = emit(.split)
          try compile(inner)
          emit(.jump, split)
          branch(split, body: split + 1, exit: instructions.count, greedy: greedy)
        } else {
          for _ in 0..<(min - 1) { try compile(inner) }
          let loop = instructions.count
          try compile(inner)
          let split = emit(.split)
          branch(split, body: loop, exit: instructions.count, greedy: greedy)
        }
        return
      }
      let upper = max ?? min
      for _ in 0..<min { try compile(inner) }
      // Optional copies nest: `x{0,2}` = `(x(x)?)?`, every split leaving to the same end.
      var splits: [Int] = []
      for _ in min..<upper {
        splits.append(emit(.split))
        try compile(inner)
      }
      let end = instructions.count
      for s in splits { branch(s, body: s + 1, exit: end, greedy: greedy) }
    }
  }

  private mutating func branch(_ split: Int, body: Int, exit: Int, greedy: Bool) {
    instructions[split].first = Int32(greedy ? body : exit)
    instructions[split].second = Int32(greedy ? exit : body)
  }
}
