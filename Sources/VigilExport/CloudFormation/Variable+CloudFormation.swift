import VigilCore
import VigilModel

extension CloudFormationExporter {
  /// Each session variable is a template parameter (`oncall_webhook_url` → `OncallWebhookUrl`); a sensitive one is
  /// `NoEcho`, so CloudFormation shows it as asterisks in the console, API and events.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
  mutating func buildVariables() throws(CloudFormationExportError) {
    for variable in stack.variables {
      doc.owner = SessionResource("variable", variable.name)
      try doc.parameter(
        ResourceNames.cloudFormationID(terraformID: variable.name), type: "String",
        description: variable.description.isEmpty ? "Set by the deployer." : variable.description, noEcho: variable.sensitive,
        default: variable.defaultValue)
    }
  }
}
