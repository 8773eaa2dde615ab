import Foundation
import Testing
import VigilCore
import VigilExport
import VigilModel
import VigilTestSupport

/// Issue 12 item 11: a SecureString takes its value from a sensitive variable, and the export writes the reference
/// (`value = var.NAME`), never the secret.
@Suite struct SecretExportTests {
  static let session = """
    stack shop --suffix dev
    key logs
    variable db_password --sensitive --description 'Password of the payments database'
    parameter db/password --secure --value var:db_password
    """

  @Test func aSecureStringFromAVariableIsExportedAsTheReference() throws {
    let export = try ExportSessions.terraform(Self.session)
    let body = try #require(export.document["resource"]?["aws_ssm_parameter"]?["param_db_password"])
    #expect(
      body.serialized(pretty: false)
        == #"{"key_id":"${aws_kms_key.key_logs.arn}","name":"/shop/dev/db/password","type":"SecureString","value":"${var.db_password}"}"#)
    #expect(
      export.document["variable"]?["db_password"]?.serialized(pretty: false)
        == #"{"description":"Password of the payments database","sensitive":true,"type":"string"}"#)
  }

  static let checker = ["/work/shared/tools/tfjson-check"].map { URL(fileURLWithPath: $0) }.first {
    FileManager.default.isExecutableFile(atPath: $0.path)
  }

  /// The reference names a declared variable and `value` accepts it: the provider-schema check finds nothing.
  @Test(.enabled(if: checker != nil, "/work/shared/tools/tfjson-check is not available"))
  func theExportPassesTheProviderSchemaCheck() throws {
    let directory = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try ExportWriter.write(try TerraformExporter.export(try ExportSessions.stack(Self.session), options: ExportOptions(plain: true)), to: directory)
    let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", Self.checker!.path, directory.path])
    #expect(result.stdout.hasSuffix(" 0 problem(s)\n"), "\(result.stdout)")
    #expect(result.status == 0)
  }
}
