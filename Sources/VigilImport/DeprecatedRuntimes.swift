import VigilCore
import VigilModel

/// A function of the source that runs a runtime AWS has deprecated (``LambdaRuntimes``), reported by the import at
/// the runtime's position (kind `deprecated-runtime`, VIGIL-LMB-002 in `vigil check`). The function itself is kept
/// as the format's importer decides (a reference, or skipped when the session refuses its runtime).
enum DeprecatedRuntimes {
  /// `OWNER: function NAME runs RUNTIME; RUNTIME was deprecated by AWS on …`.
  static func finding(owner: String, function: String, runtime: String, at location: SourceLocation) -> ImportFinding? {
    guard let deprecation = LambdaRuntimes.deprecation(of: runtime) else { return nil }
    return ImportFinding(
      kind: "deprecated-runtime", message: "\(owner): function \(function) runs \(runtime); \(deprecation.message)", location: location,
      fix: "set the function's runtime to \(deprecation.replacement) (after testing the code on it)")
  }

  /// The `Runtime` of every `AWS::Lambda::Function` (and `AWS::Serverless::Function`) the template writes as text.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
  static func cloudFormationFindings(_ importer: CloudFormationImporter) -> [ImportFinding] {
    var findings: [ImportFinding] = []
    for entry in importer.root["Resources"]?.entries ?? [] {
      guard let type = entry.value["Type"]?.text, type == "AWS::Lambda::Function" || type == "AWS::Serverless::Function",
        let runtime = entry.value["Properties"]?["Runtime"], let text = runtime.text
      else { continue }
      let name = entry.value["Properties"]?["FunctionName"]?.text ?? entry.key
      if let finding = finding(owner: entry.key, function: name, runtime: text, at: runtime.location) { findings.append(finding) }
    }
    return findings
  }
}
