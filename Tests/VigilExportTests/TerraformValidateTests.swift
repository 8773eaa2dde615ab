import Foundation
import Testing
import VigilExport
import VigilCore
import VigilTestSupport

/// Runs the real `terraform` (offline, with a local provider mirror) over the hostile session's export: the
/// escaped export validates, and the same export with the escapes undone does not — Terraform would have evaluated
/// the user's `${file(…)}` and `%{…}`. Skipped, with a message, when terraform or the provider mirror is absent.
@Suite(.serialized) struct TerraformValidateTests {
  static let terraform =
    ((ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/terraform" }
    + ["/usr/local/bin/terraform", "/usr/bin/terraform", "/opt/homebrew/bin/terraform"]).first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  /// A `-plugin-dir` holding `registry.terraform.io/hashicorp/aws`.
  static let pluginDirectory = ["/opt/tf-plugins", "/usr/share/terraform/plugins", "/usr/local/share/terraform/plugins"].first {
    FileManager.default.fileExists(atPath: "\($0)/registry.terraform.io/hashicorp/aws")
  }

  static func run(_ arguments: [String], in dir: URL) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: terraform!)
    process.arguments = arguments
    process.currentDirectoryURL = dir
    var environment = ProcessInfo.processInfo.environment
    environment["TF_IN_AUTOMATION"] = "1"
    environment["CHECKPOINT_DISABLE"] = "1"
    environment["TF_CLI_CONFIG_FILE"] = "/dev/null"
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// Writes the plain export of a session with the provider constraint the mirror satisfies (`--aws-provider`), runs
  /// `terraform init` once (offline, from the mirror), then `terraform validate` on `main.tf.json` as exported and
  /// after each `transform`.
  static func validate(
    _ transforms: [(String) -> String], session: String = TemplateInjectionTests.hostile, awsProvider: String = ">= 5.0"
  ) throws -> [(status: Int32, output: String)] {
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let stack = try ExportSessions.stack(session)
    try ExportWriter.write(try TerraformExporter.export(stack, options: ExportOptions(plain: true, awsProvider: awsProvider)), to: dir)
    let main = dir.appendingPathComponent("main.tf.json")
    let text = try String(contentsOf: main, encoding: .utf8)
    let initialised = try run(["init", "-backend=false", "-input=false", "-no-color", "-plugin-dir=\(pluginDirectory!)"], in: dir)
    guard initialised.status == 0 else { return [initialised] }
    return try transforms.map { transform in
      try Data(transform(text).utf8).write(to: main)
      return try run(["validate", "-no-color"], in: dir)
    }
  }

  @Test func theEscapedExportValidates() throws {
    guard Self.terraform != nil, Self.pluginDirectory != nil else {
      print("skipped: terraform or an offline hashicorp/aws provider mirror is not installed")
      return
    }
    let results = try Self.validate([{ $0 }])
    let escaped = try #require(results.first)
    #expect(escaped.status == 0, "\(escaped.output)")
    #expect(escaped.output.contains("The configuration is valid"))
  }

  /// Issue 14 item 7: the sample's plain export, pinned with `--aws-provider '~> 5.100'` to the provider in the
  /// offline mirror, is a valid Terraform configuration for that provider's schema.
  @Test func thePaymentsSampleValidatesAgainstTheMirroredProvider() throws {
    guard Self.terraform != nil, Self.pluginDirectory != nil else {
      print("skipped: terraform or an offline hashicorp/aws provider mirror (registry.terraform.io/hashicorp/aws under a -plugin-dir) is not installed")
      return
    }
    let session = try String(contentsOf: TestPaths.sample("payments.vigil"), encoding: .utf8)
    let results = try Self.validate([{ $0 }], session: session, awsProvider: "~> 5.100")
    let result = try #require(results.first)
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("Success! The configuration is valid."), "\(result.output)")
  }

  /// `--aws-provider` is written as the provider's version constraint; without it the export keeps the version the
  /// schema check validates. A constraint Terraform would not read is refused before anything is written.
  @Test func theProviderConstraintIsTheUsersOrTheCheckedDefault() throws {
    let stack = try ExportSessions.stack(ExportSessions.small)
    func version(_ constraint: String?) throws -> JSONValue? {
      let document = try TerraformExporter.terraform(stack, options: ExportOptions(plain: true, awsProvider: constraint)).document
      return document["terraform"]?["required_providers"]?["aws"]?["version"]
    }
    #expect(try version(nil) == "6.25.0")
    #expect(try version("~> 5.100") == "~> 5.100")
    #expect(try version(">= 5.0, < 7.0.0-beta1") == ">= 5.0, < 7.0.0-beta1")
    for bad in ["", "latest", "~> 5.100,", "5.x", "=> 5", "${file(\"/etc/passwd\")}", "1.2.3.4"] {
      #expect(throws: ExportError.invalidProviderConstraint(bad)) {
        try TerraformExporter.terraform(stack, options: ExportOptions(plain: true, awsProvider: bad))
      }
    }
  }

  /// Every literal string of the hostile export that carries user text, evaluated by Terraform as an output value
  /// (no provider needed): each evaluates to exactly the user's text. With the escapes undone, Terraform evaluates
  /// the user's `${file("/PWN/passwd")}` and fails — what would have happened before the fix.
  @Test func terraformEvaluatesEveryEscapedStringToTheUsersText() throws {
    guard Self.terraform != nil else {
      print("skipped: terraform is not installed")
      return
    }
    let export = try TerraformExporter.export(try ExportSessions.stack(TemplateInjectionTests.hostile), options: ExportOptions(plain: true))
    let main = try #require(export.files.first { $0.path == "main.tf.json" })
    let strings = TemplateInjectionTests.strings(in: try JSONSerialization.jsonObject(with: Data(main.bytes)))
      .filter { $0.contains("PWN") && TemplateInjectionTests.interpolations(in: $0).isEmpty }
    #expect(strings.count >= 12)
    func unescaped(_ s: String) -> String { s.replacingOccurrences(of: "$${", with: "${").replacingOccurrences(of: "%%{", with: "%{") }
    func apply(_ values: [String]) throws -> (status: Int32, output: String) {
      let dir = TestPaths.temporaryDirectory()
      defer { try? FileManager.default.removeItem(at: dir) }
      let outputs = Dictionary(uniqueKeysWithValues: values.enumerated().map { ("o\($0.offset)", ["value": $0.element]) })
      try JSONSerialization.data(withJSONObject: ["output": outputs]).write(to: dir.appendingPathComponent("main.tf.json"))
      let initialised = try Self.run(["init", "-input=false", "-no-color"], in: dir)
      guard initialised.status == 0 else { return initialised }
      let applied = try Self.run(["apply", "-auto-approve", "-input=false", "-no-color"], in: dir)
      guard applied.status == 0 else { return applied }
      return try Self.run(["output", "-json", "-no-color"], in: dir)
    }
    let result = try apply(strings)
    try #require(result.status == 0, "\(result.output)")
    let json = try #require(result.output.firstIndex(of: "{").map { String(result.output[$0...]) })
    let values = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: [String: Any]])
    for (index, string) in strings.enumerated() {
      #expect(values["o\(index)"]?["value"] as? String == unescaped(string))
    }
    #expect(strings.map(unescaped).contains(#"d ${file("/PWN/passwd")} %{PWN_description}"#))
    // Controls: with `%%{` undone Terraform parses the user's directives; with `$${` undone it reads the file.
    let directives = try apply(strings.map { $0.replacingOccurrences(of: "%%{", with: "%{") })
    #expect(directives.status != 0)
    #expect(directives.output.contains(#""PWN_description" is not a valid template control keyword"#), "\(directives.output)")
    let interpolations = try apply(strings.map { $0.replacingOccurrences(of: "$${", with: "${") })
    #expect(interpolations.status != 0)
    #expect(interpolations.output.contains("/PWN/passwd"), "\(interpolations.output)")
  }
}
