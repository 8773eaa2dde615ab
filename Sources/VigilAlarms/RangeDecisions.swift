/// The fast path's decision for every grid slot of a plain static-threshold alarm, computed in one pass.
///
/// The evaluation range at grid slot k reads slots k − R·p, …, k − p (p = the period in steps), so the range at k
/// is the range at k − p shifted by one slot. Each range is encoded as a base-3 number (one digit per slot, oldest
/// first: 0 missing, 1 not breaching, 2 breaching) that is updated from k − p's in O(1), and the decision for each
/// code is worked out once by `MissingDataRule.decideState` and remembered. The answers are those of
/// `MissingDataRule.decideState` on each range, by construction; only the work per minute changes.
enum RangeDecisions {
  /// Decision codes: "retain" (`ignore` with nothing to decide), then the three states.
  static let retain: UInt8 = 0, ok: UInt8 = 1, alarm: UInt8 = 2, insufficientData: UInt8 = 3

  /// The state a code stands for (nil: retain the current state).
  @inline(__always)
  static func state(_ code: UInt8) -> AlarmState? {
    switch code {
    case ok: return .ok
    case alarm: return .alarm
    case insufficientData: return .insufficientData
    default: return nil
    }
  }

  static func code(_ state: AlarmState?) -> UInt8 {
    switch state {
    case .ok?: return ok
    case .alarm?: return alarm
    case .insufficientData?: return insufficientData
    case nil: return retain
    }
  }

  /// Ranges longer than this are decided slot by slot (3^12 = 531,441 remembered decisions at most per alarm).
  static let longestEncodedRange = 12

  /// The decision at each slot of `classes` (see the type's comment); slots before the first period read missing.
  static func decisions(
    classes: [DatapointClass], range r: Int, periodSlots p: Int, evaluationPeriods n: Int, datapointsToAlarm m: Int,
    treatment: TreatMissingData
  ) -> [UInt8] {
    guard r > 0, p > 0, !classes.isEmpty else { return [] }
    var window = [DatapointClass](repeating: .missing, count: r)
    func decide(_ window: [DatapointClass]) -> UInt8 {
      window.withUnsafeBufferPointer { code(MissingDataRule.decideState($0, evaluationPeriods: n, datapointsToAlarm: m, treatment: treatment)) }
    }
    var out = [UInt8](repeating: retain, count: classes.count)
    guard r <= longestEncodedRange else {
      for k in classes.indices {
        for i in 0..<r {
          let slot = k - (r - i) * p
          window[i] = slot >= 0 ? classes[slot] : .missing
        }
        out[k] = decide(window)
      }
      return out
    }
    var size = 1
    for _ in 0..<r { size *= 3 }
    // known[c] is the decision for range code c plus one; 0 until first needed.
    var known = [UInt8](repeating: 0, count: size)
    // The code of the range at the latest slot seen of each phase k mod p.
    var latest = [Int](repeating: 0, count: p)
    // Unchecked buffers: this loop runs once per slot of every alarm (27 million times for 1,000 alarms over 14 days).
    classes.withUnsafeBufferPointer { classes in
      out.withUnsafeMutableBufferPointer { out in
        known.withUnsafeMutableBufferPointer { known in
          latest.withUnsafeMutableBufferPointer { latest in
            var phase = 0
            for k in 0..<classes.count {
              var c = 0
              if k >= p {
                let digit: Int
                switch classes[k - p] {
                case .missing: digit = 0
                case .notBreaching: digit = 1
                case .breaching: digit = 2
                }
                // Below 3·size: drop the oldest digit by subtracting size at most twice (no division per slot).
                c = latest[phase] * 3 + digit
                if c >= size { c -= size }
                if c >= size { c -= size }
              }
              latest[phase] = c
              phase += 1
              if phase == p { phase = 0 }
              if known[c] == 0 {
                var rest = c
                for i in stride(from: r - 1, through: 0, by: -1) {
                  window[i] = rest % 3 == 0 ? .missing : rest % 3 == 1 ? .notBreaching : .breaching
                  rest /= 3
                }
                known[c] = decide(window) + 1
              }
              out[k] = known[c] - 1
            }
          }
        }
      }
    }
    return out
  }
}
