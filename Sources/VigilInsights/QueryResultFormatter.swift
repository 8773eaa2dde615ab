import Foundation
import VigilCore
import VigilLogSource

/// Renders query results as a `GetQueryResults` JSON response, CSV, or an aligned text table.
public enum QueryResultFormatter {
  /// The GetQueryResults response shape
  /// ([API_GetQueryResults](https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetQueryResults.html)):
  /// every value is a string, absent fields are left out of their row, statistics are numbers.
  public static func json(_ result: QueryResult) -> String {
    let rows: [JSONValue] = result.rows.enumerated().map { index, row in
      var fields: [JSONValue] = zip(result.columns, row).compactMap { name, value in
        value.isNull ? nil : .object(["field": .string(name), "value": .string(value.description)])
      }
      // Event rows end with their @ptr, as GetQueryResults gives them (unless the query already shows it).
      if let pointers = result.pointers, index < pointers.count, !result.columns.contains(QueryRun.pointerColumn) {
        fields.append(.object(["field": .string(QueryRun.pointerColumn), "value": .string(pointers[index])]))
      }
      return .array(fields)
    }
    let response: JSONValue = .object([
      "status": "Complete",
      "results": .array(rows),
      "statistics": .object([
        "recordsMatched": .double(Double(result.statistics.recordsMatched)),
        "recordsScanned": .double(Double(result.statistics.recordsScanned)),
        "bytesScanned": .double(Double(result.statistics.bytesScanned)),
      ]),
    ])
    return response.serialized(pretty: true)
  }

  /// RFC 4180 CSV with a header row.
  public static func csv(_ result: QueryResult) -> String {
    func field(_ s: String) -> String {
      if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      }
      return s
    }
    var lines = [result.columns.map(field).joined(separator: ",")]
    for row in result.rows { lines.append(row.map { field($0.description) }.joined(separator: ",")) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// An aligned table. When the result has a time-bucket column (`stats ... by bin()`), a bar chart of the
  /// first numeric column is drawn next to each row.
  public static func table(_ result: QueryResult, barWidth: Int = 40) -> String {
    var headers = result.columns
    var cells = result.rows.map { $0.map { $0.description.replacingOccurrences(of: "\n", with: "\\n") } }
    if let bucket = result.timeBucketColumn, let bucketIndex = result.columns.firstIndex(of: bucket),
      let valueIndex = result.columns.indices.first(where: { i in
        i != bucketIndex && !result.rows.isEmpty
          && result.rows.allSatisfy { row in
            if case .number = row[i] { return true }
            return row[i].isNull
          }
      })
    {
      let values = result.rows.map { $0[valueIndex].numberValue ?? 0 }
      let top = values.max() ?? 0
      headers.append("")
      for k in cells.indices {
        let n = top > 0 ? Int((values[k] / top * Double(barWidth)).rounded()) : 0
        cells[k].append(String(repeating: "█", count: max(values[k] > 0 ? 1 : 0, n)))
      }
    }
    var widths = headers.map { $0.count }
    for row in cells {
      for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
    }
    func line(_ values: [String]) -> String {
      var parts: [String] = []
      for (i, v) in values.enumerated() {
        let isLast = i == values.count - 1
        parts.append(isLast ? v : v + String(repeating: " ", count: widths[i] - v.count))
      }
      var text = parts.joined(separator: "  ")
      while text.hasSuffix(" ") { text.removeLast() }
      return text
    }
    var out = [line(headers), line(widths.map { String(repeating: "-", count: $0) })]
    for row in cells { out.append(line(row)) }
    let s = result.statistics
    out.append(
      "\(result.rows.count) row\(result.rows.count == 1 ? "" : "s"); \(s.recordsMatched) records matched, \(s.recordsScanned) scanned, \(s.bytesScanned) bytes"
    )
    return out.joined(separator: "\n") + "\n"
  }
}
