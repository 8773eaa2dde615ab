import ArgumentParser
import Foundation
import VigilSession
import VigilCore
import VigilLogSource
import VigilLogs

/// `vigil test-pattern PATTERN FILE...`: runs a CloudWatch filter pattern over log files, like TestMetricFilter.
struct TestPatternCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test-pattern",
    abstract: "Match a CloudWatch Logs filter pattern against log files (TestMetricFilter output).",
    discussion: """
      Files may be JSON Lines, `aws logs filter-log-events` output or text, optionally gzip-compressed.
      In json, eventNumber counts lines across the inputs from 0, as TestMetricFilter numbers its events (events for
      filter-log-events files); the table shows the same position from 1 and each event's file:line.
      Exit codes: 0 success, 2 invalid pattern or unreadable file.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

  @Argument(help: "The filter pattern, e.g. '{ $.level = \"ERROR\" }'.") var pattern: String
  @Argument(help: "Log files (.gz allowed).") var files: [String]
  @Option(name: .long, help: "Output format: table or json (the TestMetricFilter response shape).") var format: Format = .table
  @Flag(name: .long, help: "Print only the number of matching events.") var count = false

  func run() throws {
    let filterPattern: FilterPattern
    do { filterPattern = try FilterPattern(pattern) } catch {
      printError(error.description)
      throw ExitCode.invalidInput
    }
    var out = OutputBuffer()
    var test = PatternTest(filterPattern)
    if format == .json && !count { out.write("{\"matches\":[") }
    for path in files {
      do {
        if count {
          try test.count(path)
        } else {
          try test.scan(path) { match in
            switch format {
            case .json:
              let entry: JSONValue = .object([
                "eventNumber": .int(match.eventNumber), "eventMessage": .string(match.message),
                "extractedValues": .object(Dictionary(match.extractedValues, uniquingKeysWith: { a, _ in a }).mapValues { .string($0) }),
              ])
              out.write((match.ordinal > 1 ? ",\n" : "\n") + entry.serialized(pretty: false))
            case .table:
              out.write(
                TestPatternCommand.row(
                  inputLine: match.inputLine, path: path, line: match.line, message: match.message, extracted: match.extractedValues))
            }
          }
        }
      } catch let error as LogReadError {
        out.flush()
        printError(error.description)
        throw ExitCode.invalidInput
      }
    }
    let matches = test.matches, issues = test.issues
    if count {
      out.write("\(matches)\n")
    } else if format == .json {
      out.write(matches > 0 ? "\n]}\n" : "]}\n")
    } else {
      out.write("\(matches) matching event\(matches == 1 ? "" : "s")\n")
    }
    out.flush()
    for issue in issues.prefix(20) { printError(issue.description) }
    if issues.count > 20 { printError("… and \(issues.count - 20) more warnings") }
  }

  /// One table row; the extracted values come in `PatternTest.ordered` order, as the shell shows them.
  static func row(inputLine: Int, path: String, line: Int, message: String, extracted: [(name: String, value: String)]) -> String {
    var text = "#\(inputLine)  \((path as NSString).lastPathComponent):\(line)  \(message)\n"
    if !extracted.isEmpty {
      text += "    " + extracted.map { "\($0.name)=\($0.value)" }.joined(separator: "  ") + "\n"
    }
    return text
  }
}

extension TestPatternCommand {
  /// Buffered standard output (one `fwrite` per 64 KiB instead of one per line).
  struct OutputBuffer {
    private var bytes: [UInt8] = []

    mutating func write(_ text: String) {
      bytes.append(contentsOf: text.utf8)
      if bytes.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
      guard !bytes.isEmpty else { return }
      // write(2) on fd 1 directly: no shared C stdio state, and the buffer is already large.
      bytes.withUnsafeBufferPointer { buffer in
        var offset = 0
        while offset < buffer.count {
          let n = Foundation.write(1, buffer.baseAddress! + offset, buffer.count - offset)
          if n <= 0 { break }
          offset += n
        }
      }
      bytes.removeAll(keepingCapacity: true)
    }
  }

}
