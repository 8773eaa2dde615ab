import Foundation
import VigilCore
import VigilNotebook

/// A stand-in for the command interpreter: a tiny language whose state carries across cells.
///   set NAME N      stores N
///   add A B         prints the sum (numbers or names)
///   echo TEXT       prints TEXT
///   where           prints the notebook directory followed by /sample.log
///   timed           prints `scanned 3 files in 12.3 ms`
///   expect NAME N   fails when NAME is not N
/// Anything else is invalid, reported at its cell line and column.
struct ArithmeticExecutor: CellExecutor {
  var variables: [String: Int] = [:]
  var directory: URL
  /// Every cell source run, to check order and freshness.
  var log: [String] = []

  init(session: SessionContext) { directory = session.directory }

  mutating func run(cell source: String, context: CellContext) -> CellResult {
    log.append(source)
    var output = ""
    var failures: [ExpectationFailure] = []
    for (offset, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let words = line.split(separator: " ").map(String.init)
      guard let command = words.first else { continue }
      switch command {
      case "set" where words.count == 3:
        variables[words[1]] = Int(words[2])
      case "add" where words.count == 3:
        guard let a = value(words[1]), let b = value(words[2]) else {
          return CellResult(output: output, error: Diagnostic("unknown name", in: String(line), offset: 4, line: offset + 1))
        }
        output += "\(a + b)\n"
      case "echo":
        output += words.dropFirst().joined(separator: " ") + "\n"
      case "where":
        output += directory.path + "/sample.log\n"
      case "timed":
        output += "scanned 3 files in 12.3 ms\n"
      case "expect" where words.count == 3:
        if value(words[1]) != Int(words[2]) {
          failures.append(
            ExpectationFailure(
              "expected \(words[1]) = \(words[2]), found \(value(words[1]).map(String.init) ?? "nothing")", line: offset + 1))
        }
      default:
        return CellResult(
          output: output, failedExpectations: failures,
          error: Diagnostic("unknown command `\(command)`", in: String(line), offset: line.prefix { $0 == " " }.count, line: offset + 1))
      }
    }
    return CellResult(output: output, failedExpectations: failures)
  }

  func value(_ word: String) -> Int? { Int(word) ?? variables[word] }
}

/// Runner options with a fixed clock that advances 5 ms per reading and no machine paths but `dir`.
func fixedOptions(update: Bool = false, filter: CellFilter? = nil, directory: String = "/nb") -> NotebookRunOptions {
  let ticks = Ticker()
  return NotebookRunOptions(
    update: update, filter: filter, now: { ticks.next() },
    normalisation: { _, started in
      NormalisationContext(
        paths: [(path: directory, token: "<dir>")], runStarted: EpochMillis(started.timeIntervalSince1970 * 1000),
        now: { EpochMillis(started.timeIntervalSince1970 * 1000) })
    })
}

/// A clock starting at 2026-08-21T10:00:00Z that advances 5 ms per reading.
final class Ticker: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0

  func next() -> Date {
    lock.lock()
    defer { lock.unlock() }
    count += 1
    return Date(timeIntervalSince1970: 1_787_306_400 + Double(count - 1) * 0.005)
  }
}

func runner(_ options: NotebookRunOptions) -> NotebookRunner<ArithmeticExecutor> {
  NotebookRunner(options: options) { ArithmeticExecutor(session: $0) }
}
