import Foundation
import VigilCore
import VigilLogSource

/// `pattern FIELD`: groups values into templates with counts. This is **Vigil's own algorithm**, not the
/// machine-learning clustering CloudWatch uses
/// ([pattern](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Pattern.html)), so results
/// differ from AWS. It is deterministic:
/// - the value is split on spaces; a token holding a digit (numbers, ids, times, IPs, UUIDs) is variable and is
///   shown as `<Token-N>` (N counts variable tokens from 1 in the template), other tokens are kept as written;
/// - values with the same template are one pattern. `@sampleCount` counts them, `@ratio` is the share of all
///   values (two decimals), `@severityLabel` is Error/Warning/Debug/Info from the first level word found, and
///   `@sample` is the first value seen.
/// Rows are ordered by `@sampleCount` descending, then by template.
final class PatternStage: GroupingStage {
  static let columns = ["@pattern", "@sampleCount", "@ratio", "@severityLabel", "@sample"]
  let expression: Compiled
  private var table: [String: Int] = [:]
  private var templates: [(template: String, count: Int, sample: String)] = []
  private var total = 0

  init(expression: Compiled) { self.expression = expression }

  func add(_ c: EvaluationContext) {
    let value = Evaluator.evaluate(expression, c)
    guard !value.isNull else { return }
    let text = value.description
    let template = Self.template(of: text)
    total += 1
    if let i = table[template] {
      templates[i].count += 1
    } else {
      table[template] = templates.count
      templates.append((template, 1, text))
    }
  }

  func merge(_ other: PatternStage) {
    total += other.total
    for t in other.templates {
      if let i = table[t.template] {
        templates[i].count += t.count
      } else {
        table[t.template] = templates.count
        templates.append(t)
      }
    }
  }

  static func template(of text: String) -> String {
    var variable = 0
    var out: [String] = []
    for token in text.split(separator: " ", omittingEmptySubsequences: false) {
      if token.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
        variable += 1
        out.append("<Token-\(variable)>")
      } else {
        out.append(String(token))
      }
    }
    return out.joined(separator: " ")
  }

  static func severity(of text: String) -> String {
    for token in text.split(whereSeparator: { !$0.isLetter }) {
      switch token.uppercased() {
      case "ERROR", "FATAL", "CRITICAL", "EXCEPTION": return "Error"
      case "WARN", "WARNING": return "Warning"
      case "DEBUG", "TRACE": return "Debug"
      case "INFO": return "Info"
      default: continue
      }
    }
    return "Info"
  }

  func finish(_ c: EvaluationContext) -> RowSet {
    let ordered = templates.sorted { $0.count != $1.count ? $0.count > $1.count : $0.template < $1.template }
    let rows: [[InsightsValue]] = ordered.map { t in
      [
        .string(t.template), .number(Double(t.count)),
        .string(String(format: "%.2f", Double(t.count) / Double(max(total, 1)))),
        .string(Self.severity(of: t.sample)), .string(t.sample),
      ]
    }
    return RowSet(columns: Self.columns, rows: rows, visible: Self.columns)
  }
}
