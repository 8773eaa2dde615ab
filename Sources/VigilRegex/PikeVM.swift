/// Runs a ``RegexProgram`` over UTF-8 bytes in one pass, all threads in lock step (Pike's VM, as in RE2).
///
/// Each position is visited once and each instruction at most once per position, so a search costs
/// O(text length × program size) whatever the pattern: no backtracking, no exponential case. Threads are kept
/// in priority order, which gives leftmost-first submatches like RE2 and Perl.
/// (Russ Cox, "Regular Expression Matching: the Virtual Machine Approach", https://swtch.com/~rsc/regexp/regexp2.html)
struct PikeVM {
  let program: RegexProgram
  let text: UnsafeBufferPointer<UInt8>
  /// Whether the caller wants group positions; without them the first thread to reach `match` ends the search.
  let wantsCaptures: Bool

  /// Searches from `start`. Returns the capture slots of the leftmost-first match (empty when captures are not
  /// wanted), or nil. `anchored` limits matches to those starting at 0; `prefix` is a literal every match starts
  /// with, used to jump over text while no thread is alive.
  func search(from start: Int, anchored: Bool, prefix: [UInt8]) -> [Int]? {
    let size = program.instructions.count
    let slots = wantsCaptures ? program.slotCount : 0
    let total = 4 * size + 3 * (size + 1) + 2 * size * slots + 2 * slots
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: total) { buffer -> [Int]? in
      let base = buffer.baseAddress!
      var offset = 0
      func carve(_ n: Int) -> UnsafeMutablePointer<Int> {
        defer { offset += n }
        return base + offset
      }
      var current = ThreadList(dense: carve(size), sparse: carve(size), slots: carve(size * slots), slotCount: slots)
      var next = ThreadList(dense: carve(size), sparse: carve(size), slots: carve(size * slots), slotCount: slots)
      current.sparse.initialize(repeating: 0, count: size)
      next.sparse.initialize(repeating: 0, count: size)
      var stack = Stack(pc: carve(size + 1), slot: carve(size + 1), value: carve(size + 1))
      let captures = carve(slots)
      let best = carve(slots)
      return run(from: start, anchored: anchored, prefix: prefix, &current, &next, &stack, captures, best)
    }
  }

  private struct ThreadList {
    var dense: UnsafeMutablePointer<Int>
    var sparse: UnsafeMutablePointer<Int>
    var slots: UnsafeMutablePointer<Int>
    var slotCount: Int
    var count = 0

    @inline(__always) func contains(_ pc: Int) -> Bool {
      let i = sparse[pc]
      return i < count && dense[i] == pc
    }
    @inline(__always) mutating func insert(_ pc: Int) {
      sparse[pc] = count
      dense[count] = pc
      count += 1
    }
  }

  /// Work list for the epsilon closure: `pc >= 0` explores an instruction, `pc == -1` restores a capture slot.
  private struct Stack {
    var pc: UnsafeMutablePointer<Int>
    var slot: UnsafeMutablePointer<Int>
    var value: UnsafeMutablePointer<Int>
    var count = 0
    @inline(__always) mutating func push(_ p: Int, _ s: Int = 0, _ v: Int = 0) {
      pc[count] = p
      slot[count] = s
      value[count] = v
      count += 1
    }
  }

  private func run(
    from start: Int, anchored: Bool, prefix: [UInt8], _ current: inout ThreadList, _ next: inout ThreadList,
    _ stack: inout Stack, _ captures: UnsafeMutablePointer<Int>, _ best: UnsafeMutablePointer<Int>
  ) -> [Int]? {
    let end = text.count
    let slots = current.slotCount
    var matched = false
    var position = start
    while true {
      if current.count == 0 {
        if matched || (anchored && position > 0) { break }
        if !prefix.isEmpty {
          guard let hit = find(prefix, from: position) else { break }
          position = hit
        }
      }
      if !matched && (!anchored || position == 0) {
        for s in 0..<slots { captures[s] = -1 }
        if addThread(&current, 0, position, captures, &stack) { return [] }
      }
      let (character, width) = position < end ? UTF8Reading.character(in: text, at: position) : (0, 0)
      next.count = 0
      var i = 0
      while i < current.count {
        let pc = current.dense[i]
        i += 1
        let instruction = program.instructions[pc]
        switch instruction.operation {
        case .match:
          // Leftmost-first: this thread wins over every thread after it in the list.
          for s in 0..<slots { best[s] = current.slots[pc * slots + s] }
          matched = true
          i = current.count
        case .set:
          guard width > 0, program.classes[Int(instruction.first)].contains(character) else { continue }
          for s in 0..<slots { captures[s] = current.slots[pc * slots + s] }
          if addThread(&next, pc + 1, position + width, captures, &stack) { return [] }
        default: continue
        }
      }
      if width == 0 { break }
      swap(&current, &next)
      position += width
    }
    return matched ? Array(UnsafeBufferPointer(start: best, count: slots)) : nil
  }

  /// Adds the thread at `pc` and everything reachable from it without consuming a character.
  /// Returns true when a match is reached and captures are not wanted (the search can stop).
  private func addThread(
    _ list: inout ThreadList, _ pc: Int, _ position: Int, _ captures: UnsafeMutablePointer<Int>, _ stack: inout Stack
  ) -> Bool {
    let slots = list.slotCount
    stack.count = 0
    stack.push(pc)
    while stack.count > 0 {
      stack.count -= 1
      var pc = stack.pc[stack.count]
      if pc < 0 {
        captures[stack.slot[stack.count]] = stack.value[stack.count]
        continue
      }
      while !list.contains(pc) {
        list.insert(pc)
        let instruction = program.instructions[pc]
        switch instruction.operation {
        case .jump:
          pc = Int(instruction.first)
          continue
        case .split:
          stack.push(Int(instruction.second))
          pc = Int(instruction.first)
          continue
        case .save:
          let slot = Int(instruction.first)
          if slot < slots {
            stack.push(-1, slot, captures[slot])
            captures[slot] = position
          }
          pc += 1
          continue
        case .assert:
          guard holds(RegexNode.Assertion(rawValue: UInt8(instruction.first)) ?? .textStart, at: position) else { break }
          pc += 1
          continue
        case .match:
          if !wantsCaptures { return true }
          for s in 0..<slots { list.slots[pc * slots + s] = captures[s] }
        case .set:
          for s in 0..<slots { list.slots[pc * slots + s] = captures[s] }
        }
        break
      }
    }
    return false
  }

  @inline(__always) private func isWord(_ at: Int) -> Bool {
    guard at >= 0, at < text.count else { return false }
    let b = text[at]
    return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
  }

  private func holds(_ assertion: RegexNode.Assertion, at p: Int) -> Bool {
    switch assertion {
    case .textStart: return p == 0
    case .textEnd: return p == text.count
    case .lineStart: return p == 0 || text[p - 1] == 0x0A
    case .lineEnd: return p == text.count || text[p] == 0x0A
    case .wordBoundary: return isWord(p - 1) != isWord(p)
    case .notWordBoundary: return isWord(p - 1) == isWord(p)
    }
  }

  private func find(_ needle: [UInt8], from: Int) -> Int? {
    guard from <= text.count, let base = text.baseAddress else { return nil }
    return ByteSearch.firstIndex(of: needle, in: UnsafeBufferPointer(start: base + from, count: text.count - from)).map {
      $0 + from
    }
  }
}
