import Testing
import VigilCore
import VigilModel
import VigilPolicy
import VigilTestSupport

/// Issue 12 item 11: `vigil check` flags every secret that is still written literally — a SecureString value in a
/// stack built in code or imported (the session refuses one), a sensitive variable's default — and never repeats it.
@Suite struct SecretFindingTests {
  static let secret = "hunter2-s3cr3t"

  /// The clean session plus a SecureString from a variable, whose value is then made literal in code.
  static func stackWithLiteralSecureString() throws -> Stack {
    var stack = try PolicySessions.stack(
      PolicySessions.clean + "\nvariable db --sensitive\nparameter db/password --secure --value var:db --description 'DB password'")
    stack.parameters[0].value = .literal(secret)
    return stack
  }

  @Test func aLiteralSecureStringIsFlaggedWithTheVariableFix() throws {
    let findings = PolicyChecker.findings(in: try Self.stackWithLiteralSecureString())
    #expect(
      findings.map(\.text) == [
        """
        shop.vigil:11:1: VIGIL-SEC-001: SecureString parameter db/password has its value written literally in the session and the export
          why: \(PolicyRules.literalSecret.rationale)
          fix: variable db_password --sensitive --description 'Value of SecureString parameter db/password'
          fix: parameter db/password --value var:db_password --secure --description 'DB password'
        """
      ])
    let fix = try #require(findings.first).fix
    let fixed = try PolicySessions.stack(
      PolicySessions.clean + "\nvariable db --sensitive\nparameter db/password --secure --value var:db --description 'DB password'\n"
        + fix.joined(separator: "\n"))
    #expect(PolicyChecker.findings(in: fixed).map(\.text) == [])
  }

  @Test func theSecretIsInNoReport() throws {
    let findings = PolicyChecker.findings(in: try Self.stackWithLiteralSecureString())
    for format in [PolicyReport.Format.text, .sarif] {
      let report = PolicyReport.render(findings, format: format, session: "shop.vigil")
      #expect(report.contains("VIGIL-SEC-001"))
      #expect(!report.contains(Self.secret))
    }
  }

  @Test func aSensitiveVariableWithADefaultIsFlagged() throws {
    let stack = try PolicySessions.stack(
      PolicySessions.clean + "\nvariable api_key --sensitive --description 'API key' --default " + Self.secret)
    let findings = PolicyChecker.findings(in: stack)
    #expect(
      findings.map { "\($0.location!.description): \($0.rule.id): \($0.message)" } == [
        "shop.vigil:10:1: VIGIL-SEC-001: sensitive variable api_key has a default, which is written in clear in the session and the "
          + "export (sensitive only hides it in plans); the deployer sets it instead (TF_VAR_api_key)"
      ])
    #expect(findings.map(\.fix) == [["variable api_key --sensitive --description 'API key'"]])
    let fix = try #require(findings.first).fix.joined(separator: "\n")
    let fixed = try PolicySessions.stack(PolicySessions.clean + "\nvariable api_key --sensitive --default x\n" + fix)
    #expect(PolicyChecker.findings(in: fixed).map(\.text) == [])
    // A variable without `--sensitive` is not a declared secret: its default is configuration.
    #expect(PolicyChecker.findings(in: try PolicySessions.stack(PolicySessions.clean + "\nvariable region --default eu-west-1")).isEmpty)
  }

  @Test func aVariableThatCarriesASecureStringMustBeSensitive() throws {
    let stack = try PolicySessions.stack(PolicySessions.clean + "\nvariable db\nparameter db/password --secure --value var:db")
    let findings = PolicyChecker.findings(in: stack)
    #expect(
      findings.map { "\($0.location!.description): \($0.rule.id): \($0.message)" } == [
        "shop.vigil:10:1: VIGIL-SEC-002: variable db carries the value of SecureString parameter db/password but is not marked "
          + "sensitive, so Terraform prints it in plans"
      ])
    #expect(findings.map(\.fix) == [["variable db --sensitive"]])
  }
}
