import Testing
import VigilCore
@testable import VigilModel
import VigilTestSupport

/// Issue 12 item 11: a secret typed into the session is also in the journal and the Terraform export, so the model
/// refuses it where it is typed and names the sensitive-variable form that replaces it.
@Suite struct SecretRejectionTests {
  static let base = """
    stack shop --suffix dev
    key logs
    """

  @Test func aSecureStringWithALiteralValueIsRefused() {
    #expect(
      SessionStack.rejection(Self.base + "\nparameter db/password --secure --value hunter2") == """
        test.vigil:3:40: error: a SecureString value typed in the session is written in clear to the session, the journal and \
        the Terraform export; take it from a sensitive variable the deployer sets (TF_VAR_db_password): variable db_password \
        --sensitive, then parameter db/password --secure --value var:db_password
          parameter db/password --secure --value hunter2
                                                 ^
        """)
  }

  @Test func aSecureStringFromAnUndefinedVariableIsRefused() {
    #expect(
      SessionStack.rejection(Self.base + "\nparameter db/password --value var:db_pw --secure") == """
        test.vigil:3:31: error: unknown variable 'db_pw'; define it first: variable db_pw --sensitive
          parameter db/password --value var:db_pw --secure
                                        ^
        """)
  }

  @Test func aSecureStringFromASensitiveVariableIsKeptAndNeverShown() throws {
    let stack = try SessionStack.build(
      Self.base + "\nvariable db_password --sensitive\nparameter db/password --secure --value var:db_password --description 'DB'")
    #expect(stack.parameters == [Parameter(name: "db/password", value: .variable("db_password"), secure: true, description: "DB")])
    let env = try #require(stack.environment)
    #expect(Parameter.describe("db/password", in: stack, environment: env) == "SSM parameter /shop/dev/db/password\n  SecureString (value hidden)")
    #expect(Parameter.overview(of: stack, in: env).joined(separator: "\n").contains("db/password  (SecureString)"))
  }

  @Test func aPlainParameterMayComeFromAVariableToo() throws {
    let stack = try SessionStack.build(Self.base + "\nvariable rate\nparameter xray/rate --value var:rate")
    #expect(stack.parameters == [Parameter(name: "xray/rate", value: .variable("rate"), secure: false, description: nil)])
    let env = try #require(stack.environment)
    #expect(Parameter.describe("xray/rate", in: stack, environment: env) == "SSM parameter /shop/dev/xray/rate\n  value: var:rate")
  }

  @Test(
    arguments: [
      (
        "https://alerts.example.com/hook?token=abc", "https://alerts.example.com/…", "a query string"
      ),
      (
        "https://user:pass@alerts.example.com/hook", "https://alerts.example.com/…", "user information before the host"
      ),
      (
        "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX", "https://hooks.slack.com/…",
        "a 24-character path segment"
      ),
    ])
  func aWebhookWithATokenIsRefused(url: String, redacted: String, reason: String) {
    let line = "topic on-call --email oncall@example.com --webhook https://hooks.example.com/alarms --webhook '\(url)' --dlq"
    #expect(
      SessionStack.rejection(Self.base + "\n" + line) == """
        test.vigil:3:95: error: webhook \(redacted) carries a token (\(reason)), which would be written in clear to the session, \
        the journal and the Terraform export; take it from a sensitive variable the deployer sets: variable \
        on_call_webhook_url_2 --sensitive, then --webhook var:on_call_webhook_url_2
          \(line)
                                                                                                        ^
        """)
  }

  @Test func aWebhookWithoutATokenAndTheVariableFormAreAccepted() throws {
    let stack = try SessionStack.build(
      Self.base + "\nvariable hook --sensitive\ntopic oncall --webhook https://hooks.example.com/alarms --webhook var:hook")
    #expect(stack.topics.first?.webhooks == [.literal("https://hooks.example.com/alarms"), .variable("hook")])
  }

  @Test func variableNamesForFixesAreTerraformIdentifiers() {
    #expect(SecretHeuristics.variableName("db/password-main.v2") == "db_password_main_v2")
    #expect(SecretHeuristics.variableName("2fa/seed") == "v_2fa_seed")
    #expect(SecretHeuristics.webhookVariableName(topic: "on-call", index: 0) == "on_call_webhook_url")
    #expect(SecretHeuristics.webhookVariableName(topic: "on-call", index: 2) == "on_call_webhook_url_3")
  }
}
