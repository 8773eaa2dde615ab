/// One line of an edit script between two texts.
public enum DiffLine: Equatable, Sendable {
  /// A line both texts share.
  case common(String)
  /// A line only the old text has.
  case removed(String)
  /// A line only the new text has.
  case added(String)
}

/// A shortest line edit script by Myers' O(ND) algorithm ("An O(ND) Difference Algorithm and Its
/// Variations", 1986), the algorithm behind `diff` and `git diff`.
public enum LineDiff {
  /// Above this many differences the middle is reported as removed-then-added instead of searched
  /// further, which keeps time and memory bounded for outputs that share almost nothing.
  public static let maximumSearchedDifferences = 1_000

  /// The edit script turning `old` into `new`. Lines compare by their exact UTF-8 bytes.
  public static func diff(_ old: [String], _ new: [String]) -> [DiffLine] {
    // Intern lines so the search compares integers, by bytes (String == would equate "é" with "e\u{301}").
    var ids: [[UInt8]: Int] = [:]
    func id(_ line: String) -> Int {
      let key = Array(line.utf8)
      if let known = ids[key] { return known }
      ids[key] = ids.count
      return ids.count - 1
    }
    let a = old.map(id)
    let b = new.map(id)
    // The common prefix and suffix need no search; a one-digit change then costs D = 2.
    var prefix = 0
    while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
      suffix += 1
    }
    var script = old[..<prefix].map(DiffLine.common)
    script += middle(
      Array(a[prefix..<(a.count - suffix)]), Array(b[prefix..<(b.count - suffix)]),
      old: Array(old[prefix..<(old.count - suffix)]), new: Array(new[prefix..<(new.count - suffix)]))
    script += old[(old.count - suffix)...].map(DiffLine.common)
    return script
  }

  static func middle(_ a: [Int], _ b: [Int], old: [String], new: [String]) -> [DiffLine] {
    let n = a.count
    let m = b.count
    if n == 0 { return new.map(DiffLine.added) }
    if m == 0 { return old.map(DiffLine.removed) }
    let limit = min(n + m, maximumSearchedDifferences)
    let offset = limit + 1
    var v = [Int](repeating: 0, count: 2 * limit + 3)
    var trace: [[Int]] = []
    var found: Int?
    search: for d in 0...limit {
      // Round d reads only diagonals -d-1...d+1 of the previous frontier; keep just those (O(D²) memory).
      trace.append(Array(v[(offset - d - 1)...(offset + d + 1)]))
      for k in stride(from: -d, through: d, by: 2) {
        var x: Int
        if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
          x = v[offset + k + 1]
        } else {
          x = v[offset + k - 1] + 1
        }
        var y = x - k
        while x < n, y < m, a[x] == b[y] {
          x += 1
          y += 1
        }
        v[offset + k] = x
        if x >= n, y >= m {
          found = d
          break search
        }
      }
    }
    guard let distance = found else { return old.map(DiffLine.removed) + new.map(DiffLine.added) }
    // Walk back through the saved frontiers, emitting the script in reverse.
    var reversed: [DiffLine] = []
    var x = n
    var y = m
    for d in stride(from: distance, through: 0, by: -1) {
      let v = trace[d]
      let base = d + 1  // index of diagonal 0 in the saved slice
      let k = x - y
      let previousK = (k == -d || (k != d && v[base + k - 1] < v[base + k + 1])) ? k + 1 : k - 1
      let previousX = v[base + previousK]
      let previousY = previousX - previousK
      while x > previousX, y > previousY {
        reversed.append(.common(old[x - 1]))
        x -= 1
        y -= 1
      }
      if d > 0 {
        if x == previousX {
          reversed.append(.added(new[y - 1]))
          y -= 1
        } else {
          reversed.append(.removed(old[x - 1]))
          x -= 1
        }
      }
    }
    return reversed.reversed()
  }
}

/// Renders an edit script as a unified diff (the `diff -u` / `git diff` format).
public enum UnifiedDiff {
  /// The diff text: `--- oldLabel`, `+++ newLabel`, then `@@ -start,count +start,count @@` hunks with
  /// `context` common lines around each change. Line numbers count from `oldFirstLine`/`newFirstLine`
  /// (1 for a whole file). Empty when the script has no change.
  public static func render(
    _ script: [DiffLine], oldLabel: String, newLabel: String, context: Int = 3, oldFirstLine: Int = 1,
    newFirstLine: Int = 1
  ) -> String {
    let changes = script.indices.filter { if case .common = script[$0] { return false } else { return true } }
    guard let firstChange = changes.first else { return "" }
    // Old and new line numbers before each script entry.
    var oldBefore = [Int](repeating: 0, count: script.count + 1)
    var newBefore = [Int](repeating: 0, count: script.count + 1)
    for (index, line) in script.enumerated() {
      oldBefore[index + 1] = oldBefore[index] + (line.isAdded ? 0 : 1)
      newBefore[index + 1] = newBefore[index] + (line.isRemoved ? 0 : 1)
    }
    var hunks: [Range<Int>] = []
    var start = max(0, firstChange - context)
    var last = firstChange
    for change in changes.dropFirst() {
      if change - last - 1 > 2 * context {
        hunks.append(start..<min(script.count, last + context + 1))
        start = change - context
      }
      last = change
    }
    hunks.append(start..<min(script.count, last + context + 1))

    var text = "--- \(oldLabel)\n+++ \(newLabel)\n"
    for hunk in hunks {
      let oldCount = oldBefore[hunk.upperBound] - oldBefore[hunk.lowerBound]
      let newCount = newBefore[hunk.upperBound] - newBefore[hunk.lowerBound]
      let oldStart = oldBefore[hunk.lowerBound] + oldFirstLine - (oldCount == 0 ? 1 : 0)
      let newStart = newBefore[hunk.lowerBound] + newFirstLine - (newCount == 0 ? 1 : 0)
      text += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
      for line in script[hunk] {
        switch line {
        case .common(let s): text += " \(s)\n"
        case .removed(let s): text += "-\(s)\n"
        case .added(let s): text += "+\(s)\n"
        }
      }
    }
    return text
  }

  /// GNU diff's range form: `start` for one line, `start,count` otherwise (an empty range names the
  /// line before it).
  static func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }
}

extension DiffLine {
  var isAdded: Bool { if case .added = self { true } else { false } }
  var isRemoved: Bool { if case .removed = self { true } else { false } }
}
