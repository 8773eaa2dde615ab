import Foundation
import Testing
import VigilTestSupport

/// `vigil export --format cloudformation`: the samples' templates lint clean, the flags that do not go together are
/// refused with exit 2, and the README's example runs as written.
@Suite struct CloudFormationExportCommandTests {
  static func export(_ arguments: [String]) throws -> (result: ProcessOutput, directory: URL) {
    let dir = TestPaths.temporaryDirectory()
    return (try VigilBinary.run(["export"] + arguments + ["--out", dir.path]), dir)
  }

  /// Issue 14, done when: cfn-lint passes on the CloudFormation export of the samples, JSON and YAML.
  @Test(arguments: ["payments.vigil", "incident.vigil", "ecommerce/ecommerce-platform.vigil", "ecommerce/ecommerce-platform.yaml"], [false, true])
  func theSamplesTemplateLintsWithoutAnError(sample: String, yaml: Bool) throws {
    guard CloudFormationLint.executable != nil else {
      print(CloudFormationLint.skipMessage)
      return
    }
    let (result, dir) = try Self.export(["samples/\(sample)", "--format", "cloudformation"] + (yaml ? ["--yaml"] : []))
    defer { try? FileManager.default.removeItem(at: dir) }
    try #require(result.status == 0, "\(result.stderr)")
    let name = yaml ? "template.yaml" : "template.json"
    #expect(result.stdout.contains("(CloudFormation: \(dir.path)/\(name))"))
    let lint = try CloudFormationLint.lint(dir.appendingPathComponent(name))
    #expect(CloudFormationLint.errors(lint.problems).isEmpty, "\(lint.output)")
    // No warnings either.
    #expect(!lint.problems.contains { $0.rule.hasPrefix("W") }, "\(lint.output)")
  }

  @Test(arguments: [
    (["--format", "cloudformation", "--plain"], "--plain applies to --format terraform only"),
    (["--format", "cloudformation", "--aws-provider", "~> 5.100"], "--aws-provider applies to --format terraform only"),
    (["--yaml"], "--yaml applies to --format cloudformation only"),
    (["--format", "pulumi"], "--format"),
  ])
  func flagsThatDoNotGoTogetherAreRefused(arguments: [String], message: String) throws {
    let (result, dir) = try Self.export(["samples/payments.vigil"] + arguments)
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(result.status == 2)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) == [])
  }

  @Test func aProviderConstraintTerraformCannotReadIsRefused() throws {
    let (result, dir) = try Self.export(["samples/payments.vigil", "--plain", "--aws-provider", "newest"])
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(result.status == 2)
    #expect(result.stderr.contains("vigil: error: --aws-provider 'newest' is not a Terraform version constraint"), "\(result.stderr)")
  }

  @Test func theProviderConstraintIsWrittenIntoThePlainExport() throws {
    let (result, dir) = try Self.export(["samples/payments.vigil", "--plain", "--aws-provider", "~> 5.100"])
    defer { try? FileManager.default.removeItem(at: dir) }
    try #require(result.status == 0, "\(result.stderr)")
    let main = try String(contentsOf: dir.appendingPathComponent("main.tf.json"), encoding: .utf8)
    #expect(main.contains(#""version": "~> 5.100""#))
  }

  /// The README's tour line for the CloudFormation export, run as written (with `vigil` being the built binary and
  /// the output directory a temporary one).
  @Test func theReadmeExampleRuns() throws {
    let readme = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let line = try #require(readme.split(separator: "\n").first { $0.hasPrefix("vigil export") && $0.contains("--format cloudformation") })
    let command = line.split(separator: "#")[0].split(separator: " ").map(String.init)
    #expect(command == ["vigil", "export", "samples/payments.vigil", "--out", "out-cfn", "--format", "cloudformation", "--yaml"])
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var arguments = Array(command.dropFirst())
    if let out = arguments.firstIndex(of: "--out") { arguments[out + 1] = dir.path }
    let result = try VigilBinary.run(arguments)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "wrote 10 files to \(dir.path) (CloudFormation: \(dir.path)/template.yaml)\n")
    let files = try FileManager.default.subpathsOfDirectory(atPath: dir.path).sorted()
    #expect(files.filter { $0.hasSuffix(".zip") }.count == 3)
    #expect(files.contains("template.yaml"))
  }

  @Test func aSessionCloudFormationCannotDeployIsAnInvalidInput() throws {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let session = dir.appendingPathComponent("s.vigil")
    try Data(
      """
      stack shop --suffix dev
      key logs
      variable db_password --sensitive
      parameter db/password --secure --value var:db_password

      """.utf8
    ).write(to: session)
    let result = try VigilBinary.run(["export", session.path, "--format", "cloudformation", "--out", dir.appendingPathComponent("out").path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("vigil: error: parameter db/password: CloudFormation cannot create a SecureString parameter"), "\(result.stderr)")
  }
}
