import Foundation
import Testing
import VigilCore

@testable import VigilNotebook

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A parsed XML element: name, attributes, text and children.
final class XMLNode {
  let name: String
  let attributes: [String: String]
  var text = ""
  var children: [XMLNode] = []

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  func all(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }
}

/// Builds an `XMLNode` tree with Foundation's XMLParser; nil when the document is not well-formed.
final class TreeBuilder: NSObject, XMLParserDelegate {
  var stack: [XMLNode] = []
  var root: XMLNode?

  static func parse(_ text: String) -> XMLNode? {
    let builder = TreeBuilder()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = builder
    return parser.parse() ? builder.root : nil
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    let node = XMLNode(name: elementName, attributes: attributes)
    stack.last?.children.append(node)
    if stack.isEmpty { root = node }
    stack.append(node)
  }

  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
    stack.removeLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }
}

@Suite struct JUnitWriterTests {
  func report() throws -> TestRunReport {
    let options = fixedOptions()
    let good = try Notebook.parse(
      text:
        "# Sums & <more>\n```vigil\nadd 1 2\n```\n```output\n3\n```\n```vigil\necho \"quoted\" <b> \u{1B}[31mred\n```\n```output\nstale\n```\n",
      path: "notebooks/a.md")
    let broken = try Notebook.parse(text: "```vigil\nbogus\n```\n```vigil\nadd 1 1\n```\n", path: "notebooks/b.md")
    let session = try Notebook.parse(text: "set a 1\nexpect a 2\n", path: "s.vigil", kind: .session)
    let run = runner(options)
    let directory = URL(fileURLWithPath: "/nb")
    var unparsable = NotebookResult(path: "notebooks/c.md", errors: [], started: Date(timeIntervalSince1970: 1_787_306_400))
    do {
      _ = try Notebook.parse(text: "text\n```output\nx\n```\n", path: "notebooks/c.md")
    } catch let error as NotebookError {
      unparsable.errors = error.diagnostics.map(\.description)
    }
    return TestRunReport(
      notebooks: [
        run.test(good, directory: directory), run.test(broken, directory: directory), run.test(session, directory: directory),
        unparsable,
      ], update: false)
  }

  @Test func outputParsesAsJUnitXMLWithOneSuitePerDocumentAndOneCasePerCell() throws {
    let report = try report()
    let xml = JUnitWriter.xml(for: report)
    let root = try #require(TreeBuilder.parse(xml))
    #expect(root.name == "testsuites")
    #expect(root.attributes["tests"] == "6")
    #expect(root.attributes["failures"] == "2")
    #expect(root.attributes["errors"] == "2")
    #expect(root.attributes["skipped"] == "1")
    let suites = root.all("testsuite")
    #expect(suites.map { $0.attributes["name"] } == ["notebooks/a.md", "notebooks/b.md", "s.vigil", "notebooks/c.md"])
    #expect(suites.map { $0.attributes["tests"] } == ["2", "2", "1", "1"])
    #expect(suites.map { $0.attributes["failures"] } == ["1", "0", "1", "0"])
    #expect(suites.map { $0.attributes["errors"] } == ["0", "1", "0", "1"])
    #expect(suites[0].attributes["timestamp"] == "2026-08-21T10:00:00Z")
    // The fixed clock advances 5 ms per reading: a cell takes one tick.
    let first = suites[0].all("testcase")
    #expect(first.map { $0.attributes["time"] } == ["0.005", "0.005"])
    #expect(first.map { $0.attributes["line"] } == ["2", "8"])
    #expect(first[0].attributes["name"] == "Sums & <more>, line 2: add 1 2")
    #expect(first[0].attributes["classname"] == "notebooks/a.md")
    #expect(first[0].children.isEmpty)

    let failure = try #require(first[1].all("failure").first)
    #expect(failure.attributes["type"] == "OutputMismatch")
    #expect(
      failure.attributes["message"]
        == "output differs from the recording (Sums & <more>, line 8: echo \"quoted\" <b> \u{1B}[31mred)".replacingOccurrences(
          of: "\u{1B}", with: "\\u{1B}"))
    let cellDiff = report.notebooks[0].cells[1].diff
    #expect(
      failure.text
        == ("notebooks/a.md:12: " + (report.notebooks[0].cells[1].failures[0].message) + "\n" + cellDiff).replacingOccurrences(
          of: "\u{1B}", with: "\\u{1B}"))
    #expect(cellDiff.contains("-stale\n+\"quoted\" <b> \u{1B}[31mred\n"))

    let broken = suites[1].all("testcase")
    #expect(broken[0].all("error").first?.attributes["message"] == "notebooks/b.md:2:1: error: unknown command `bogus`")
    #expect(broken[0].all("error").first?.attributes["type"] == "InvalidCell")
    #expect(broken[1].all("skipped").count == 1)

    let expectation = try #require(suites[2].all("testcase").first?.all("failure").first)
    #expect(expectation.attributes["type"] == "ExpectationFailed")
    #expect(expectation.text == "s.vigil:2: expectation failed: expected a = 2, found 1\n")

    let document = try #require(suites[3].all("testcase").first?.all("error").first)
    #expect(document.attributes["type"] == "InvalidDocument")
    #expect(
      document.text
        == "notebooks/c.md:2:1: error: an output block must follow a ```vigil cell (only blank lines between)\n  ```output\n  ^")
  }

  @Test func escapingKeepsEveryCharacterXMLAllows() throws {
    let value = "a & b < c > d \"e\" 'f'\ttab\nline\r\u{1B}\u{7}"
    #expect(JUnitWriter.attribute(value) == "\"a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;&#9;tab&#10;line&#13;\\u{1B}\\u{7}\"")
    #expect(JUnitWriter.text(value) == "a &amp; b &lt; c &gt; d \"e\" 'f'\ttab\nline&#13;\\u{1B}\\u{7}")
    let root = try #require(TreeBuilder.parse("<r a=\(JUnitWriter.attribute(value))>\(JUnitWriter.text(value))</r>"))
    #expect(root.attributes["a"] == "a & b < c > d \"e\" 'f'\ttab\nline\r\\u{1B}\\u{7}")
    #expect(root.text == "a & b < c > d \"e\" 'f'\ttab\nline\r\\u{1B}\\u{7}")
  }
}
