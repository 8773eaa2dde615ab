import Testing
import VigilCore
import VigilModel
import VigilPolicy

/// SARIF 2.1.0 and JSON structure: required properties, levels, rule references.
@Suite struct PolicyReportTests {
  static func findings() throws -> [PolicyFinding] {
    PolicyChecker.findings(
      in: try PolicySessions.stack(PolicySessions.clean + "\ntracing --sampling 0.5\nlogs api --retention 14\nservice worker --lambda"))
  }

  @Test func sarifHasTheRequiredStructure() throws {
    let findings = try Self.findings()
    #expect(findings.count == 3)
    let sarif = try JSONValue.parse(PolicyReport.render(findings, format: .sarif, session: "shop.vigil"))
    #expect(sarif["version"] == "2.1.0")
    #expect(sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json")
    let runs = try #require(sarif["runs"]?.arrayValue)
    #expect(runs.count == 1)
    let driver = try #require(runs[0]["tool"]?["driver"])
    #expect(driver["name"] == "vigil")
    let rules = try #require(driver["rules"]?.arrayValue)
    #expect(rules.count == PolicyRules.all.count)
    for rule in rules {
      #expect(rule["id"]?.stringValue != nil)
      #expect(rule["shortDescription"]?["text"]?.stringValue?.isEmpty == false)
      #expect(rule["fullDescription"]?["text"]?.stringValue?.isEmpty == false)
      #expect(rule["help"]?["text"]?.stringValue?.isEmpty == false)
      #expect(["error", "warning", "note"].contains(rule["defaultConfiguration"]?["level"]?.stringValue ?? ""))
    }
    let ruleIDs = rules.compactMap { $0["id"]?.stringValue }
    let results = try #require(runs[0]["results"]?.arrayValue)
    #expect(results.count == 3)
    for result in results {
      let id = try #require(result["ruleId"]?.stringValue)
      #expect(ruleIDs.contains(id))
      let index = try #require(result["ruleIndex"]?.doubleValue)
      #expect(ruleIDs[Int(index)] == id)
      #expect(["error", "warning", "note"].contains(result["level"]?.stringValue ?? ""))
      #expect(result["message"]?["text"]?.stringValue?.isEmpty == false)
      let location = try #require(result["locations"]?.arrayValue?.first?["physicalLocation"])
      #expect(location["artifactLocation"]?["uri"] == "shop.vigil")
      #expect((location["region"]?["startLine"]?.doubleValue ?? 0) >= 1)
      #expect((location["region"]?["startColumn"]?.doubleValue ?? 0) >= 1)
    }
    #expect(results.map { $0["ruleId"]?.stringValue ?? "" } == ["VIGIL-TRC-002", "VIGIL-LOG-002", "VIGIL-DSH-001"])
    #expect(results.map { $0["locations"]?[0]?["physicalLocation"]?["region"]?["startLine"]?.doubleValue ?? 0 } == [10, 11, 12])
    #expect(results[2]["level"] == "warning")
    #expect(
      results[0]["message"]?["text"] == "X-Ray samples at a fixed rate of 0.5; the platform requires 0.1. Fix: tracing --sampling 0.1")
  }

  @Test func absolutePathsBecomeFileURIs() throws {
    let findings = PolicyChecker.findings(
      in: try PolicySessions.stack(PolicySessions.clean + "\ntracing --sampling 0.5", file: "/tmp/my shop.vigil"))
    let sarif = try JSONValue.parse(PolicyReport.render(findings, format: .sarif, session: "/tmp/my shop.vigil"))
    #expect(
      sarif["runs"]?[0]?["results"]?[0]?["locations"]?[0]?["physicalLocation"]?["artifactLocation"]?["uri"] == "file:///tmp/my%20shop.vigil"
    )
  }

  @Test func jsonListsEveryField() throws {
    let json = try JSONValue.parse(PolicyReport.render(try Self.findings(), format: .json, session: "shop.vigil"))
    #expect(json["summary"] == ["errors": 2, "warnings": 1])
    let first = try #require(json["findings"]?[0])
    #expect(first["ruleId"] == "VIGIL-TRC-002")
    #expect(first["resource"] == "tracing")
    #expect(first["location"] == ["file": "shop.vigil", "line": 10, "column": 1])
    #expect(first["fix"] == ["tracing --sampling 0.1"])
    #expect(first["severity"] == "error")
  }
}

extension JSONValue {
  subscript(index: Int) -> JSONValue? { arrayValue.flatMap { index < $0.count ? $0[index] : nil } }
}
