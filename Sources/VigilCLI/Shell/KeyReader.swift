@preconcurrency import CEditLine
import Foundation
import Synchronization

/// The keys libedit reads, one character at a time (`rl_getc_function`), so that an arrow key ends a Ctrl-R search
/// the way it does in bash: libedit's incremental search stops at the arrow's ESC and then inserts the rest of the
/// sequence (`[C`) as text. Here, an escape sequence typed during a search is given as ESC (which ends the search
/// and keeps the match) followed by the whole sequence again, which then moves the cursor on the found line.
enum KeyReader {
  private struct State {
    /// Characters to give before reading more.
    var pending: [Int32] = []
    /// Whether a Ctrl-R/Ctrl-S search is running (started, then only search text or another Ctrl-R since).
    var searching = false
  }
  private static let state = Mutex(State())

  /// The next character as a Unicode scalar (UTF-8 decoded, so libedit gets whole characters), or -1 at the end
  /// of input or when a signal (Ctrl-C at the prompt) interrupted the read.
  static func next() -> Int32 {
    if let queued = state.withLock({ $0.pending.isEmpty ? nil : $0.pending.removeFirst() }) { return queued }
    guard let byte = readByte(waitMilliseconds: -1) else { return -1 }
    let searching = state.withLock { $0.searching }
    switch byte {
    case 0x12, 0x13:  // Ctrl-R, Ctrl-S
      state.withLock { $0.searching = true }
      return Int32(byte)
    case 0x1B where searching:
      state.withLock { $0.searching = false }
      var sequence: [Int32] = []
      if let introducer = readByte(waitMilliseconds: 50) {
        sequence.append(Int32(introducer))
        if introducer == UInt8(ascii: "[") || introducer == UInt8(ascii: "O") {
          // Parameters, then a final byte in 0x40...0x7E (`ESC [ C`, `ESC [ 1 ; 5 C`, `ESC O H`).
          while let next = readByte(waitMilliseconds: 50) {
            sequence.append(Int32(next))
            if (0x40...0x7E).contains(next) { break }
          }
          sequence.insert(0x1B, at: 0)
        }
      }
      state.withLock { $0.pending += sequence }
      return 0x1B
    case 0x08, 0x7F:  // editing the search text
      return Int32(byte)
    default:
      if byte < 0x20 { state.withLock { $0.searching = false } }
      return decode(leading: byte)
    }
  }

  /// A UTF-8 character starting with `leading`, as its scalar value (the byte itself when malformed).
  private static func decode(leading: UInt8) -> Int32 {
    let count: Int
    switch leading {
    case 0xC0...0xDF: count = 1
    case 0xE0...0xEF: count = 2
    case 0xF0...0xF7: count = 3
    default: return Int32(leading)
    }
    var scalar = UInt32(leading) & (0x3F >> UInt32(count))
    for _ in 0..<count {
      guard let next = readByte(waitMilliseconds: 100), next & 0xC0 == 0x80 else { return Int32(leading) }
      scalar = scalar << 6 | UInt32(next & 0x3F)
    }
    return Int32(bitPattern: scalar)
  }

  /// One byte of standard input; nil at the end, on a signal, or when nothing came within the wait (-1: no limit).
  private static func readByte(waitMilliseconds: Int32) -> UInt8? {
    if waitMilliseconds >= 0 {
      var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
      guard poll(&descriptor, 1, waitMilliseconds) == 1 else { return nil }
    }
    var byte: UInt8 = 0
    return read(STDIN_FILENO, &byte, 1) == 1 ? byte : nil
  }
}
