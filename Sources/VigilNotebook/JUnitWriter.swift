import Foundation

/// Writes a test run as JUnit XML, the report format CI systems (Jenkins, GitLab, GitHub Actions
/// reporters) read: https://github.com/testmoapp/junitxml
///
/// One `<testsuite>` per document, one `<testcase>` per checked cell. A differing output or a failed
/// `expect` line is a `<failure>` whose body is the located messages and the unified diff; an invalid
/// cell or document is an `<error>`; a cell not run after an invalid one is `<skipped>`. Cells the
/// filter left out are not listed.
public enum JUnitWriter {
  /// The XML document for the run.
  public static func xml(for report: TestRunReport, name: String = "vigil test") -> String {
    var suites = ""
    var totals = (tests: 0, failures: 0, errors: 0, skipped: 0, time: 0.0)
    for notebook in report.notebooks {
      var cases = ""
      var counts = (tests: 0, failures: 0, errors: 0, skipped: 0)
      if !notebook.errors.isEmpty {
        counts.tests += 1
        counts.errors += 1
        let message = notebook.errors[0].split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        cases += "    <testcase name=\"document\" classname=\(attribute(notebook.path)) file=\(attribute(notebook.path)) time=\"0.000\">\n"
        cases +=
          "      <error message=\(attribute(message)) type=\"InvalidDocument\">\(text(notebook.errors.joined(separator: "\n")))</error>\n"
        cases += "    </testcase>\n"
      }
      for outcome in notebook.cells where outcome.isChecked {
        counts.tests += 1
        let cell = outcome.cell
        let head =
          "    <testcase name=\(attribute(cell.title)) classname=\(attribute(notebook.path)) file=\(attribute(notebook.path)) line=\"\(cell.openingFenceLine ?? cell.firstLine)\" time=\"\(seconds(outcome.duration))\""
        switch outcome.status {
        case .passed, .updated, .setup, .excluded:
          cases += head + "/>\n"
        case .failed:
          counts.failures += 1
          let body = outcome.failures.map(\.description).joined(separator: "\n") + "\n" + outcome.diff
          let type = outcome.outputDiffers ? "OutputMismatch" : "ExpectationFailed"
          cases += head + ">\n"
          cases +=
            "      <failure message=\(attribute(outcome.failures.first?.message ?? "failed")) type=\"\(type)\">\(text(body))</failure>\n"
          cases += "    </testcase>\n"
        case .invalid(let diagnostic):
          counts.errors += 1
          cases += head + ">\n"
          cases += "      <error message=\(attribute(diagnostic.headline)) type=\"InvalidCell\">\(text(diagnostic.description))</error>\n"
          cases += "    </testcase>\n"
        case .notRun:
          counts.skipped += 1
          cases += head + ">\n"
          cases += "      <skipped message=\"not run: an earlier cell of the notebook is invalid\"/>\n"
          cases += "    </testcase>\n"
        }
      }
      suites +=
        "  <testsuite name=\(attribute(notebook.path)) tests=\"\(counts.tests)\" failures=\"\(counts.failures)\" errors=\"\(counts.errors)\" skipped=\"\(counts.skipped)\" time=\"\(seconds(notebook.duration))\" timestamp=\"\(timestamp(notebook.started))\">\n"
      suites += cases
      suites += "  </testsuite>\n"
      totals.tests += counts.tests
      totals.failures += counts.failures
      totals.errors += counts.errors
      totals.skipped += counts.skipped
      totals.time += notebook.duration
    }
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <testsuites name=\(attribute(name)) tests="\(totals.tests)" failures="\(totals.failures)" errors="\(totals.errors)" skipped="\(totals.skipped)" time="\(seconds(totals.time))">

      """ + suites + "</testsuites>\n"
  }

  /// Seconds with millisecond precision, as JUnit's `time` attributes are read.
  static func seconds(_ interval: TimeInterval) -> String { String(format: "%.3f", max(0, interval)) }

  /// `2026-03-02T10:15:03` in UTC, the form JUnit's `timestamp` attribute takes.
  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  /// A quoted, escaped attribute value; newlines and tabs are written as character references so
  /// attribute-value normalisation keeps them.
  static func attribute(_ value: String) -> String {
    "\"" + escaped(value, inAttribute: true) + "\""
  }

  static func text(_ value: String) -> String { escaped(value, inAttribute: false) }

  /// XML 1.0 escaping. Characters XML cannot carry at all (control characters other than tab, newline
  /// and carriage return, U+FFFE, U+FFFF; e.g. the ESC of a terminal colour code) become `\u{1B}` text.
  static func escaped(_ value: String, inAttribute: Bool) -> String {
    var result = ""
    result.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
    for scalar in value.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"" where inAttribute: result += "&quot;"
      case "'" where inAttribute: result += "&apos;"
      case "\n" where inAttribute: result += "&#10;"
      case "\r": result += "&#13;"
      case "\t" where inAttribute: result += "&#9;"
      case "\t", "\n": result.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
          result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result
  }
}
